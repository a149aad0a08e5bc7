#include "parse/rfc2047.h"

#include <glib.h>

#include <cctype>
#include <optional>

#include "core/text.h"
#include "parse/charset.h"

namespace ps::parse {

std::string unfold(std::string_view raw) {
  if (raw.find_first_of("\r\n") == std::string_view::npos) return core::trim(raw);
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    if (c == '\n') continue;
    out += c;
  }
  return core::trim(out);
}

namespace {

struct EncodedWord {
  std::string charset;
  char encoding;
  std::string bytes;  // decoded octets
  size_t end;         // index just past "?="
};

std::string decode_q(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') out += ' ';
    else if (s[i] == '=' && i + 2 < s.size() && core::hex_value(s[i + 1]) >= 0 && core::hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(core::hex_value(s[i + 1]) * 16 + core::hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string decode_b(std::string_view s) {
  // Lenient: ignores characters outside the alphabet and missing padding.
  std::string clean;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') clean += c;
  while (clean.size() % 4) clean += '=';
  gsize len = 0;
  guchar* data = g_base64_decode(clean.c_str(), &len);
  std::string out(reinterpret_cast<char*>(data), len);
  g_free(data);
  return out;
}

std::optional<EncodedWord> parse_word(std::string_view s, size_t start) {
  // =?charset?X?text?=
  // Searches are bounded (a charset name is short, an encoded-word at most 75 characters by the RFC; mailers write
  // longer ones, but not kilobytes), so that a header of many "=?" costs linear time.
  constexpr size_t kMaxCharset = 64, kMaxText = 2048;
  if (s.compare(start, 2, "=?") != 0) return std::nullopt;
  size_t q1 = s.substr(0, std::min(s.size(), start + 2 + kMaxCharset)).find('?', start + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  if (s.substr(start + 2, q1 - start - 2).find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (enc != 'B' && enc != 'Q') return std::nullopt;
  size_t end = s.substr(0, std::min(s.size(), q1 + 3 + kMaxText + 2)).find("?=", q1 + 3);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view text = s.substr(q1 + 3, end - (q1 + 3));
  // RFC 2047 forbids white space inside an encoded-word; mailers write it anyway ("=?iso-8859-1?q?We have an
  // important message?="), and mail clients decode it as written. Not when another encoded-word starts inside.
  if (text.find("=?") != std::string_view::npos) return std::nullopt;
  EncodedWord w;
  w.charset = std::string(s.substr(start + 2, q1 - start - 2));
  auto star = w.charset.find('*');  // RFC 2231 language suffix
  if (star != std::string::npos) w.charset.resize(star);
  w.encoding = enc;
  w.bytes = enc == 'B' ? decode_b(text) : decode_q(text);
  w.end = end + 2;
  return w;
}

bool has_8bit(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

}  // namespace

DecodedHeader decode_header_value(std::string_view raw) {
  DecodedHeader out;
  std::string s = unfold(raw);
  if (s.find("=?") == std::string::npos && !has_8bit(s)) {  // plain ASCII: nothing to decode
    out.text = std::move(s);
    out.decision.used = "US-ASCII";
    out.decision.reason = "ascii";
    return out;
  }
  std::string literal;  // pending literal bytes
  std::string run_charset, run_bytes;
  size_t invalid = 0;
  std::string used, reason;

  auto flush_literal = [&] {
    if (literal.empty()) return;
    if (has_8bit(literal)) {
      out.had_raw_8bit = true;
      Decoded d = decode_text(literal, "");
      out.text += d.text;
      invalid += d.decision.invalid_bytes;
      if (used.empty()) {
        used = d.decision.used;
        reason = d.decision.reason;
      }
    } else {
      out.text += literal;
    }
    literal.clear();
  };
  auto flush_run = [&] {
    if (run_charset.empty() && run_bytes.empty()) return;
    Decoded d = decode_text(run_bytes, run_charset);
    out.text += d.text;
    invalid += d.decision.invalid_bytes;
    if (out.decision.declared.empty()) out.decision.declared = run_charset;
    if (used.empty() || reason != "detected") {
      used = d.decision.used;
      reason = d.decision.reason;
    }
    run_charset.clear();
    run_bytes.clear();
  };

  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '=' && i + 1 < s.size() && s[i + 1] == '?') {
      if (auto w = parse_word(s, i)) {
        out.had_encoded_words = true;
        // whitespace between two encoded-words is dropped (RFC 2047 section 6.2)
        if (!run_charset.empty() || !run_bytes.empty()) {
          bool only_ws = true;
          for (char c : literal)
            if (c != ' ' && c != '\t') only_ws = false;
          if (only_ws) literal.clear();
        }
        if (!literal.empty()) {
          flush_run();
          flush_literal();
        }
        if (!core::iequals(run_charset, w->charset)) flush_run();
        run_charset = w->charset;
        run_bytes += w->bytes;
        i = w->end;
        continue;
      }
    }
    if (!run_bytes.empty() || !run_charset.empty()) {
      if (s[i] != ' ' && s[i] != '\t') {
        flush_run();
      }
    }
    literal += s[i];
    ++i;
  }
  flush_run();
  flush_literal();
  out.decision.used = used.empty() ? "US-ASCII" : used;
  out.decision.reason = reason.empty() ? "ascii" : reason;
  out.decision.invalid_bytes = invalid;
  return out;
}

}  // namespace ps::parse

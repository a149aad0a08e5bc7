#include "parse/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <memory>
#include <unordered_map>
#include <vector>

#include "core/text.h"

namespace ps::parse {

namespace {

struct CountingContext {
  size_t invalid = 0;
};

// Counts undecodable bytes and substitutes U+FFFD.
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char* codeUnits, int32_t length,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason == UCNV_ILLEGAL || reason == UCNV_UNASSIGNED || reason == UCNV_IRREGULAR) {
    auto* ctx = static_cast<CountingContext*>(const_cast<void*>(context));
    ctx->invalid += length > 0 ? static_cast<size_t>(length) : 1;
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, codeUnits, length, reason, err);
}

bool is_ascii(std::string_view b) {
  for (unsigned char c : b)
    if (c >= 0x80) return false;
  return true;
}

bool has_iso2022_escape(std::string_view b) {
  return b.find("\x1b$B") != std::string_view::npos || b.find("\x1b$@") != std::string_view::npos ||
         b.find("\x1b(J") != std::string_view::npos || b.find("\x1b(I") != std::string_view::npos;
}

bool is_valid_utf8(std::string_view b) { return core::is_valid_utf8(b); }

// ICU converters, opened once per thread and name (opening one costs more than converting a header with it).
class ConverterCache {
 public:
  ~ConverterCache() {
    for (auto& [name, c] : open_) ucnv_close(c);
  }
  UConverter* get(const std::string& name) {
    auto it = open_.find(name);
    if (it != open_.end()) {
      ucnv_reset(it->second);
      return it->second;
    }
    if (open_.size() >= 64) return nullptr;  // a bound on odd labels; callers open their own then
    UErrorCode e = U_ZERO_ERROR;
    UConverter* c = ucnv_open(name.c_str(), &e);
    if (U_FAILURE(e) || !c) return nullptr;
    open_.emplace(name, c);
    return c;
  }

 private:
  std::unordered_map<std::string, UConverter*> open_;
};
thread_local ConverterCache t_converters;

// ICU rejects an escape sequence that is immediately followed by another one (e.g. "ESC ( B" closing one
// encoded-word right before "ESC $ B" opening the next, once the words are joined). Such a redundant escape
// carries no text, so it is dropped.
std::string drop_redundant_escapes(std::string_view b) {
  std::string out;
  out.reserve(b.size());
  for (size_t i = 0; i < b.size(); ++i) {
    if (b[i] == '\x1b' && i + 3 < b.size() && b[i + 3] == '\x1b' &&
        ((b[i + 1] == '(' && (b[i + 2] == 'B' || b[i + 2] == 'J' || b[i + 2] == 'I')) ||
         (b[i + 1] == '$' && (b[i + 2] == 'B' || b[i + 2] == '@')))) {
      i += 2;
      continue;
    }
    out += b[i];
  }
  return out;
}

}  // namespace

std::string converter_for_label(std::string_view label) {
  std::string l = core::to_lower_ascii(core::trim(label));
  if (l.size() >= 2 && l.front() == '"' && l.back() == '"') l = l.substr(1, l.size() - 2);
  if (l.empty()) return "";
  if (l == "utf-8" || l == "utf8") return "UTF-8";
  if (l == "us-ascii" || l == "ascii" || l == "ansi_x3.4-1968") return "US-ASCII";
  if (l.rfind("iso-2022-jp", 0) == 0 || l == "csiso2022jp" || l == "cp50220" || l == "cp50221" || l == "cp50222")
    return "ISO-2022-JP";  // ICU: ISO_2022,locale=ja,version=0 (decodes NEC row 13 too)
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" || l == "csshiftjis" ||
      l == "windows-31j" || l == "cp932" || l == "ms932" || l == "x-ms-cp932")
    return "windows-31j";
  if (l == "euc-jp" || l == "x-euc-jp" || l == "eucjp" || l == "cseucpkdfmtjapanese" || l == "eucjp-ms")
    return "EUC-JP";
  // Anything else: let ICU resolve the label (latin1, gb2312, big5, koi8-r...).
  if (t_converters.get(l)) return l;
  UErrorCode e = U_ZERO_ERROR;
  UConverter* c = ucnv_open(l.c_str(), &e);
  if (U_FAILURE(e) || !c) return "";
  ucnv_close(c);
  return l;
}

bool convert_with(std::string_view input, const std::string& converter, std::string& out, size_t& invalid) {
  std::string cleaned;
  std::string_view bytes = input;
  if (converter == "ISO-2022-JP" && input.find('\x1b') != std::string_view::npos) {
    cleaned = drop_redundant_escapes(input);
    bytes = cleaned;
  }
  if (converter == "UTF-8" && core::is_valid_utf8(bytes)) {  // nothing to convert
    out.assign(bytes);
    invalid = 0;
    return true;
  }
  UErrorCode e = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> owned(nullptr, ucnv_close);
  UConverter* cached = t_converters.get(converter);
  if (!cached) {
    owned.reset(ucnv_open(converter.c_str(), &e));
    if (U_FAILURE(e) || !owned) return false;
  }
  UConverter* conv = cached ? cached : owned.get();
  CountingContext ctx;
  ucnv_setToUCallBack(conv, count_and_substitute, &ctx, nullptr, nullptr, &e);
  if (U_FAILURE(e)) return false;
  std::vector<UChar> u16(bytes.size() * 2 + 16);
  e = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(conv, u16.data(), static_cast<int32_t>(u16.size()), bytes.data(),
                            static_cast<int32_t>(bytes.size()), &e);
  if (e == U_BUFFER_OVERFLOW_ERROR) {
    u16.resize(n + 1);
    e = U_ZERO_ERROR;
    ctx.invalid = 0;
    ucnv_resetToUnicode(conv);
    n = ucnv_toUChars(conv, u16.data(), static_cast<int32_t>(u16.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &e);
  }
  UErrorCode e2 = U_ZERO_ERROR;  // the cached converter must not keep a pointer to ctx, which dies here
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &e2);
  if (U_FAILURE(e)) return false;
  // UTF-16 -> UTF-8 (a converter never returns unpaired surrogates; U+FFFD if one did)
  out.assign(static_cast<size_t>(n) * 3 + 4, '\0');
  int32_t m = 0;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &m, u16.data(), n, 0xFFFD, nullptr, &e);
  if (U_FAILURE(e) && e != U_STRING_NOT_TERMINATED_WARNING) return false;
  out.resize(static_cast<size_t>(m));
  invalid = ctx.invalid;
  return true;
}

std::string detect_charset(std::string_view bytes) {
  if (has_iso2022_escape(bytes)) return "ISO-2022-JP";
  if (is_ascii(bytes)) return "US-ASCII";
  if (is_valid_utf8(bytes)) return "UTF-8";
  // Shift_JIS vs EUC-JP: the converter with fewer undecodable bytes wins; ties go to windows-31j.
  std::string out;
  size_t bad_sjis = SIZE_MAX, bad_euc = SIZE_MAX;
  if (!convert_with(bytes, "windows-31j", out, bad_sjis)) bad_sjis = SIZE_MAX;
  if (!convert_with(bytes, "EUC-JP", out, bad_euc)) bad_euc = SIZE_MAX;
  return bad_euc < bad_sjis ? "EUC-JP" : "windows-31j";
}

Decoded decode_text(std::string_view bytes, std::string_view label) {
  Decoded d;
  d.decision.declared = core::trim(label);
  std::string conv = converter_for_label(label);
  auto try_conv = [&](const std::string& c, size_t& bad, std::string& text) {
    if (c == "US-ASCII") {
      // ASCII is decoded as UTF-8 so that stray 8-bit bytes show up as invalid, not as silent loss.
      text.assign(bytes);
      bad = core::sanitize_utf8(text);
      return true;
    }
    return convert_with(bytes, c, text, bad);
  };
  if (!conv.empty()) {
    size_t bad = 0;
    std::string text;
    bool ok = try_conv(conv, bad, text);
    // ISO-2022-JP and ASCII are 7-bit: 8-bit bytes under those labels mean the label is wrong (typically
    // Shift_JIS or UTF-8 labelled ISO-2022-JP), even where a converter maps them without complaint.
    bool looks_other = (conv != "ISO-2022-JP" && has_iso2022_escape(bytes)) ||
                       ((conv == "US-ASCII" || conv == "ISO-2022-JP") && !is_ascii(bytes));
    if (ok && bad == 0 && !looks_other) {
      d.text = std::move(text);
      d.decision.used = conv;
      d.decision.reason = "declared";
      return d;
    }
    // The label does not fit the bytes: detect.
    std::string guess = detect_charset(bytes);
    size_t gbad = 0;
    std::string gtext;
    if (guess != conv && try_conv(guess, gbad, gtext) && (!ok || gbad < bad || (looks_other && gbad <= bad))) {
      d.text = std::move(gtext);
      d.decision.used = guess;
      d.decision.reason = "detected";
      d.decision.invalid_bytes = gbad;
      return d;
    }
    if (ok) {
      d.text = std::move(text);
      d.decision.used = conv;
      d.decision.reason = "declared";
      d.decision.invalid_bytes = bad;
      return d;
    }
  }
  // Undeclared or unknown label.
  std::string guess = detect_charset(bytes);
  size_t bad = 0;
  if (try_conv(guess, bad, d.text)) {
    d.decision.used = guess;
    d.decision.reason = d.decision.declared.empty() ? (guess == "US-ASCII" ? "ascii" : "detected") : "detected";
    d.decision.invalid_bytes = bad;
    return d;
  }
  d.text.assign(bytes);
  d.decision.invalid_bytes = core::sanitize_utf8(d.text);
  d.decision.used = "UTF-8";
  d.decision.reason = "fallback";
  return d;
}

}  // namespace ps::parse

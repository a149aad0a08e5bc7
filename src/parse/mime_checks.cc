#include "parse/mime_checks.h"

#include "parse/spam.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/text.h"
#include "parse/auth.h"
#include "parse/charset.h"
#include "parse/rfc2047.h"

namespace ps::parse {

std::map<std::string, std::string> parse_mime_params(std::string_view value) {
  std::map<std::string, std::string> params;
  std::vector<std::string> items = split_outside_comments(value, ';');
  for (size_t i = 1; i < items.size(); ++i) {
    const std::string& it = items[i];
    auto eq = it.find('=');
    if (eq == std::string::npos) continue;
    std::string name = core::to_lower_ascii(core::trim(it.substr(0, eq)));
    std::string v = core::trim(it.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"') {
      std::string un;
      for (size_t k = 1; k < v.size(); ++k) {
        if (v[k] == '"') break;
        if (v[k] == '\\' && k + 1 < v.size()) ++k;
        un += v[k];
      }
      v = un;
    }
    if (!name.empty() && !params.count(name)) params[name] = v;
  }
  return params;
}

namespace {

// RFC 2231 value of `base` from params: base*=charset'lang'%XX, base*0*=..., base*1=...
std::string rfc2231(const std::map<std::string, std::string>& params, const std::string& base) {
  std::string charset, bytes;
  bool found = false;
  auto ext = params.find(base + "*");
  if (ext != params.end()) {
    std::string v = ext->second;
    auto q1 = v.find('\''), q2 = q1 == std::string::npos ? q1 : v.find('\'', q1 + 1);
    if (q2 != std::string::npos) {
      charset = v.substr(0, q1);
      v = v.substr(q2 + 1);
    }
    bytes = core::percent_decode(v, false);
    found = true;
  } else {
    for (int n = 0; n < 100; ++n) {
      std::string k = base + "*" + std::to_string(n);
      auto enc = params.find(k + "*");
      auto plain = params.find(k);
      if (enc == params.end() && plain == params.end()) break;
      found = true;
      if (enc != params.end()) {
        std::string v = enc->second;
        if (n == 0) {
          auto q1 = v.find('\''), q2 = q1 == std::string::npos ? q1 : v.find('\'', q1 + 1);
          if (q2 != std::string::npos) {
            charset = v.substr(0, q1);
            v = v.substr(q2 + 1);
          }
        }
        bytes += core::percent_decode(v, false);
      } else {
        bytes += plain->second;
      }
    }
  }
  if (!found) return "";
  return decode_text(bytes, charset).text;
}

}  // namespace

std::string decode_filename(std::string_view disposition, std::string_view content_type) {
  for (auto [value, base] : {std::pair{disposition, "filename"}, std::pair{content_type, "name"}}) {
    if (value.empty()) continue;
    auto params = parse_mime_params(value);
    std::string n = rfc2231(params, base);
    if (!n.empty()) return n;
    auto it = params.find(base);
    if (it != params.end() && !it->second.empty()) return decode_header_value(it->second).text;
  }
  return "";
}

std::string sniff_type(std::string_view b) {
  auto starts = [&](const char* sig, size_t n) { return b.size() >= n && std::memcmp(b.data(), sig, n) == 0; };
  if (starts("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (starts("\xff\xd8\xff", 3)) return "image/jpeg";
  if (starts("GIF87a", 6) || starts("GIF89a", 6)) return "image/gif";
  if (starts("%PDF-", 5)) return "application/pdf";
  if (starts("PK\x03\x04", 4)) return "application/zip";
  if (starts("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) return "application/x-ole-storage";  // doc, xls, msi
  if (starts("MZ", 2)) return "application/x-msdownload";
  if (starts("\x7f" "ELF", 4)) return "application/x-elf";
  if (starts("Rar!\x1a\x07", 6)) return "application/vnd.rar";
  if (starts("7z\xbc\xaf\x27\x1c", 6)) return "application/x-7z-compressed";
  if (starts("\x1f\x8b", 2)) return "application/gzip";
  if (starts("\x78\x9f\x3e\x22", 4)) return "application/ms-tnef";
  if (b.size() > 0x8005 && b.compare(0x8001, 5, "CD001") == 0) return "application/x-iso9660-image";
  std::string head = core::to_lower_ascii(b.substr(0, 512));
  size_t i = 0;
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  head = head.substr(i);
  if (head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<head", 0) == 0 ||
      head.rfind("<script", 0) == 0)
    return "text/html";
  if (head.rfind("<svg", 0) == 0 || (head.rfind("<?xml", 0) == 0 && head.find("<svg") != std::string::npos))
    return "image/svg+xml";
  if (head.rfind("{\\rtf", 0) == 0) return "application/rtf";
  return "";
}

std::vector<std::string> tnef_attachment_names(std::string_view b) {
  std::vector<std::string> names;
  if (b.size() < 6 || std::memcmp(b.data(), "\x78\x9f\x3e\x22", 4) != 0) return names;
  auto u32 = [&](size_t p) {
    return static_cast<uint32_t>(static_cast<unsigned char>(b[p])) | static_cast<uint32_t>(static_cast<unsigned char>(b[p + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(b[p + 2])) << 16 | static_cast<uint32_t>(static_cast<unsigned char>(b[p + 3])) << 24;
  };
  size_t p = 6;  // signature + key
  constexpr uint32_t kAttachTitle = 0x00018010;
  for (int guard = 0; guard < 100000 && p + 9 <= b.size(); ++guard) {
    uint8_t level = static_cast<uint8_t>(b[p]);
    uint32_t id = u32(p + 1), len = u32(p + 5);
    p += 9;
    if (len > b.size() - p || b.size() - p - len < 2) break;
    if (level == 2 && id == kAttachTitle && len > 0) {
      std::string title(b.substr(p, len));
      while (!title.empty() && title.back() == '\0') title.pop_back();
      names.push_back(decode_text(title, "").text);
      if (names.size() >= 1000) break;
    }
    p += len + 2;  // data and checksum
  }
  return names;
}

void check_raw(const std::string& bytes, const std::vector<core::Header>& headers, std::vector<core::Anomaly>& out) {
  size_t nul = bytes.find('\0');
  if (nul != std::string::npos) {
    size_t count = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\0'));
    out.push_back({"NUL_BYTES", -1, nul, std::to_string(count) + " NUL bytes"});
  }
  size_t long_lines = 0, first_long = 0, start = 0, longest = 0;
  while (start < bytes.size()) {
    size_t nl = bytes.find('\n', start);
    size_t end = nl == std::string::npos ? bytes.size() : nl;
    size_t len = end - start - (end > start && bytes[end - 1] == '\r' ? 1 : 0);
    if (len > 998) {
      if (long_lines++ == 0) first_long = start;
      longest = std::max(longest, len);
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (long_lines)
    out.push_back({"LINE_TOO_LONG", -1, first_long,
                   std::to_string(long_lines) + " lines over 998 bytes (longest " + std::to_string(longest) + ")"});
  static const char* singles[] = {"from", "sender", "reply-to", "to", "cc", "subject", "date", "message-id"};
  for (const char* name : singles) {
    const core::Header* first = nullptr;
    for (const auto& h : headers) {
      if (!core::iequals(h.name, name)) continue;
      if (!first) {
        first = &h;
        continue;
      }
      out.push_back({h.value == first->value ? "DUPLICATED_HEADER" : "CONFLICTING_HEADER", -1, h.offset,
                     h.name + " appears more than once"});
      break;
    }
  }
  for (const auto& h : headers) {
    if (h.offset >= bytes.size()) continue;
    // a spam filter's own report (SpamAssassin's X-Spam-Report keeps its template's blank lines) is the filter's
    // layout, not the sender's
    if (is_spam_header_name(h.name)) continue;
    // count continuation lines of this field in the raw bytes
    size_t folds = 0, blank_folds = 0, short_folds = 0, p = h.offset;
    size_t limit = std::min(bytes.size(), h.offset + h.length + 64 * 1024);
    while (p < limit) {
      size_t nl = bytes.find('\n', p);
      if (nl == std::string::npos || nl + 1 >= bytes.size()) break;
      char next = bytes[nl + 1];
      if (next != ' ' && next != '\t') break;
      ++folds;
      size_t e = bytes.find('\n', nl + 1);
      std::string_view cont(bytes.data() + nl + 1, (e == std::string::npos ? bytes.size() : e) - nl - 1);
      std::string t = core::trim(cont);
      if (t.empty()) ++blank_folds;
      else if (t.size() < 16) ++short_folds;
      p = nl + 1;
    }
    // A long field folded at the usual width (Microsoft's X-Microsoft-Antispam-Message-Info runs to a hundred
    // lines of encoded words) is not abuse; blank continuation lines, or many short ones, are.
    if (short_folds > 50 || blank_folds > 0)
      out.push_back({"HEADER_FOLDING_ABUSE", -1, h.offset,
                     h.name + ": " + std::to_string(folds) + " continuation lines, " + std::to_string(blank_folds) +
                         " of them blank"});
  }
}

void check_transfer_encoding(std::string_view enc, const std::string& declared, int part, size_t offset,
                             std::vector<core::Anomaly>& out) {
  std::string d = core::to_lower_ascii(core::trim(declared));
  // No Content-Transfer-Encoding means 7bit by the RFC, but 8-bit text without the header is what most Japanese
  // mailers send; only an explicit "7bit" over 8-bit bytes is recorded.
  if (d.empty()) return;
  if (d == "base64") {
    size_t alpha = 0, invalid = 0, pad = 0;
    bool after_pad = false;
    for (unsigned char c : enc) {
      if (std::isalnum(c) || c == '+' || c == '/') {
        if (after_pad) ++invalid;
        ++alpha;
      } else if (c == '=') {
        ++pad;
        after_pad = true;
      } else if (!std::isspace(c)) {
        ++invalid;
      }
    }
    if (invalid) out.push_back({"BASE64_INVALID_CHARACTERS", part, offset, std::to_string(invalid) + " characters outside base64"});
    if ((alpha + pad) % 4 != 0)
      out.push_back({"BASE64_TRUNCATED", part, offset, std::to_string(alpha) + " base64 characters, not a multiple of 4"});
  } else if (d == "quoted-printable") {
    size_t bad = 0;
    for (size_t i = 0; i < enc.size(); ++i) {
      if (enc[i] != '=') continue;
      if (i + 1 < enc.size() && (enc[i + 1] == '\n' || (enc[i + 1] == '\r' && i + 2 < enc.size() && enc[i + 2] == '\n'))) continue;
      if (i + 2 < enc.size() && core::hex_value(enc[i + 1]) >= 0 && core::hex_value(enc[i + 2]) >= 0) continue;
      if (i + 1 == enc.size()) continue;  // soft break at the very end
      ++bad;
    }
    if (bad) out.push_back({"QP_INVALID_ESCAPE", part, offset, std::to_string(bad) + " '=' not followed by two hex digits"});
  } else if (d == "7bit") {
    size_t high = 0;
    for (unsigned char c : enc)
      if (c >= 0x80) ++high;
    if (high) out.push_back({"EIGHT_BIT_IN_7BIT_PART", part, offset, std::to_string(high) + " bytes over 0x7F under 7bit"});
  } else if (d != "8bit" && d != "binary" && d != "x-uuencode" && d != "uuencode") {
    out.push_back({"UNKNOWN_TRANSFER_ENCODING", part, offset, "Content-Transfer-Encoding: " + declared});
  }
}

namespace {

bool starts_line(const std::string& b, size_t at) { return at == 0 || b[at - 1] == '\n'; }

// Does a line start with "--" + `boundary`?
bool delimiter_present(const std::string& b, const std::string& boundary) {
  std::string d = "--" + boundary;
  for (size_t p = b.find(d); p != std::string::npos; p = b.find(d, p + 1))
    if (starts_line(b, p)) return true;
  return false;
}

std::string strip_dashes(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && v[i] == '-') ++i;
  return std::string(v.substr(i));
}

}  // namespace

bool is_encrypted(std::string_view b, const std::string& type) {
  if (type == "application/pdf") {
    // the trailer (or a cross-reference stream's dictionary) names an /Encrypt dictionary
    return b.find("/Encrypt") != std::string_view::npos;
  }
  if (type == "application/zip") {
    // local file headers: "PK\3\4", general purpose flags at offset 6, bit 0 = encrypted
    size_t seen = 0;
    for (size_t p = b.find("PK\x03\x04"); p != std::string_view::npos && seen < 1000; p = b.find("PK\x03\x04", p + 4), ++seen)
      if (p + 8 <= b.size() && (static_cast<unsigned char>(b[p + 6]) & 1)) return true;
  }
  return false;
}

std::string recover_boundaries(const std::string& bytes, std::vector<core::Anomaly>& out) {
  std::string copy;
  size_t recovered = 0;
  // every boundary= parameter (in any part's Content-Type; at most a few hundred looked at)
  size_t looked = 0;
  for (size_t p = 0; looked < 500;) {
    size_t at = std::string::npos;
    for (size_t q = bytes.find("oundary=", p); q != std::string::npos; q = bytes.find("oundary=", q + 1))
      if (q > 0 && (bytes[q - 1] == 'b' || bytes[q - 1] == 'B')) {
        at = q - 1;
        break;
      }
    if (at == std::string::npos) break;
    ++looked;
    size_t v = at + 9;
    p = v;
    bool quoted = v < bytes.size() && bytes[v] == '"';
    size_t vb = quoted ? v + 1 : v;
    size_t ve = quoted ? bytes.find('"', vb) : bytes.find_first_of(" \t\r\n;", vb);
    if (ve == std::string::npos) ve = bytes.size();
    if (ve <= vb || ve - vb > 200) continue;
    std::string declared = bytes.substr(vb, ve - vb);
    const std::string& where = copy.empty() ? bytes : copy;
    if (declared.size() < 4 || delimiter_present(where, declared)) continue;
    // a line of the same shape: "--" + dashes + the declared boundary without its leading dashes
    std::string core_part = strip_dashes(declared);
    if (core_part.size() < 4) continue;
    std::string actual;
    for (size_t q = where.find(core_part, ve); q != std::string::npos; q = where.find(core_part, q + 1)) {
      size_t ls = q;
      while (ls > 0 && where[ls - 1] == '-') --ls;
      if (!starts_line(where, ls) || q - ls < 2) continue;
      size_t le = q + core_part.size();
      // the rest of the line: nothing, white space or the closing "--"
      size_t eol = where.find('\n', le);
      std::string rest = core::trim(where.substr(le, (eol == std::string::npos ? where.size() : eol) - le));
      if (!rest.empty() && rest != "--") continue;
      actual = where.substr(ls + 2, le - ls - 2);
      break;
    }
    if (actual.empty() || actual == declared) continue;
    if (copy.empty()) copy = bytes;
    if (actual.size() > declared.size()) {
      // the delimiter lines carry more dashes: rewrite each to the declared boundary, padded (RFC 2046 allows
      // white space after a delimiter)
      std::string from = "--" + actual, to = "--" + declared;
      for (size_t q = copy.find(from); q != std::string::npos; q = copy.find(from, q + from.size())) {
        if (!starts_line(copy, q)) continue;
        bool close = copy.compare(q + from.size(), 2, "--") == 0;
        std::string repl = to + (close ? "--" : "") + std::string(actual.size() - declared.size(), ' ');
        copy.replace(q, from.size() + (close ? 2 : 0), repl);
      }
    } else {
      // the declaration carries more dashes: rewrite it to the lines' boundary, padded after the value
      std::string repl = actual + (quoted ? "\"" : "") + std::string(declared.size() - actual.size(), ' ');
      copy.replace(vb, declared.size() + (quoted ? 1 : 0), repl);
    }
    out.push_back({"BOUNDARY_RECOVERED", -1, at,
                   "declared boundary \"" + declared + "\" never starts a line; the parts are delimited by \"--" + actual + "\""});
    ++recovered;
  }
  return recovered ? copy : std::string();
}

}  // namespace ps::parse


#include "core/text.h"

#include <unicode/uchar.h>

#include <cstdio>

#include <cstring>

#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ps::core {

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

char32_t utf8_code_point(std::string_view s, size_t i, size_t len) {
  auto b = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  switch (len) {
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default: return b(0);
  }
}

std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, p - start));
    start = p + 1;
  }
}

size_t utf8_sequence_length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

uint64_t simhash64(std::string_view input) {
  // URLs vary from one wave of a campaign to the next: left out
  std::string text;
  text.reserve(input.size());
  for (size_t i = 0; i < input.size();) {
    if ((input.compare(i, 7, "http://") == 0 || input.compare(i, 8, "https://") == 0)) {
      while (i < input.size() && input[i] != ' ' && input[i] != '\n' && input[i] != '\t' && input[i] != '\r') ++i;
      continue;
    }
    text += input[i++];
  }
  // the code points that carry content: letters and digits (ASCII lower-cased, digits as '0'), any non-ASCII
  std::vector<char32_t> cps;
  cps.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      ++i;
      continue;
    }
    char32_t c = utf8_code_point(text, i, len);
    i += len;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c += 32;
      else if (c >= '0' && c <= '9') c = '0';
      else if (!(c >= 'a' && c <= 'z')) continue;
    } else if (c == 0x3000 || (c >= 0x3001 && c <= 0x3003) || c == 0xFEFF || (c >= 0x2000 && c <= 0x206F)) {
      continue;  // ideographic space and punctuation, general punctuation, zero-width characters
    } else if (c >= 0xFF10 && c <= 0xFF19) {
      c = '0';  // full-width digits
    }
    cps.push_back(c);
  }
  if (cps.size() < 3) return 0;
  // Bit b of the result is set when more 3-gram hashes have bit b set than not. The ones are counted eight bits at
  // a time: spread[x] puts bit k of byte x into byte k of a word, so one addition counts eight bits (each byte lane
  // holds up to 255, flushed before it could overflow).
  static const auto spread = [] {
    std::array<uint64_t, 256> t{};
    for (int x = 0; x < 256; ++x)
      for (int k = 0; k < 8; ++k)
        if (x & (1 << k)) t[x] |= uint64_t{1} << (8 * k);
    return t;
  }();
  uint32_t ones[64] = {};
  uint64_t lanes[8] = {};
  size_t grams = 0, pending = 0;
  auto flush = [&] {
    for (int byte = 0; byte < 8; ++byte) {
      for (int k = 0; k < 8; ++k) ones[8 * byte + k] += (lanes[byte] >> (8 * k)) & 0xff;
      lanes[byte] = 0;
    }
    pending = 0;
  };
  for (size_t i = 0; i + 2 < cps.size(); ++i) {
    // FNV-1a over the 3-gram, then a 64-bit mix
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < 3; ++k) {
      h ^= static_cast<uint64_t>(cps[i + k]);
      h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    for (int byte = 0; byte < 8; ++byte) lanes[byte] += spread[(h >> (8 * byte)) & 0xff];
    ++grams;
    if (++pending == 255) flush();
  }
  flush();
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (2 * static_cast<uint64_t>(ones[b]) > grams) out |= uint64_t{1} << b;  // ones - zeros > 0
  return out;
}

int hamming64(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

std::optional<std::string> base64_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0, n = 0;
  bool pad = false;
  for (char c : s) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == '=') { pad = true; continue; }
    else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    else return std::nullopt;
    if (pad) return std::nullopt;  // data after padding
    ++n;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (n % 4 == 1) return std::nullopt;
  return out;
}

size_t utf8_length(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence_length(s, i);
    i += n ? n : 1;
    ++count;
  }
  return count;
}

size_t utf8_index_of_byte(std::string_view s, size_t byte) {
  return utf8_length(s.substr(0, std::min(byte, s.size())));
}

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // eight ASCII bytes at a time
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t sanitize_utf8(std::string& s) {
  if (is_valid_utf8(s)) return 0;
  std::string out;
  size_t bad = 0;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++bad;
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  if (bad) s = std::move(out);
  return bad;
}

std::string defang_url(std::string_view url) {
  std::string out;
  size_t host_start = 0;
  auto colon = url.find("://");
  if (colon != std::string_view::npos) {
    std::string scheme(url.substr(0, colon));
    std::string lower = to_lower_ascii(scheme);
    if (lower == "http") scheme = "hxxp";
    else if (lower == "https") scheme = "hxxps";
    else if (lower == "ftp") scheme = "fxp";
    out = scheme + "://";
    host_start = colon + 3;
  }
  size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string_view::npos) host_end = url.size();
  for (size_t i = host_start; i < host_end; ++i) {
    if (url[i] == '.') out += "[.]";
    else out += url[i];
  }
  out.append(url.substr(host_end));
  return out;
}

std::string defang_text(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t p = std::string_view::npos;
    for (size_t q = i; q + 7 <= text.size(); ++q) {
      std::string_view rest = text.substr(q);
      if (starts_with_icase(rest, "http://") || starts_with_icase(rest, "https://")) {
        p = q;
        break;
      }
    }
    if (p == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, p - i));
    size_t e = p;
    while (e < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[e]);
      if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>') break;
      ++e;
    }
    out += defang_url(text.substr(p, e - p));
    i = e;
  }
  return out;
}

TextIndex::TextIndex(std::string_view text) : lower_(to_lower_ascii(text)) {
  if (lower_.size() < 128) return;  // very short texts are searched directly: building the set would cost more
  pairs_.assign(65536 / 64, 0);
  for (size_t i = 0; i + 1 < lower_.size(); ++i) {
    unsigned pair = static_cast<unsigned char>(lower_[i]) << 8 | static_cast<unsigned char>(lower_[i + 1]);
    pairs_[pair >> 6] |= uint64_t{1} << (pair & 63);
  }
}

bool TextIndex::may_contain(std::string_view n) const {
  if (n.size() > lower_.size()) return false;
  if (pairs_.empty()) return true;
  for (size_t i = 0; i + 1 < n.size(); ++i) {
    unsigned pair = static_cast<unsigned char>(n[i]) << 8 | static_cast<unsigned char>(n[i + 1]);
    if (!(pairs_[pair >> 6] & (uint64_t{1} << (pair & 63)))) return false;
  }
  return true;
}

std::string sha256_hex(std::string_view bytes) {
  // nettle: uses the CPU's SHA instructions where there are some (several times faster than glib's GChecksum)
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  static const char hex[] = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_SIZE, '0');
  for (size_t i = 0; i < SHA256_DIGEST_SIZE; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  return out;
}

std::string sha256_raw(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  return std::string(reinterpret_cast<const char*>(digest), SHA256_DIGEST_SIZE);
}

std::string base64_encode(std::string_view in) {
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) | uint8_t(in[i + 2]);
    out += tbl[v >> 18];
    out += tbl[(v >> 12) & 63];
    out += tbl[(v >> 6) & 63];
    out += tbl[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint32_t(uint8_t(in[i])) << 16;
    out += tbl[v >> 18];
    out += tbl[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8);
    out += tbl[v >> 18];
    out += tbl[(v >> 12) & 63];
    out += tbl[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string uuid5(const std::string& namespace_uuid, std::string_view name) {
  uint8_t ns[16] = {};
  size_t n = 0;
  for (size_t i = 0; i < namespace_uuid.size() && n < 32; ++i) {
    char c = namespace_uuid[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) continue;
    ns[n / 2] = static_cast<uint8_t>(ns[n / 2] | (n % 2 ? v : v << 4));
    ++n;
  }
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, sizeof ns, ns);
  sha1_update(&ctx, name.size(), reinterpret_cast<const uint8_t*>(name.data()));
  uint8_t d[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, SHA1_DIGEST_SIZE, d);
  d[6] = static_cast<uint8_t>((d[6] & 0x0f) | 0x50);
  d[8] = static_cast<uint8_t>((d[8] & 0x3f) | 0x80);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[d[i] >> 4];
    out += hex[d[i] & 15];
  }
  return out;
}

std::string visible_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto code = [&](char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(cp));
    out += buf;
  };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F)) {
        out += static_cast<char>(c);
      } else {
        char32_t pic = c == 0x7F ? 0x2421 : 0x2400 + c;  // Control Pictures
        out += static_cast<char>(0xE0 | (pic >> 12));
        out += static_cast<char>(0x80 | ((pic >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (pic & 0x3F));
      }
      ++i;
      continue;
    }
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    char32_t cp = utf8_code_point(s, i, len);
    if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
        cp == 0x200F || cp == 0x061C)
      code(cp);
    else
      out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

char32_t latin_lookalike(char32_t c) {
  switch (c) {
    // Cyrillic
    case 0x0430: return 'a'; case 0x0435: return 'e'; case 0x043E: return 'o'; case 0x0440: return 'p';
    case 0x0441: return 'c'; case 0x0443: return 'y'; case 0x0445: return 'x'; case 0x0456: return 'i';
    case 0x0458: return 'j'; case 0x0455: return 's'; case 0x0501: return 'd'; case 0x051B: return 'q';
    case 0x051D: return 'w'; case 0x04BB: return 'h'; case 0x0410: return 'A'; case 0x0412: return 'B';
    case 0x0415: return 'E'; case 0x041A: return 'K'; case 0x041C: return 'M'; case 0x041D: return 'H';
    case 0x041E: return 'O'; case 0x0420: return 'P'; case 0x0421: return 'C'; case 0x0422: return 'T';
    case 0x0425: return 'X'; case 0x0406: return 'I'; case 0x0408: return 'J'; case 0x0405: return 'S';
    case 0x04CF: return 'l';
    // Greek
    case 0x03BF: return 'o'; case 0x03B1: return 'a'; case 0x03BD: return 'v'; case 0x03C1: return 'p';
    case 0x03C4: return 't'; case 0x03B9: return 'i'; case 0x039F: return 'O'; case 0x0391: return 'A';
    case 0x0392: return 'B'; case 0x0395: return 'E'; case 0x0396: return 'Z'; case 0x0397: return 'H';
    case 0x0399: return 'I'; case 0x039A: return 'K'; case 0x039C: return 'M'; case 0x039D: return 'N';
    case 0x03A1: return 'P'; case 0x03A4: return 'T'; case 0x03A5: return 'Y'; case 0x03A7: return 'X';
    default: return 0;
  }
}

char32_t strip_diacritic(char32_t c) {
  static const char* lat1 = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00C0..U+00FF
  if (c >= 0xC0 && c <= 0xFF) {
    char r = lat1[c - 0xC0];
    if (r != 'x' && r != '/' && r != 'T' && r != 't' && r != 's') return static_cast<char32_t>(r);
    return c;
  }
  if (c >= 0x100 && c <= 0x17F) {
    // Latin Extended-A: pairs of capital and small letters
    static const char* extA = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    size_t k = c - 0x100;
    if (k < std::strlen(extA)) return static_cast<char32_t>(extA[k]);
  }
  return c;
}

char32_t html_entity_at(std::string_view s, size_t i, size_t* length) {
  if (i >= s.size() || s[i] != '&') return 0;
  size_t semi = s.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  *length = semi - i + 1;
  if (!name.empty() && name[0] == '#') {
    char32_t v = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    for (size_t k = hex ? 2 : 1; k < name.size(); ++k) {
      int d = hex ? hex_value(name[k]) : (name[k] >= '0' && name[k] <= '9' ? name[k] - '0' : -1);
      if (d < 0 || v > 0x10FFFF) return 0;
      v = v * (hex ? 16 : 10) + static_cast<char32_t>(d);
    }
    return v > 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF) ? v : 0;
  }
  static const std::pair<const char*, char32_t> named[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0}, {"copy", 0xA9},
      {"reg", 0xAE}, {"euro", 0x20AC}, {"aacute", 0xE1}, {"agrave", 0xE0}, {"acirc", 0xE2}, {"atilde", 0xE3},
      {"auml", 0xE4}, {"ccedil", 0xE7}, {"eacute", 0xE9}, {"egrave", 0xE8}, {"ecirc", 0xEA}, {"euml", 0xEB},
      {"iacute", 0xED}, {"icirc", 0xEE}, {"ntilde", 0xF1}, {"oacute", 0xF3}, {"ocirc", 0xF4}, {"otilde", 0xF5},
      {"ouml", 0xF6}, {"uacute", 0xFA}, {"ugrave", 0xF9}, {"ucirc", 0xFB}, {"uuml", 0xFC}, {"szlig", 0xDF},
      {"Aacute", 0xC1}, {"Ccedil", 0xC7}, {"Eacute", 0xC9}, {"Oacute", 0xD3}, {"Uacute", 0xDA}, {"Atilde", 0xC3},
      {"Otilde", 0xD5}, {"ordm", 0xBA}, {"ordf", 0xAA}, {"iexcl", 0xA1}, {"iquest", 0xBF}, {"laquo", 0xAB},
      {"raquo", 0xBB}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"ndash", 0x2013},
      {"mdash", 0x2014}, {"hellip", 0x2026}, {"zwnj", 0x200C}, {"zwj", 0x200D}, {"shy", 0xAD}};
  for (const auto& [n, v] : named)
    if (name == n) return v;
  return 0;
}

namespace {
bool ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool word_letter(char32_t c) {
  return ascii_letter(c) || (c >= '0' && c <= '9') || (c >= 0xC0 && c <= 0x24F) || (c >= 0x370 && c <= 0x52F);
}
}  // namespace

size_t fold_lookalikes(std::u32string& s) {
  size_t replaced = 0;
  for (size_t i = 0; i < s.size();) {
    if (!word_letter(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    bool latin = false, look = false;
    while (j < s.size() && word_letter(s[j])) {
      if (ascii_letter(s[j])) latin = true;
      else if (latin_lookalike(s[j])) look = true;
      ++j;
    }
    if (latin && look)
      for (size_t k = i; k < j; ++k)
        if (char32_t l = latin_lookalike(s[k])) s[k] = l, ++replaced;
    i = j;
  }
  return replaced;
}

std::vector<std::string> mixed_script_words(std::string_view text, size_t limit) {
  std::vector<std::string> out;
  size_t word_start = 0;
  bool in_word = false, latin = false, look = false, other = false;
  auto close = [&](size_t end) {
    // a word of Latin letters and look-alikes only: mixed with other Cyrillic letters it is a foreign word
    if (in_word && latin && look && !other && out.size() < limit) out.emplace_back(text.substr(word_start, end - word_start));
    in_word = latin = look = other = false;
  };
  for (size_t i = 0; i < text.size();) {
    size_t len = utf8_sequence_length(text, i);
    char32_t c = len ? utf8_code_point(text, i, len) : 0xFFFD;
    size_t at = i;
    i += len ? len : 1;
    if (!word_letter(c)) {
      close(at);
      continue;
    }
    if (!in_word) in_word = true, word_start = at;
    if (ascii_letter(c)) latin = true;
    else if (latin_lookalike(c)) look = true;
    else if (c >= 0x370) other = true;
  }
  close(text.size());
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) out += static_cast<char>(c);
  else if (c < 0x800) out += static_cast<char>(0xC0 | (c >> 6)), out += static_cast<char>(0x80 | (c & 0x3F));
  else if (c < 0x10000)
    out += static_cast<char>(0xE0 | (c >> 12)), out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
        out += static_cast<char>(0x80 | (c & 0x3F));
  else
    out += static_cast<char>(0xF0 | (c >> 18)), out += static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), out += static_cast<char>(0x80 | (c & 0x3F));
}

std::u32string to_code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8_sequence_length(s, i);
    out += len ? utf8_code_point(s, i, len) : static_cast<char32_t>(0xFFFD);
    i += len ? len : 1;
  }
  return out;
}

std::string from_code_points(const std::u32string& s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

std::u32string unmask_code_points(std::string_view text) {
  std::u32string cps;
  cps.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = utf8_sequence_length(text, i);
    if (!len) {
      cps += static_cast<char32_t>(0xFFFD);
      ++i;
      continue;
    }
    char32_t c = utf8_code_point(text, i, len);
    size_t ref = 0;
    if (c == '&')
      if (char32_t r = html_entity_at(text, i, &ref)) c = r, len = ref;
    i += len;
    if ((c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xAD ||
        c == 0xFEFF || (c >= 0x300 && c <= 0x36F) || (c >= 0xE0100 && c <= 0xE01EF) || c == 0x34F || c == 0x180E)
      continue;
    if (!cps.empty() && cps.back() < 0x80 && u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    cps += strip_diacritic(c);
  }
  fold_lookalikes(cps);
  return cps;
}

std::string unmask(std::string_view s) { return from_code_points(unmask_code_points(s)); }

}  // namespace ps::core

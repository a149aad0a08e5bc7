#include "extract/pdf.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace ps::extract {

namespace {

constexpr size_t kMaxStreamOut = 4u << 20;   // inflated bytes per stream
constexpr size_t kMaxTotalOut = 32u << 20;   // inflated bytes per file
constexpr int kMaxStreams = 5000;
constexpr size_t kMaxUris = 200;

// A PDF literal string "(...)" starting at s[i] == '(' (balanced parentheses, backslash escapes).
std::string literal_string(std::string_view s, size_t i) {
  std::string out;
  int depth = 0;
  for (; i < s.size() && out.size() < 8192; ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      switch (n) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case '\r': if (i + 1 < s.size() && s[i + 1] == '\n') ++i; break;  // line continuation
        case '\n': break;
        default:
          if (n >= '0' && n <= '7') {
            int v = n - '0';
            for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k) v = v * 8 + (s[++i] - '0');
            out += static_cast<char>(v & 0xFF);
          } else {
            out += n;
          }
      }
      continue;
    }
    if (c == '(') {
      if (depth++ == 0) continue;
    } else if (c == ')') {
      if (--depth == 0) break;
    }
    out += c;
  }
  return out;
}

std::string hex_string(std::string_view s, size_t i) {
  std::string out;
  int hi = -1;
  for (++i; i < s.size() && s[i] != '>' && out.size() < 8192; ++i) {
    int v = std::isxdigit(static_cast<unsigned char>(s[i])) ? (std::isdigit(static_cast<unsigned char>(s[i])) ? s[i] - '0' : (std::tolower(s[i]) - 'a' + 10)) : -1;
    if (v < 0) continue;
    if (hi < 0) {
      hi = v;
    } else {
      out += static_cast<char>(hi * 16 + v);
      hi = -1;
    }
  }
  if (hi >= 0) out += static_cast<char>(hi * 16);
  return out;
}

void scan_uris(std::string_view s, PdfLinks& out) {
  for (size_t p = s.find("/URI"); p != std::string_view::npos && out.uris.size() < kMaxUris; p = s.find("/URI", p + 4)) {
    size_t i = p + 4;
    if (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) continue;  // /URIs...
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    std::string uri;
    if (s[i] == '(') uri = literal_string(s, i);
    else if (s[i] == '<' && (i + 1 >= s.size() || s[i + 1] != '<')) uri = hex_string(s, i);
    else continue;  // an indirect reference or a dictionary (the /URI action type itself is "/S /URI")
    // trim white space and NULs
    while (!uri.empty() && (std::isspace(static_cast<unsigned char>(uri.back())) || uri.back() == '\0')) uri.pop_back();
    size_t b = 0;
    while (b < uri.size() && std::isspace(static_cast<unsigned char>(uri[b]))) ++b;
    uri.erase(0, b);
    if (uri.empty() || std::find(out.uris.begin(), out.uris.end(), uri) != out.uris.end()) continue;
    out.uris.push_back(uri);
  }
}

// Inflates a zlib stream; stops at `limit` output bytes. False when the data is not zlib at all.
bool inflate_stream(std::string_view in, size_t limit, std::string& out) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK && out.size() < limit) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    size_t produced = sizeof buf - z.avail_out;
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
    out.append(buf, std::min(produced, limit - out.size()));
    if (produced == 0) break;
  }
  inflateEnd(&z);
  return !out.empty();
}

}  // namespace

PdfLinks pdf_links(std::string_view pdf) {
  PdfLinks out;
  scan_uris(pdf, out);
  size_t total = 0;
  int streams = 0;
  for (size_t p = pdf.find("stream"); p != std::string_view::npos; p = pdf.find("stream", p + 6)) {
    if (p >= 3 && pdf.compare(p - 3, 3, "end") == 0) continue;
    size_t b = p + 6;
    if (b < pdf.size() && pdf[b] == '\r') ++b;
    if (b >= pdf.size() || pdf[b] != '\n') continue;
    ++b;
    size_t e = pdf.find("endstream", b);
    if (e == std::string_view::npos) e = pdf.size();
    if (++streams > kMaxStreams) {
      out.error = "more than " + std::to_string(kMaxStreams) + " streams; the rest not inflated";
      break;
    }
    if (total >= kMaxTotalOut) {
      out.error = "inflated data over " + std::to_string(kMaxTotalOut >> 20) + " MiB; the rest not inflated";
      break;
    }
    std::string inflated;
    if (b + 2 <= e && static_cast<unsigned char>(pdf[b]) == 0x78 &&
        inflate_stream(pdf.substr(b, e - b), std::min(kMaxStreamOut, kMaxTotalOut - total), inflated)) {
      ++out.streams_inflated;
      total += inflated.size();
      scan_uris(inflated, out);
    }
    p = e;
  }
  return out;
}

}  // namespace ps::extract

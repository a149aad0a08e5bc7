#include "ingest/msg.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <cstring>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "core/text.h"

namespace ps::ingest {

bool looks_like_ole(std::string_view b) { return b.size() >= 8 && b.compare(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == 0; }

namespace {

constexpr int kMaxDepth = 8;            // embedded messages inside embedded messages
constexpr size_t kMaxChildren = 4096;   // streams and storages looked at in one storage
constexpr size_t kMaxAttachments = 500;

struct GObjectDeleter {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
using Infile = std::unique_ptr<GsfInfile, GObjectDeleter>;
using Input = std::unique_ptr<GsfInput, GObjectDeleter>;

uint32_t le32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24); }
uint64_t le64(const unsigned char* p) { return le32(p) | (static_cast<uint64_t>(le32(p + 4)) << 32); }

// Bytes of `stream` (at most `cap`); nothing when it is absent.
std::optional<std::string> read_stream(GsfInfile* dir, const std::string& name, size_t cap, bool* too_big = nullptr) {
  Input in(gsf_infile_child_by_name(dir, name.c_str()));
  if (!in) return std::nullopt;
  gsf_off_t size = gsf_input_size(in.get());
  if (size < 0) return std::nullopt;
  size_t n = static_cast<size_t>(size);
  if (too_big) *too_big = n > cap;
  n = std::min(n, cap);
  std::string out(n, '\0');
  if (n && !gsf_input_read(in.get(), n, reinterpret_cast<guint8*>(out.data()))) return std::nullopt;
  return out;
}

std::string utf16le_to_utf8(std::string_view b) {
  std::string out;
  for (size_t i = 0; i + 1 < b.size(); i += 2) {
    char32_t c = static_cast<unsigned char>(b[i]) | (static_cast<unsigned char>(b[i + 1]) << 8);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < b.size()) {
      char32_t lo = static_cast<unsigned char>(b[i + 2]) | (static_cast<unsigned char>(b[i + 3]) << 8);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      } else {
        c = 0xFFFD;
      }
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    if (c == 0) break;  // strings end with a NUL
    if (c < 0x80) out += static_cast<char>(c);
    else if (c < 0x800) out += static_cast<char>(0xC0 | (c >> 6)), out += static_cast<char>(0x80 | (c & 0x3F));
    else if (c < 0x10000)
      out += static_cast<char>(0xE0 | (c >> 12)), out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
          out += static_cast<char>(0x80 | (c & 0x3F));
    else
      out += static_cast<char>(0xF0 | (c >> 18)), out += static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
          out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// ICU's name for a Windows code page (PidTagInternetCodepage, PidTagMessageCodepage, RTF's \ansicpg).
std::string codepage_name(uint32_t cp) {
  switch (cp) {
    case 65001: return "UTF-8";
    case 20127: return "US-ASCII";
    case 28591: return "ISO-8859-1";
    case 932: return "windows-31j";
    case 50220: case 50221: case 50222: return "ISO-2022-JP";
    case 20932: case 51932: return "EUC-JP";
    case 936: case 54936: return "GB18030";
    case 949: case 51949: return "windows-949";
    case 950: return "windows-950";
    case 1200: return "UTF-16LE";
    default: break;
  }
  if (cp >= 1250 && cp <= 1258) return "windows-" + std::to_string(cp);
  if (cp >= 28592 && cp <= 28605) return "ISO-8859-" + std::to_string(cp - 28590);
  return "windows-1252";
}

std::string to_utf8(std::string_view bytes, const std::string& charset) {
  if (charset == "UTF-8") {
    std::string s(bytes);
    core::sanitize_utf8(s);
    return s;
  }
  UErrorCode e = U_ZERO_ERROR;
  UConverter* c = ucnv_open(charset.c_str(), &e);
  if (U_FAILURE(e) || !c) {
    std::string s(bytes);
    core::sanitize_utf8(s);
    return s;
  }
  std::vector<UChar> u16(bytes.size() * 2 + 8);
  int32_t n = ucnv_toUChars(c, u16.data(), static_cast<int32_t>(u16.size()), bytes.data(), static_cast<int32_t>(bytes.size()), &e);
  ucnv_close(c);
  if (U_FAILURE(e)) {
    std::string s(bytes);
    core::sanitize_utf8(s);
    return s;
  }
  std::string le;
  le.reserve(static_cast<size_t>(n) * 2);
  for (int32_t i = 0; i < n; ++i) le += static_cast<char>(u16[i] & 0xFF), le += static_cast<char>(u16[i] >> 8);
  return utf16le_to_utf8(le);
}

// The MAPI properties of one object (message, attachment, recipient): variable-size ones from their
// __substg1.0_TTTTTTTT streams, fixed-size ones from __properties_version1.0.
class Properties {
 public:
  Properties(GsfInfile* dir, size_t header_size, size_t cap) : dir_(dir), cap_(cap) {
    auto props = read_stream(dir, "__properties_version1.0", 1 << 20);
    if (!props || props->size() < header_size) return;
    const auto* p = reinterpret_cast<const unsigned char*>(props->data());
    for (size_t off = header_size; off + 16 <= props->size(); off += 16) {
      uint32_t tag = le32(p + off);
      fixed_[tag] = le64(p + off + 8);
    }
  }
  // A string property (PT_UNICODE 001F, else PT_STRING8 001E decoded with `codepage`).
  std::string str(uint16_t id, const std::string& codepage = "windows-1252") const {
    if (auto u = read_stream(dir_, fmt::format("__substg1.0_{:04X}001F", id), cap_)) return utf16le_to_utf8(*u);
    if (auto a = read_stream(dir_, fmt::format("__substg1.0_{:04X}001E", id), cap_)) {
      std::string s = *a;
      while (!s.empty() && s.back() == '\0') s.pop_back();
      return to_utf8(s, codepage);
    }
    return "";
  }
  std::optional<std::string> binary(uint16_t id, bool* too_big = nullptr) const {
    return read_stream(dir_, fmt::format("__substg1.0_{:04X}0102", id), cap_, too_big);
  }
  std::optional<uint64_t> fixed(uint32_t tag) const {
    auto it = fixed_.find(tag);
    if (it == fixed_.end()) return std::nullopt;
    return it->second;
  }

 private:
  GsfInfile* dir_;
  size_t cap_;
  std::map<uint32_t, uint64_t> fixed_;
};

// FILETIME (100 ns since 1601) as an RFC 5322 date, UTC.
std::string filetime_date(uint64_t ft) {
  if (ft == 0) return "";
  int64_t secs = static_cast<int64_t>(ft / 10000000ULL) - 11644473600LL;
  time_t t = static_cast<time_t>(secs);
  struct tm tm {};
  if (!gmtime_r(&t, &tm)) return "";
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// A header value fit for one line: control characters (CR, LF...) removed, RFC 2047 when not ASCII.
std::string header_value(const std::string& v) {
  std::string clean;
  for (char c : v)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') clean += c;
  bool ascii = true;
  for (unsigned char c : clean)
    if (c >= 0x80) ascii = false;
  if (ascii) return clean;
  return "=?UTF-8?B?" + core::base64_encode(clean) + "?=";
}

std::string mailbox(const std::string& name, const std::string& addr) {
  if (addr.empty()) return header_value(name);
  if (name.empty() || name == addr) return "<" + addr + ">";
  std::string quoted;
  for (char c : name)
    if (c != '"' && c != '\\') quoted += c;
  bool ascii = true;
  for (unsigned char c : quoted)
    if (c >= 0x80) ascii = false;
  return (ascii ? "\"" + header_value(quoted) + "\"" : header_value(quoted)) + " <" + addr + ">";
}

std::string b64_lines(std::string_view bytes) {
  std::string b = core::base64_encode(bytes), out;
  for (size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

struct Converter {
  const core::Limits& limits;
  std::vector<std::string>& notes;
  size_t budget;  // bytes of output left

  std::string part(const std::string& headers, std::string_view body, bool base64) {
    std::string out = headers + (base64 ? "Content-Transfer-Encoding: base64\r\n" : "") + "\r\n";
    out += base64 ? b64_lines(body) : std::string(body);
    return out;
  }

  // One message object (the file's root, or an embedded message's storage) as RFC 5322 bytes.
  core::Result<std::string> message(GsfInfile* dir, bool embedded, int depth, bool* transport) {
    if (depth > kMaxDepth) return core::Error{"embedded messages nested deeper than " + std::to_string(kMaxDepth), "msg"};
    Properties p(dir, embedded ? 24 : 32, limits.max_decoded_part_bytes);
    uint32_t cp_internet = static_cast<uint32_t>(p.fixed(0x3FDE0003).value_or(0));
    uint32_t cp_message = static_cast<uint32_t>(p.fixed(0x3FFD0003).value_or(0));
    std::string codepage = codepage_name(cp_message ? cp_message : cp_internet ? cp_internet : 1252);
    std::string headers = p.str(0x007D, codepage);  // PidTagTransportMessageHeaders
    if (transport) *transport = !headers.empty();
    std::string out;
    if (!headers.empty()) {
      // the original Internet headers, without the ones that describe the original MIME body (rebuilt below)
      std::string unfolded;
      bool skipping = false;
      for (const auto& line : core::split(headers, '\n')) {
        std::string l = line;
        if (!l.empty() && l.back() == '\r') l.pop_back();
        if (l.empty()) continue;
        bool cont = l[0] == ' ' || l[0] == '\t';
        if (!cont) {
          std::string name = core::to_lower_ascii(l.substr(0, l.find(':')));
          skipping = name == "content-type" || name == "content-transfer-encoding" || name == "mime-version" ||
                     name.rfind("content-", 0) == 0;
        }
        if (!skipping) unfolded += l + "\r\n";
      }
      out = unfolded;
    } else {
      std::string from_name = p.str(0x0C1A, codepage), from_addr = p.str(0x5D01, codepage);
      if (from_addr.empty() && core::iequals(p.str(0x0C1E, codepage), "SMTP")) from_addr = p.str(0x0C1F, codepage);
      if (from_addr.empty()) from_addr = p.str(0x5D02, codepage);  // sent-representing SMTP address
      if (!from_name.empty() || !from_addr.empty()) out += "From: " + mailbox(from_name, from_addr) + "\r\n";
      std::string to = recipients(dir, codepage);
      if (to.empty()) to = header_value(p.str(0x0E04, codepage));
      if (!to.empty()) out += "To: " + to + "\r\n";
      std::string cc = p.str(0x0E03, codepage);
      if (!cc.empty()) out += "Cc: " + header_value(cc) + "\r\n";
      std::string subject = p.str(0x0037, codepage);
      if (!subject.empty()) out += "Subject: " + header_value(subject) + "\r\n";
      if (auto t = p.fixed(0x00390040)) out += "Date: " + filetime_date(*t) + "\r\n";  // PidTagClientSubmitTime
      else if (auto d = p.fixed(0x0E060040)) out += "Date: " + filetime_date(*d) + "\r\n";
      std::string mid = p.str(0x1035, codepage);
      if (!mid.empty()) out += "Message-ID: " + header_value(mid) + "\r\n";
    }
    // bodies
    std::string text = p.str(0x1000, codepage);
    std::string html;
    bool html_big = false;
    if (auto h = p.binary(0x1013, &html_big)) html = *h;
    if (html_big) notes.push_back("HTML body larger than the part size limit; cut");
    std::string html_charset = codepage_name(cp_internet ? cp_internet : cp_message ? cp_message : 65001);
    if (html.empty()) {
      if (auto rtf = p.binary(0x1009)) {
        auto raw = decompress_rtf(*rtf, limits.max_decoded_part_bytes);
        if (!raw) {
          notes.push_back("compressed RTF body not readable: " + raw.error().what);
        } else {
          RtfBody b = rtf_body(*raw);
          if (!b.html.empty()) {
            html = b.html;
            html_charset = "UTF-8";
          } else if (text.empty()) {
            text = b.text;
          }
        }
      }
    }
    std::string boundary = fmt::format("=_phishscope_msg_{}", depth);
    out += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    auto add = [&](const std::string& p) {
      if (p.size() > budget) {
        notes.push_back("parts beyond the message size limit left out");
        return;
      }
      budget -= p.size();
      out += "--" + boundary + "\r\n" + p + "\r\n";
    };
    if (!text.empty() || html.empty()) add(part("Content-Type: text/plain; charset=utf-8\r\n", text, true));
    if (!html.empty()) add(part("Content-Type: text/html; charset=" + html_charset + "\r\n", html, true));
    attachments(dir, depth, codepage, add);
    out += "--" + boundary + "--\r\n";
    return out;
  }

  std::string recipients(GsfInfile* dir, const std::string& codepage) {
    std::string to;
    int n = gsf_infile_num_children(dir);
    for (int i = 0; i < n && static_cast<size_t>(i) < kMaxChildren; ++i) {
      const char* name = gsf_infile_name_by_index(dir, i);
      if (!name || std::strncmp(name, "__recip_version1.0_#", 20) != 0) continue;
      Infile r(GSF_INFILE(gsf_infile_child_by_index(dir, i)));
      if (!r) continue;
      Properties p(r.get(), 8, 64 * 1024);
      uint64_t type = p.fixed(0x0C150003).value_or(1);  // PidTagRecipientType: 1 To, 2 Cc, 3 Bcc
      if (type != 1) continue;
      std::string addr = p.str(0x39FE, codepage);  // PidTagSmtpAddress
      if (addr.empty()) addr = p.str(0x3003, codepage);
      if (!to.empty()) to += ", ";
      to += mailbox(p.str(0x3001, codepage), addr);
    }
    return to;
  }

  template <typename Add>
  void attachments(GsfInfile* dir, int depth, const std::string& codepage, Add&& add) {
    int n = gsf_infile_num_children(dir);
    size_t seen = 0;
    for (int i = 0; i < n && static_cast<size_t>(i) < kMaxChildren; ++i) {
      const char* name = gsf_infile_name_by_index(dir, i);
      if (!name || std::strncmp(name, "__attach_version1.0_#", 21) != 0) continue;
      if (++seen > kMaxAttachments) {
        notes.push_back("more than " + std::to_string(kMaxAttachments) + " attachments; the rest left out");
        break;
      }
      Infile a(GSF_INFILE(gsf_infile_child_by_index(dir, i)));
      if (!a) continue;
      Properties p(a.get(), 8, limits.max_decoded_part_bytes);
      std::string file = p.str(0x3707, codepage);
      if (file.empty()) file = p.str(0x3704, codepage);
      if (file.empty()) file = p.str(0x3001, codepage);
      std::string mime = core::to_lower_ascii(core::trim(p.str(0x370E, codepage)));
      std::string cid = p.str(0x3712, codepage);
      std::string disposition_name = header_value(file);
      // an embedded message: a storage __substg1.0_3701000D holding a message of its own
      Infile sub(GSF_INFILE(gsf_infile_child_by_name(a.get(), "__substg1.0_3701000D")));
      if (sub && GSF_IS_INFILE(sub.get())) {
        bool t = false;
        auto inner = message(sub.get(), true, depth + 1, &t);
        if (!inner) {
          notes.push_back("embedded message " + file + ": " + inner.error().what);
          continue;
        }
        add(part("Content-Type: message/rfc822\r\nContent-Disposition: attachment" +
                     (file.empty() ? std::string() : "; filename=\"" + disposition_name + "\"") + "\r\n",
                 *inner, false));
        continue;
      }
      bool big = false;
      auto data = p.binary(0x3701, &big);
      if (!data) continue;
      if (big) notes.push_back("attachment " + file + " larger than the part size limit; cut");
      if (mime.empty() || mime.find('/') == std::string::npos || mime.find_first_of("\r\n\";") != std::string::npos)
        mime = "application/octet-stream";
      std::string h = "Content-Type: " + mime + (file.empty() ? "" : "; name=\"" + disposition_name + "\"") + "\r\n" +
                      "Content-Disposition: " + (cid.empty() ? "attachment" : "inline") +
                      (file.empty() ? "" : "; filename=\"" + disposition_name + "\"") + "\r\n";
      if (!cid.empty()) h += "Content-ID: <" + header_value(cid) + ">\r\n";
      add(part(h, *data, true));
    }
  }
};

std::once_flag g_gsf;

}  // namespace

core::Result<MsgConversion> msg_to_rfc822(std::string_view bytes, const core::Limits& limits) {
  std::call_once(g_gsf, [] {
    gsf_init();
    // libgsf reports what it finds wrong in a damaged compound file on standard error; phishscope reports it itself
    for (const char* domain : {"libgsf", "libgsf:msole"})
      g_log_set_handler(domain, static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_RECURSION),
                        [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  });
  if (!looks_like_ole(bytes)) return core::Error{"not an OLE compound file (no D0 CF 11 E0 signature at byte 0)", "msg"};
  Input mem(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()), static_cast<gsf_off_t>(bytes.size()), FALSE));
  GError* err = nullptr;
  Infile ole(gsf_infile_msole_new(mem.get(), &err));
  if (!ole) {
    std::string why = err && err->message ? err->message : "unreadable";
    if (err) g_error_free(err);
    return core::Error{"damaged OLE compound file: " + why, "msg"};
  }
  if (!Input(gsf_infile_child_by_name(ole.get(), "__properties_version1.0")))
    return core::Error{"an OLE compound file without MAPI properties (not an Outlook message)", "msg"};
  MsgConversion c;
  Converter conv{limits, c.notes, limits.max_message_bytes};
  bool transport = false;
  auto m = conv.message(ole.get(), false, 0, &transport);
  if (!m) return m.error();
  c.rfc822 = std::move(*m);
  c.had_transport_headers = transport;
  if (!transport) c.notes.push_back("no original Internet headers in the .msg (PidTagTransportMessageHeaders): headers made from its properties, no Received chain");
  return c;
}

core::Result<std::string> decompress_rtf(std::string_view in, size_t max_out) {
  if (in.size() < 16) return core::Error{"compressed RTF shorter than its 16-byte header", "rtf"};
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  uint32_t comp_size = le32(p), raw_size = le32(p + 4), type = le32(p + 8);
  if (type == 0x414C454D) {  // "MELA": stored as is
    size_t n = std::min(std::min<size_t>(raw_size, in.size() - 16), max_out);
    return std::string(in.substr(16, n));
  }
  if (type != 0x75465A4C) return core::Error{"unknown compressed RTF type", "rtf"};  // "LZFu"
  static const char kPrefix[] =
      "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans "
      "SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
  char dict[4096];
  size_t prefix = sizeof kPrefix - 1;  // 207
  std::memcpy(dict, kPrefix, prefix);
  size_t wpos = prefix;
  std::string out;
  size_t end = std::min<size_t>(in.size(), static_cast<size_t>(comp_size) + 4);
  size_t i = 16;
  while (i < end) {
    unsigned char control = p[i++];
    for (int bit = 0; bit < 8 && i < end; ++bit) {
      if (control & (1 << bit)) {
        if (i + 1 >= end) return out;
        unsigned ref = (p[i] << 8) | p[i + 1];
        i += 2;
        size_t off = ref >> 4, len = (ref & 0xF) + 2;
        if (off == wpos % 4096) return out;  // the end
        for (size_t k = 0; k < len; ++k) {
          char c = dict[(off + k) % 4096];
          dict[wpos % 4096] = c;
          ++wpos;
          out += c;
        }
      } else {
        char c = static_cast<char>(p[i++]);
        dict[wpos % 4096] = c;
        ++wpos;
        out += c;
      }
      if (out.size() >= max_out) return out;
    }
  }
  return out;
}

RtfBody rtf_body(std::string_view rtf) {
  // A small RTF reader: groups, control words, \'hh bytes, \uN characters. Destinations ({\*\...}, font and colour
  // tables, pictures) are skipped but for \htmltag, whose content is the HTML itself; text between \htmlrtf and
  // \htmlrtf0 is RTF's own rendering and left out of the HTML (MS-OXRTFEX 2.1.3).
  RtfBody out;
  bool fromhtml = rtf.find("\\fromhtml") != std::string_view::npos;
  std::string cp = "windows-1252";
  struct Group {
    bool skip = false, htmltag = false, htmlrtf = false;
    int uc = 1;
  };
  std::vector<Group> stack(1);
  std::string html_bytes, text_bytes;  // 8-bit bytes in the code page, UTF-8 for \u characters
  std::string html, text;
  auto flush = [&] {
    html += to_utf8(html_bytes, cp);
    text += to_utf8(text_bytes, cp);
    html_bytes.clear();
    text_bytes.clear();
  };
  auto emit = [&](const std::string& s, bool bytes) {
    const Group& g = stack.back();
    if (g.skip && !g.htmltag) return;
    if (!bytes) flush();
    if (g.htmltag || !g.htmlrtf) (bytes ? html_bytes : html) += s;
    if (!g.htmltag && !g.skip) (bytes ? text_bytes : text) += s;
  };
  int skip_chars = 0;
  size_t limit = std::min<size_t>(rtf.size(), 64u << 20);
  for (size_t i = 0; i < limit && stack.size() < 1000;) {
    char c = rtf[i];
    if (c == '{') {
      stack.push_back(stack.back());
      stack.back().htmltag = false;
      ++i;
      // {\* destination: skipped unless \htmltag
      if (i + 1 < limit && rtf[i] == '\\' && rtf[i + 1] == '*') {
        size_t j = i + 2;
        while (j < limit && rtf[j] == ' ') ++j;
        if (rtf.compare(j, 8, "\\htmltag") == 0) stack.back().htmltag = true;
        else stack.back().skip = true;
      }
      continue;
    }
    if (c == '}') {
      if (stack.size() > 1) stack.pop_back();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c != '\\') {
      if (skip_chars > 0) --skip_chars;
      else emit(std::string(1, c), true);
      ++i;
      continue;
    }
    // control symbol or word
    if (i + 1 >= limit) break;
    char n = rtf[i + 1];
    if (n == '\'' && i + 3 < limit) {
      int hi = core::hex_value(rtf[i + 2]), lo = core::hex_value(rtf[i + 3]);
      i += 4;
      if (hi < 0 || lo < 0) continue;
      if (skip_chars > 0) --skip_chars;
      else emit(std::string(1, static_cast<char>(hi * 16 + lo)), true);
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(n))) {
      if (n == '\\' || n == '{' || n == '}') emit(std::string(1, n), true);
      else if (n == '~') emit("\xC2\xA0", false);
      i += 2;
      continue;
    }
    size_t j = i + 1;
    while (j < limit && std::isalpha(static_cast<unsigned char>(rtf[j])) && j - i < 32) ++j;
    std::string word(rtf.substr(i + 1, j - i - 1));
    bool has_num = false, neg = false;
    long num = 0;
    if (j < limit && (rtf[j] == '-' || std::isdigit(static_cast<unsigned char>(rtf[j])))) {
      neg = rtf[j] == '-';
      if (neg) ++j;
      while (j < limit && std::isdigit(static_cast<unsigned char>(rtf[j])) && num < 100000000) num = num * 10 + (rtf[j++] - '0');
      has_num = true;
      if (neg) num = -num;
    }
    if (j < limit && rtf[j] == ' ') ++j;
    i = j;
    Group& g = stack.back();
    if (word == "ansicpg" && has_num) cp = codepage_name(static_cast<uint32_t>(num));
    else if (word == "htmlrtf") g.htmlrtf = !has_num || num != 0;
    else if (word == "fonttbl" || word == "colortbl" || word == "stylesheet" || word == "pict" || word == "info" ||
             word == "object" || word == "header" || word == "footer")
      g.skip = true;
    else if (word == "uc" && has_num) g.uc = static_cast<int>(num);
    else if (word == "u" && has_num) {
      long v = num < 0 ? num + 65536 : num;
      std::string u16{static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF)};
      emit(utf16le_to_utf8(u16), false);
      skip_chars = g.uc;
    } else if (word == "par" || word == "line") {
      emit("\n", false);
    } else if (word == "tab") {
      emit("\t", false);
    }
  }
  flush();
  if (fromhtml) out.html = html;
  out.text = text;
  return out;
}

}  // namespace ps::ingest

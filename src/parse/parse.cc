#include "parse/parse.h"

#include <gmime/gmime.h>
#include <iconv.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/ip.h"
#include "core/text.h"
#include "core/domain.h"
#include "parse/auth.h"
#include "parse/charset.h"
#include "parse/mime_checks.h"
#include "parse/received.h"
#include "parse/relays.h"
#include "parse/rfc2047.h"
#include "parse/spam.h"

namespace ps::parse {

namespace {

std::once_flag g_init;

// GMime opens and closes an iconv converter for every encoded header it decodes; glibc unloads a converter's module
// (dlclose, munmap, TLB shootdowns on every core) soon after its last user closes it, and loads it again for the next
// header. Converters for the charsets of mail kept open for the life of the process keep their modules loaded.
void keep_converters_loaded() {
  static const char* charsets[] = {"ISO-2022-JP", "SHIFT_JIS", "CP932",     "EUC-JP",      "ISO-8859-1", "ISO-8859-2",
                                   "ISO-8859-15", "WINDOWS-1252", "WINDOWS-1251", "KOI8-R", "GB2312",     "GBK",
                                   "GB18030",     "BIG5",      "EUC-KR",    "ISO-2022-KR", "UTF-16",     "UTF-7",
                                   "US-ASCII"};
  for (const char* cs : charsets) {
    iconv_t cd = iconv_open("UTF-8", cs);  // never closed, on purpose
    (void)cd;
  }
}

}  // namespace

void init() {
  std::call_once(g_init, [] {
    g_mime_init();
    keep_converters_loaded();
  });
}

namespace {

void ensure_gmime() { init(); }

struct ParseContext {
  core::Message* msg;
  const core::Limits* limits;
  const std::string* bytes;
  int next_part = 0;
};

// Raw (unfolded) value of a header of one MIME object, "" if absent.
std::string raw_header(GMimeObject* obj, const char* name) {
  GMimeHeaderList* hl = g_mime_object_get_header_list(obj);
  if (!hl) return "";
  int n = g_mime_header_list_get_count(hl);
  for (int i = 0; i < n; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(hl, i);
    if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) == 0) {
      const char* v = g_mime_header_get_raw_value(h);
      return v ? unfold(v) : "";
    }
  }
  return "";
}

// Byte offset of a MIME object's first header in the raw message (0 when it has none).
size_t object_offset(GMimeObject* obj) {
  GMimeHeaderList* hl = g_mime_object_get_header_list(obj);
  if (!hl || g_mime_header_list_get_count(hl) == 0) return 0;
  gint64 off = g_mime_header_get_offset(g_mime_header_list_get_header_at(hl, 0));
  return off > 0 ? static_cast<size_t>(off) : 0;
}

std::string encoded_bytes(GMimeDataWrapper* w, size_t limit) {
  GMimeStream* st = g_mime_data_wrapper_get_stream(w);
  if (!st) return "";
  g_mime_stream_reset(st);
  std::string out;
  char buf[65536];
  gssize n;
  while (out.size() < limit && (n = g_mime_stream_read(st, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  g_mime_stream_reset(st);
  return out;
}

const char* warning_kind(GMimeParserWarning w) {
  switch (w) {
    case GMIME_WARN_DUPLICATED_HEADER: return "DUPLICATED_HEADER";
    case GMIME_WARN_DUPLICATED_PARAMETER: return "DUPLICATED_PARAMETER";
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return "UNENCODED_8BIT_HEADER";
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "INVALID_CONTENT_TYPE";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return "INVALID_RFC2047_HEADER_VALUE";
    case GMIME_WARN_MALFORMED_MULTIPART: return "MALFORMED_MULTIPART";
    case GMIME_WARN_TRUNCATED_MESSAGE: return "TRUNCATED_MESSAGE";
    case GMIME_WARN_MALFORMED_MESSAGE: return "MALFORMED_MESSAGE";
    case GMIME_CRIT_INVALID_HEADER_NAME: return "INVALID_HEADER_NAME";
    case GMIME_CRIT_CONFLICTING_HEADER: return "CONFLICTING_HEADER";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "CONFLICTING_PARAMETER";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "MULTIPART_WITHOUT_BOUNDARY";
    case GMIME_WARN_INVALID_PARAMETER: return "INVALID_PARAMETER";
    case GMIME_WARN_INVALID_ADDRESS_LIST: return "INVALID_ADDRESS_LIST";
    case GMIME_CRIT_NESTING_OVERFLOW: return "NESTING_OVERFLOW";
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "PART_WITHOUT_CONTENT";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "PART_WITHOUT_HEADERS_OR_CONTENT";
  }
  return "PARSER_WARNING";
}

void on_warning(gint64 offset, GMimeParserWarning errcode, const gchar* item, gpointer user_data) {
  auto* ctx = static_cast<ParseContext*>(user_data);
  core::Anomaly a;
  a.kind = warning_kind(errcode);
  a.offset = offset >= 0 ? static_cast<size_t>(offset) : 0;
  a.detail = item ? item : "";
  core::sanitize_utf8(a.detail);
  ctx->msg->anomalies.push_back(std::move(a));
}

std::string bytes_of(GMimeDataWrapper* w, size_t limit, bool* truncated) {
  GMimeStream* out = g_mime_stream_mem_new();
  g_mime_data_wrapper_write_to_stream(w, out);
  GByteArray* arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
  size_t n = arr->len;
  *truncated = n > limit;
  std::string s(reinterpret_cast<const char*>(arr->data), std::min(n, limit));
  g_object_unref(out);
  return s;
}

std::string lower_mime_type(GMimeObject* obj) {
  GMimeContentType* ct = g_mime_object_get_content_type(obj);
  if (!ct) return "text/plain";
  char* t = g_mime_content_type_get_mime_type(ct);
  std::string s = t ? core::to_lower_ascii(t) : "application/octet-stream";
  g_free(t);
  return s;
}

void walk(GMimeObject* obj, ParseContext& ctx, size_t depth, int parent) {
  core::Message& msg = *ctx.msg;
  if (depth > ctx.limits->max_depth) {
    msg.anomalies.push_back({"LIMIT_DEPTH", -1, 0, "MIME nesting deeper than the limit; rest not analysed"});
    return;
  }
  if (msg.parts.size() >= ctx.limits->max_parts) {
    if (msg.anomalies.empty() || msg.anomalies.back().kind != "LIMIT_PARTS")
      msg.anomalies.push_back({"LIMIT_PARTS", -1, 0, "more MIME parts than the limit; rest not analysed"});
    return;
  }
  core::Part part;
  part.index = ++ctx.next_part;
  part.parent = parent;
  part.depth = static_cast<int>(depth);
  part.offset = object_offset(obj);
  part.content_type = lower_mime_type(obj);
  if (const char* cid = g_mime_object_get_content_id(obj)) part.content_id = cid;
  if (GMimeContentDisposition* d = g_mime_object_get_content_disposition(obj)) {
    if (const char* dv = g_mime_content_disposition_get_disposition(d)) part.disposition = core::to_lower_ascii(dv);
  }

  if (GMIME_IS_MULTIPART(obj)) {
    if (part.content_type == "multipart/report")
      if (const char* rt = g_mime_object_get_content_type_parameter(obj, "report-type")) part.report_type = core::to_lower_ascii(rt);
    msg.parts.push_back(part);
    GMimeMultipart* mp = GMIME_MULTIPART(obj);
    if (const char* boundary = g_mime_multipart_get_boundary(mp)) {
      std::string delim = std::string("--") + boundary;
      size_t at = ctx.bytes->find(delim, part.offset);
      if (at == std::string::npos)
        msg.anomalies.push_back({"BOUNDARY_NOT_FOUND", part.index, part.offset, "no line starts with " + delim});
      else if (ctx.bytes->find(delim + "--", at) == std::string::npos)
        msg.anomalies.push_back({"MULTIPART_NOT_CLOSED", part.index, at, "closing " + delim + "-- missing"});
    }
    int n = g_mime_multipart_get_count(mp);
    for (int i = 0; i < n; ++i) walk(g_mime_multipart_get_part(mp, i), ctx, depth + 1, part.index);
    return;
  }
  if (GMIME_IS_MESSAGE_PART(obj)) {
    part.filename = decode_filename(raw_header(obj, "Content-Disposition"), raw_header(obj, "Content-Type"));
    core::sanitize_utf8(part.filename);
    part.is_attachment = part.disposition == "attachment" || !part.filename.empty();
    msg.parts.push_back(part);
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
    if (inner && msg.embedded.size() < 50) {
      // the whole inner message, as GMime holds it (its raw headers and content), for an analysis of its own
      GMimeStream* mem = g_mime_stream_mem_new();
      g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, mem);
      GByteArray* arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
      core::EmbeddedMessage e;
      e.part = part.index;
      e.kind = "rfc822";
      e.filename = part.filename;
      size_t n = std::min<size_t>(arr->len, ctx.limits->max_message_bytes);
      e.truncated = arr->len > n;
      e.bytes.assign(reinterpret_cast<const char*>(arr->data), n);
      g_object_unref(mem);
      msg.embedded.push_back(std::move(e));
    }
    if (inner) {
      GMimeObject* body = g_mime_message_get_mime_part(inner);
      if (body) walk(body, ctx, depth + 1, part.index);
    }
    return;
  }
  if (!GMIME_IS_PART(obj)) {
    msg.parts.push_back(part);
    return;
  }
  GMimePart* leaf = GMIME_PART(obj);
  // the file name from the raw parameters: GMime decodes them with iconv, which fails on NEC characters
  part.filename = decode_filename(raw_header(obj, "Content-Disposition"), raw_header(obj, "Content-Type"));
  core::sanitize_utf8(part.filename);
  std::string declared_cte = raw_header(obj, "Content-Transfer-Encoding");
  GMimeContentEncoding enc = g_mime_part_get_content_encoding(leaf);
  if (const char* e = g_mime_content_encoding_to_string(enc)) part.transfer_encoding = core::to_lower_ascii(e);
  if (!declared_cte.empty()) part.transfer_encoding = core::to_lower_ascii(core::trim(declared_cte));
  GMimeDataWrapper* w = g_mime_part_get_content(leaf);
  std::string bytes;
  if (w) {
    check_transfer_encoding(encoded_bytes(w, ctx.limits->max_decoded_part_bytes * 2), declared_cte, part.index,
                            part.offset, msg.anomalies);
    bool truncated = false;
    bytes = bytes_of(w, ctx.limits->max_decoded_part_bytes, &truncated);
    if (truncated)
      msg.anomalies.push_back({"LIMIT_DECODED_PART_SIZE", part.index, part.offset, "decoded part larger than the limit; truncated"});
  } else {
    msg.anomalies.push_back({"PART_WITHOUT_CONTENT", part.index, part.offset, part.content_type});
  }
  part.decoded_size = bytes.size();
  part.sha256 = core::sha256_hex(bytes);
  part.is_text = part.content_type.rfind("text/", 0) == 0 && part.disposition != "attachment";
  part.is_attachment = part.disposition == "attachment" || (!part.is_text && !part.filename.empty()) ||
                       (!part.is_text && part.content_type.rfind("image/", 0) != 0);
  if (!part.is_text) {
    part.sniffed_type = sniff_type(bytes);
    part.encrypted = is_encrypted(bytes, part.sniffed_type);
    // an attached message file: a saved .eml, or an Outlook .msg (OLE compound file)
    std::string lower_name = core::to_lower_ascii(part.filename);
    auto named = [&](const char* ext) {
      size_t n = std::strlen(ext);
      return lower_name.size() > n && lower_name.compare(lower_name.size() - n, n, ext) == 0;
    };
    bool ole = bytes.size() >= 8 && bytes.compare(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == 0;
    std::string kind = (ole && (named(".msg") || part.content_type == "application/vnd.ms-outlook")) ? "msg"
                       : (named(".eml") || part.content_type == "message/rfc822") && !ole && !bytes.empty() ? "eml"
                                                                                                          : "";
    if (!kind.empty() && msg.embedded.size() < 50) {
      core::EmbeddedMessage e;
      e.part = part.index;
      e.kind = kind;
      e.filename = part.filename;
      e.truncated = bytes.size() > ctx.limits->max_message_bytes;
      e.bytes = bytes.substr(0, ctx.limits->max_message_bytes);
      msg.embedded.push_back(std::move(e));
    }
    if (part.content_type == "application/ms-tnef" || part.sniffed_type == "application/ms-tnef" ||
        core::iequals(part.filename, "winmail.dat"))
      part.tnef_files = tnef_attachment_names(bytes);
  }
  // an attached HTML/SVG/text file: its text is decoded too, for the links and forms in it
  bool text_file = false;
  if (!part.is_text) {
    auto ends = [&](const char* ext) {
      std::string f = core::to_lower_ascii(part.filename);
      size_t n = std::strlen(ext);
      return f.size() >= n && f.compare(f.size() - n, n, ext) == 0;
    };
    text_file = part.content_type == "text/html" || part.content_type == "text/plain" ||
                part.content_type == "image/svg+xml" || part.content_type == "application/xhtml+xml" ||
                part.sniffed_type == "text/html" || part.sniffed_type == "image/svg+xml" || ends(".htm") ||
                ends(".html") || ends(".shtml") || ends(".xhtml") || ends(".svg") || ends(".txt");
    if (text_file && sniff_type(bytes).rfind("text/", 0) != 0 && sniff_type(bytes) != "image/svg+xml" &&
        !sniff_type(bytes).empty())
      text_file = false;  // a binary file with an .html name is not decoded as text
    if (!text_file && (part.sniffed_type == "image/png" || part.sniffed_type == "image/jpeg" ||
                       part.sniffed_type == "application/pdf")) {
      if (bytes.size() <= ctx.limits->max_scanned_file_bytes) {
        part.data = bytes;
      } else {
        msg.anomalies.push_back({"LIMIT_SCANNED_FILE_SIZE", part.index, part.offset,
                                 part.sniffed_type + " larger than the scanning limit; not scanned for links"});
      }
    }
  }
  if (part.is_text || text_file) {
    const char* cs = g_mime_object_get_content_type_parameter(obj, "charset");
    std::string label = cs ? cs : "";
    if ((part.content_type == "text/html" || text_file) && bytes.size() > ctx.limits->max_html_bytes) {
      bytes.resize(ctx.limits->max_html_bytes);
      msg.anomalies.push_back({"LIMIT_HTML_SIZE", part.index, part.offset, "HTML larger than the limit; truncated"});
    }
    Decoded d = decode_text(bytes, label);
    part.text = std::move(d.text);
    part.charset = d.decision;
    if (d.decision.invalid_bytes > 0) {
      msg.anomalies.push_back({"INVALID_BYTES_IN_CHARSET", part.index, part.offset,
                               std::to_string(d.decision.invalid_bytes) + " bytes not decodable as " + d.decision.used});
    }
    if (!label.empty() && d.decision.reason == "detected") {
      msg.anomalies.push_back({"CHARSET_LABEL_MISMATCH", part.index, part.offset,
                               "declared " + label + ", decoded as " + d.decision.used});
    }
  }
  msg.parts.push_back(std::move(part));
}

// Parses "Display <addr>" or "addr" (first mailbox of a list).
core::Mailbox parse_mailbox(const std::string& raw) {
  core::Mailbox mb;
  std::string v = unfold(raw);
  auto lt = v.rfind('<');
  auto gt = v.rfind('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
    mb.address = core::trim(v.substr(lt + 1, gt - lt - 1));
    std::string disp = core::trim(v.substr(0, lt));
    mb.display = decode_header_value(disp).text;
    if (mb.display.size() >= 2 && mb.display.front() == '"' && mb.display.back() == '"')
      mb.display = mb.display.substr(1, mb.display.size() - 2);
  } else {
    // "addr (Comment)" or bare addr; take the first comma-separated entry
    std::string first = v.substr(0, v.find(','));
    auto paren = first.find('(');
    if (paren != std::string::npos) {
      auto close = first.find(')', paren);
      mb.display = decode_header_value(first.substr(paren + 1, close == std::string::npos ? std::string::npos
                                                                                             : close - paren - 1))
                       .text;
      first = first.substr(0, paren);
    }
    mb.address = core::trim(first);
  }
  core::sanitize_utf8(mb.address);
  return mb;
}

}  // namespace

std::optional<std::string> split_subject_tag(const std::string& subject, std::string* rest) {
  std::string s = core::trim(subject);
  auto finish = [&](size_t len) -> std::optional<std::string> {
    std::string tag = s.substr(0, len);
    if (rest) *rest = core::trim(s.substr(len));
    return tag;
  };
  auto is_tag_word = [](const std::string& inner) {
    std::string l = core::to_lower_ascii(inner);
    for (const char* w : {"spam", "meiwaku", "junk", "bulk", "suspected", "迷惑", "スパム"})
      if (l.find(w) != std::string::npos) return true;
    return false;
  };
  struct Pair {
    const char* open;
    const char* close;
  };
  for (Pair p : {Pair{"[", "]"}, Pair{"【", "】"}, Pair{"(", ")"}, Pair{"＜", "＞"}, Pair{"<", ">"}, Pair{"［", "］"}}) {
    size_t ol = std::strlen(p.open);
    if (s.compare(0, ol, p.open) == 0) {
      size_t close = s.find(p.close, ol);
      if (close != std::string::npos && close - ol <= 40 && is_tag_word(s.substr(ol, close - ol)))
        return finish(close + std::strlen(p.close));
    }
  }
  // ***SPAM*** / *** SPAM ***
  if (s.rfind("***", 0) == 0) {
    size_t close = s.find("***", 3);
    if (close != std::string::npos && is_tag_word(s.substr(3, close - 3))) return finish(close + 3);
  }
  if (rest) *rest = s;
  return std::nullopt;
}

namespace {

// The domain of an address, a List-Id ("Name <devel.lists.example.org>") or a mailto: URL, as a registrable domain.
std::string list_domain_of(std::string v) {
  v = core::trim(v);
  auto lt = v.rfind('<');
  auto gt = v.rfind('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) v = v.substr(lt + 1, gt - lt - 1);
  if (core::starts_with_icase(v, "mailto:")) v = v.substr(7);
  v = v.substr(0, v.find('?'));
  size_t at = v.rfind('@');
  std::string host = at == std::string::npos ? v : v.substr(at + 1);
  host = core::trim(host);
  if (host.empty() || host.find('.') == std::string::npos) return "";
  return core::organisational_domain(host);
}

}  // namespace

namespace {

// "sender IP is 192.0.2.1" in an Authentication-Results comment (Microsoft), smtp.remote-ip= (Proton), client-ip= of
// Received-SPF.
std::string stamped_ip(const core::AuthResult& r) {
  std::string l = core::to_lower_ascii(r.detail);
  size_t p = l.find("sender ip is ");
  if (p != std::string::npos) {
    std::string rest = r.detail.substr(p + 13);
    rest = rest.substr(0, rest.find_first_of(" );"));
    if (auto ip = core::parse_ip(rest)) return ip->str();
  }
  for (const char* k : {"smtp.remote-ip", "client-ip"}) {
    auto it = r.props.find(k);
    if (it != r.props.end())
      if (auto ip = core::parse_ip(core::trim(it->second))) return ip->str();
  }
  return "";
}

}  // namespace

// The receiving provider's own record of the address it took the mail from (X-Sender-IP, the "sender IP is" of its
// Authentication-Results): it confirms the boundary found in the Received chain, or says that they disagree.
void confirm_with_stamps(core::Message& msg, const RelayCatalog* relays) {
  if (!relays || msg.sender.hop < 0) return;
  const core::ReceivedHop& hop = msg.received[msg.sender.hop];
  const RelayProvider* p = relays->by_host(hop.by);
  if (!p) return;
  std::string ip, where;
  for (const auto& name : p->sender_ip_headers)
    for (const auto& h : msg.headers)
      if (ip.empty() && core::iequals(h.name, name))
        if (auto a = core::parse_ip(core::trim(h.value))) {
          ip = a->str();
          where = h.name;
        }
  if (ip.empty())
    for (const auto& r : msg.auth) {
      if (!r.trusted) continue;  // the receiver's own (above its boundary line, or just below it for Gmail and Proton)
      bool ours = r.authserv_id.empty() ? p->authres_without_id : p->is_authserv(r.authserv_id);
      if (!ours) continue;
      std::string got = stamped_ip(r);
      if (got.empty()) continue;
      ip = got;
      where = r.header;
      break;
    }
  if (ip.empty()) return;
  msg.sender.stamp_ip = ip;
  msg.sender.stamp_header = where;
  msg.sender.stamp_status = ip == msg.sender.ip ? "agrees" : "disagrees";
  if (ip != msg.sender.ip)
    msg.anomalies.push_back({"SENDER_STAMP_MISMATCH", -1, 0,
                             where + " says " + ip + ", the Received chain's boundary is " +
                                 (msg.sender.ip.empty() ? std::string("without an address") : msg.sender.ip)});
}

void attribute_filters(core::Message& msg, const RelayCatalog* relays) {
  const RelayProvider* reader = nullptr;  // the provider of the reader's own mailbox
  if (relays)
    for (const auto& h : msg.received)
      if (!h.by.empty()) {
        reader = relays->by_host(h.by);
        break;
      }
  int sender_index = msg.sender.hop >= 0 ? msg.received[msg.sender.hop].header_index : -1;
  int reader_index = sender_index;
  for (const auto& r : msg.sender.relays)
    if (r.kind != "provider") {
      reader_index = msg.received[r.hop].header_index;
      break;
    }
  for (auto& r : msg.spam) {
    if (r.filter == "Microsoft (sending tenant)") r.written_by = "sending_provider";
    else if (sender_index < 0 || r.header_index < reader_index) r.written_by = "receiver";
    else if (reader && reader->stamps(r.header)) r.written_by = "receiver";
    else if (r.header_index < sender_index) r.written_by = "relay";
    else r.written_by = "sender";
    r.trusted = r.written_by == "receiver" || r.written_by == "relay";
  }
}

ListEvidence list_evidence(const std::vector<core::Header>& headers) {
  ListEvidence e;
  auto add = [&](const std::string& d) {
    if (!d.empty() && std::find(e.domains.begin(), e.domains.end(), d) == e.domains.end()) e.domains.push_back(d);
  };
  for (const auto& h : headers) {
    std::string n = core::to_lower_ascii(h.name);
    if (n == "list-id") {
      e.present = true;
      std::string v = core::trim(h.value);
      auto lt = v.rfind('<');
      auto gt = v.rfind('>');
      if (e.id.empty()) e.id = lt != std::string::npos && gt != std::string::npos && gt > lt ? v.substr(lt + 1, gt - lt - 1) : v;
      add(list_domain_of(h.value));
    } else if (n == "x-beenthere" || n == "list-post" || n == "x-mailing-list" || n == "mailing-list") {
      e.present = true;
      for (const auto& one : core::split(h.value, ',')) add(list_domain_of(one));
    } else if (n == "x-mailman-version" || n == "list-unsubscribe" || n == "x-ml-name" || n == "x-loop" ||
               n == "x-egroups-return" || n == "list-archive") {
      e.present = true;
    } else if (n == "errors-to" || n == "sender" || n == "return-path") {
      std::string l = core::to_lower_ascii(h.value);
      if (l.find("-bounces") != std::string::npos || l.find("-owner") != std::string::npos ||
          l.find("owner-") != std::string::npos || l.find("-request") != std::string::npos)
        add(list_domain_of(h.value));
    }
  }
  if (!e.present) e.domains.clear();
  return e;
}

core::Message parse_message(const std::string& source, const std::string& bytes, const core::Limits& limits,
                            const core::TrustConfig& trust, const RelayCatalog* relays) {
  ensure_gmime();
  core::Message msg;
  msg.source = source;
  msg.size = bytes.size();
  msg.sha256 = core::sha256_hex(bytes);

  // parts delimited by a boundary of another shape than the declared one: split as mail clients do (same offsets)
  std::string recovered = recover_boundaries(bytes, msg.anomalies);
  const std::string& body = recovered.empty() ? bytes : recovered;
  ParseContext ctx{&msg, &limits, &body};
  GMimeParserOptions* opts = g_mime_parser_options_new();
  g_mime_parser_options_set_warning_callback(opts, on_warning, &ctx);
  g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(body.data(), body.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  g_mime_parser_set_format(parser, bytes.rfind("From ", 0) == 0 ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
  GMimeMessage* gm = g_mime_parser_construct_message(parser, opts);
  g_object_unref(parser);
  g_object_unref(stream);

  if (!gm) {
    msg.anomalies.push_back({"UNPARSEABLE_MESSAGE", -1, 0, "GMime could not construct a message"});
    g_mime_parser_options_free(opts);
    return msg;
  }
  if (bytes.find("\r\n") == std::string::npos && bytes.find('\n') != std::string::npos) {
    // bare LF is how most mail stores keep messages; recorded, not an error
  } else if (bytes.find("\r\n") != std::string::npos) {
    size_t lf = 0, crlf = 0;
    for (size_t i = 0; i < bytes.size(); ++i)
      if (bytes[i] == '\n') (i > 0 && bytes[i - 1] == '\r') ? ++crlf : ++lf;
    if (lf && crlf) msg.anomalies.push_back({"MIXED_LINE_ENDINGS", -1, 0, std::to_string(lf) + " bare LF, " +
                                                                              std::to_string(crlf) + " CRLF"});
  }

  // Top-level headers, in order, with offsets.
  GMimeHeaderList* hl = g_mime_object_get_header_list(GMIME_OBJECT(gm));
  int count = g_mime_header_list_get_count(hl);
  for (int i = 0; i < count; ++i) {
    if (static_cast<size_t>(i) >= limits.max_headers) {
      msg.anomalies.push_back({"LIMIT_HEADER_COUNT", -1, 0, "more header fields than the limit; rest ignored"});
      break;
    }
    GMimeHeader* gh = g_mime_header_list_get_header_at(hl, i);
    core::Header h;
    h.name = g_mime_header_get_name(gh);
    const char* raw = g_mime_header_get_raw_value(gh);
    std::string rawv = raw ? raw : "";
    h.offset = static_cast<size_t>(std::max<gint64>(0, g_mime_header_get_offset(gh)));
    h.length = h.name.size() + 1 + rawv.size();
    if (rawv.size() > limits.max_header_bytes) {
      msg.anomalies.push_back({"LIMIT_HEADER_LENGTH", -1, h.offset, h.name + " longer than the limit; truncated"});
      rawv.resize(limits.max_header_bytes);
    }
    h.raw_value = unfold(rawv);
    DecodedHeader d = decode_header_value(rawv);
    h.value = d.text;
    h.charset = d.decision;
    // a spam filter's report quotes the mail's own bytes ("Content preview: ..."): not a property of the header
    bool filter_report = is_spam_header_name(h.name);
    if (d.had_raw_8bit && !filter_report)
      msg.anomalies.push_back({"RAW_8BIT_HEADER", -1, h.offset, h.name + " decoded as " + d.decision.used});
    if (d.decision.invalid_bytes && !filter_report)
      msg.anomalies.push_back({"INVALID_BYTES_IN_HEADER", -1, h.offset,
                               h.name + ": " + std::to_string(d.decision.invalid_bytes) + " bytes not decodable"});
    core::sanitize_utf8(h.raw_value);
    msg.headers.push_back(std::move(h));
  }

  check_raw(bytes, msg.headers, msg.anomalies);

  // Well-known fields.
  for (size_t i = 0; i < msg.headers.size(); ++i) {
    const core::Header& h = msg.headers[i];
    std::string n = core::to_lower_ascii(h.name);
    if (n == "subject" && msg.subject.empty()) {
      msg.subject = h.value;
    } else if (n == "from" && msg.from.address.empty()) {
      msg.from = parse_mailbox(h.raw_value);
    } else if (n == "to") {
      for (const auto& one : core::split(h.raw_value, ',')) {
        core::Mailbox mb = parse_mailbox(one);
        if (!mb.address.empty()) msg.to.push_back(mb);
      }
    } else if (n == "reply-to" && !msg.reply_to) {
      msg.reply_to = parse_mailbox(h.raw_value);
    } else if (n == "return-path" && msg.return_path.empty()) {
      std::string rp = core::trim(h.raw_value);
      if (!rp.empty() && rp.front() == '<') rp = rp.substr(1, rp.find('>') - 1);
      msg.return_path = rp;
    } else if (n == "message-id" && msg.message_id.empty()) {
      msg.message_id = core::trim(h.raw_value);
    } else if (n == "date" && !msg.date) {
      msg.date = parse_rfc5322_date(h.raw_value);
      if (!msg.date) msg.anomalies.push_back({"UNPARSEABLE_DATE", -1, h.offset, h.raw_value});
    } else if (n == "received") {
      core::ReceivedHop hop = parse_received(h.raw_value);
      hop.header_index = static_cast<int>(i);
      msg.received.push_back(std::move(hop));
    } else if (n == "authentication-results" || n == "arc-authentication-results") {
      std::string name = n == "authentication-results" ? "Authentication-Results" : "ARC-Authentication-Results";
      for (auto& r : parse_authentication_results(h.raw_value, name)) {
        r.header_index = static_cast<int>(i);
        msg.auth.push_back(std::move(r));
      }
    } else if (n == "received-spf") {
      core::AuthResult r = parse_received_spf(h.raw_value);
      r.header_index = static_cast<int>(i);
      msg.auth.push_back(std::move(r));
    } else if (n == "dkim-signature") {
      auto tags = parse_tag_list(h.raw_value);
      core::DkimSignature d;
      d.domain = core::to_lower_ascii(tags["d"]);
      d.selector = tags["s"];
      d.algorithm = tags["a"];
      d.identity = tags["i"];
      d.header_index = static_cast<int>(i);
      msg.dkim.push_back(std::move(d));
    } else if (n == "arc-seal") {
      auto tags = parse_tag_list(h.raw_value);
      core::ArcSet a;
      a.instance = std::atoi(tags["i"].c_str());
      a.cv = core::to_lower_ascii(tags["cv"]);
      a.domain = core::to_lower_ascii(tags["d"]);
      a.header_index = static_cast<int>(i);
      msg.arc.push_back(std::move(a));
    }
    if (is_spam_header_name(h.name)) msg.spam_headers.push_back({h.name, h.value});
  }
  msg.spam = decode_spam_headers(msg.headers);
  std::sort(msg.arc.begin(), msg.arc.end(), [](const core::ArcSet& a, const core::ArcSet& b) { return a.instance > b.instance; });
  {
    std::string from_org = core::organisational_domain(msg.from.domain());
    for (auto& d : msg.dkim) d.aligned = !from_org.empty() && core::organisational_domain(d.domain) == from_org;
  }
  std::string rest;
  msg.subject_tag = split_subject_tag(msg.subject, &rest);
  msg.subject_body = rest;

  for (const auto& hop : msg.received) {
    if (hop.date) {
      msg.received_at = hop.date;
      msg.received_at_source = "Received";
      break;
    }
  }
  if (!msg.received_at && msg.date) {
    msg.received_at = msg.date;
    msg.received_at_source = "Date";
  }
  ChainContext chain;
  chain.relays = relays;
  chain.list = list_evidence(msg.headers);
  {
    // SRS0=HHHH=TT=original.example=user@forwarder.example (SRS1 for a second forwarder)
    std::string rp = core::to_lower_ascii(msg.return_path);
    if ((rp.rfind("srs0=", 0) == 0 || rp.rfind("srs1=", 0) == 0) && rp.find('@') != std::string::npos) {
      std::string d = core::organisational_domain(core::address_domain(rp));
      if (!d.empty()) chain.forwarder_domains.push_back(d);
    }
  }
  msg.sender = find_sender(msg.received, trust, chain);
  msg.timing = check_timing(msg.received, msg.sender.hop, msg.date);
  // Authentication results are trusted when the receiving side added them: the field sits above the boundary's
  // Received line, and its authserv-id (when it has one) names a receiving server or its domain.
  // Gmail writes its Authentication-Results just below the Received line of its boundary: a field naming the
  // boundary's own provider there (before the next Received line) is the receiver's too.
  if (msg.sender.hop >= 0) {
    int boundary_index = msg.received[msg.sender.hop].header_index;
    int next_index = msg.sender.hop + 1 < static_cast<int>(msg.received.size())
                         ? msg.received[msg.sender.hop + 1].header_index
                         : static_cast<int>(msg.headers.size());
    const RelayProvider* boundary_provider = relays ? relays->by_host(msg.received[msg.sender.hop].by) : nullptr;
    for (auto& r : msg.auth) {
      if (r.header_index > boundary_index && r.header_index < next_index && boundary_provider &&
          !r.authserv_id.empty() && boundary_provider->is_authserv(r.authserv_id)) {
        r.trusted = true;
        continue;
      }
      if (r.header_index >= boundary_index) continue;
      if (r.authserv_id.empty()) {
        r.trusted = true;
        continue;
      }
      for (int i = 0; i <= msg.sender.hop; ++i) {
        const std::string& by = msg.received[i].by;
        if (core::iequals(by, r.authserv_id) ||
            (!by.empty() && core::organisational_domain(by) == core::organisational_domain(r.authserv_id)))
          r.trusted = true;
      }
    }
  }

  confirm_with_stamps(msg, relays);
  attribute_filters(msg, relays);

  // DMARC alignment as phishscope reads it from the trusted SPF and DKIM results.
  {
    core::DmarcAlignment& al = msg.alignment;
    al.from_domain = core::organisational_domain(msg.from.domain());
    for (const auto& r : msg.auth) {
      if (!r.trusted) continue;
      if (r.method == "spf" && al.spf_result.empty()) {
        std::string d = r.props.count("smtp.mailfrom") ? r.props.at("smtp.mailfrom")
                        : r.props.count("envelope-from") ? r.props.at("envelope-from")
                                                          : msg.return_path;
        if (d.find('@') != std::string::npos) d = core::address_domain(d);
        al.spf_domain = core::organisational_domain(d);
        al.spf_result = r.result;
        al.spf_aligned = r.result == "pass" && !al.from_domain.empty() && al.spf_domain == al.from_domain;
        al.evaluated = true;
      } else if (r.method == "dkim" && (al.dkim_result.empty() || (!al.dkim_aligned && r.result == "pass"))) {
        std::string d = r.props.count("header.d") ? r.props.at("header.d")
                        : r.props.count("header.i") ? core::address_domain(r.props.at("header.i"))
                                                     : "";
        al.dkim_domain = core::organisational_domain(d);
        al.dkim_result = r.result;
        al.dkim_aligned = r.result == "pass" && !al.from_domain.empty() && al.dkim_domain == al.from_domain;
        al.evaluated = true;
      }
    }
  }

  // MIME tree. Part 0 is the message itself.
  core::Part top;
  top.index = 0;
  top.content_type = "message/rfc822";
  top.decoded_size = bytes.size();
  top.sha256 = msg.sha256;
  msg.parts.push_back(top);
  if (GMimeObject* body = g_mime_message_get_mime_part(gm)) {
    walk(body, ctx, 1, 0);
  } else {
    msg.anomalies.push_back({"NO_BODY", -1, 0, "message has no body part"});
  }
  g_object_unref(gm);
  g_mime_parser_options_free(opts);
  return msg;
}

}  // namespace ps::parse

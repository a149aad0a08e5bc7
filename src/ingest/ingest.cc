#include "ingest/ingest.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>

#include "ingest/msg.h"

namespace ps::ingest {

namespace {
bool is_ftext(unsigned char c) { return c >= 33 && c <= 126 && c != ':'; }
}  // namespace

std::string check_looks_like_mail(const std::string& bytes) {
  if (bytes.empty()) return "empty file (0 bytes), not an RFC 5322 message";
  size_t i = 0;
  // mbox "From " separator line in front of a single message
  if (bytes.compare(0, 5, "From ") == 0) {
    size_t nl = bytes.find('\n');
    if (nl == std::string::npos) return "only an mbox 'From ' line, no message follows";
    i = nl + 1;
  }
  // The first field must be "name:" with printable name characters.
  size_t start = i;
  while (i < bytes.size() && is_ftext(static_cast<unsigned char>(bytes[i]))) ++i;
  if (i == start || i >= bytes.size() || bytes[i] != ':') {
    // allow "name :" (obsolete syntax, whitespace before the colon)
    size_t j = i;
    while (j < bytes.size() && (bytes[j] == ' ' || bytes[j] == '\t')) ++j;
    if (i == start || j >= bytes.size() || bytes[j] != ':') {
      for (size_t k = 0; k < std::min<size_t>(bytes.size(), 512); ++k) {
        if (bytes[k] == '\0') return fmt::format("binary data (NUL byte at offset {}), not an RFC 5322 message", k);
      }
      return fmt::format("no header field at byte offset {}, not an RFC 5322 message", i);
    }
  }
  return {};
}

core::Result<RawMessage> read_message(const std::string& path, const core::Limits& limits) {
  RawMessage msg;
  msg.source = path;
  FILE* f = nullptr;
  bool is_stdin = path == "-";
  if (is_stdin) {
    f = stdin;
  } else {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return core::Error{fmt::format("cannot open: {}", std::strerror(errno)), path};
    if (S_ISDIR(st.st_mode)) return core::Error{"is a directory, expected one message file", path};
    f = std::fopen(path.c_str(), "rb");
    if (!f) return core::Error{fmt::format("cannot open: {}", std::strerror(errno)), path};
  }
  char buf[1 << 16];
  size_t n;
  bool too_big = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (msg.bytes.size() + n > limits.max_message_bytes) {
      too_big = true;
      break;
    }
    msg.bytes.append(buf, n);
  }
  bool read_error = std::ferror(f);
  if (!is_stdin) std::fclose(f);
  if (read_error) return core::Error{"read error", path};
  if (too_big) {
    return core::Error{fmt::format("message larger than the limit of {} bytes (--max-message-bytes)",
                                   limits.max_message_bytes),
                       path};
  }
  return to_message(path, std::move(msg.bytes), limits);
}

core::Result<RawMessage> to_message(std::string source, std::string bytes, const core::Limits& limits) {
  RawMessage msg;
  msg.source = std::move(source);
  if (looks_like_ole(bytes)) {
    auto c = msg_to_rfc822(bytes, limits);
    if (!c) return core::Error{"Outlook .msg: " + c.error().what, msg.source};
    msg.bytes = std::move(c->rfc822);
    msg.format = "msg";
    msg.notes = std::move(c->notes);
    return msg;
  }
  std::string problem = check_looks_like_mail(bytes);
  if (!problem.empty()) return core::Error{problem, msg.source};
  msg.bytes = std::move(bytes);
  return msg;
}

}  // namespace ps::ingest

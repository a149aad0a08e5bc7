#include "ingest/sources.h"

#include <stdio.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

namespace ps::ingest {

namespace fs = std::filesystem;

const char* source_kind_name(SourceKind k) {
  switch (k) {
    case SourceKind::File: return "file";
    case SourceKind::Stdin: return "stdin";
    case SourceKind::Mbox: return "mbox";
    case SourceKind::Maildir: return "maildir";
    case SourceKind::Directory: return "directory";
  }
  return "?";
}

namespace {

bool is_from_line(const std::string& line) { return line.compare(0, 5, "From ") == 0; }

// Reads one line including its '\n' (lines longer than `cap` are returned in pieces).
bool read_line(std::FILE* f, std::string& line, size_t cap = 1 << 20) {
  line.clear();
  int c;
  while ((c = getc_unlocked(f)) != EOF) {
    line += static_cast<char>(c);
    if (c == '\n' || line.size() >= cap) return true;
  }
  return !line.empty();
}

}  // namespace

core::Result<SourceKind> detect_source(const std::string& path) {
  if (path == "-") return SourceKind::Stdin;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return core::Error{fmt::format("cannot open: {}", std::strerror(errno)), path};
  if (S_ISDIR(st.st_mode)) {
    if (fs::is_directory(fs::path(path) / "cur") || fs::is_directory(fs::path(path) / "new")) return SourceKind::Maildir;
    return SourceKind::Directory;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return core::Error{fmt::format("cannot open: {}", std::strerror(errno)), path};
  std::string line;
  SourceKind kind = SourceKind::File;
  if (read_line(f, line, 4096) && is_from_line(line)) {
    // a single message with a leading "From " line is still an mbox of one; treat it as an mbox
    kind = SourceKind::Mbox;
  }
  std::fclose(f);
  return kind;
}

core::Result<size_t> read_mbox(std::FILE* f, const std::string& source, const core::Limits& limits,
                               const MessageSink& sink) {
  std::string line, current;
  size_t count = 0;
  bool in_message = false, too_big = false, prev_blank = true;
  auto flush = [&]() -> bool {
    if (!in_message) return true;
    ++count;
    std::string name = fmt::format("{}#{}", source, count);
    bool go;
    if (too_big) {
      go = sink(core::Error{fmt::format("message larger than the limit of {} bytes (--max-message-bytes)",
                                        limits.max_message_bytes),
                            name});
    } else {
      // the blank line that separates messages belongs to the mbox, not the message
      if (current.size() >= 2 && current.compare(current.size() - 2, 2, "\n\n") == 0) current.pop_back();
      else if (current.size() >= 4 && current.compare(current.size() - 4, 4, "\r\n\r\n") == 0) current.resize(current.size() - 2);
      std::string problem = check_looks_like_mail(current);
      if (!problem.empty()) go = sink(core::Error{problem, name});
      else go = sink(RawMessage{name, std::move(current)});
    }
    current.clear();
    too_big = false;
    return go;
  };
  bool line_start = true;  // the piece read starts a line (a line over 1 MB comes in pieces)
  while (read_line(f, line)) {
    bool starts = line_start;
    line_start = line.back() == '\n';
    bool blank = starts && (line == "\n" || line == "\r\n");
    if (starts && is_from_line(line) && prev_blank) {
      if (!flush()) return count;
      in_message = true;
      prev_blank = false;
      continue;
    }
    if (!in_message) {
      // text before the first "From " line: not an mbox message
      if (!blank) {
        in_message = true;  // treat as a message without separator
      } else {
        continue;
      }
    }
    // mboxrd/mboxo: ">From " (any number of '>') loses one '>'
    size_t gt = 0;
    while (starts && gt < line.size() && line[gt] == '>') ++gt;
    if (gt > 0 && line.compare(gt, 5, "From ") == 0) line.erase(0, 1);
    if (!too_big) {
      if (current.size() + line.size() > limits.max_message_bytes) {
        too_big = true;
        current.clear();
        current.shrink_to_fit();
      } else {
        current += line;
      }
    }
    prev_blank = blank;
  }
  if (std::ferror(f)) return core::Error{"read error", source};
  flush();
  return count;
}

namespace {
// A mailbox file in a directory of mail: *.mbox, *.mbx (each holds many messages).
bool is_mbox_name(const fs::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == ".mbox" || e == ".mbx";
}

// The message files of a Maildir (every file in cur/ and new/) or a directory (*.eml, and mailbox files *.mbox), sorted.
core::Result<std::vector<fs::path>> list_files(const std::string& path, SourceKind kind) {
  std::vector<fs::path> files;
  std::error_code ec;
  auto collect = [&](const fs::path& dir, bool all) {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::string ext = it->path().extension().string();
      for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (all || ext == ".eml" || ext == ".msg" || is_mbox_name(it->path())) files.push_back(it->path());
    }
  };
  if (kind == SourceKind::Maildir) {
    for (const char* sub : {"cur", "new"})
      if (fs::is_directory(fs::path(path) / sub)) collect(fs::path(path) / sub, true);
  } else {
    collect(path, false);
  }
  if (ec) return core::Error{"cannot list directory: " + ec.message(), path};
  std::sort(files.begin(), files.end());
  return files;
}
}  // namespace

core::Result<size_t> count_messages(const std::string& path) {
  auto kind = detect_source(path);
  if (!kind) return kind.error();
  if (*kind == SourceKind::File || *kind == SourceKind::Stdin) return size_t{1};
  if (*kind == SourceKind::Mbox) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return core::Error{fmt::format("cannot open: {}", std::strerror(errno)), path};
    // the separator rule of read_mbox: a "From " line at the start or after a blank line ("\n" or "\r\n"). Lines are
    // found with memchr: a byte at a time, counting a large mailbox took as long as reading it twice.
    size_t n = 0;
    bool prev_blank = true;  // the line before the current one
    char head[5];            // the current line's first bytes
    size_t len = 0;          // of the current line so far (its first 5 bytes are in head)
    auto end_line = [&](bool newline) {
      if (prev_blank && len >= 5 && std::memcmp(head, "From ", 5) == 0) {
        ++n;
        prev_blank = false;
      } else {
        prev_blank = newline && (len == 0 || (len == 1 && head[0] == '\r'));
      }
      len = 0;
    };
    std::vector<char> buf(1 << 20);
    size_t got;
    while ((got = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
      const char* p = buf.data();
      const char* end = p + got;
      while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        const char* stop = nl ? nl : end;
        size_t piece = static_cast<size_t>(stop - p);
        if (len < 5) std::memcpy(head + len, p, std::min(5 - len, piece));
        len += piece;
        if (nl) end_line(true);
        p = nl ? nl + 1 : end;
      }
    }
    if (len > 0) end_line(false);  // a last line without a newline
    bool err = std::ferror(f);
    std::fclose(f);
    if (err) return core::Error{"read error", path};
    return n;
  }
  auto files = list_files(path, *kind);
  if (!files) return files.error();
  size_t n = 0;
  for (const auto& p : *files) {
    if (*kind == SourceKind::Directory && is_mbox_name(p)) {
      auto in_box = count_messages(p.string());
      n += in_box ? *in_box : 1;
    } else {
      ++n;
    }
  }
  return n;
}

core::Result<size_t> for_each_message(const std::string& path, const core::Limits& limits, const MessageSink& sink) {
  auto kind = detect_source(path);
  if (!kind) return kind.error();
  switch (*kind) {
    case SourceKind::File:
    case SourceKind::Stdin: {
      sink(read_message(path, limits));
      return size_t{1};
    }
    case SourceKind::Mbox: {
      std::FILE* f = std::fopen(path.c_str(), "rb");
      if (!f) return core::Error{fmt::format("cannot open: {}", std::strerror(errno)), path};
      auto r = read_mbox(f, path, limits, sink);
      std::fclose(f);
      return r;
    }
    case SourceKind::Maildir:
    case SourceKind::Directory: {
      auto listed = list_files(path, *kind);
      if (!listed) return listed.error();
      const auto& files = *listed;
      size_t n = 0;
      bool go = true;
      for (const auto& p : files) {
        if (!go) break;
        if (*kind == SourceKind::Directory && is_mbox_name(p)) {
          std::FILE* f = std::fopen(p.c_str(), "rb");
          if (!f) {
            ++n;
            go = sink(core::Error{fmt::format("cannot open: {}", std::strerror(errno)), p.string()});
            continue;
          }
          auto wrapped = [&](core::Result<RawMessage> m) { return go = sink(std::move(m)); };
          auto r = read_mbox(f, p.string(), limits, wrapped);
          std::fclose(f);
          if (!r) go = sink(r.error());
          else n += *r;
          continue;
        }
        ++n;
        go = sink(read_message(p.string(), limits));
      }
      return n;
    }
  }
  return size_t{0};
}

}  // namespace ps::ingest

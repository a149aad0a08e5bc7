// ingest: gets the raw bytes of one message and checks that they look like RFC 5322.
#pragma once
#include <string>

#include "core/limits.h"
#include "core/result.h"

namespace ps::ingest {

struct RawMessage {
  std::string source;  // path, or "-" for standard input
  std::string bytes;
};

// Reads `path` ("-" = stdin). Errors name the file and the problem.
core::Result<RawMessage> read_message(const std::string& path, const core::Limits& limits = {});

// Checks that `bytes` start like an Internet message (a header field, or an mbox "From " line).
// Returns an empty string when they do, else the problem with its byte offset.
std::string check_looks_like_mail(const std::string& bytes);

}  // namespace ps::ingest

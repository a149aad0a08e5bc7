// ingest: gets the raw bytes of one message and checks that they look like RFC 5322.
#pragma once
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/result.h"

namespace ps::ingest {

struct RawMessage {
  std::string source;  // path, or "-" for standard input
  std::string bytes;   // RFC 5322 (an Outlook .msg converted: see msg.h)
  std::string format = "rfc822";   // rfc822 | msg
  std::vector<std::string> notes;  // what a conversion could not carry over
};

// `bytes` as an RFC 5322 message: an Outlook .msg (OLE compound file) converted, anything else checked with
// check_looks_like_mail. Errors name the problem.
core::Result<RawMessage> to_message(std::string source, std::string bytes, const core::Limits& limits = {});

// Reads `path` ("-" = stdin). Errors name the file and the problem.
core::Result<RawMessage> read_message(const std::string& path, const core::Limits& limits = {});

// Checks that `bytes` start like an Internet message (a header field, or an mbox "From " line).
// Returns an empty string when they do, else the problem with its byte offset.
std::string check_looks_like_mail(const std::string& bytes);

}  // namespace ps::ingest

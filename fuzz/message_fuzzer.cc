// Fuzz target: the whole parse stage on arbitrary bytes (MIME tree, headers, charsets, Received chain), with
// small limits so that deep and wide inputs exercise the limit paths too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "parse/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  ps::core::Limits limits;
  limits.max_parts = 64;
  limits.max_depth = 8;
  limits.max_headers = 200;
  limits.max_header_bytes = 8192;
  limits.max_decoded_part_bytes = 1 << 20;
  limits.max_html_bytes = 1 << 20;
  ps::core::Message m = ps::parse::parse_message("fuzz.eml", bytes, limits);
  if (m.parts.size() > limits.max_parts + 2) __builtin_trap();
  if (m.headers.size() > limits.max_headers) __builtin_trap();
  return 0;
}

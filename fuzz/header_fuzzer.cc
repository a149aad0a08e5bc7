// Fuzz target: header value decoding (unfolding, RFC 2047 encoded-words, raw 8-bit bytes) and the subject tag.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/text.h"
#include "parse/parse.h"
#include "parse/rfc2047.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string v(reinterpret_cast<const char*>(data), size);
  ps::parse::DecodedHeader d = ps::parse::decode_header_value(v);
  std::string copy = d.text;
  if (ps::core::sanitize_utf8(copy) != 0) __builtin_trap();  // output is always valid UTF-8
  std::string rest;
  ps::parse::split_subject_tag(d.text, &rest);
  return 0;
}

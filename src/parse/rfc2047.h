// Header field decoding: unfolding, RFC 2047 encoded-words (B and Q) and raw 8-bit bytes, to UTF-8.
#pragma once
#include <string>
#include <string_view>

#include "core/model.h"

namespace ps::parse {

std::string unfold(std::string_view raw);

struct DecodedHeader {
  std::string text;
  core::CharsetDecision decision;  // declared = charset of the encoded-words ("" if none)
  bool had_encoded_words = false;
  bool had_raw_8bit = false;
};

// Decodes an unstructured header value. Adjacent encoded-words of one charset are joined before conversion, so a
// character split across two words survives. Raw 8-bit bytes are detected (UTF-8, CP932, EUC-JP).
DecodedHeader decode_header_value(std::string_view raw);

}  // namespace ps::parse

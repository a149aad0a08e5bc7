// Bytes to UTF-8 with ICU converters, with the decision recorded.
//
// Decision (see ARCHITECTURE.md): Japanese text is decoded from the transfer-decoded bytes with ICU, not with
// GMime/glibc iconv, because iconv rejects ISO-2022-JP containing NEC special characters (①, ㈱) while ICU's
// ISO-2022-JP and windows-31j converters decode them. Labels are widened to the vendor supersets mail clients
// actually write: ISO-2022-JP -> ICU ISO-2022-JP (with NEC row 13), Shift_JIS -> windows-31j (CP932), GB2312 ->
// GB18030, ISO-8859-1 -> windows-1252, Big5 -> windows-950, EUC-KR -> windows-949.
#pragma once
#include <string>
#include <string_view>

#include "core/model.h"

namespace ps::parse {

struct Decoded {
  std::string text;  // UTF-8
  core::CharsetDecision decision;
};

// The ICU converter name used for a declared label ("" if ICU has none).
std::string converter_for_label(std::string_view label);

// Converts with one converter; `invalid` receives the number of bytes that could not be converted.
bool convert_with(std::string_view bytes, const std::string& converter, std::string& out, size_t& invalid);

// Decodes `bytes` declared as `label` ("" = undeclared). When the declared charset does not fit the bytes, the
// Japanese candidates are tried and the best fit is used (reason "detected").
Decoded decode_text(std::string_view bytes, std::string_view label);

// Guesses the charset of undeclared bytes: ascii, UTF-8, ISO-2022-JP, windows-1252 (8-bit bytes standing alone
// between letters, as Western text has them), windows-31j or EUC-JP.
std::string detect_charset(std::string_view bytes);

}  // namespace ps::parse

// Fuzz target: charset detection and conversion under each Japanese label, and with none.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/text.h"
#include "parse/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* labels[] = {"", "iso-2022-jp", "shift_jis", "euc-jp", "utf-8", "us-ascii", "cp932", "x-unknown"};
  const char* label = labels[data[0] % (sizeof labels / sizeof *labels)];
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  ps::parse::detect_charset(bytes);
  ps::parse::Decoded d = ps::parse::decode_text(bytes, label);
  std::string copy = d.text;
  if (ps::core::sanitize_utf8(copy) != 0) __builtin_trap();  // output is always valid UTF-8
  if (d.decision.used.empty()) __builtin_trap();
  return 0;
}

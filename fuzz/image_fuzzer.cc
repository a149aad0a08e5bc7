// Fuzz target: PNG/JPEG decoding and the QR-code reader on attacker-made images (pixel limit as in the defaults).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/qr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = ps::extract::read_image_codes(std::string_view(reinterpret_cast<const char*>(data), size), 4u << 20);
  if (r.texts.size() > 20) __builtin_trap();
  return 0;
}

// Fuzz target: link annotations in PDF files (literal and hex strings, Flate-compressed streams).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/pdf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = ps::extract::pdf_links(std::string_view(reinterpret_cast<const char*>(data), size));
  if (r.uris.size() > 200) __builtin_trap();
  return 0;
}

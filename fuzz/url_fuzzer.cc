// Fuzz target: URLs in free text (full-width folding, refanging, trailing punctuation) and the parts, IDN forms,
// IP-literal checks and wrapper unwrapping of every URL found.
#include <cstddef>
#include <cstdint>
#include <string>

#include "extract/extract.h"
#include "extract/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto& u : ps::extract::find_urls_in_text(text)) {
    if (u.begin >= u.end || u.end > text.size()) __builtin_trap();
    ps::core::Link l;
    l.url = u.url;
    ps::extract::fill_url_parts(l);
    ps::extract::unwrap_redirect(u.url);
  }
  return 0;
}

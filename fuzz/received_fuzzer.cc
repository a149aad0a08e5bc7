// Fuzz target: the Received parser and the trust boundary over a chain built from the input (one hop per line).
// clang: -fsanitize=fuzzer,address,undefined (cmake -DPHISHSCOPE_FUZZ=ON); GCC: replayed over fuzz/corpus/received.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parse/received.h"
#include "parse/rfc2047.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<ps::core::ReceivedHop> hops;
  size_t start = 0;
  while (start <= input.size() && hops.size() < 64) {
    size_t nl = input.find('\n', start);
    if (nl == std::string::npos) nl = input.size();
    hops.push_back(ps::parse::parse_received(ps::parse::unfold(input.substr(start, nl - start))));
    start = nl + 1;
  }
  ps::core::TrustConfig trust;
  trust.internal_networks = {"10.0.0.0/8", "2001:db8::/32"};
  trust.internal_hosts = {".example.jp"};
  auto sender = ps::parse::find_sender(hops, trust);
  if (sender.hop >= static_cast<int>(hops.size())) __builtin_trap();
  auto date = ps::parse::parse_rfc5322_date(input.substr(0, 64));
  ps::parse::check_timing(hops, sender.hop, date);
  return 0;
}

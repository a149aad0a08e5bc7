// Size and depth limits. Past a limit the analysis records an anomaly and goes on truncated.
#pragma once
#include <cstddef>

namespace ps::core {

struct Limits {
  size_t max_message_bytes = 64u << 20;  // input larger than this is rejected by ingest
  size_t max_parts = 500;
  size_t max_depth = 20;
  size_t max_headers = 2000;
  size_t max_header_bytes = 256u << 10;  // one header field
  size_t max_decoded_part_bytes = 32u << 20;
  size_t max_html_bytes = 8u << 20;
  size_t max_links = 2000;
};

}  // namespace ps::core

// Size and depth limits. Past a limit the analysis records an anomaly and goes on truncated.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

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
  size_t max_scanned_file_bytes = 8u << 20;  // images and PDFs kept for QR-code and link scanning
  size_t max_image_pixels = 25u << 20;       // larger images are not decoded for QR codes
  size_t max_site_probes = 10;               // links of one mail whose site is looked at (a probe costs seconds)
};

// Who counts as the receiving side when the Received chain is read (the trust boundary).
struct TrustConfig {
  std::vector<std::string> internal_networks;  // CIDR blocks of the receiving side's own relays
  std::vector<std::string> internal_hosts;     // host names (or ".domain" suffixes) of its relays
  // Hops whose verified rDNS shares the registrable domain of the final receiving server count as internal.
  bool trust_receiver_domain = true;
};

}  // namespace ps::core

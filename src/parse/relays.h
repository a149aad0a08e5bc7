// Mail providers whose servers receive, relay or forward mail (data/relays.json): their host names, address
// ranges, the hop where they take mail from the outside, and the headers they stamp. The trust boundary of a
// Received chain is found with them (received.cc), and their stamps confirm it.
#pragma once
#include <string>
#include <vector>

#include "core/ip.h"
#include "core/result.h"

namespace ps::parse {

struct RelayProvider {
  std::string id;    // microsoft, google, ...
  std::string name;  // as a reader knows it
  std::vector<std::string> hosts;          // host suffixes of its servers (label boundary): outlook.com
  std::vector<std::string> inbound_hosts;  // suffixes of the servers that take mail from the internet
  std::vector<std::string> outbound_hosts; // suffixes of the servers that send its customers' mail out
  std::vector<std::string> networks;       // CIDRs of its servers (a name alone can be claimed, an address cannot)
  std::vector<std::string> receiver_headers;   // headers it stamps and strips from inbound mail ("X-MS-Exchange-Organization-*")
  std::vector<std::string> sender_ip_headers;  // headers holding the address it received the mail from
  std::vector<std::string> authserv_ids;       // authserv-ids of its Authentication-Results (suffixes)
  bool authres_without_id = false;  // it writes Authentication-Results without an authserv-id (Microsoft)
  bool forwards = false;            // it forwards mail it received (tenant or account forwarding): follow its chain

  bool is_host(const std::string& host) const;          // host under one of `hosts`
  bool is_inbound_host(const std::string& host) const;  // host under one of `inbound_hosts`
  bool is_outbound_host(const std::string& host) const;
  bool in_networks(const core::IpAddress& ip) const;
  bool is_authserv(const std::string& id) const;
  bool stamps(const std::string& header_name) const;    // one of receiver_headers (a trailing * is a prefix)
};

class RelayCatalog {
 public:
  static core::Result<RelayCatalog> parse(const std::string& json_text, const std::string& where);
  static core::Result<RelayCatalog> load(const std::string& path);
  const std::vector<RelayProvider>& providers() const { return providers_; }
  // The provider whose servers `host` names, or nullptr.
  const RelayProvider* by_host(const std::string& host) const;
  const RelayProvider* find(const std::string& id) const;

 private:
  std::vector<RelayProvider> providers_;
};

// "a.b.example" is under "example" and "b.example" (at a label boundary), case-insensitively.
bool host_under(const std::string& host, const std::string& suffix);

}  // namespace ps::parse

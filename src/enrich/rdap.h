// RDAP (RFC 9082/9083) for domains, with the IANA bootstrap registry (RFC 9224) to find each TLD's server.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "enrich/http.h"

namespace ps::enrich {

class RdapBootstrap {
 public:
  // IANA's dns.json, ipv4.json or ipv6.json ({"services": [[["com","net"],["https://..."]], ...]}; IP files list
  // prefixes such as "1.0.0.0/8") or a bare services array. load_dir reads whichever of them a directory holds.
  static core::Result<RdapBootstrap> load(const std::string& path);
  static core::Result<RdapBootstrap> parse(const std::string& json_text, const std::string& name);
  static core::Result<RdapBootstrap> load_dir(const std::string& dir);
  void merge(const RdapBootstrap& other);
  // Base URL of the RIR server for an IP address: the longest listed prefix holding it.
  std::optional<std::string> base_for_ip(const std::string& ip) const;
  // Base URL (ending in '/') of the server for `domain`: the longest TLD label suffix listed; https first.
  std::optional<std::string> base_for(const std::string& domain) const;
  void set(const std::string& tld, const std::string& base) { servers_[tld] = base; }  // local overrides
  std::string publication;  // the registry's publication time, when given
  size_t size() const { return servers_.size(); }
  size_t ip_prefixes() const { return prefixes_.size(); }

 private:
  struct Prefix {
    int family = 0;  // 4 or 6
    unsigned char bytes[16] = {};
    int bits = 0;
    std::string base;
  };
  std::map<std::string, std::string> servers_;
  std::vector<Prefix> prefixes_;
};

// The registration facts as JSON: {"registered":"2026-02-04T03:21:00Z","expires":...,"last_changed":...,
// "registrar":"...","privacy":true,"status":[...],"rdap_url":"..."}.
core::Result<std::string> rdap_domain(const std::string& domain, const RdapBootstrap& bootstrap,
                                      const GuardPolicy& guard, long timeout_ms = 15000);

// The same facts from an RDAP domain response body (exposed for tests).
core::Result<std::string> rdap_facts(const std::string& body, const std::string& url);

// The network an IP address belongs to, from its RIR: {"network":"TENCENT-CN","handle":"...","range":"a - b",
// "country":"CN","org":"...","abuse_email":"...","rdap_url":"..."}.
core::Result<std::string> rdap_ip(const std::string& ip, const RdapBootstrap& bootstrap, const GuardPolicy& guard,
                                  long timeout_ms = 15000);
core::Result<std::string> rdap_ip_facts(const std::string& body, const std::string& url);

}  // namespace ps::enrich

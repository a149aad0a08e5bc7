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
  // IANA's dns.json ({"services": [[["com","net"],["https://..."]], ...]}) or its bare services array.
  static core::Result<RdapBootstrap> load(const std::string& path);
  static core::Result<RdapBootstrap> parse(const std::string& json_text, const std::string& name);
  // Base URL (ending in '/') of the server for `domain`: the longest TLD label suffix listed; https first.
  std::optional<std::string> base_for(const std::string& domain) const;
  void set(const std::string& tld, const std::string& base) { servers_[tld] = base; }  // local overrides
  std::string publication;  // the registry's publication time, when given
  size_t size() const { return servers_.size(); }

 private:
  std::map<std::string, std::string> servers_;
};

// The registration facts as JSON: {"registered":"2026-02-04T03:21:00Z","expires":...,"last_changed":...,
// "registrar":"...","privacy":true,"status":[...],"rdap_url":"..."}.
core::Result<std::string> rdap_domain(const std::string& domain, const RdapBootstrap& bootstrap,
                                      const GuardPolicy& guard, long timeout_ms = 15000);

// The same facts from an RDAP domain response body (exposed for tests).
core::Result<std::string> rdap_facts(const std::string& body, const std::string& url);

}  // namespace ps::enrich

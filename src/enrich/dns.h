// DNS lookups with c-ares: A, AAAA, MX, NS, TXT of a name, and the AS of an address from Team Cymru's DNS service.
#pragma once
#include <string>
#include <vector>

#include "core/result.h"

namespace ps::enrich {

struct DnsConfig {
  std::string servers;  // "127.0.0.1:5353,..." (c-ares CSV); empty: the system's resolvers
  int timeout_ms = 2500;
  int tries = 2;
};

// Answer as JSON: {"A":[...],"AAAA":[...],"MX":["10 mx.example.com"],"NS":[...],"TXT":[...],"CNAME":"..."}, types
// without records left out; a name that does not exist gives {"rcode":"NXDOMAIN"}. An error when no server answered.
core::Result<std::string> dns_lookup(const std::string& name, const DnsConfig& cfg);

// The TXT strings of one name (each record's chunks joined).
core::Result<std::vector<std::string>> dns_txt(const std::string& name, const DnsConfig& cfg);

// IP -> AS via Team Cymru (origin.asn.cymru.com / origin6, then ASnnn.asn.cymru.com for the AS name), as JSON
// {"asn":132203,"as_org":"...","country":"CN","prefix":"...","registry":"apnic"}.
core::Result<std::string> cymru_ip_lookup(const std::string& ip, const DnsConfig& cfg);

}  // namespace ps::enrich

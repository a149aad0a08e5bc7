// The SSRF guard of every online lookup: a connection may only go to a public address. Checked on the address a
// connection is about to use (after DNS resolution, on every redirect), not on the name in the URL.
#pragma once
#include <optional>
#include <string>

struct sockaddr;

namespace ps::enrich {

enum class AddressClass {
  Public,
  Unspecified,  // 0.0.0.0/8, ::
  Loopback,     // 127.0.0.0/8, ::1
  Private,      // 10/8, 172.16/12, 192.168/16
  CarrierNat,   // 100.64.0.0/10
  LinkLocal,    // 169.254.0.0/16, fe80::/10
  Metadata,     // cloud metadata services: 169.254.169.254, 100.100.100.200, fd00:ec2::254
  UniqueLocal,  // fc00::/7
  Multicast,    // 224.0.0.0/4, ff00::/8
  Reserved,     // 192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4 (and broadcast), documentation ranges
  Invalid,      // not an address
};

const char* address_class_name(AddressClass c);  // "private", "loopback", ...

// Embedded IPv4 (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is classified as the IPv4 address.
AddressClass classify_address(const std::string& ip);
AddressClass classify_address(const struct sockaddr* sa);

struct GuardPolicy {
  bool allow_loopback = false;  // tests only: their fake servers listen on 127.0.0.1
};

// Why a connection to `ip` is refused ("10.0.0.1 is a private address"), or nothing when it may go ahead.
std::optional<std::string> refuse_reason(const std::string& ip, const GuardPolicy& policy);

}  // namespace ps::enrich

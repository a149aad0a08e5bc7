// IP address literals and their address classes.
#pragma once
#include <optional>
#include <string>

namespace ps::core {

enum class IpClass { Public, Private, Loopback, LinkLocal, Unspecified, Multicast, Reserved, SharedCgn, Documentation };

struct IpAddress {
  bool v6 = false;
  unsigned char bytes[16] = {};
  std::string str() const;  // canonical text
};

std::optional<IpAddress> parse_ip(const std::string& text);  // dotted quad or IPv6 (also "IPv6:" prefix)
IpClass classify(const IpAddress& ip);
const char* ip_class_name(IpClass c);
inline bool is_public(const IpAddress& ip) { return classify(ip) == IpClass::Public; }

// Is `ip` inside `cidr` ("203.0.113.0/24", "2001:db8::/32", or a single address)? False for malformed CIDRs.
bool in_cidr(const IpAddress& ip, const std::string& cidr);
// The network an address is usually allocated in, as a CIDR: the /24 of an IPv4 address, the /48 of an IPv6 one
// ("" when `text` is not an address). Cases sharing it are grouped into campaigns.
std::string network_of(const std::string& text);
// Checks the syntax of a CIDR; returns "" when valid, else the problem.
std::string check_cidr(const std::string& cidr);

}  // namespace ps::core

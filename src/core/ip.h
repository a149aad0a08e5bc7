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

}  // namespace ps::core

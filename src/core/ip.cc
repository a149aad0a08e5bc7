#include "core/ip.h"

#include <arpa/inet.h>

#include <cstring>

#include "core/text.h"

namespace ps::core {

std::string IpAddress::str() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, buf, sizeof buf);
  return buf;
}

std::optional<IpAddress> parse_ip(const std::string& text) {
  std::string t = trim(text);
  if (starts_with_icase(t, "ipv6:")) t = t.substr(5);
  IpAddress ip;
  if (inet_pton(AF_INET, t.c_str(), ip.bytes) == 1) return ip;
  if (inet_pton(AF_INET6, t.c_str(), ip.bytes) == 1) {
    ip.v6 = true;
    // IPv4-mapped ::ffff:a.b.c.d is the IPv4 address
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(ip.bytes, mapped, 12) == 0) {
      IpAddress v4;
      std::memcpy(v4.bytes, ip.bytes + 12, 4);
      return v4;
    }
    return ip;
  }
  return std::nullopt;
}

std::string network_of(const std::string& text) {
  auto ip = parse_ip(text);
  if (!ip) return "";
  IpAddress net = *ip;
  if (!net.v6) {
    net.bytes[3] = 0;
    return net.str() + "/24";
  }
  for (int i = 6; i < 16; ++i) net.bytes[i] = 0;
  return net.str() + "/48";
}

IpClass classify(const IpAddress& ip) {
  const unsigned char* b = ip.bytes;
  if (!ip.v6) {
    if (b[0] == 0) return IpClass::Unspecified;
    if (b[0] == 127) return IpClass::Loopback;
    if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)) return IpClass::Private;
    if (b[0] == 169 && b[1] == 254) return IpClass::LinkLocal;
    if (b[0] == 100 && (b[1] & 0xC0) == 64) return IpClass::SharedCgn;
    if ((b[0] == 192 && b[1] == 0 && b[2] == 2) || (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
        (b[0] == 203 && b[1] == 0 && b[2] == 113))
      return IpClass::Documentation;
    if (b[0] >= 224 && b[0] <= 239) return IpClass::Multicast;
    if (b[0] >= 240 || (b[0] == 192 && b[1] == 0 && b[2] == 0) || (b[0] == 198 && (b[1] & 0xFE) == 18))
      return IpClass::Reserved;
    return IpClass::Public;
  }
  static const unsigned char zero[16] = {};
  if (std::memcmp(b, zero, 16) == 0) return IpClass::Unspecified;
  if (std::memcmp(b, zero, 15) == 0 && b[15] == 1) return IpClass::Loopback;
  if (b[0] == 0xfe && (b[1] & 0xC0) == 0x80) return IpClass::LinkLocal;
  if ((b[0] & 0xFE) == 0xfc) return IpClass::Private;  // unique local fc00::/7
  if (b[0] == 0xff) return IpClass::Multicast;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return IpClass::Documentation;
  if ((b[0] & 0xE0) != 0x20) return IpClass::Reserved;  // outside 2000::/3 global unicast
  return IpClass::Public;
}

namespace {
bool split_cidr(const std::string& cidr, IpAddress& net, int& bits) {
  auto slash = cidr.find('/');
  auto addr = parse_ip(cidr.substr(0, slash));
  if (!addr) return false;
  net = *addr;
  int max = net.v6 ? 128 : 32;
  bits = max;
  if (slash != std::string::npos) {
    std::string b = cidr.substr(slash + 1);
    if (b.empty() || b.size() > 3 || b.find_first_not_of("0123456789") != std::string::npos) return false;
    bits = std::stoi(b);
    if (bits > max) return false;
  }
  return true;
}
}  // namespace

std::string check_cidr(const std::string& cidr) {
  IpAddress net;
  int bits;
  return split_cidr(trim(cidr), net, bits) ? "" : "not an address or CIDR block: '" + cidr + "'";
}

bool in_cidr(const IpAddress& ip, const std::string& cidr) {
  IpAddress net;
  int bits;
  if (!split_cidr(trim(cidr), net, bits) || net.v6 != ip.v6) return false;
  for (int i = 0; i < bits; ++i) {
    int byte = i / 8, bit = 7 - i % 8;
    if (((ip.bytes[byte] >> bit) & 1) != ((net.bytes[byte] >> bit) & 1)) return false;
  }
  return true;
}

const char* ip_class_name(IpClass c) {
  switch (c) {
    case IpClass::Public: return "public";
    case IpClass::Private: return "private";
    case IpClass::Loopback: return "loopback";
    case IpClass::LinkLocal: return "link_local";
    case IpClass::Unspecified: return "unspecified";
    case IpClass::Multicast: return "multicast";
    case IpClass::Reserved: return "reserved";
    case IpClass::SharedCgn: return "shared_cgn";
    case IpClass::Documentation: return "documentation";
  }
  return "unknown";
}

}  // namespace ps::core

#include "enrich/netguard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace ps::enrich {

const char* address_class_name(AddressClass c) {
  switch (c) {
    case AddressClass::Public: return "public";
    case AddressClass::Unspecified: return "unspecified";
    case AddressClass::Loopback: return "loopback";
    case AddressClass::Private: return "private";
    case AddressClass::CarrierNat: return "carrier-grade NAT";
    case AddressClass::LinkLocal: return "link-local";
    case AddressClass::Metadata: return "cloud metadata";
    case AddressClass::UniqueLocal: return "unique local";
    case AddressClass::Multicast: return "multicast";
    case AddressClass::Reserved: return "reserved";
    case AddressClass::Invalid: return "invalid";
  }
  return "invalid";
}

namespace {

bool in4(uint32_t a, uint32_t net, int bits) {
  uint32_t mask = bits == 0 ? 0 : ~uint32_t(0) << (32 - bits);
  return (a & mask) == (net & mask);
}

constexpr uint32_t ip4(int a, int b, int c, int d) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | uint32_t(d);
}

AddressClass classify4(uint32_t a) {
  if (a == ip4(169, 254, 169, 254) || a == ip4(100, 100, 100, 200)) return AddressClass::Metadata;
  if (in4(a, ip4(0, 0, 0, 0), 8)) return AddressClass::Unspecified;
  if (in4(a, ip4(127, 0, 0, 0), 8)) return AddressClass::Loopback;
  if (in4(a, ip4(10, 0, 0, 0), 8) || in4(a, ip4(172, 16, 0, 0), 12) || in4(a, ip4(192, 168, 0, 0), 16))
    return AddressClass::Private;
  if (in4(a, ip4(100, 64, 0, 0), 10)) return AddressClass::CarrierNat;
  if (in4(a, ip4(169, 254, 0, 0), 16)) return AddressClass::LinkLocal;
  if (in4(a, ip4(224, 0, 0, 0), 4)) return AddressClass::Multicast;
  if (in4(a, ip4(240, 0, 0, 0), 4) || in4(a, ip4(192, 0, 0, 0), 24) || in4(a, ip4(198, 18, 0, 0), 15) ||
      in4(a, ip4(192, 0, 2, 0), 24) || in4(a, ip4(198, 51, 100, 0), 24) || in4(a, ip4(203, 0, 113, 0), 24) ||
      in4(a, ip4(192, 88, 99, 0), 24))
    return AddressClass::Reserved;
  return AddressClass::Public;
}

uint32_t be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]; }

AddressClass classify6(const uint8_t* b) {
  static const uint8_t zero[16] = {};
  if (std::memcmp(b, zero, 16) == 0) return AddressClass::Unspecified;
  if (std::memcmp(b, zero, 15) == 0 && b[15] == 1) return AddressClass::Loopback;
  static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, mapped, 12) == 0) return classify4(be32(b + 12));
  static const uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, nat64, 12) == 0) return classify4(be32(b + 12));
  if (std::memcmp(b, zero, 12) == 0) return classify4(be32(b + 12));  // deprecated IPv4-compatible ::a.b.c.d
  if (b[0] == 0x20 && b[1] == 0x02) return classify4(be32(b + 2));  // 6to4
  static const uint8_t aws_md[16] = {0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x2, 0x54};
  if (std::memcmp(b, aws_md, 16) == 0) return AddressClass::Metadata;
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::UniqueLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::LinkLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::UniqueLocal;  // deprecated site-local
  if (b[0] == 0xff) return AddressClass::Multicast;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressClass::Reserved;  // documentation
  if (b[0] == 0x01 && b[1] == 0x00 && std::memcmp(b + 2, zero, 6) == 0) return AddressClass::Reserved;  // discard
  if ((b[0] & 0xe0) != 0x20) return AddressClass::Reserved;  // outside 2000::/3, the global unicast space
  return AddressClass::Public;
}

}  // namespace

AddressClass classify_address(const std::string& ip) {
  in_addr a4{};
  if (inet_pton(AF_INET, ip.c_str(), &a4) == 1) return classify4(ntohl(a4.s_addr));
  in6_addr a6{};
  std::string s = ip;
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (auto pct = s.find('%'); pct != std::string::npos) s.resize(pct);  // zone index: link-local anyway
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) return classify6(a6.s6_addr);
  return AddressClass::Invalid;
}

AddressClass classify_address(const struct sockaddr* sa) {
  if (!sa) return AddressClass::Invalid;
  if (sa->sa_family == AF_INET) return classify4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
  if (sa->sa_family == AF_INET6) return classify6(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr);
  return AddressClass::Invalid;
}

std::optional<std::string> refuse_reason(const std::string& ip, const GuardPolicy& policy) {
  AddressClass c = classify_address(ip);
  if (c == AddressClass::Public) return std::nullopt;
  if (c == AddressClass::Loopback && policy.allow_loopback) return std::nullopt;
  return ip + " is " + (c == AddressClass::Invalid ? "not an IP address" : std::string("a ") + address_class_name(c) +
                                                                                " address");
}

}  // namespace ps::enrich

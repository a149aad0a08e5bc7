#include "core/ip.h"

#include <gtest/gtest.h>

namespace ps::core {

TEST(Ip, ClassifiesEachAddressClass) {
  auto cls = [](const char* s) { return classify(*parse_ip(s)); };
  EXPECT_EQ(cls("101.47.78.65"), IpClass::Public);
  EXPECT_EQ(cls("127.0.0.1"), IpClass::Loopback);
  EXPECT_EQ(cls("10.1.2.3"), IpClass::Private);
  EXPECT_EQ(cls("172.20.0.1"), IpClass::Private);
  EXPECT_EQ(cls("172.32.0.1"), IpClass::Public);
  EXPECT_EQ(cls("192.168.0.1"), IpClass::Private);
  EXPECT_EQ(cls("169.254.169.254"), IpClass::LinkLocal);
  EXPECT_EQ(cls("100.64.0.1"), IpClass::SharedCgn);
  EXPECT_EQ(cls("0.0.0.0"), IpClass::Unspecified);
  EXPECT_EQ(cls("::1"), IpClass::Loopback);
  EXPECT_EQ(cls("fe80::1"), IpClass::LinkLocal);
  EXPECT_EQ(cls("fd00::1"), IpClass::Private);
  EXPECT_EQ(cls("2001:db8::1"), IpClass::Documentation);
  EXPECT_EQ(cls("2404:6800:4004:80a::200e"), IpClass::Public);
}

TEST(Ip, MappedIpv6IsIpv4AndPrefixAccepted) {
  auto ip = parse_ip("::ffff:192.168.1.1");
  ASSERT_TRUE(ip);
  EXPECT_FALSE(ip->v6);
  EXPECT_EQ(ip->str(), "192.168.1.1");
  EXPECT_EQ(parse_ip("IPv6:2001:db8::5")->str(), "2001:db8::5");
  EXPECT_FALSE(parse_ip("mail.example.jp"));
  EXPECT_FALSE(parse_ip("999.1.1.1"));
}

}  // namespace ps::core

namespace ps::core {
TEST(Ip, NetworkOfAnAddress) {
  EXPECT_EQ(network_of("101.47.78.1"), "101.47.78.0/24");
  EXPECT_EQ(network_of("2001:db8:1:2::5"), "2001:db8:1::/48");
  EXPECT_EQ(network_of("::ffff:203.0.113.9"), "203.0.113.0/24");
  EXPECT_EQ(network_of("not an ip"), "");
  EXPECT_EQ(network_of(""), "");
}
}  // namespace ps::core

#include "extract/url.h"

#include <gtest/gtest.h>

namespace ps::extract {

TEST(Url, SplitsParts) {
  auto p = split_url("https://user:pw@Eki-Net-Carcini.DDNXW.cn:8443/Perosnal_member/?a=1#f");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.userinfo, "user:pw");
  EXPECT_EQ(p.host, "eki-net-carcini.ddnxw.cn");
  EXPECT_EQ(p.port, "8443");
  EXPECT_EQ(p.path, "/Perosnal_member/");
  EXPECT_EQ(p.query, "a=1");
  EXPECT_FALSE(split_url("mailto:x@y").ok);
  EXPECT_EQ(split_url("http://[2001:db8::1]:80/x").host, "2001:db8::1");
}

TEST(Url, RegistrableDomainFromPublicSuffixList) {
  EXPECT_EQ(registrable_domain("eki-net-carcini.ddnxw.cn"), "ddnxw.cn");
  EXPECT_EQ(registrable_domain("www.eki-net.com"), "eki-net.com");
  EXPECT_EQ(registrable_domain("www.pocketcard.co.jp"), "pocketcard.co.jp");
  EXPECT_EQ(registrable_domain("a.b.example.ne.jp"), "example.ne.jp");
  EXPECT_EQ(registrable_domain("foo.github.io"), "foo.github.io");
  EXPECT_EQ(registrable_domain("101.47.78.65"), "");
  EXPECT_EQ(public_suffix("x.y.co.jp"), "co.jp");
}

TEST(Url, FindsUrlsInTextAndStripsTrailingPunctuation) {
  auto u = find_urls_in_text("「えきねっと」 https://www.eki-net.com/ です。see http://a.example/x. and (https://b.example/y)");
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[0].url, "https://www.eki-net.com/");
  EXPECT_EQ(u[1].url, "http://a.example/x");
  EXPECT_EQ(u[2].url, "https://b.example/y");
  EXPECT_TRUE(find_urls_in_text("no url http:// here").empty());
}

}  // namespace ps::extract

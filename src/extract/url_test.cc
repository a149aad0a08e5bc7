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

namespace ps::extract {

TEST(Url, LineWrappedUrlsAreJoined) {
  // a mailer wrapped a long URL at 76 columns
  std::string text =
      "Please confirm your account within 24 hours here: https://secure-login.example.cn/\n"
      "account/verify?id=88213&token=ab12\nThank you.";
  auto u = find_urls_in_text(text);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].url, "https://secure-login.example.cn/account/verify?id=88213&token=ab12");
  EXPECT_TRUE(u[0].wrapped);
  EXPECT_EQ(text.substr(u[0].begin, u[0].end - u[0].begin),
            "https://secure-login.example.cn/\naccount/verify?id=88213&token=ab12");
  // RFC 3986 appendix C: <URL> broken with white space
  u = find_urls_in_text("see <https://a.example/very/long/\r\n   path/to/page?x=1> for details");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].url, "https://a.example/very/long/path/to/page?x=1");
  EXPECT_TRUE(u[0].wrapped);
}

TEST(Url, TextAfterAUrlAtALineEndIsNotJoined) {
  // the next line is a word of the sentence, not a continuation
  std::string text =
      "To keep using the service please sign in at the portal https://portal.example.com/login\n"
      "and update your details.\n";
  auto u = find_urls_in_text(text);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].url, "https://portal.example.com/login");
  EXPECT_FALSE(u[0].wrapped);
  // short line: never joined, even when the next line looks like a path
  u = find_urls_in_text("https://a.example/x\n/y/z?q=1\n");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].url, "https://a.example/x");
  // indented next line: a new paragraph, not a continuation
  u = find_urls_in_text(std::string(50, 'x') + " https://a.example/abcdefghijk\n  /y?q=1\n");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].url, "https://a.example/abcdefghijk");
  // Japanese on the next line is not URL text
  u = find_urls_in_text(std::string(60, 'x') + " https://a.example/p\n詳しくはこちら\n");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].url, "https://a.example/p");
}

}  // namespace ps::extract

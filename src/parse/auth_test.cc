#include "parse/auth.h"

#include <gtest/gtest.h>

namespace ps::parse {

TEST(AuthResults, SplitsClausesOutsideCommentsAndQuotes) {
  auto v = split_outside_comments("a; b (x; y) c; \"q;r\"; d", ';');
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[1], "b (x; y) c");
  EXPECT_EQ(v[2], "\"q;r\"");
}

TEST(AuthResults, Rfc8601WithCommentsAndProperties) {
  auto r = parse_authentication_results(
      "mx01.example.jp;\r\n\tspf=fail (sender IP is 101.47.78.65; not permitted) smtp.mailfrom=iwkr.cn;\r\n"
      "\tdkim=pass (2048-bit key) header.d=example.com header.s=sel1 header.b=abcd;\r\n\tdmarc=fail (p=reject) header.from=example.com",
      "Authentication-Results");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].authserv_id, "mx01.example.jp");
  EXPECT_EQ(r[0].method, "spf");
  EXPECT_EQ(r[0].result, "fail");
  EXPECT_EQ(r[0].props["smtp.mailfrom"], "iwkr.cn");
  EXPECT_NE(r[0].detail.find("not permitted"), std::string::npos);
  EXPECT_EQ(r[1].props["header.d"], "example.com");
  EXPECT_EQ(r[1].props["header.s"], "sel1");
  EXPECT_EQ(r[2].result, "fail");
  EXPECT_EQ(r[2].props["header.from"], "example.com");
}

TEST(AuthResults, VersionNoResultsAndArc) {
  auto none = parse_authentication_results("mx.example.jp 1; none", "Authentication-Results");
  EXPECT_TRUE(none.empty());
  auto arc = parse_authentication_results("i=1; mx.google.com; dkim=pass header.i=@example.com; spf=pass",
                                          "ARC-Authentication-Results");
  ASSERT_EQ(arc.size(), 2u);
  EXPECT_EQ(arc[0].authserv_id, "mx.google.com");
}

TEST(ReceivedSpf, ResultAndKeyValues) {
  auto r = parse_received_spf(
      "Fail (mailfrom) identity=mailfrom; client-ip=101.47.78.65; helo=iwkr.cn; envelope-from=a@iwkr.cn; receiver=mx.example.jp");
  EXPECT_EQ(r.method, "spf");
  EXPECT_EQ(r.result, "fail");
  EXPECT_EQ(r.props["client-ip"], "101.47.78.65");
  EXPECT_EQ(r.props["envelope-from"], "a@iwkr.cn");
  EXPECT_EQ(r.authserv_id, "mx.example.jp");
  auto p = parse_received_spf("pass (mx.example.jp: domain of a@b.example designates 1.2.3.4 as permitted sender) client-ip=1.2.3.4;");
  EXPECT_EQ(p.result, "pass");
  EXPECT_EQ(p.props["client-ip"], "1.2.3.4");
}

TEST(DkimSignature, TagList) {
  auto t = parse_tag_list("v=1; a=rsa-sha256; c=relaxed/relaxed; d=Example.COM;\r\n s=sel1; h=from:to; bh=abc=; b=de\r\n f=");
  EXPECT_EQ(t["d"], "Example.COM");
  EXPECT_EQ(t["s"], "sel1");
  EXPECT_EQ(t["b"], "def=");
  EXPECT_EQ(t["bh"], "abc=");
}

}  // namespace ps::parse

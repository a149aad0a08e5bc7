#include "parse/received.h"

#include <gtest/gtest.h>

namespace ps::parse {

TEST(Received, PostfixUnknownRdns) {
  auto h = parse_received(
      "from iwkr.cn (unknown [101.47.78.65]) by mx01.example.jp (Postfix) with ESMTP id 4fQxYb0kZ3z9sW0 for "
      "<tanaka.hiroshi@example.jp>; Fri, 13 Feb 2026 04:20:11 +0900 (JST)");
  EXPECT_TRUE(h.parsed);
  EXPECT_EQ(h.from_helo, "iwkr.cn");
  EXPECT_EQ(h.from_rdns, "unknown");
  EXPECT_EQ(h.ip, "101.47.78.65");
  EXPECT_EQ(h.by, "mx01.example.jp");
  EXPECT_EQ(h.with, "ESMTP");
  EXPECT_EQ(h.id, "4fQxYb0kZ3z9sW0");
  EXPECT_EQ(h.for_addr, "tanaka.hiroshi@example.jp");
  ASSERT_TRUE(h.date);
  EXPECT_EQ(h.date->iso8601(), "2026-02-13T04:20:11+09:00");
}

TEST(Received, QmailHeloInParentheses) {
  auto h = parse_received("from unknown (HELO gghxw.cn) (101.47.78.1) by mail.example.ne.jp with SMTP; 15 Mar 2026 17:29:31 +0900");
  EXPECT_EQ(h.from_helo, "gghxw.cn");
  EXPECT_EQ(h.from_rdns, "unknown");
  EXPECT_EQ(h.ip, "101.47.78.1");
  EXPECT_EQ(h.by, "mail.example.ne.jp");
  ASSERT_TRUE(h.date);
  EXPECT_EQ(h.date->iso8601(), "2026-03-15T17:29:31+09:00");
}

TEST(Received, QmailInvokedFromNetworkHasNoAddress) {
  auto h = parse_received("(qmail 28811 invoked from network); 15 Mar 2026 17:29:31 +0900");
  EXPECT_TRUE(h.ip.empty());
  EXPECT_TRUE(h.date.has_value());
}

TEST(Received, EximAndGmailAndIpv6) {
  auto e = parse_received("from [203.0.113.9] (helo=bad.example) by mx.example.org with esmtp (Exim 4.96) id 1abc; "
                          "Mon, 02 Mar 2026 10:00:00 +0000");
  EXPECT_EQ(e.ip, "203.0.113.9");
  EXPECT_EQ(e.from_helo, "bad.example");
  auto g = parse_received("from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com "
                          "with SMTPS id x; Tue, 03 Mar 2026 01:02:03 -0800 (PST)");
  EXPECT_EQ(g.from_rdns, "mail-sor-f41.google.com");
  EXPECT_EQ(g.ip, "209.85.220.41");
  auto v6 = parse_received("from mx.example.net (mx.example.net [IPv6:2001:db8::25]) by in.example.jp (Postfix); "
                           "Tue, 03 Mar 2026 01:02:03 +0900");
  EXPECT_EQ(v6.ip, "2001:db8::25");
}

TEST(Received, UnparseableDateIsNoted) {
  auto h = parse_received("from a (b [1.2.3.4]) by c; not a date at all");
  EXPECT_FALSE(h.date);
  EXPECT_EQ(h.note, "unparseable date");
  EXPECT_EQ(h.ip, "1.2.3.4");
}

TEST(Received, TrustBoundarySkipsLoopbackAndAddresslessHops) {
  std::vector<core::ReceivedHop> hops = {
      parse_received("from mx01.example.jp (localhost [127.0.0.1]) by mbox01.example.jp; Fri, 13 Feb 2026 04:20:14 +0900"),
      parse_received("from relay (relay.internal [10.0.0.5]) by mx01.example.jp; Fri, 13 Feb 2026 04:20:13 +0900"),
      parse_received("from iwkr.cn (unknown [101.47.78.65]) by edge.example.jp; Fri, 13 Feb 2026 04:20:11 +0900"),
      parse_received("from forged.example (forged.example [8.8.8.8]) by iwkr.cn; Fri, 13 Feb 2026 04:00:00 +0900"),
  };
  auto s = find_sender(hops);
  EXPECT_EQ(s.hop, 2);
  EXPECT_EQ(s.ip, "101.47.78.65");
  EXPECT_EQ(s.helo, "iwkr.cn");
  EXPECT_EQ(s.received_by, "edge.example.jp");
  EXPECT_EQ(s.trust_reason, "above_hops_internal");
}

TEST(Received, NoOutsideHop) {
  std::vector<core::ReceivedHop> hops = {parse_received("from localhost (localhost [127.0.0.1]) by x; 1 Jan 2026 00:00:00 +0000")};
  EXPECT_EQ(find_sender(hops).hop, -1);
}

}  // namespace ps::parse

namespace ps::parse {

TEST(Dates, Rfc5322FormsAndZones) {
  auto iso = [](const char* s) {
    auto t = parse_rfc5322_date(s);
    return t ? t->iso8601() : std::string("none");
  };
  EXPECT_EQ(iso("Fri, 13 Feb 2026 04:20:14 +0900 (JST)"), "2026-02-13T04:20:14+09:00");
  EXPECT_EQ(iso("15 Mar 2026 17:29:31 +0900"), "2026-03-15T17:29:31+09:00");
  EXPECT_EQ(iso("Sun, 15 Mar 2026 16:29:08 +0800"), "2026-03-15T16:29:08+08:00");
  EXPECT_EQ(iso("Tue, 3 Mar 26 01:02 -0800"), "2026-03-03T01:02:00-08:00");
  EXPECT_EQ(iso("Tue, 03 Mar 2026 01:02:03 GMT"), "2026-03-03T01:02:03Z");
  EXPECT_EQ(iso("Tue, 03 Mar 2026 01:02:03 PDT"), "2026-03-03T01:02:03-07:00");
  EXPECT_EQ(iso("Tue, 03 Mar 2026 10:02:03 JST"), "2026-03-03T10:02:03+09:00");
  EXPECT_EQ(iso("not a date"), "none");
  EXPECT_EQ(iso("32 Foo 2026 99:99:99"), "none");
}

}  // namespace ps::parse

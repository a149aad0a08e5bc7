// Received lines as the mail systems a Japanese recipient is behind write them, and whole chains with their trust
// boundary. Table-driven: each row is a raw (folded) field and what must be read from it.
#include <gtest/gtest.h>

#include "parse/received.h"
#include "parse/relays.h"
#include "test_util.h"
#include "parse/rfc2047.h"

namespace ps::parse {

struct HopCase {
  const char* name;
  const char* raw;
  const char* helo;
  const char* rdns;
  const char* ip;
  const char* by;
  const char* with;
  const char* tls;
  const char* for_addr;
  const char* date_utc;  // "" = no date
};

const HopCase kHops[] = {
    {"postfix_tls_verified_rdns",
     "from mail-ej1-f41.google.com (mail-ej1-f41.google.com [209.85.218.41])\r\n"
     "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\r\n"
     "\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\r\n"
     "\t(No client certificate requested)\r\n"
     "\tby mx.example.jp (Postfix) with ESMTPS id 4Ab1Cd2Ef3\r\n"
     "\tfor <user@example.jp>; Tue, 10 Mar 2026 09:15:02 +0900 (JST)",
     "mail-ej1-f41.google.com", "mail-ej1-f41.google.com", "209.85.218.41", "mx.example.jp", "ESMTPS", "TLSv1.3",
     "user@example.jp", "2026-03-10T00:15:02Z"},
    {"postfix_unknown_rdns", "from iwkr.cn (unknown [101.47.78.65]) by mx01.example.jp (Postfix) with ESMTP id 4fQ for <t@example.jp>; Fri, 13 Feb 2026 04:20:11 +0900 (JST)",
     "iwkr.cn", "unknown", "101.47.78.65", "mx01.example.jp", "ESMTP", "", "t@example.jp", "2026-02-12T19:20:11Z"},
    {"sendmail_may_be_forged",
     "from smtp.example.org (smtp.example.org [198.51.100.7] (may be forged))\n"
     "\tby mail.example.co.jp (8.15.2/8.15.2) with ESMTPS id 2AB3C4D5001234\n"
     "\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT)\n"
     "\tfor <taro@example.co.jp>; Wed, 11 Mar 2026 10:00:00 +0900",
     "smtp.example.org", "smtp.example.org", "198.51.100.7", "mail.example.co.jp", "ESMTPS", "TLSv1.3",
     "taro@example.co.jp", "2026-03-11T01:00:00Z"},
    {"sendmail_ident", "from helo.example (user@host.example [198.51.100.8]) by mx.example.jp (8.17.1/8.17.1) with SMTP id 1; Wed, 11 Mar 2026 10:00:00 +0900",
     "helo.example", "user@host.example", "198.51.100.8", "mx.example.jp", "SMTP", "", "", "2026-03-11T01:00:00Z"},
    {"exim_ip_literal_helo",
     "from [203.0.113.45] (port=51234 helo=WIN-ABC123)\n\tby mx1.example.ne.jp with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384\n"
     "\t(Exim 4.96)\n\t(envelope-from <spam@bad.example>)\n\tid 1pXyZa-0001Ab-2C\n\tfor hanako@example.ne.jp; Thu, 12 Mar 2026 11:22:33 +0900",
     "WIN-ABC123", "", "203.0.113.45", "mx1.example.ne.jp", "esmtpsa", "TLS1.3", "hanako@example.ne.jp", "2026-03-12T02:22:33Z"},
    {"exim_rdns_and_helo", "from mail.example.com ([198.51.100.20] helo=mx.example.com) by mx1.example.ne.jp with esmtp (Exim 4.96) id 1q; Thu, 12 Mar 2026 11:22:33 +0900",
     "mx.example.com", "mail.example.com", "198.51.100.20", "mx1.example.ne.jp", "esmtp", "", "", "2026-03-12T02:22:33Z"},
    {"qmail_helo", "from unknown (HELO gghxw.cn) (101.47.78.1)\n  by mail.example.ne.jp with SMTP; 15 Mar 2026 17:29:31 +0900",
     "gghxw.cn", "unknown", "101.47.78.1", "mail.example.ne.jp", "SMTP", "", "", "2026-03-15T08:29:31Z"},
    {"qmail_local", "(qmail 28811 invoked from network); 15 Mar 2026 17:29:31 +0900", "", "", "", "", "", "", "", "2026-03-15T08:29:31Z"},
    {"exchange_online_frontend",
     "from mail.evil.example (203.0.113.77) by TY1PEPF00001234.mail.protection.outlook.com (10.167.8.40) with Microsoft SMTP\r\n"
     " Server id 15.20.7452.22 via Frontend Transport; Fri, 13 Mar 2026 01:02:03 +0000",
     "mail.evil.example", "", "203.0.113.77", "TY1PEPF00001234.mail.protection.outlook.com", "Microsoft SMTP Server", "", "",
     "2026-03-13T01:02:03Z"},
    {"exchange_internal_ipv6_tls",
     "from TY1PEPF00001234.jpnprd01.prod.outlook.com (2603:1096:405:1:cafe::5) by\r\n OS3P286MB1234.JPNP286.PROD.OUTLOOK.COM (2603:1096:604:1a2::8) with Microsoft SMTP\r\n"
     " Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id\r\n 15.20.7452.28; Fri, 13 Mar 2026 01:02:04 +0000",
     "TY1PEPF00001234.jpnprd01.prod.outlook.com", "", "2603:1096:405:1:cafe::5", "OS3P286MB1234.JPNP286.PROD.OUTLOOK.COM",
     "Microsoft SMTP Server", "TLS1_2", "", "2026-03-13T01:02:04Z"},
    {"gmail_inbound",
     "from mail.evil.example (mail.evil.example. [203.0.113.88])\r\n        by mx.google.com with ESMTPS id x1-20020a170902ab01sor.2026.03.14.02.00.04\r\n"
     "        for <taro@gmail.com>\r\n        (Google Transport Security);\r\n        Sat, 14 Mar 2026 02:00:04 -0700 (PDT)",
     "mail.evil.example", "mail.evil.example", "203.0.113.88", "mx.google.com", "ESMTPS", "yes (ESMTPS)", "taro@gmail.com",
     "2026-03-14T09:00:04Z"},
    {"gmail_internal_no_from", "by 2002:a05:6a10:1234:b0:5ab:cd12:3456 with SMTP id ab12cd34ef56;\r\n        Sat, 14 Mar 2026 02:00:05 -0700 (PDT)",
     "", "", "", "2002:a05:6a10:1234:b0:5ab:cd12:3456", "SMTP", "", "", "2026-03-14T09:00:05Z"},
    {"yahoo_japan_relay", "from 106.153.226.39 (EHLO mail.example.co.jp) (106.153.226.39)\r\n by mta501.mail.djm.yahoo.co.jp with SMTP; Sun, 15 Mar 2026 12:00:00 +0900",
     "mail.example.co.jp", "", "106.153.226.39", "mta501.mail.djm.yahoo.co.jp", "SMTP", "", "", "2026-03-15T03:00:00Z"},
    {"ipv4_mapped_ipv6", "from host.example (host.example [IPv6:::ffff:203.0.113.5]) by mx.example.jp (Postfix) with ESMTP; Sun, 15 Mar 2026 12:00:00 +0900",
     "host.example", "host.example", "203.0.113.5", "mx.example.jp", "ESMTP", "", "", "2026-03-15T03:00:00Z"},
    {"ipv6_postfix", "from mx.example.net (mx.example.net [IPv6:2001:db8:1::25]) by in.example.jp (Postfix) with ESMTPS id Q; Sun, 15 Mar 2026 12:00:00 +0900",
     "mx.example.net", "mx.example.net", "2001:db8:1::25", "in.example.jp", "ESMTPS", "yes (ESMTPS)", "", "2026-03-15T03:00:00Z"},
    {"no_date_missing_parts", "from somewhere by mx.example.jp", "somewhere", "", "", "mx.example.jp", "", "", "", ""},
};

class ReceivedFormat : public ::testing::TestWithParam<HopCase> {};

TEST_P(ReceivedFormat, ReadsEveryField) {
  const HopCase& c = GetParam();
  core::ReceivedHop h = parse_received(unfold(c.raw));
  EXPECT_EQ(h.from_helo, c.helo);
  EXPECT_EQ(h.from_rdns, c.rdns);
  EXPECT_EQ(h.ip, c.ip);
  EXPECT_EQ(h.by, c.by);
  EXPECT_EQ(h.with, c.with);
  EXPECT_EQ(h.tls, c.tls);
  EXPECT_EQ(h.for_addr, c.for_addr);
  if (*c.date_utc) {
    ASSERT_TRUE(h.date) << h.note;
    EXPECT_EQ(h.date->at_offset(0).iso8601(), c.date_utc);
  } else {
    EXPECT_FALSE(h.date);
    EXPECT_FALSE(h.note.empty());
  }
  EXPECT_EQ(h.raw, unfold(c.raw));  // nothing lost
}

INSTANTIATE_TEST_SUITE_P(Formats, ReceivedFormat, ::testing::ValuesIn(kHops),
                         [](const auto& info) { return std::string(info.param.name); });

static std::vector<core::ReceivedHop> chain(std::initializer_list<const char*> raws) {
  std::vector<core::ReceivedHop> v;
  for (const char* r : raws) v.push_back(parse_received(unfold(r)));
  return v;
}

TEST(TrustBoundary, Microsoft365ChainStopsAtTheFrontend) {
  auto hops = chain({
      "from OS3P286MB1234.JPNP286.PROD.OUTLOOK.COM (2603:1096:604:1a2::8) by TYCP286MB5678.JPNP286.PROD.OUTLOOK.COM with HTTPS; Fri, 13 Mar 2026 01:02:05 +0000",
      "from TY1PEPF00001234.jpnprd01.prod.outlook.com (2603:1096:405:1:cafe::5) by OS3P286MB1234.JPNP286.PROD.OUTLOOK.COM (2603:1096:604:1a2::8) with Microsoft SMTP Server (version=TLS1_2, cipher=X) id 15.20.7452.28; Fri, 13 Mar 2026 01:02:04 +0000",
      "from mail.evil.example (203.0.113.77) by TY1PEPF00001234.mail.protection.outlook.com (10.167.8.40) with Microsoft SMTP Server id 15.20.7452.22 via Frontend Transport; Fri, 13 Mar 2026 01:02:03 +0000",
      "from forged.example ([8.8.8.8]) by mail.evil.example; Fri, 13 Mar 2026 00:00:00 +0000",
  });
  auto relays = RelayCatalog::load(test::data_dir() + "/relays.json");
  ASSERT_TRUE(relays.ok());
  ChainContext ctx;
  ctx.relays = &*relays;
  auto s = find_sender(hops, {}, ctx);
  EXPECT_EQ(s.hop, 2);
  EXPECT_EQ(s.ip, "203.0.113.77");
  EXPECT_EQ(hops[0].internal_reason, "provider");
  EXPECT_EQ(hops[1].internal_reason, "provider");
}

TEST(TrustBoundary, IspFilterRelayInTheReceiversDomain) {
  auto hops = chain({
      "from mfilter01.example.ne.jp (mfilter01.example.ne.jp [192.0.2.10]) by mbox05.example.ne.jp (Postfix) with ESMTP id X; Sun, 15 Mar 2026 12:00:05 +0900",
      "from smtp.spammer.example (unknown [198.51.100.99]) by mfilter01.example.ne.jp (Postfix) with ESMTP id Y; Sun, 15 Mar 2026 12:00:03 +0900",
  });
  auto s = find_sender(hops);
  EXPECT_EQ(s.hop, 1);
  EXPECT_EQ(s.ip, "198.51.100.99");
  EXPECT_EQ(hops[0].internal_reason, "receiver_domain");
  // without the rule the relay itself would be taken for the sender
  core::TrustConfig strict;
  strict.trust_receiver_domain = false;
  EXPECT_EQ(find_sender(hops, strict).ip, "192.0.2.10");
}

TEST(TrustBoundary, ConfiguredNetworksAndHosts) {
  auto hops = chain({
      "from gw.corp.example (gw.corp.example [198.51.100.1]) by mail.corp.example; Sun, 15 Mar 2026 12:00:05 +0900",
      "from scanner.vendor.example (scanner.vendor.example [203.0.113.200]) by gw.corp.example; Sun, 15 Mar 2026 12:00:04 +0900",
      "from bad.example (unknown [192.0.2.99]) by scanner.vendor.example; Sun, 15 Mar 2026 12:00:03 +0900",
  });
  core::TrustConfig t;
  t.trust_receiver_domain = false;
  t.internal_networks = {"198.51.100.0/24"};
  t.internal_hosts = {".vendor.example"};
  auto s = find_sender(hops, t);
  EXPECT_EQ(s.hop, 2);
  EXPECT_EQ(s.ip, "192.0.2.99");
  EXPECT_EQ(hops[0].internal_reason, "internal_network");
  EXPECT_EQ(hops[1].internal_reason, "internal_host");
}

TEST(TrustBoundary, MailBetweenUsersOfOneProviderStillHasASender) {
  // every hop is in google.com: the receiver-domain rule would leave no sender, so the first outside address wins
  auto hops = chain({
      "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id a; Sat, 14 Mar 2026 02:00:04 -0700",
  });
  auto s = find_sender(hops);
  EXPECT_EQ(s.hop, 0);
  EXPECT_EQ(s.ip, "209.85.220.41");
}

TEST(Timing, DelaysOutOfOrderAndDateSkew) {
  auto hops = chain({
      "from a (a [192.168.0.2]) by top; Sun, 15 Mar 2026 12:00:10 +0900",
      "from b (b [203.0.113.1]) by a; Sun, 15 Mar 2026 12:00:00 +0900",
      "from c (c [203.0.113.2]) by b; Sun, 15 Mar 2026 13:00:00 +0900",  // an hour later than the hop after it
  });
  auto s = find_sender(hops);
  ASSERT_EQ(s.hop, 1);
  auto date = parse_rfc5322_date("Sun, 15 Mar 2026 12:30:00 +0900");
  auto issues = check_timing(hops, s.hop, date);
  EXPECT_EQ(hops[0].delay_seconds.value(), 10);
  EXPECT_EQ(hops[1].delay_seconds.value(), -3600);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].kind, "OUT_OF_ORDER");
  EXPECT_EQ(issues[0].hop, 1);
  EXPECT_EQ(issues[1].kind, "DATE_AFTER_RECEIVED");
  EXPECT_EQ(issues[1].seconds, 1800);
  // a normal chain has no issue
  auto ok = chain({"from a (a [192.168.0.2]) by top; Sun, 15 Mar 2026 12:00:10 +0900",
                   "from b (b [203.0.113.1]) by a; Sun, 15 Mar 2026 12:00:00 +0900"});
  EXPECT_TRUE(check_timing(ok, 1, parse_rfc5322_date("Sun, 15 Mar 2026 11:59:58 +0900")).empty());
}

TEST(ReceivedHostile, HugeFieldAndManyComments) {
  std::string big = "from x (";
  for (int i = 0; i < 20000; ++i) big += "(nested ";
  big += "[203.0.113.9]";
  for (int i = 0; i < 20000; ++i) big += ")";
  big += ") by mx.example.jp; not a date";
  auto h = parse_received(big);
  EXPECT_EQ(h.from_helo, "x");
  EXPECT_EQ(h.by, "mx.example.jp");
  EXPECT_FALSE(h.date);
  std::string words(100000, 'a');
  auto w = parse_received("from " + words + " by b; " + words);
  EXPECT_EQ(w.by, "b");
  EXPECT_FALSE(w.date);
}

}  // namespace ps::parse

// The trust boundary on hosted mailboxes, mailing lists, fetches and provider relays, with the relay catalog of
// data/relays.json. Each chain is synthetic (example names, documentation addresses where the provider's own ranges
// do not matter) in the shape these servers write.
#include "parse/relays.h"

#include <gtest/gtest.h>

#include "parse/parse.h"
#include "parse/received.h"
#include "parse/rfc2047.h"
#include "test_util.h"

namespace ps::parse {

namespace {

const RelayCatalog& catalog() {
  static RelayCatalog c = [] {
    auto r = RelayCatalog::load(test::data_dir() + "/relays.json");
    EXPECT_TRUE(r.ok()) << r.error().str();
    return r.ok() ? *r : RelayCatalog{};
  }();
  return c;
}

core::Message parse(const std::string& headers, const std::string& body = "hello\n") {
  return parse_message("t.eml", headers + "\n" + body, {}, {}, &catalog());
}

}  // namespace

TEST(RelayCatalog, LoadsAndRejectsBadData) {
  EXPECT_NE(catalog().find("microsoft"), nullptr);
  EXPECT_NE(catalog().by_host("DM3NAM02FT006.mail.protection.outlook.com"), nullptr);
  EXPECT_EQ(catalog().by_host("outlook.com.evil.example"), nullptr);
  EXPECT_FALSE(RelayCatalog::parse("{}", "x").ok());
  EXPECT_FALSE(RelayCatalog::parse(R"({"providers": [{"id": "a", "name": "A", "hosts": ["a.example"], "networks": ["300.0.0.0/8"]}]})", "x").ok());
  EXPECT_TRUE(host_under("a.b.example", "b.example"));
  EXPECT_FALSE(host_under("ab.example", "b.example"));
}

// Outlook.com / Microsoft 365: the mailbox server, the front door of the tenant, the frontend server of Exchange
// Online Protection that took the mail from the internet. The stamp (X-Sender-IP) confirms it.
TEST(HostedMailbox, Microsoft365TakesTheFrontendClientAndTheStampAgrees) {
  auto m = parse(
      "Received: from SN7PR19MB7597.namprd19.prod.outlook.com (::1) by MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Tue, 19 Sep 2023 12:11:46 +0000\n"
      "Received: from DM6PR05CA0045.namprd05.prod.outlook.com (2603:10b6:5:335::14) by SN7PR19MB7597.namprd19.prod.outlook.com (2603:10b6:806:340::19) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6792.27; Tue, 19 Sep 2023 12:11:43 +0000\n"
      "Received: from MW2NAM12FT067.eop-nam12.prod.protection.outlook.com (2603:10b6:303:8f:cafe::39) by MW4PR03CA0010.outlook.office365.com (2603:10b6:5:335::14) with Microsoft SMTP Server (version=TLS1_2, cipher=X) id 15.20.6792.28 via Frontend Transport; Tue, 19 Sep 2023 12:11:43 +0000\n"
      "Authentication-Results: spf=pass (sender IP is 69.169.224.12) smtp.mailfrom=mail.example.com; dkim=none (message not signed) header.d=none;dmarc=fail action=none header.from=brand.example;compauth=fail reason=001\n"
      "Received-SPF: Pass (protection.outlook.com: domain of mail.example.com designates 69.169.224.12 as permitted sender) receiver=protection.outlook.com; client-ip=69.169.224.12; helo=b224-12.smtp-out.eu-central-1.amazonses.com;\n"
      "Received: from b224-12.smtp-out.eu-central-1.amazonses.com (69.169.224.12) by MW2NAM12FT067.mail.protection.outlook.com (10.13.180.89) with Microsoft SMTP Server (version=TLS1_2, cipher=X) id 15.20.6813.18 via Frontend Transport; Tue, 19 Sep 2023 12:11:42 +0000\n"
      "Received: from forged.example ([198.51.100.1]) by b224-12.smtp-out.eu-central-1.amazonses.com; Tue, 19 Sep 2023 12:11:40 +0000\n"
      "From: Brand <no-reply@brand.example>\nTo: phishing@pot\nSubject: x\n"
      "X-MS-Exchange-Organization-AuthSource: MW2NAM12FT067.eop-nam12.prod.protection.outlook.com\n"
      "X-MS-Exchange-Organization-AuthAs: Anonymous\nX-Sender-IP: 69.169.224.12\nX-MS-Exchange-Organization-SCL: 5\n");
  EXPECT_EQ(m.sender.hop, 3);
  EXPECT_EQ(m.sender.ip, "69.169.224.12");
  EXPECT_EQ(m.sender.helo, "b224-12.smtp-out.eu-central-1.amazonses.com");
  EXPECT_EQ(m.sender.provider, "Microsoft 365 / Outlook.com");
  EXPECT_EQ(m.sender.stamp_ip, "69.169.224.12");
  EXPECT_EQ(m.sender.stamp_header, "X-Sender-IP");
  EXPECT_EQ(m.sender.stamp_status, "agrees");
  EXPECT_EQ(m.received[0].internal_reason, "loopback");
  EXPECT_EQ(m.received[1].internal_reason, "provider");
  EXPECT_EQ(m.received[2].internal_reason, "provider");
  // Microsoft writes no authserv-id: the first clause is a result, and it is the receiver's, trusted
  ASSERT_FALSE(m.auth.empty());
  EXPECT_EQ(m.auth[0].method, "spf");
  EXPECT_EQ(m.auth[0].result, "pass");
  EXPECT_TRUE(m.auth[0].authserv_id.empty());
  EXPECT_TRUE(m.auth[0].trusted);
  bool compauth = false;
  for (const auto& r : m.auth)
    if (r.method == "compauth") {
      compauth = true;
      EXPECT_EQ(r.result, "fail");
      EXPECT_EQ(r.props.at("reason"), "001");
    }
  EXPECT_TRUE(compauth);
  // SCL sits at the bottom of the header, below the boundary, but Microsoft stamps it and strips inbound copies
  ASSERT_EQ(m.spam.size(), 1u);
  EXPECT_EQ(m.spam[0].filter, "Microsoft");
  EXPECT_EQ(m.spam[0].verdict, "spam");
  EXPECT_EQ(m.spam[0].written_by, "receiver");
  EXPECT_TRUE(m.spam[0].trusted);
}

TEST(FilterVerdicts, BelowTheBoundaryOnAnotherReceiverIsTheSendersClaim) {
  auto m = parse(
      "Received: from bad.example (unknown [203.0.113.40]) by mx.reader.example (Postfix) with ESMTP id 2; Sat, 14 Mar 2026 18:00:04 +0900\n"
      "X-Spam-Status: No, score=-5.0 required=5.0\nX-MS-Exchange-Organization-SCL: -1\n"
      "From: a@bad.example\nSubject: x\n");
  ASSERT_EQ(m.spam.size(), 2u);
  for (const auto& r : m.spam) {
    EXPECT_EQ(r.written_by, "sender") << r.filter;
    EXPECT_FALSE(r.trusted);
  }
  auto above = parse(
      "X-Spam-Status: Yes, score=9.0 required=5.0\n"
      "Received: from bad.example (unknown [203.0.113.40]) by mx.reader.example (Postfix) with ESMTP id 2; Sat, 14 Mar 2026 18:00:04 +0900\n"
      "From: a@bad.example\nSubject: x\n");
  ASSERT_EQ(above.spam.size(), 1u);
  EXPECT_EQ(above.spam[0].written_by, "receiver");
  EXPECT_EQ(above.spam[0].verdict, "spam");
}

TEST(HostedMailbox, AStampThatDisagreesIsAnAnomaly) {
  auto m = parse(
      "Received: from DM6PR05CA0045.namprd05.prod.outlook.com (2603:10b6:5:335::14) by SN7PR19MB7597.namprd19.prod.outlook.com (2603:10b6:806:340::19) with Microsoft SMTP Server id 15.20.6792.27; Tue, 19 Sep 2023 12:11:43 +0000\n"
      "Received: from mx.sender.example (203.0.113.9) by MW2NAM12FT067.mail.protection.outlook.com (10.13.180.89) with Microsoft SMTP Server id 15.20.6813.18 via Frontend Transport; Tue, 19 Sep 2023 12:11:42 +0000\n"
      "From: a@sender.example\nSubject: x\nX-Sender-IP: 192.0.2.77\n");
  EXPECT_EQ(m.sender.ip, "203.0.113.9");
  EXPECT_EQ(m.sender.stamp_status, "disagrees");
  bool anomaly = false;
  for (const auto& a : m.anomalies) anomaly = anomaly || a.kind == "SENDER_STAMP_MISMATCH";
  EXPECT_TRUE(anomaly);
}

TEST(HostedMailbox, ACrossTenantMailComesFromMicrosoftsOutboundRelayWhichSaysWhereItTookIt) {
  auto m = parse(
      "Received: from BY5PR17CA0027.namprd17.prod.outlook.com (2603:10b6:a03:1b8::40) by BY5PR19MB3986.namprd19.prod.outlook.com (2603:10b6:a03:222::20) with Microsoft SMTP Server id 15.20.1; Fri, 24 Mar 2023 15:18:25 +0000\n"
      "Received: from BN8NAM12FT021.eop-nam12.prod.protection.outlook.com (2603:10b6:408:108:cafe::ee) by BY5PR17CA0027.outlook.office365.com (2603:10b6:a03:1b8::40) with Microsoft SMTP Server id 15.20.1 via Frontend Transport; Fri, 24 Mar 2023 15:18:25 +0000\n"
      "Authentication-Results: spf=pass (sender IP is 52.100.155.225) smtp.mailfrom=tenant.onmicrosoft.com; dkim=pass (signature was verified) header.d=tenant.onmicrosoft.com;dmarc=none action=none header.from=brand.example;\n"
      "Received: from NAM10-BN7-obe.outbound.protection.outlook.com (52.100.155.225) by BN8NAM12FT021.mail.protection.outlook.com (10.13.182.67) with Microsoft SMTP Server id 15.20.1 via Frontend Transport; Fri, 24 Mar 2023 15:18:24 +0000\n"
      "Received: from MW4PR04CA0355.namprd04.prod.outlook.com (2603:10b6:303:8a::30) by SJ0PR11MB5769.namprd11.prod.outlook.com (2603:10b6:a03:420::8) with Microsoft SMTP Server id 15.20.1; Fri, 24 Mar 2023 15:18:23 +0000\n"
      "Received: from CO1NAM11FT004.eop-nam11.prod.protection.outlook.com (2603:10b6:303:8a:cafe::f2) by MW4PR04CA0355.outlook.office365.com (2603:10b6:303:8a::30) with Microsoft SMTP Server id 15.20.1 via Frontend Transport; Fri, 24 Mar 2023 15:18:23 +0000\n"
      "Received: from kit.example (198.51.100.146) by CO1NAM11FT004.mail.protection.outlook.com (10.13.175.1) with Microsoft SMTP Server id 15.20.1 via Frontend Transport; Fri, 24 Mar 2023 15:18:22 +0000\n"
      "From: a@brand.example\nSubject: x\n");
  EXPECT_EQ(m.sender.hop, 2);
  EXPECT_EQ(m.sender.ip, "52.100.155.225");  // what the reader's tenant received it from, as Microsoft stamped
  EXPECT_EQ(m.sender.stamp_status, "agrees");
  ASSERT_EQ(m.sender.relays.size(), 1u);
  EXPECT_EQ(m.sender.relays[0].kind, "provider");
  EXPECT_EQ(m.sender.relays[0].received_from, "198.51.100.146");
  EXPECT_EQ(m.sender.relays[0].received_hop, 5);
}

TEST(HostedMailbox, GmailInboundFromAnotherServer) {
  auto m = parse(
      "Received: by 2002:a05:612c:711:b0:381:73ac:3a65 with SMTP id ft17csp1626778vqb; Mon, 16 Jan 2023 08:52:24 -0800 (PST)\n"
      "X-Received: by 2002:a50:ed88:0:b0:49d:fff2:d4b9 with SMTP id h8mr7641398edr.23; Mon, 16 Jan 2023 08:52:24 -0800 (PST)\n"
      "Received: from mail.sender.example (mail.sender.example. [203.0.113.88]) by mx.google.com with ESMTPS id cs10si19116849edb.66.2023.01.16.08.52.24 for <u@gmail.com> (Google Transport Security); Mon, 16 Jan 2023 08:52:24 -0800 (PST)\n"
      "Received-SPF: softfail (google.com: domain of transitioning a@sender.example does not designate 203.0.113.88 as permitted sender) client-ip=203.0.113.88;\n"
      "Authentication-Results: mx.google.com; spf=softfail (google.com: domain of a@sender.example does not designate 203.0.113.88 as permitted sender) smtp.mailfrom=a@sender.example\n"
      "Received: from forged.example ([192.0.2.5]) by mail.sender.example; Mon, 16 Jan 2023 08:52:20 -0800 (PST)\n"
      "Authentication-Results: mx.google.com; dmarc=pass header.from=sender.example\n"
      "From: a@sender.example\nSubject: x\n");
  int trusted = 0;
  for (const auto& r : m.auth)
    if (r.trusted) {
      ++trusted;
      EXPECT_EQ(r.result, "softfail");  // the one under Google's boundary line, not the sender's copy further down
    }
  EXPECT_EQ(trusted, 2);  // its Received-SPF and Authentication-Results
  EXPECT_EQ(m.sender.hop, 1);
  EXPECT_EQ(m.sender.ip, "203.0.113.88");
  EXPECT_EQ(m.sender.provider, "Gmail / Google Workspace");
}

// A list at a hosting site: the reader's server received it from the list server, whose own servers (loopback,
// private addresses, its domain) lead to the list's MX, which took it from the original sender.
TEST(MailingList, TheListsMxRecordedTheOriginalClient) {
  auto m = parse(
      "Received: from lists.example.net (lists.example.net [198.51.100.7]) by mail.reader.example (Postfix) with ESMTPS id 58F451513AF for <lists+dev@reader.example>; Tue, 4 Feb 2020 01:37:52 +0100 (CET)\n"
      "Received: from [127.0.0.1] (helo=ml-2.v29.example.net) by ml-2.v29.example.net with esmtp (Exim 4.90_1) id 1iymDu-0003o7-76; Tue, 04 Feb 2020 00:37:50 +0000\n"
      "Received: from [172.30.20.202] (helo=mx.example.net) by ml-2.v29.example.net with esmtps (TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256) (Exim 4.90_1) id 1iymDs-0003nz-Jx for dev@lists.example.net; Tue, 04 Feb 2020 00:37:50 +0000\n"
      "Received: from [203.0.113.109] (helo=jcb.co.jp) by mx-1.v28.example.net with esmtp (Exim 4.92.2) id 1iymDq-00Fz2X-5D for dev@lists.example.net; Tue, 04 Feb 2020 00:37:48 +0000\n"
      "Received: from forged.example ([192.0.2.1]) by jcb.co.jp; Tue, 04 Feb 2020 00:37:40 +0000\n"
      "From: \"JCB\" <x@jcb.co.jp>\nSubject: [Dev] locked\nX-BeenThere: dev@lists.example.net\nX-Mailman-Version: 2.1.21\n"
      "List-Id: <dev.lists.example.net>\nErrors-To: dev-bounces@lists.example.net\n");
  EXPECT_EQ(m.sender.hop, 3);
  EXPECT_EQ(m.sender.ip, "203.0.113.109");
  EXPECT_EQ(m.sender.helo, "jcb.co.jp");
  EXPECT_EQ(m.sender.trust_reason, "relayed_by_list");
  ASSERT_EQ(m.sender.relays.size(), 1u);
  EXPECT_EQ(m.sender.relays[0].kind, "mailing_list");
  EXPECT_EQ(m.sender.relays[0].name, "dev.lists.example.net");
  EXPECT_EQ(m.sender.relays[0].ip, "198.51.100.7");
  EXPECT_EQ(m.sender.relays[0].hop, 0);
  EXPECT_EQ(m.received[0].internal_reason, "relay");
  EXPECT_EQ(m.received[1].internal_reason, "loopback");
  EXPECT_EQ(m.received[2].internal_reason, "private_address");
}

// The list's servers are named under another organisation's domain than the list's (a university hosting it):
// the hop below the boundary written by the list server's own name ties them.
TEST(MailingList, ListHostedUnderAnotherDomainAndContentFilterHops) {
  auto m = parse(
      "Received: from smtp2.host.example (smtp2.host.example [198.51.100.133]) by mail.reader.example (Postfix) with ESMTPS id E1A; Mon, 1 Jul 2024 23:29:22 +0200 (CEST)\n"
      "Received: from localhost (localhost [127.0.0.1]) by smtp2.host.example (Postfix) with ESMTP id 01F; Mon, 1 Jul 2024 21:29:20 +0000 (UTC)\n"
      "Received: from smtp2.host.example ([127.0.0.1]) by localhost (smtp2.host.example [127.0.0.1]) (amavis, port 10024) with ESMTP id HQb; Mon, 1 Jul 2024 21:29:19 +0000 (UTC)\n"
      "Received: from ash.host.example (ash.host.example [198.51.100.34]) by smtp2.host.example (Postfix) with ESMTP id EE5; Mon, 1 Jul 2024 21:29:18 +0000 (UTC)\n"
      "Received: from smtp4.host.example (smtp4.host.example [198.51.100.137]) by ash.host.example (Postfix) with ESMTP id 2A2; Mon, 1 Jul 2024 21:29:17 +0000 (UTC)\n"
      "Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=203.0.113.70; helo=runbo.example; envelope-from=k@runbo.example; receiver=<UNKNOWN>\n"
      "Received: from runbo.example (unknown [203.0.113.70]) by smtp4.host.example (Postfix) with ESMTPS id 554 for <devel@list.example.org>; Mon, 1 Jul 2024 21:29:15 +0000 (UTC)\n"
      "Received: from v-prime.example (c-192-0-2-89.example.net [192.0.2.89]) by runbo.example (Postfix) with ESMTPA id 847; Tue, 2 Jul 2024 05:22:18 +0800 (CST)\n"
      "From: k@runbo.example\nSubject: x\nX-BeenThere: devel@list.example.org\nList-Id: Developer List <devel.list.example.org>\n"
      "Sender: \"devel\" <devel-bounces@list.example.org>\n");
  EXPECT_EQ(m.sender.hop, 5);
  EXPECT_EQ(m.sender.ip, "203.0.113.70");
  ASSERT_EQ(m.sender.relays.size(), 1u);
  EXPECT_EQ(m.sender.relays[0].detail, "list_chain");
}

// Without list headers, or when the chain below the list server is not the list's own, the list server stays
// the sender: nothing is followed on a name alone.
TEST(MailingList, NoListHeadersOrABrokenChainStopAtTheListServer) {
  const std::string chain =
      "Received: from lists.example.net (lists.example.net [198.51.100.7]) by mail.reader.example (Postfix) with ESMTPS id 5; Tue, 4 Feb 2020 01:37:52 +0100\n"
      "Received: from [203.0.113.109] (helo=x.example) by other.example with esmtp id 1; Tue, 04 Feb 2020 00:37:48 +0000\n"
      "From: a@x.example\nSubject: x\n";
  auto m = parse(chain);
  EXPECT_EQ(m.sender.ip, "198.51.100.7");
  EXPECT_TRUE(m.sender.relays.empty());
  auto l = parse(chain + "List-Id: <dev.lists.example.net>\n");
  EXPECT_EQ(l.sender.ip, "198.51.100.7");  // other.example is not the list's server
  EXPECT_TRUE(l.sender.relays.empty());
}

TEST(Fetch, APop3FetchFollowsTheFetchedMailboxsChain) {
  auto m = parse(
      "Received: from pop.isp.example (pop.isp.example [198.51.100.20]) by mx.google.com with POP3 id a1mr123; Sat, 14 Mar 2026 02:00:10 -0700 (PDT)\n"
      "Received: from mx1.isp.example (mx1.isp.example [198.51.100.21]) by pop.isp.example (Postfix) with ESMTP id 1; Sat, 14 Mar 2026 18:00:05 +0900\n"
      "Received: from bad.example (unknown [203.0.113.40]) by mx1.isp.example (Postfix) with ESMTP id 2; Sat, 14 Mar 2026 18:00:04 +0900\n"
      "From: a@bad.example\nSubject: x\n");
  EXPECT_EQ(m.sender.ip, "203.0.113.40");
  ASSERT_EQ(m.sender.relays.size(), 1u);
  EXPECT_EQ(m.sender.relays[0].kind, "fetch");
}

TEST(ReceivedFormats, PeersForms) {
  auto bare = parse_received("from host.example [203.0.113.5] by mx.example.jp with ESMTP; Sun, 15 Mar 2026 12:00:00 +0900");
  EXPECT_EQ(bare.ip, "203.0.113.5");
  EXPECT_EQ(bare.from_helo, "host.example");
  auto port = parse_received("from host.example (203.0.113.6:49152) by mx.example.jp; Sun, 15 Mar 2026 12:00:00 +0900");
  EXPECT_EQ(port.ip, "203.0.113.6");
  auto noname = parse_received("from (203.0.113.7 [203.0.113.7]) by mx.example.jp; Sun, 15 Mar 2026 12:00:00 +0900");
  EXPECT_EQ(noname.ip, "203.0.113.7");
  EXPECT_TRUE(noname.parsed);
  auto paren = parse_received("from (203.0.113.8) by mx.example.jp; Sun, 15 Mar 2026 12:00:00 +0900");
  EXPECT_EQ(paren.ip, "203.0.113.8");
  auto ehlo = parse_received("from host.example (EHLO win-pc) [203.0.113.9] by mx.example.jp with ESMTP; Sun, 15 Mar 2026 12:00:00 +0900");
  EXPECT_EQ(ehlo.ip, "203.0.113.9");
  EXPECT_EQ(ehlo.from_helo, "win-pc");
}

TEST(Forwarder, AnSrsReturnPathNamesTheForwarderWhoseChainIsFollowed) {
  auto m = parse(
      "Return-Path: <SRS0=ab12=KQ=bad.example=x@fwd.example.org>\n"
      "Received: from mx2.fwd.example.org (mx2.fwd.example.org [198.51.100.60]) by mx.reader.example (Postfix) with ESMTPS id 1; Sun, 15 Mar 2026 12:00:03 +0900\n"
      "Received: from smtp.bad.example (unknown [203.0.113.61]) by mx1.fwd.example.org (Postfix) with ESMTP id 2; Sun, 15 Mar 2026 03:00:01 +0000\n"
      "From: x@bad.example\nSubject: x\n");
  EXPECT_EQ(m.sender.ip, "203.0.113.61");
  EXPECT_EQ(m.sender.trust_reason, "relayed_by_forwarder");
  ASSERT_EQ(m.sender.relays.size(), 1u);
  EXPECT_EQ(m.sender.relays[0].kind, "forwarder");
  EXPECT_EQ(m.sender.relays[0].name, "example.org");
}

// A Japanese ISP's mailbox behind its filter relays: public addresses, verified names in the ISP's own domain.
TEST(HostedMailbox, JapaneseIspFilterRelaysAreTheReceivingSide) {
  auto m = parse(
      "Received: from rcpt-impgw.isp.example.ne.jp (rcpt-impgw.isp.example.ne.jp [192.0.2.30]) by mbox12.isp.example.ne.jp (Postfix) with ESMTP id 7; Sun, 15 Mar 2026 12:00:05 +0900 (JST)\n"
      "Received: from mfilter3.isp.example.ne.jp (mfilter3.isp.example.ne.jp [192.0.2.31]) by rcpt-impgw.isp.example.ne.jp (Postfix) with ESMTP id 6; Sun, 15 Mar 2026 12:00:04 +0900 (JST)\n"
      "X-Spam-Flag: YES\n"
      "Received: from iwkr.cn (unknown [101.47.78.65]) by mfilter3.isp.example.ne.jp (Postfix) with ESMTP id 5; Sun, 15 Mar 2026 12:00:03 +0900 (JST)\n"
      "From: x@iwkr.cn\nSubject: [meiwaku] x\n");
  EXPECT_EQ(m.sender.ip, "101.47.78.65");
  EXPECT_EQ(m.received[0].internal_reason, "receiver_domain");
  EXPECT_EQ(m.received[1].internal_reason, "receiver_domain");
  ASSERT_EQ(m.spam.size(), 1u);
  EXPECT_EQ(m.spam[0].written_by, "receiver");
}

TEST(HostedMailbox, YahooJapanICloudAndProton) {
  auto y = parse(
      "Received: from 203.0.113.70 (EHLO mail.bad.example) (203.0.113.70) by mta501.mail.djm.yahoo.co.jp with SMTP; Sun, 15 Mar 2026 12:00:00 +0900\n"
      "From: x@bad.example\nSubject: x\n");
  EXPECT_EQ(y.sender.ip, "203.0.113.70");
  EXPECT_EQ(y.sender.provider, "Yahoo! JAPAN メール");
  auto i = parse(
      "Received: from p00-icloudmta-asmtp-us-west-2a-100-percent-1 (smtpclient.apple [17.57.155.23]) by st43p00im-qukt05021701.me.com (Postfix) with ESMTP id A1; Sun, 15 Mar 2026 03:00:01 +0000 (UTC)\n"
      "Received: from bad.example (bad.example [203.0.113.71]) by p00-icloudmta-smtpin-us-west-2a-60-percent-7.k8s.cloud.apple.com (Postfix) with ESMTPS id B2 for <u@icloud.com>; Sun, 15 Mar 2026 03:00:00 +0000 (UTC)\n"
      "From: x@bad.example\nSubject: x\n");
  EXPECT_EQ(i.sender.ip, "203.0.113.71");
  auto p = parse(
      "Received: from bad.example (bad.example [206.189.187.105]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) (No client certificate requested) by mailin029.protonmail.ch (Postfix) with ESMTPS id 4Qb for <u@proton.me>; Fri, 10 Feb 2023 20:37:27 +0000 (UTC)\n"
      "Authentication-Results: mailin029.protonmail.ch; spf=none smtp.mailfrom=bad.example\n"
      "Authentication-Results: mailin029.protonmail.ch; arc=none smtp.remote-ip=206.189.187.105\n"
      "Received: by bad.example (Postfix, from userid 0) id B3F; Fri, 10 Feb 2023 20:37:26 +0000 (UTC)\n"
      "From: x@bad.example\nSubject: x\nX-Pm-Spam-Action: phishing\nX-Pm-Spamscore: 17\n");
  EXPECT_EQ(p.sender.ip, "206.189.187.105");
  EXPECT_EQ(p.sender.provider, "Proton Mail");
  EXPECT_EQ(p.sender.stamp_status, "agrees");  // smtp.remote-ip of its results, written just below its line
  int trusted = 0;
  for (const auto& r : p.auth) trusted += r.trusted;
  EXPECT_EQ(trusted, 2);
}

}  // namespace ps::parse


#include "parse/spam.h"

#include <gtest/gtest.h>

namespace ps::parse {

static std::vector<core::Header> hs(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<core::Header> v;
  for (auto& [n, val] : list) {
    core::Header h;
    h.name = n;
    h.value = val;
    h.raw_value = val;
    v.push_back(h);
  }
  return v;
}

TEST(SpamHeaders, SpamAssassinStatusReportAndLevel) {
  auto r = decode_spam_headers(hs({
      {"X-Spam-Flag", "YES"},
      {"X-Spam-Level", "**************"},
      {"X-Spam-Status", "Yes, score=14.2 required=5.0 tests=BAYES_99,RDNS_NONE,\tURIBL_BLACK autolearn=no version=3.4.6"},
      {"X-Spam-Report", "Content analysis details: (14.2 points, 5.0 required) pts rule name description ---- "
                        "---------------------- ------- * 3.5 BAYES_99 BODY: Bayes spam probability is 99 to 100% "
                        "* 1.3 RDNS_NONE Delivered to internal network by a host with no rDNS * 1.7 URIBL_BLACK "
                        "Contains an URL listed in the URIBL blacklist"},
  }));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].filter, "SpamAssassin");
  EXPECT_TRUE(r[0].is_spam.value());
  EXPECT_DOUBLE_EQ(r[0].score.value(), 14.2);
  EXPECT_DOUBLE_EQ(r[0].threshold.value(), 5.0);
  ASSERT_EQ(r[0].tests.size(), 3u);
  EXPECT_EQ(r[0].tests[0].name, "BAYES_99");
  EXPECT_EQ(r[0].tests[0].score, "3.5");
  EXPECT_NE(r[0].tests[0].description.find("Bayes spam probability"), std::string::npos);
  EXPECT_EQ(r[0].tests[2].name, "URIBL_BLACK");
  EXPECT_EQ(r[0].details["level"], "14");
}

TEST(SpamHeaders, Rspamd) {
  auto r = decode_spam_headers(hs({
      {"X-Spamd-Result", "default: True [15.10 / 15.00]; PHISHING(4.00)[eki-net.com->ddnxw.cn]; R_SPF_FAIL(1.00)[-all]; "
                         "FROM_NEQ_ENVFROM(0.00)[]"},
      {"X-Rspamd-Action", "add header"},
  }));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].filter, "rspamd");
  EXPECT_TRUE(r[0].is_spam.value());
  EXPECT_DOUBLE_EQ(r[0].score.value(), 15.10);
  EXPECT_DOUBLE_EQ(r[0].threshold.value(), 15.00);
  ASSERT_EQ(r[0].tests.size(), 3u);
  EXPECT_EQ(r[0].tests[0].name, "PHISHING");
  EXPECT_EQ(r[0].tests[0].score, "4.00");
  EXPECT_EQ(r[0].tests[0].description, "eki-net.com->ddnxw.cn");
  EXPECT_EQ(r[0].action, "add header");
}

TEST(SpamHeaders, MicrosoftForefrontAndScl) {
  auto r = decode_spam_headers(hs({
      {"X-Forefront-Antispam-Report", "CIP:101.47.78.65;CTRY:CN;LANG:ja;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:iwkr.cn;PTR:;CAT:PHSH;SFS:(13230040)(8096899003);DIR:INB;"},
      {"X-MS-Exchange-Organization-SCL", "5"},
      {"X-MS-Exchange-Organization-BCL", "0"},
  }));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].filter, "Microsoft");
  EXPECT_TRUE(r[0].is_spam.value());
  EXPECT_EQ(r[0].details["CAT"], "PHSH");
  EXPECT_EQ(r[0].details["CTRY"], "CN");
  EXPECT_EQ(r[0].details["BCL"], "0");
  EXPECT_EQ(r[0].action, "SPM");
  auto ok = decode_spam_headers(hs({{"X-Forefront-Antispam-Report", "CIP:1.2.3.4;CTRY:JP;SCL:1;SFV:NSPM;CAT:NONE;DIR:INB;"}}));
  EXPECT_FALSE(ok[0].is_spam.value());
}

TEST(SpamHeaders, GenericFlagsAndNonVerdicts) {
  auto r = decode_spam_headers(hs({{"X-Meiwaku-Flag", "yes"}, {"X-Spam-Checker-Version", "SpamAssassin 3.4.6"},
                                   {"X-Mailer", "yes"}}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].filter, "generic");
  EXPECT_EQ(r[0].header, "X-Meiwaku-Flag");
  EXPECT_TRUE(r[0].is_spam.value());
  EXPECT_TRUE(decode_spam_headers(hs({{"Subject", "spam"}})).empty());
}

TEST(SpamHeaders, MicrosoftVerdictsAndNoise) {
  auto r = decode_spam_headers(hs({
      {"X-MS-Exchange-AntiSpam-MessageData-Original-ChunkCount", "1"},
      {"X-MS-Exchange-AntiSpam-Relay", "0"},
      {"X-Microsoft-Antispam-Message-Info", "=?utf-8?B?VXJkb1M0aFJMTDA1SHpYZWxNT1RE?="},
      {"X-MS-Exchange-Organization-SCL", "9"},
      {"X-Microsoft-Antispam", "BCL:0;"},
      {"X-Microsoft-Antispam-Mailbox-Delivery", "ucf:0;jmr:0;auth:0;dest:J;OFR:SpamFilterAuthJ;ENG:(5062000305)(90000117);RF:JunkEmail;"},
      {"X-Forefront-Antispam-Report-Untrusted", "CIP:192.0.2.1;CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;CAT:NONE;DIR:OUT;"},
  }));
  ASSERT_EQ(r.size(), 2u);  // the receiver's, and the sending tenant's: the rest is not a verdict
  EXPECT_EQ(r[0].filter, "Microsoft");
  EXPECT_EQ(r[0].verdict, "spam");
  EXPECT_EQ(r[0].reasons, (std::vector<std::string>{"SCL:9", "dest:J"}));
  EXPECT_EQ(r[0].details["dest"], "J");
  EXPECT_EQ(r[0].details["BCL"], "0");
  EXPECT_EQ(r[1].filter, "Microsoft (sending tenant)");
  EXPECT_EQ(r[1].verdict, "clean");
  auto phish = decode_spam_headers(hs({{"X-Forefront-Antispam-Report", "CIP:192.0.2.1;SCL:9;SFV:SPM;CAT:HPHSH;DIR:INB;"}}));
  EXPECT_EQ(phish[0].verdict, "phishing");
  EXPECT_EQ(phish[0].reasons.front(), "CAT:HPHSH");
  auto safe = decode_spam_headers(hs({{"X-MS-Exchange-Organization-SCL", "-1"}}));
  EXPECT_EQ(safe[0].verdict, "allowed");
  EXPECT_FALSE(safe[0].is_spam.value());
}

TEST(SpamHeaders, ProviderAndIspFlags) {
  auto p = decode_spam_headers(hs({{"X-Pm-Spamscore", "17"}, {"X-Pm-Spam-Action", "phishing"}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].filter, "Proton");
  EXPECT_EQ(p[0].verdict, "phishing");
  EXPECT_DOUBLE_EQ(p[0].score.value(), 17);
  auto ocn = decode_spam_headers(hs({{"X-OCN-SPAM-CHECK", "100.00%"}, {"X-Biglobe-spamcheck", "0.00%"}}));
  ASSERT_EQ(ocn.size(), 2u);
  EXPECT_EQ(ocn[0].verdict, "spam");
  EXPECT_EQ(ocn[1].verdict, "clean");
  auto icloud = decode_spam_headers(hs({{"X-Apple-MoveToFolder", "Junk"}}));
  EXPECT_EQ(icloud[0].verdict, "junk");
}

}  // namespace ps::parse

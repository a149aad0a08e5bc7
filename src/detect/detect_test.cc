#include "detect/detect.h"

#include <gtest/gtest.h>

#include <set>

#include "detect/rule.h"
#include "test_util.h"

namespace ps::detect {

static bool has(const core::Analysis& a, const std::string& id) {
  for (const auto& f : a.findings)
    if (f.id == id) return true;
  return false;
}

TEST(Detect, RuleIdsAreUniqueUpperSnakeAndWeighted) {
  auto cfg = Config::load(test::data_dir() + "/rules.json");
  ASSERT_TRUE(cfg.ok()) << cfg.error().str();
  std::set<std::string> ids;
  for (const auto& r : registry()) {
    std::string id = r.id;
    EXPECT_TRUE(ids.insert(id).second) << id;
    for (char c : id) EXPECT_TRUE((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9')) << id;
    EXPECT_TRUE(cfg->rules.count(id)) << id;
  }
  for (const auto& [id, rc] : cfg->rules) EXPECT_TRUE(ids.count(id)) << "weight for unknown rule " << id;
}

TEST(Detect, ConfigWithoutAWeightIsRejected) {
  EXPECT_FALSE(Config::parse(R"({"rules": {"SERVER_SPAM_TAG": {"weight": 1}}})", "x").ok());
  EXPECT_FALSE(Config::parse(R"({"rules": {"SERVER_SPAM_TAG": {"weight": "high"}}})", "x").ok());
}

TEST(Detect, FindPhrasesGivesCodePointOffsets) {
  auto hits = find_phrases("※ 本通知から48時間以内に", {"48時間以内", "absent"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].phrase, "48時間以内");
  EXPECT_EQ(hits[0].begin_char, 7u);
  EXPECT_EQ(hits[0].end_char, 13u);
}

TEST(Detect, EkinetOfflineFindsContentAndSenderCues) {
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", false);
  EXPECT_TRUE(has(a, "SERVER_SPAM_TAG"));
  EXPECT_TRUE(has(a, "SPF_FAIL"));
  EXPECT_TRUE(has(a, "DISPLAY_NAME_BRAND_MISMATCH"));
  EXPECT_TRUE(has(a, "LINK_BRAND_LOOKALIKE"));
  EXPECT_TRUE(has(a, "OFFICIAL_LINK_MIXED_IN"));
  EXPECT_TRUE(has(a, "ABRUPT_APOLOGY"));
  EXPECT_TRUE(has(a, "PAYMENT_INFO_PROBLEM"));
  EXPECT_TRUE(has(a, "LOGO_MISSING"));
  EXPECT_FALSE(has(a, "NO_PHONE_NUMBER"));  // TEL 050-2016-5000 is in the mail
  // nothing that needs the network without observations
  EXPECT_FALSE(has(a, "SENDER_DOMAIN_NEW"));
  EXPECT_FALSE(has(a, "SENDER_IP_IS_SITE_IP"));
  EXPECT_FALSE(has(a, "LINK_BLOCKLISTED"));
}

TEST(Detect, PocketcardWithObservations) {
  core::Analysis a = test::analyze_case("pocketcard-reauth-2026-03-15", true);
  for (const char* id : {"RECIPIENT_LOCALPART_IN_SENDER", "URGENCY_DEADLINE", "GENERIC_GREETING", "SENDER_DOMAIN_NEW",
                         "LINK_DOMAIN_NEW", "LINK_BLOCKLISTED", "SITE_CLOAKING_SUSPECTED", "LOGO_AS_CID_IMAGE",
                         "NO_PHONE_NUMBER", "LINK_UNOFFICIAL_DOMAIN", "SENDER_HOSTED_ABROAD"})
    EXPECT_TRUE(has(a, id)) << id;
  EXPECT_FALSE(has(a, "SERVER_SPAM_TAG"));
  EXPECT_FALSE(has(a, "SENDER_IP_IS_SITE_IP"));
  EXPECT_EQ(a.verdict.level, "phishing");
  EXPECT_EQ(a.purposes, (std::vector<std::string>{"credentials", "card_data"}));
  // the deadline is cited by its place in the decoded text
  for (const auto& f : a.findings) {
    if (f.id != "URGENCY_DEADLINE") continue;
    ASSERT_TRUE(f.evidence[0].text_chars);
    auto r = *f.evidence[0].text_chars;
    EXPECT_EQ(r.end - r.begin, 6u);
  }
}

TEST(Detect, LegitimateNoticeFromOfficialDomainIsClean) {
  core::Analysis a = test::analyze_text(
      "Received: from mail.eki-net.com (mail.eki-net.com [54.178.18.10]) by mx.example.jp (Postfix) with ESMTPS id A; "
      "Mon, 02 Mar 2026 10:00:00 +0900\n"
      "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=eki-net.com; dkim=pass header.d=eki-net.com; "
      "dmarc=pass header.from=eki-net.com\n"
      "From: =?utf-8?b?44GI44GN44Gt44Gj44Go?= <info@eki-net.com>\nTo: hanako@example.jp\n"
      "Subject: =?utf-8?b?44GU5LqI57SE5YaF5a6544Gu44GU5qGI5YaF?=\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\n\n"
      "山田 花子 様\nいつも「えきねっと」をご利用いただきありがとうございます。\nご予約内容は https://www.eki-net.com/ でご確認ください。\n"
      "えきねっとサポートセンター TEL 050-2016-5000\n");
  ASSERT_TRUE(a.brand);
  EXPECT_EQ(a.brand->id, "eki-net");
  EXPECT_EQ(a.verdict.level, "clean") << a.verdict.score;
  EXPECT_FALSE(has(a, "SENDER_DOMAIN_UNOFFICIAL"));
  EXPECT_FALSE(has(a, "LINK_BRAND_LOOKALIKE"));
}

TEST(Detect, SpamTagAloneIsSpam) {
  core::Analysis a = test::analyze_text(
      "From: shop@example.org\nTo: a@example.jp\nSubject: [SPAM] Big sale\nX-Spam-Flag: YES\n\nBuy now.\n");
  EXPECT_EQ(a.verdict.level, "spam");
  EXPECT_TRUE(has(a, "SERVER_SPAM_TAG"));
}

}  // namespace ps::detect

namespace ps::detect {

TEST(DetectHeaders, SenderTricksAndAuthFailures) {
  core::Analysis a = test::analyze_text(
      "Authentication-Results: mx.example.jp; spf=fail smtp.mailfrom=evil.example; dkim=fail header.d=evil.example; "
      "dmarc=fail header.from=bank.example\r\n"
      "X-Forefront-Antispam-Report: CIP:203.0.113.5;CTRY:CN;SCL:6;SFV:SPM;CAT:PHSH;DIR:INB;\r\n"
      "Received: from evil.example (unknown [203.0.113.5]) by mx.example.jp (Postfix) with ESMTP; Sun, 15 Mar 2026 12:00:00 +0900\r\n"
      "Received: from x (x [198.51.100.1]) by evil.example; Sun, 15 Mar 2026 13:00:00 +0900\r\n"
      "DKIM-Signature: v=1; a=rsa-sha256; d=bulk-sender.example; s=k1; h=from; bh=x; b=y\r\n"
      "ARC-Seal: i=1; a=rsa-sha256; cv=fail; d=forwarder.example; s=arc; b=z\r\n"
      "Return-Path: <bounce@bulk.example>\r\n"
      "Reply-To: collect@attacker.example\r\n"
      "Message-ID: <123@mailer.example>\r\n"
      "Date: Sun, 15 Mar 2026 12:40:00 +0900\r\n"
      "From: \"support@bank.example\" <info@evil.example>\r\nTo: u@example.jp\r\nSubject: notice\r\n\r\nbody\r\n");
  for (const char* id : {"SPF_FAIL", "DKIM_FAIL", "DMARC_FAIL", "DKIM_NOT_ALIGNED", "ARC_CHAIN_FAILED", "REPLY_TO_MISMATCH",
                         "RETURN_PATH_MISMATCH", "MESSAGE_ID_DOMAIN_MISMATCH", "DISPLAY_NAME_ADDRESS_MISMATCH",
                         "RECEIVER_FLAGGED_PHISHING", "HEADER_TIME_INCONSISTENT"})
    EXPECT_TRUE(has(a, id)) << id;
}

TEST(DetectHeaders, AlignedLegitimateHeadersRaiseNothing) {
  core::Analysis a = test::analyze_text(
      "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; "
      "dmarc=pass header.from=bank.example\r\n"
      "X-Spam-Status: No, score=-1.2 required=5.0 tests=DKIM_VALID autolearn=ham\r\n"
      "Received: from out.bank.example (out.bank.example [203.0.113.5]) by mx.example.jp (Postfix) with ESMTPS; Sun, 15 Mar 2026 12:00:00 +0900\r\n"
      "DKIM-Signature: v=1; a=rsa-sha256; d=bank.example; s=k1; h=from; bh=x; b=y\r\n"
      "Return-Path: <bounce@mail.bank.example>\r\nReply-To: help@bank.example\r\nMessage-ID: <1@mail.bank.example>\r\n"
      "Date: Sun, 15 Mar 2026 11:59:58 +0900\r\n"
      "From: Bank <info@bank.example>\r\nTo: u@example.jp\r\nSubject: notice\r\n\r\nbody\r\n");
  for (const char* id : {"SPF_FAIL", "DKIM_FAIL", "DMARC_FAIL", "DKIM_NOT_ALIGNED", "ARC_CHAIN_FAILED", "REPLY_TO_MISMATCH",
                         "RETURN_PATH_MISMATCH", "MESSAGE_ID_DOMAIN_MISMATCH", "DISPLAY_NAME_ADDRESS_MISMATCH",
                         "SPAM_FILTER_FLAGGED", "HEADER_TIME_INCONSISTENT", "SERVER_SPAM_TAG"})
    EXPECT_FALSE(has(a, id)) << id;
  EXPECT_EQ(a.verdict.level, "clean");
}

}  // namespace ps::detect

namespace ps::detect {

TEST(DetectContent, HiddenTextZeroWidthAndMismatchedAlternatives) {
  // the plain part tells one story, the HTML another, with invisible padding and zero-width characters
  core::Analysis a = test::analyze_text(
      "From: Amazon <info@amaz0n-support.example>\nTo: u@example.jp\n"
      "Subject: =?utf-8?b?44Ki4oCL44Kr4oCL44Km44Oz44OI?=\nMIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
      "Thank you for your order of garden furniture. Your parcel will arrive on Friday between 9 and 12.\n"
      "--b\nContent-Type: text/html; charset=utf-8\n\n"
      "<p>Your account has been locked. Verify your password at "
      "<a href=\"https://amazon.verify-login.example/\">amazon.co.jp</a> within 24 hours.</p>"
      "<div style=\"display: none\">weather garden recipe holiday football</div>"
      "<p>pass&#8203;word re&#8203;set re&#8203;quired</p>\n--b--\n");
  for (const char* id : {"HIDDEN_TEXT", "ZERO_WIDTH_CHARS", "TEXT_HTML_MISMATCH", "DESIGN_LAYOUT"})
    EXPECT_TRUE(has(a, id)) << id;
  ASSERT_EQ(a.content.hidden_text.size(), 1u);
  EXPECT_EQ(a.content.hidden_text[0].reason, "display_none");
  EXPECT_EQ(a.content.hidden_text[0].text, "weather garden recipe holiday football");
  for (const auto& f : a.findings) {
    if (f.id == "TEXT_HTML_MISMATCH") EXPECT_EQ(f.params.at("html_only_domain"), "verify-login.example");
    if (f.id == "ZERO_WIDTH_CHARS") EXPECT_EQ(f.params.at("count"), "2");  // the subject's two; the HTML is not the main text
  }
}

TEST(DetectContent, MatchingAlternativesAndOneStrayCharacterRaiseNothing) {
  core::Analysis a = test::analyze_text(
      "From: Shop <info@shop.example>\nTo: u@example.jp\nSubject: order\nMIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
      "Thank you for your order of garden furniture.\xE2\x80\x8B Your parcel will arrive on Friday.\n"
      "Track it at https://shop.example/track\n"
      "--b\nContent-Type: text/html; charset=utf-8\n\n"
      "<p>Thank you for your order of garden furniture. Your parcel will arrive on Friday.</p>"
      "<p>Track it at <a href=\"https://shop.example/track\">our site</a></p>\n--b--\n");
  EXPECT_FALSE(has(a, "TEXT_HTML_MISMATCH"));
  EXPECT_FALSE(has(a, "ZERO_WIDTH_CHARS"));
  EXPECT_FALSE(has(a, "HIDDEN_TEXT"));
}

TEST(DetectContent, BrandWithoutItsDomainAndLogoFromElsewhere) {
  core::Analysis a = test::analyze_text(
      "From: =?utf-8?b?5qW95aSp44Kr44O844OJ?= <card@notice-rakuten.example>\nTo: u@example.jp\n"
      "Subject: =?utf-8?b?5qW95aSp44Kr44O844OJ?=\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
      "<img src=\"https://img-host.example/rakuten-logo.png\" alt=\"logo\"><p>楽天カードをご利用のお客様</p>"
      "<p>このメールは送信専用です。</p><a href=\"https://rakuten-card.login-check.example/\" "
      "style=\"background:#bf0000;padding:8px\">ログイン</a>\n");
  ASSERT_TRUE(a.brand);
  for (const char* id : {"BRAND_WITHOUT_OFFICIAL_DOMAIN", "LOGO_EXTERNAL", "SEND_ONLY_ADDRESS"})
    EXPECT_TRUE(has(a, id)) << id;
  EXPECT_EQ(a.content.buttons, 1);
  for (const auto& f : a.findings)
    if (f.id == "SEND_ONLY_ADDRESS") EXPECT_EQ(f.weight, 0);  // informational: weighs nothing
}

}  // namespace ps::detect

namespace ps::detect {

TEST(DetectPurpose, MalwareAttachmentAndAdvanceFee) {
  core::Analysis mal = test::analyze_text(
      "From: a@b.example\nTo: u@example.jp\nSubject: invoice\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nSee attached.\n"
      "--m\nContent-Type: application/octet-stream; name=\"invoice.pdf.exe\"\nContent-Disposition: attachment; "
      "filename=\"invoice.pdf.exe\"\nContent-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA\n--m--\n");
  EXPECT_EQ(mal.purposes, (std::vector<std::string>{"malware"}));
  core::Analysis fee = test::analyze_text(
      "From: claims@lotto.example\nTo: u@example.jp\nSubject: winner\n\nYou have won 1,000,000 USD.\n"
      "Send your full name and phone number to claim it.\n");
  EXPECT_EQ(fee.purposes, (std::vector<std::string>{"advance_fee"}));
  core::Analysis plain = test::analyze_text("From: a@b.example\nTo: u@example.jp\nSubject: hi\n\nSee you at 3.\n");
  EXPECT_TRUE(plain.purposes.empty());
}

}  // namespace ps::detect

namespace ps::detect {

TEST(DetectAttachments, QrCodeLinkAndLoginPageAsAFile) {
  std::string page =
      "<html><head><title>SMBC</title></head><body><form action=\"https://smbc-card.secure-check.example/p\">"
      "ID <input name=id> <input type=\"password\" name=pw></form></body></html>";
  core::Analysis a = test::analyze_text(
      "From: \"SMBC\" <info@secure-check.example>\nTo: u@example.jp\nSubject: =?UTF-8?B?5pys5Lq656K66KqN?=\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n"
      "--B\nContent-Type: text/plain; charset=UTF-8\n\nPlease scan the code or open the attached page.\n"
      "--B\nContent-Type: image/png; name=\"code.png\"\nContent-Transfer-Encoding: base64\n\n" +
      test::base64_lines(test::qr_png("https://smbc-card.secure-check.example/m")) +
      "--B\nContent-Type: text/html; name=\"login.html\"\nContent-Disposition: attachment; filename=\"login.html\"\n"
      "Content-Transfer-Encoding: base64\n\n" + test::base64_lines(page) + "--B--\n");
  EXPECT_TRUE(has(a, "LINK_IN_QR_CODE"));
  EXPECT_TRUE(has(a, "ATTACHMENT_LOGIN_FORM"));
  ASSERT_TRUE(a.brand);
  EXPECT_EQ(a.brand->id, "smbc-card");
  EXPECT_EQ(a.verdict.level, "phishing");
  for (const auto& f : a.findings)
    if (f.id == "LINK_IN_QR_CODE") {
      EXPECT_EQ(f.params.at("image"), "code.png");
      EXPECT_EQ(f.params.at("url"), "hxxps://smbc-card[.]secure-check[.]example/m");
    }
}

TEST(DetectAttachments, OfficialQrCodeAndPlainHtmlFileRaiseNothing) {
  // a brand's own QR code to its own site, and an attached HTML receipt without a form
  core::Analysis a = test::analyze_text(
      "From: \"Amazon\" <no-reply@amazon.co.jp>\nTo: u@example.jp\nSubject: Amazon receipt\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"B\"\n\n"
      "--B\nContent-Type: text/plain; charset=UTF-8\n\nYour Amazon order receipt is attached.\n"
      "--B\nContent-Type: image/png; name=\"app.png\"\nContent-Transfer-Encoding: base64\n\n" +
      test::base64_lines(test::qr_png("https://www.amazon.co.jp/app")) +
      "--B\nContent-Type: text/html; name=\"receipt.html\"\nContent-Disposition: attachment; filename=\"receipt.html\"\n\n"
      "<html><body><p>Order 123</p><a href=\"https://www.amazon.co.jp/orders\">Orders</a></body></html>\n--B--\n");
  ASSERT_TRUE(a.brand);
  EXPECT_EQ(a.brand->id, "amazon");
  EXPECT_FALSE(has(a, "LINK_IN_QR_CODE"));
  EXPECT_FALSE(has(a, "ATTACHMENT_LOGIN_FORM"));
}

}  // namespace ps::detect

namespace ps::detect {

namespace {
const char* kNetworkMail =
    "Received: from mx.receiver.example (mx.receiver.example [192.0.2.1]) by inbox.receiver.example; "
    "Fri, 20 Nov 2026 10:00:00 +0900\n"
    "Received: from evil (unknown [198.51.100.7]) by mx.receiver.example with ESMTP; Fri, 20 Nov 2026 10:00:00 +0900\n"
    "From: \"Amazon\" <info@amazon-notice.example>\nTo: user@receiver.example\nSubject: Amazon account suspended\n"
    "Date: Fri, 20 Nov 2026 10:00:00 +0900\nContent-Type: text/plain; charset=UTF-8\n\n"
    "Your Amazon account has been suspended. Sign in: https://login.amazon-check.example/s\n";
std::string observations(const std::string& site_ip, const std::string& link_registered) {
  return R"({"observed_at": "2026-11-20T12:00:00+09:00",
    "ip": {"198.51.100.7": {"asn": 64500, "as_org": "Small Host", "country": "NL"},
           ")" + site_ip + R"(": {"asn": 64500, "as_org": "Small Host", "country": "NL"}},
    "dns": {"login.amazon-check.example": {"A": [")" + site_ip + R"("]}},
    "rdap": {"amazon-notice.example": {"registered": "2026-11-10"},
             "amazon-check.example": {"registered": ")" + link_registered + R"("}}})";
}
bool has_id(const core::Analysis& a, const char* id) {
  for (const auto& f : a.findings)
    if (f.id == id) return true;
  return false;
}
}  // namespace

TEST(DetectCorrelation, SameNetworkAndDomainsRegisteredTogether) {
  // the site is in the sender's /24, and its domain was bought three days after the sender's
  core::Analysis a = test::analyze_text(kNetworkMail, observations("198.51.100.99", "2026-11-13"));
  EXPECT_TRUE(has_id(a, "SENDER_SITE_SAME_NETWORK"));
  EXPECT_FALSE(has_id(a, "SENDER_IP_IS_SITE_IP"));
  EXPECT_TRUE(has_id(a, "DOMAINS_REGISTERED_TOGETHER"));
  for (const auto& f : a.findings) {
    if (f.id == "SENDER_SITE_SAME_NETWORK") EXPECT_EQ(f.params.at("network"), "198.51.100.0/24");
    if (f.id == "DOMAINS_REGISTERED_TOGETHER") EXPECT_EQ(f.params.at("days"), "3");
  }
  // another /24 of the same small AS: still one network
  a = test::analyze_text(kNetworkMail, observations("203.0.113.9", "2026-11-13"));
  for (const auto& f : a.findings)
    if (f.id == "SENDER_SITE_SAME_NETWORK") EXPECT_EQ(f.params.at("network"), "AS64500 Small Host");
  EXPECT_TRUE(has_id(a, "SENDER_SITE_SAME_NETWORK"));
}

TEST(DetectCorrelation, SameAddressOrFarApartSaysNothingMore) {
  // the same address is SENDER_IP_IS_SITE_IP, not both; domains two months apart are not "together"
  core::Analysis a = test::analyze_text(kNetworkMail, observations("198.51.100.7", "2026-09-01"));
  EXPECT_TRUE(has_id(a, "SENDER_IP_IS_SITE_IP"));
  EXPECT_FALSE(has_id(a, "SENDER_SITE_SAME_NETWORK"));
  EXPECT_FALSE(has_id(a, "DOMAINS_REGISTERED_TOGETHER"));
  // without observations nothing is claimed
  a = test::analyze_text(kNetworkMail);
  EXPECT_FALSE(has_id(a, "SENDER_SITE_SAME_NETWORK"));
  EXPECT_FALSE(has_id(a, "DOMAINS_REGISTERED_TOGETHER"));
}

}  // namespace ps::detect

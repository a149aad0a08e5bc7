#include "parse/parse.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace ps::parse {

TEST(Parse, EkinetSeedHeadersAndParts) {
  std::string raw = test::read_file(test::source_dir() + "/tests/cases/ekinet-payment-2026-02-13.eml");
  core::Message m = parse_message("ekinet.eml", raw);
  EXPECT_EQ(m.subject, "[spam]お支払い情報のご確認と更新のお願い【えきねっと】");
  ASSERT_TRUE(m.subject_tag);
  EXPECT_EQ(*m.subject_tag, "[spam]");
  EXPECT_EQ(m.subject_body, "お支払い情報のご確認と更新のお願い【えきねっと】");
  EXPECT_EQ(m.from.display, "えきねっと");
  EXPECT_EQ(m.from.address, "mail.clknfrr@iwkr.cn");
  ASSERT_TRUE(m.received_at);
  EXPECT_EQ(m.received_at->iso8601(), "2026-02-13T04:20:14+09:00");
  EXPECT_EQ(m.sender.ip, "101.47.78.65");
  EXPECT_EQ(m.sender.helo, "iwkr.cn");
  EXPECT_EQ(m.sender.hop, 1);
  ASSERT_EQ(m.spam_headers.size(), 2u);
  EXPECT_EQ(m.spam_headers[0].name, "X-Spam-Flag");
  // Authentication-Results written by mx01.example.jp, the receiving server: trusted
  ASSERT_FALSE(m.auth.empty());
  EXPECT_EQ(m.auth[0].method, "spf");
  EXPECT_EQ(m.auth[0].result, "fail");
  EXPECT_TRUE(m.auth[0].trusted);
  // parts: 0 message, 1 multipart, 2 text/plain (ISO-2022-JP), 3 text/html (UTF-8)
  ASSERT_EQ(m.parts.size(), 4u);
  EXPECT_EQ(m.parts[2].content_type, "text/plain");
  EXPECT_EQ(m.parts[2].charset.used, "ISO-2022-JP");
  EXPECT_EQ(m.parts[2].charset.invalid_bytes, 0u);
  EXPECT_NE(m.parts[2].text.find("現在、登録されているお支払い情報が無効になっている"), std::string::npos);
  // JIS 0x2141 decodes as U+FF5E (FULLWIDTH TILDE), as CP50220 / ISO-2022-JP-MS and Windows mail clients do
  EXPECT_NE(m.parts[2].text.find("8時00分\uFF5E22時00分"), std::string::npos);
  EXPECT_EQ(m.parts[3].content_type, "text/html");
  EXPECT_NE(m.parts[3].text.find("Perosnal_member"), std::string::npos);
}

TEST(Parse, HeaderOffsetsPointAtTheField) {
  std::string raw = test::read_file(test::source_dir() + "/tests/cases/ekinet-payment-2026-02-13.eml");
  core::Message m = parse_message("ekinet.eml", raw);
  for (const auto& h : m.headers) {
    ASSERT_LT(h.offset, raw.size());
    EXPECT_EQ(raw.compare(h.offset, h.name.size(), h.name), 0) << h.name;
  }
}

TEST(Parse, SubjectTags) {
  std::string rest;
  EXPECT_EQ(split_subject_tag("[SPAM] hello", &rest).value(), "[SPAM]");
  EXPECT_EQ(rest, "hello");
  EXPECT_EQ(split_subject_tag("***SPAM*** x", &rest).value(), "***SPAM***");
  EXPECT_EQ(split_subject_tag("【迷惑メール】お知らせ", &rest).value(), "【迷惑メール】");
  EXPECT_EQ(split_subject_tag("[meiwaku]x", &rest).value(), "[meiwaku]");
  // a bracket that is part of the phishing subject is not a server tag
  EXPECT_FALSE(split_subject_tag("【ご対応依頼】ご利用制限解除のための認証について", &rest));
  EXPECT_FALSE(split_subject_tag("[重要] お知らせ", &rest));
}

TEST(Parse, BrokenInputIsRecordedNotFatal) {
  // multipart without a closing boundary, a NUL byte, an unparseable date, garbage charset
  using namespace std::string_literals;
  std::string raw =
      "From: a@b.example\r\nDate: someday\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n"
      "--zz\r\nContent-Type: text/plain; charset=bogus-42\r\n\r\nhello\0world\r\n--zz\r\nContent-Type: text/html\r\n\r\n<p>x"s;
  ASSERT_NE(raw.find('\0'), std::string::npos);
  core::Message m = parse_message("broken.eml", raw);
  bool date_anomaly = false;
  for (const auto& a : m.anomalies)
    if (a.kind == "UNPARSEABLE_DATE") date_anomaly = true;
  EXPECT_TRUE(date_anomaly);
  EXPECT_FALSE(m.date);
  EXPECT_GE(m.parts.size(), 3u);
}

TEST(Parse, LimitsTruncateAndRecord) {
  std::string raw = "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 20; ++i) raw += "--b\nContent-Type: text/plain\n\npart " + std::to_string(i) + "\n";
  raw += "--b--\n";
  core::Limits lim;
  lim.max_parts = 5;
  core::Message m = parse_message("many.eml", raw, lim);
  EXPECT_LE(m.parts.size(), 6u);
  bool limited = false;
  for (const auto& a : m.anomalies)
    if (a.kind == "LIMIT_PARTS") limited = true;
  EXPECT_TRUE(limited);
}

}  // namespace ps::parse

namespace ps::parse {

TEST(ParseHostile, TenThousandReceivedLines) {
  std::string raw;
  for (int i = 0; i < 10000; ++i)
    raw += "Received: from h" + std::to_string(i) + ".example (h.example [203.0.113." + std::to_string(i % 250 + 1) +
           "]) by mx.example.jp; Sun, 15 Mar 2026 12:00:00 +0900\r\n";
  raw += "From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n";
  core::Message m = parse_message("many.eml", raw);  // default limit: 2000 header fields
  bool limited = false;
  for (const auto& a : m.anomalies)
    if (a.kind == "LIMIT_HEADER_COUNT") limited = true;
  EXPECT_TRUE(limited);
  EXPECT_EQ(m.received.size(), 2000u);
  EXPECT_EQ(m.sender.hop, 0);
  core::Limits big;
  big.max_headers = 20000;
  core::Message all = parse_message("many.eml", raw, big);
  EXPECT_EQ(all.received.size(), 10000u);
}

TEST(ParseHostile, HundredThousandCharacterHeaders) {
  std::string subject(100000, 'A');
  std::string received = "from x (x [203.0.113.5]) by mx.example.jp (" + std::string(100000, 'c') + "); bogus";
  std::string raw = "Received: " + received + "\r\nFrom: a@b.example\r\nSubject: " + subject + "\r\n\r\nbody\r\n";
  core::Message m = parse_message("long.eml", raw);
  EXPECT_EQ(m.subject.size(), 100000u);
  ASSERT_EQ(m.received.size(), 1u);
  EXPECT_EQ(m.received[0].ip, "203.0.113.5");
  EXPECT_FALSE(m.received[0].date);
  core::Limits small;
  small.max_header_bytes = 1000;
  core::Message t = parse_message("long.eml", raw, small);
  bool truncated = false;
  for (const auto& a : t.anomalies)
    if (a.kind == "LIMIT_HEADER_LENGTH") truncated = true;
  EXPECT_TRUE(truncated);
  EXPECT_LE(t.subject.size(), 1000u);
}

TEST(ParseAuth, TrustedOnlyAboveTheBoundary) {
  std::string raw =
      "Authentication-Results: mx.example.jp; spf=fail smtp.mailfrom=evil.example; dkim=fail header.d=evil.example; dmarc=fail header.from=bank.example\r\n"
      "Received-SPF: Fail (mailfrom) client-ip=203.0.113.5; envelope-from=a@evil.example\r\n"
      "Received: from evil.example (unknown [203.0.113.5]) by mx.example.jp (Postfix) with ESMTP; Sun, 15 Mar 2026 12:00:00 +0900\r\n"
      "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example; dmarc=pass\r\n"  // forged by the sender
      "DKIM-Signature: v=1; a=rsa-sha256; d=evil.example; s=k1; h=from; bh=x; b=y\r\n"
      "ARC-Seal: i=1; a=rsa-sha256; cv=fail; d=forwarder.example; s=arc; b=z\r\n"
      "From: Bank <info@bank.example>\r\nSubject: x\r\n\r\nbody\r\n";
  core::Message m = parse_message("auth.eml", raw);
  ASSERT_EQ(m.sender.hop, 0);
  int trusted = 0, untrusted = 0;
  for (const auto& a : m.auth) (a.trusted ? trusted : untrusted)++;
  EXPECT_EQ(trusted, 4);    // spf, dkim, dmarc from the receiver, and Received-SPF
  EXPECT_EQ(untrusted, 2);  // the sender's own "pass" claims
  for (const auto& a : m.auth)
    if (a.result == "pass") {
      EXPECT_FALSE(a.trusted);
    }
  ASSERT_EQ(m.dkim.size(), 1u);
  EXPECT_EQ(m.dkim[0].domain, "evil.example");
  EXPECT_FALSE(m.dkim[0].aligned);
  ASSERT_EQ(m.arc.size(), 1u);
  EXPECT_EQ(m.arc[0].cv, "fail");
}

}  // namespace ps::parse

namespace ps::parse {

TEST(ParseAuth, DmarcAlignmentFromTrustedResults) {
  auto parse = [](const std::string& ar) {
    return parse_message("a.eml", "Authentication-Results: mx.example.jp; " + ar +
                                      "\r\nReceived: from o.example (o.example [203.0.113.5]) by mx.example.jp; "
                                      "Sun, 15 Mar 2026 12:00:00 +0900\r\nFrom: <info@mail.bank.example>\r\n\r\nx\r\n");
  };
  auto a = parse("spf=pass smtp.mailfrom=bounce.bank.example; dkim=pass header.d=esp.example");
  EXPECT_TRUE(a.alignment.evaluated);
  EXPECT_EQ(a.alignment.from_domain, "bank.example");
  EXPECT_TRUE(a.alignment.spf_aligned);   // relaxed: same registrable domain
  EXPECT_FALSE(a.alignment.dkim_aligned);  // signed by the mailing service
  EXPECT_TRUE(a.alignment.pass());
  auto b = parse("spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example");
  EXPECT_FALSE(b.alignment.pass());
  auto c = parse("spf=fail smtp.mailfrom=bank.example; dkim=fail header.d=bank.example");
  EXPECT_FALSE(c.alignment.spf_aligned);
  EXPECT_FALSE(c.alignment.pass());
}

}  // namespace ps::parse

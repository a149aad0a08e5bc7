#include "ingest/msg.h"

#include <gtest/gtest.h>

#include "ingest/ingest.h"
#include "msg_writer.h"

namespace ps::ingest {

using test::bin_prop;
using test::le64;
using test::MsgObject;
using test::str_prop;

namespace {

MsgObject simple_message() {
  MsgObject m;
  m.props.push_back(str_prop(0x0037, "【重要】アカウント確認"));
  m.props.push_back(str_prop(0x0C1A, "Amazon"));
  m.props.push_back(str_prop(0x5D01, "no-reply@amaz0n-secure.example"));
  m.props.push_back(str_prop(0x1035, "<abc@amaz0n-secure.example>"));
  m.props.push_back({0x00390040, le64(134154252000000000ULL)});  // 2026-02-13 (FILETIME)
  m.props.push_back(str_prop(0x1000, "ログインはこちら https://amaz0n-secure.example/login\r\n"));
  m.props.push_back(bin_prop(0x1013, "<p>ログインは<a href=\"https://amaz0n-secure.example/login\">こちら</a></p>"));
  m.props.push_back({0x3FDE0003, le64(65001)});  // PidTagInternetCodepage: UTF-8
  MsgObject to;
  to.props.push_back(str_prop(0x3001, "Taro"));
  to.props.push_back(str_prop(0x39FE, "taro@example.jp"));
  to.props.push_back({0x0C150003, le64(1)});
  m.recipients.push_back(to);
  MsgObject pdf;
  pdf.props.push_back(str_prop(0x3707, "請求書.pdf"));
  pdf.props.push_back(str_prop(0x370E, "application/pdf"));
  pdf.props.push_back(bin_prop(0x3701, "%PDF-1.4\n%%EOF\n"));
  m.attachments.push_back(pdf);
  return m;
}

}  // namespace

TEST(Msg, PropertiesBecomeAnRfc5322Message) {
  std::string bytes = test::write_msg(simple_message());
  ASSERT_TRUE(looks_like_ole(bytes));
  auto c = msg_to_rfc822(bytes);
  ASSERT_TRUE(c.ok()) << c.error().str();
  const std::string& m = c->rfc822;
  EXPECT_NE(m.find("From: \"Amazon\" <no-reply@amaz0n-secure.example>\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("To: \"Taro\" <taro@example.jp>\r\n"), std::string::npos);
  EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m.find("Date: Fri, 13 Feb 2026"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <abc@amaz0n-secure.example>"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: application/pdf; name=\"=?UTF-8?B?"), std::string::npos);
  EXPECT_FALSE(c->had_transport_headers);
  ASSERT_FALSE(c->notes.empty());  // no Received chain: said so
  auto raw = to_message("x.msg", bytes);
  ASSERT_TRUE(raw.ok()) << raw.error().str();
  EXPECT_EQ(raw->format, "msg");
  EXPECT_EQ(check_looks_like_mail(raw->bytes), "");
}

TEST(Msg, TransportHeadersAndEmbeddedMessages) {
  MsgObject inner;
  inner.props.push_back(str_prop(0x007D,
                                 "Received: from bad.example (bad.example [203.0.113.9]) by mx.example.jp (Postfix) with ESMTP id 1;"
                                 " Fri, 13 Feb 2026 04:20:11 +0900\r\nFrom: x@bad.example\r\nSubject: inner\r\n"
                                 "Content-Type: text/html; charset=shift_jis\r\nMIME-Version: 1.0\r\n\r\n"));
  inner.props.push_back(str_prop(0x1000, "inner body"));
  MsgObject att;
  att.props.push_back(str_prop(0x3001, "phish.msg"));
  att.embedded.push_back(inner);
  MsgObject outer;
  outer.props.push_back(str_prop(0x0037, "FW: phish"));
  outer.props.push_back(str_prop(0x1000, "please look"));
  outer.attachments.push_back(att);
  auto c = msg_to_rfc822(test::write_msg(outer));
  ASSERT_TRUE(c.ok()) << c.error().str();
  const std::string& m = c->rfc822;
  size_t rfc822 = m.find("Content-Type: message/rfc822");
  ASSERT_NE(rfc822, std::string::npos) << m;
  // the inner message kept its Received line, without its original (now untrue) MIME headers
  size_t received = m.find("Received: from bad.example (bad.example [203.0.113.9])");
  EXPECT_GT(received, rfc822);
  EXPECT_EQ(m.find("charset=shift_jis"), std::string::npos);
}

TEST(Msg, DamagedOrForeignCompoundFilesAreClearErrors) {
  std::string bytes = test::write_msg(simple_message());
  EXPECT_FALSE(msg_to_rfc822("plain text").ok());
  auto cut = msg_to_rfc822(bytes.substr(0, 700));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().what.find("OLE"), std::string::npos) << cut.error().what;
  std::string garbage = bytes;
  for (size_t i = 512; i < garbage.size(); i += 7) garbage[i] = static_cast<char>(garbage[i] ^ 0x5A);
  auto r = msg_to_rfc822(garbage);  // no crash; an error or a best-effort message
  if (r.ok()) EXPECT_EQ(check_looks_like_mail(r->rfc822), "");
}

TEST(Msg, CompressedRtfAndEncapsulatedHtml) {
  // MS-OXRTFCP's example: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n" compressed
  const unsigned char comp[] = {0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
                                0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
                                0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
                                0xa0};
  auto rtf = decompress_rtf(std::string(reinterpret_cast<const char*>(comp), sizeof comp), 1 << 20);
  ASSERT_TRUE(rtf.ok());
  EXPECT_EQ(*rtf, "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
  RtfBody b = rtf_body("{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 {\\*\\htmltag19 <html>}{\\*\\htmltag34 <a href=\"https://x.example/\">}"
                       "\\htmlrtf {\\field link}\\htmlrtf0 caf\\'e9{\\*\\htmltag35 </a>}{\\*\\htmltag27 </html>}}");
  EXPECT_EQ(b.html, "<html><a href=\"https://x.example/\">café</a></html>");
  RtfBody plain = rtf_body("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard Visit https://y.example/ now\\par next}");
  EXPECT_TRUE(plain.html.empty());
  EXPECT_EQ(plain.text, "Visit https://y.example/ now\nnext");
}

}  // namespace ps::ingest

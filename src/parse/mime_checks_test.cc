#include "parse/mime_checks.h"
#include "parse/parse.h"
#include "core/text.h"

#include <gtest/gtest.h>

namespace ps::parse {

static bool has(const std::vector<core::Anomaly>& v, const std::string& kind) {
  for (const auto& a : v)
    if (a.kind == kind) return true;
  return false;
}

TEST(MimeChecks, FilenamesInEveryEncoding) {
  // RFC 2231 with charset
  EXPECT_EQ(decode_filename("attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf", ""), "請求書.pdf");
  // RFC 2231 continuations, ISO-2022-JP with NEC ① (0x2D21)
  EXPECT_EQ(decode_filename("attachment; filename*0*=iso-2022-jp''%1B%24B-%21; filename*1*=%1B%28B.txt", ""), "①.txt");
  // RFC 2047 inside quotes (not standard, but what Japanese mailers write)
  EXPECT_EQ(decode_filename("attachment; filename=\"=?ISO-2022-JP?B?GyRCO1lKJyQkGyhC?=.zip\"", ""), "支払い.zip");
  // raw Shift_JIS bytes, and the Content-Type name when there is no disposition
  EXPECT_EQ(decode_filename("", "application/octet-stream; name=\"\x83\x65\x83\x58\x83\x67.exe\""), "テスト.exe");
  EXPECT_EQ(decode_filename("inline", "image/png; name=logo.png"), "logo.png");
  EXPECT_EQ(decode_filename("", ""), "");
}

TEST(MimeChecks, SniffsTypesFromFirstBytes) {
  EXPECT_EQ(sniff_type(std::string("\x89PNG\r\n\x1a\n....", 12)), "image/png");
  EXPECT_EQ(sniff_type("%PDF-1.7\n"), "application/pdf");
  EXPECT_EQ(sniff_type(std::string("PK\x03\x04", 4)), "application/zip");
  EXPECT_EQ(sniff_type("MZ\x90"), "application/x-msdownload");
  EXPECT_EQ(sniff_type("  <!DOCTYPE html><html>"), "text/html");
  EXPECT_EQ(sniff_type("hello"), "");
}

TEST(MimeChecks, ListsTnefAttachmentTitles) {
  std::string t("\x78\x9f\x3e\x22\x01\x00", 6);
  auto attr = [&](uint8_t level, uint32_t id, const std::string& data) {
    t += static_cast<char>(level);
    for (int i = 0; i < 4; ++i) t += static_cast<char>((id >> (8 * i)) & 0xff);
    uint32_t len = static_cast<uint32_t>(data.size());
    for (int i = 0; i < 4; ++i) t += static_cast<char>((len >> (8 * i)) & 0xff);
    t += data;
    t += std::string("\0\0", 2);
  };
  attr(1, 0x00089006, std::string("\x01\x00\x00\x00", 4));  // a message attribute
  attr(2, 0x00018010, std::string("invoice.doc\0", 12));
  attr(2, 0x00018010, std::string("\x90\xbf\x8b\x81\x8f\x91.xls\0", 11));  // 請求書 in CP932
  auto names = tnef_attachment_names(t);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "invoice.doc");
  EXPECT_EQ(names[1], "請求書.xls");
  EXPECT_TRUE(tnef_attachment_names("not tnef").empty());
  // truncated stream: stops, no crash
  EXPECT_LE(tnef_attachment_names(t.substr(0, t.size() - 5)).size(), 1u);
}

TEST(MimeChecks, TransferEncodingAnomalies) {
  std::vector<core::Anomaly> a;
  check_transfer_encoding("SGVsbG8gd29ybGQ", "base64", 2, 100, a);  // 15 chars: truncated
  EXPECT_TRUE(has(a, "BASE64_TRUNCATED"));
  a.clear();
  check_transfer_encoding("SGVs*bG8=\n", "base64", 2, 100, a);
  EXPECT_TRUE(has(a, "BASE64_INVALID_CHARACTERS"));
  a.clear();
  check_transfer_encoding("SGVsbG8gd29ybGQ=\r\n", "base64", 2, 100, a);
  EXPECT_TRUE(a.empty());
  check_transfer_encoding("caf=C3=A9 =\r\nnext =ZZ end", "quoted-printable", 2, 100, a);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, "QP_INVALID_ESCAPE");
  a.clear();
  check_transfer_encoding("\xe3\x81\x82", "7bit", 3, 7, a);
  EXPECT_TRUE(has(a, "EIGHT_BIT_IN_7BIT_PART"));
  EXPECT_EQ(a[0].part, 3);
  EXPECT_EQ(a[0].offset, 7u);
  a.clear();
  check_transfer_encoding("x", "x-made-up", 1, 0, a);
  EXPECT_TRUE(has(a, "UNKNOWN_TRANSFER_ENCODING"));
}

TEST(MimeChecks, RawAnomalies) {
  std::vector<core::Header> hs(3);
  hs[0].name = "Subject";
  hs[0].value = "a";
  hs[0].offset = 0;
  hs[1].name = "From";
  hs[1].value = "x@a";
  hs[1].offset = 11;
  hs[2].name = "From";
  hs[2].value = "y@b";
  hs[2].offset = 20;
  std::string raw = "Subject: a\nFrom: x@a\nFrom: y@b\n\n" + std::string(1200, 'x') + "\n" + std::string(1, '\0');
  std::vector<core::Anomaly> a;
  check_raw(raw, hs, a);
  EXPECT_TRUE(has(a, "CONFLICTING_HEADER"));
  EXPECT_TRUE(has(a, "LINE_TOO_LONG"));
  EXPECT_TRUE(has(a, "NUL_BYTES"));
  std::vector<core::Header> folded(1);
  folded[0].name = "Subject";
  folded[0].offset = 0;
  std::string f = "Subject: a\n \n b\n\nbody\n";
  a.clear();
  check_raw(f, folded, a);
  EXPECT_TRUE(has(a, "HEADER_FOLDING_ABUSE"));
}

TEST(MimeChecks, BoundaryOfAnotherShapeIsRecoveredWithTheSameOffsets) {
  for (bool more_dashes : {true, false}) {
    std::string declared = more_dashes ? "----=_Part_77_1" : "--------=_Part_77_1";
    std::string used = more_dashes ? "--------=_Part_77_1" : "----=_Part_77_1";
    std::string mail = "From: a@x.example\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"" +
                       declared + "\"\n\n--" + used + "\nContent-Type: text/plain\n\nplain text\n--" + used +
                       "\nContent-Type: text/html\n\n<p>html <a href=\"https://evil.example/x\">here</a></p>\n--" + used + "--\n";
    core::Message m = parse_message("t.eml", mail);
    bool recovered = false, not_found = false;
    for (const auto& a : m.anomalies) {
      recovered = recovered || a.kind == "BOUNDARY_RECOVERED";
      not_found = not_found || a.kind == "BOUNDARY_NOT_FOUND";
    }
    EXPECT_TRUE(recovered) << more_dashes;
    EXPECT_FALSE(not_found) << more_dashes;
    ASSERT_GE(m.parts.size(), 4u) << more_dashes;
    EXPECT_EQ(m.parts[2].content_type, "text/plain");
    EXPECT_EQ(core::trim(m.parts[2].text), "plain text");
    EXPECT_EQ(m.parts[3].content_type, "text/html");
    EXPECT_EQ(mail.compare(m.parts[3].offset, 12, "Content-Type"), 0) << "offsets are the original mail's";
  }
  std::vector<core::Anomaly> none;
  EXPECT_EQ(recover_boundaries("Content-Type: multipart/mixed; boundary=abc123\n\n--abc123\n\nx\n--abc123--\n", none), "");
  EXPECT_TRUE(none.empty());
}

}  // namespace ps::parse

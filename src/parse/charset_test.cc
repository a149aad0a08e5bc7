#include "parse/charset.h"

#include <gtest/gtest.h>

namespace ps::parse {

TEST(Charset, Iso2022JpWithNecSpecialCharacters) {
  // ① and ㈱ (NEC row 13), which glibc iconv rejects
  Decoded d = decode_text("\x1b$B-!-j\x1b(B", "ISO-2022-JP");
  EXPECT_EQ(d.text, "①㈱");
  EXPECT_EQ(d.decision.reason, "declared");
  EXPECT_EQ(d.decision.invalid_bytes, 0u);
}

TEST(Charset, ShiftJisIsReadAsCp932) {
  // "①～" in CP932: 0x8740, 0x8160 (full-width tilde in CP932)
  Decoded d = decode_text("\x87\x40\x81\x60", "Shift_JIS");
  EXPECT_EQ(d.decision.used, "windows-31j");
  EXPECT_EQ(d.text, "①～");
}

TEST(Charset, LabelThatDoesNotFitIsDetected) {
  // Shift_JIS bytes for "テスト" labelled ISO-2022-JP
  Decoded d = decode_text("\x83\x65\x83\x58\x83\x67", "iso-2022-jp");
  EXPECT_EQ(d.text, "テスト");
  EXPECT_EQ(d.decision.used, "windows-31j");
  EXPECT_EQ(d.decision.reason, "detected");
  // UTF-8 bytes labelled us-ascii
  Decoded u = decode_text("\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88", "us-ascii");
  EXPECT_EQ(u.text, "テスト");
  EXPECT_EQ(u.decision.reason, "detected");
}

TEST(Charset, EucJpDetectedWithoutLabel) {
  // "日本語のテキストです" in EUC-JP
  std::string euc = "\xc6\xfc\xcb\xdc\xb8\xec\xa4\xce\xa5\xc6\xa5\xad\xa5\xb9\xa5\xc8\xa4\xc7\xa4\xb9";
  EXPECT_EQ(detect_charset(euc), "EUC-JP");
  Decoded d = decode_text(euc, "");
  EXPECT_EQ(d.text, "日本語のテキストです");
  EXPECT_EQ(d.decision.reason, "detected");
}

TEST(Charset, InvalidBytesAreCounted) {
  Decoded d = decode_text("ok \xff\xfe end", "utf-8");
  EXPECT_GT(d.decision.invalid_bytes, 0u);
  EXPECT_NE(d.text.find("ok "), std::string::npos);
  EXPECT_NE(d.text.find(" end"), std::string::npos);
}

TEST(Charset, AsciiAndUnknownLabels) {
  EXPECT_EQ(decode_text("plain", "").decision.reason, "ascii");
  EXPECT_EQ(converter_for_label("\"ISO-2022-JP\""), "ISO-2022-JP");
  EXPECT_EQ(converter_for_label("x-unknown-charset-42"), "");
  Decoded d = decode_text("abc", "x-unknown-charset-42");
  EXPECT_EQ(d.text, "abc");
}

}  // namespace ps::parse

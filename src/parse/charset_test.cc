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

// Western text with no label (or a 7-bit one) is chosen by evidence: its 8-bit bytes stand alone, and reading them
// as Shift_JIS gives lone ideographs or user-defined characters and no kana.
TEST(Charset, WesternBytesAreNotReadAsJapanese) {
  Decoded pt = decode_text("Aten\xe7\xe3o: sua conta foi bloqueada, n\xe3o responda", "");
  EXPECT_EQ(pt.decision.used, "windows-1252");
  EXPECT_EQ(pt.text, "Atenção: sua conta foi bloqueada, não responda");
  Decoded en = decode_text("don\x92t miss \x95 this", "us-ascii");
  EXPECT_EQ(en.decision.used, "windows-1252");
  EXPECT_EQ(en.text, "don’t miss • this");
  EXPECT_EQ(detect_charset("Fr\xf6sche"), "windows-1252");
  // Shift_JIS katakana with ASCII trail bytes stay Japanese
  EXPECT_EQ(detect_charset("\x83\x65\x83\x58\x83\x67"), "windows-31j");
  EXPECT_EQ(detect_charset("\x82\xa8\x8b\x71\x97\x6c"), "windows-31j");  // お客様
}

TEST(Charset, LabelsWidenedToWhatMailersWrite) {
  // GB2312 label, GBK character (様 is 0x9894 in GBK, outside GB2312)
  Decoded gb = decode_text("\xa4\xaa\xbf\xcd\x98\x94", "gb2312");
  EXPECT_EQ(gb.text, "お客様");
  EXPECT_EQ(gb.decision.invalid_bytes, 0u);
  // ISO-8859-1 label with Windows punctuation
  EXPECT_EQ(decode_text("it\x92s \x80" "5", "iso-8859-1").text, "it’s €5");
  // a single-byte label over valid UTF-8: the text is UTF-8
  Decoded u = decode_text("(\xc2\xa3" "90 Value) Fr\xc3\xb6sche", "iso-8859-1");
  EXPECT_EQ(u.text, "(£90 Value) Frösche");
  EXPECT_EQ(u.decision.used, "UTF-8");
  EXPECT_EQ(u.decision.reason, "detected");
}

TEST(Charset, UndecodableBytesBecomeReplacementCharactersNeverControls) {
  for (const char* label : {"ISO-2022-JP", "Shift_JIS", "EUC-JP", "gb2312", "big5", "koi8-r", "utf-8"}) {
    Decoded d = decode_text("a\xff\xfe\x80\x1b$B\xff b", label);
    for (unsigned char c : d.text) EXPECT_TRUE(c >= 0x20 || c == 0x1b) << label;  // the input's own ESC may stay
    EXPECT_EQ(d.text.find('\x1a'), std::string::npos) << label;
  }
}

TEST(Charset, ChineseWithoutKanaIsNotJapanese) {
  // Big5: 中文電子報 (no kana), undeclared
  Decoded d = decode_text("\xa4\xa4\xa4\xe5\xb9\x71\xa4\x6c\xb3\xf8", "");
  EXPECT_EQ(d.decision.used, "windows-950");
  EXPECT_EQ(d.text, "中文電子報");
}

TEST(Charset, KoreanInShortRunsBetweenSpaces) {
  // EUC-KR: [광고] 요즘 뜨는 직종
  Decoded d = decode_text("[\xb1\xa4\xb0\xed] \xbf\xe4\xc1\xf2 \xb6\xdf\xb4\xc2 \xc1\xf7\xc1\xbe", "");
  EXPECT_EQ(d.decision.used, "windows-949");
  EXPECT_EQ(d.text, "[광고] 요즘 뜨는 직종");
}

}  // namespace ps::parse

#include "parse/rfc2047.h"

#include <gtest/gtest.h>

namespace ps::parse {

TEST(Rfc2047, Iso2022JpSplitAcrossWordsWithPrefix) {
  auto d = decode_header_value(
      "[spam]=?iso-2022-jp?b?GyRCJCo7WUonJCQ+cEpzJE4kNDNORyckSDk5PzckTiQqNGokJCFaJCgbKEI=?=\r\n"
      " =?iso-2022-jp?b?GyRCJC0kTSRDJEghWxsoQg==?=");
  EXPECT_EQ(d.text, "[spam]お支払い情報のご確認と更新のお願い【えきねっと】");
  EXPECT_EQ(d.decision.declared, "iso-2022-jp");
}

TEST(Rfc2047, Utf8CharacterSplitBetweenWords) {
  // "の" = E3 81 AE split: first word ends with E3 81, second starts with AE
  auto d = decode_header_value("=?utf-8?b?44E=?= =?utf-8?b?rg==?=");
  EXPECT_EQ(d.text, "の");
}

TEST(Rfc2047, QEncodingAndMixedBQ) {
  auto d = decode_header_value("=?utf-8?q?caf=C3=A9_ok?= =?utf-8?b?44GC?=");
  EXPECT_EQ(d.text, "café okあ");
}

TEST(Rfc2047, TextBetweenWordsIsKept) {
  auto d = decode_header_value("=?utf-8?b?44GC?= and =?utf-8?b?44GE?=");
  EXPECT_EQ(d.text, "あ and い");
}

TEST(Rfc2047, Raw8bitUtf8AndSjis) {
  auto u = decode_header_value("\xe3\x81\x82\xe3\x81\x84");
  EXPECT_EQ(u.text, "あい");
  EXPECT_TRUE(u.had_raw_8bit);
  auto s = decode_header_value("\x83\x65\x83\x58\x83\x67");
  EXPECT_EQ(s.text, "テスト");
  auto l = decode_header_value("Fr\xf6sche und Kr\xf6ten");  // a raw Latin-1 header: no letter lost
  EXPECT_EQ(l.text, "Frösche und Kröten");
  EXPECT_EQ(l.decision.used, "windows-1252");
}

TEST(Rfc2047, SpacesInsideAnEncodedWordAsMailClientsReadThem) {
  EXPECT_EQ(decode_header_value("=?iso-8859-1?q?We have an important message for you!?=  Sam's Club").text,
            "We have an important message for you!  Sam's Club");
  EXPECT_EQ(decode_header_value("=?UTF-8?Q?=F0=9F=92=BC_Ride_the_wave_13, 000$?=").text, "💼 Ride the wave 13, 000$");
}

TEST(Rfc2047, ManyOpeningsCostLinearTime) {
  std::string many;
  for (int i = 0; i < 50000; ++i) many += "=?x?B?a a ";
  auto d = decode_header_value(many);  // 500 KB: each "=?" looks a bounded distance ahead
  EXPECT_FALSE(d.text.empty());
}

TEST(Rfc2047, MalformedWordStaysLiteral) {
  auto d = decode_header_value("=?utf-8?x?abc?= tail =?broken");
  EXPECT_EQ(d.text, "=?utf-8?x?abc?= tail =?broken");
}

}  // namespace ps::parse

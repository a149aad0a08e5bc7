#include "extract/lures.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace ps::extract {

namespace {
const LureCatalog& catalog() {
  static LureCatalog c = *LureCatalog::load(test::data_dir() + "/lures.json");
  return c;
}
bool has(const std::vector<LureHit>& v, const char* category) {
  for (const auto& h : v)
    if (h.category == category) return true;
  return false;
}
}  // namespace

TEST(Lures, NormalisationMapsBackToTheOriginal) {
  auto n = normalise_for_matching("ＡＢＣ  Dé\u200bjà\tvu");
  EXPECT_EQ(n.text, "abc deja vu");  // accents off Latin letters
  ASSERT_EQ(n.source_char.size(), n.text.size());
  EXPECT_EQ(n.source_char[0], 0u);           // Ａ
  EXPECT_EQ(n.source_char[4], 5u);           // D after two spaces
  EXPECT_EQ(n.source_char.back(), 12u);      // u
}

TEST(Lures, PhrasesInSixLanguagesWithBoundariesAndWildcards) {
  ASSERT_GT(catalog().phrases(), 1000u);
  EXPECT_TRUE(has(catalog().find("Your account has been suspended. Please verify."), "account_suspension"));
  EXPECT_TRUE(has(catalog().find("Sua conta será bloqueada em 24 horas"), "account_suspension"));
  EXPECT_TRUE(has(catalog().find("アカウン︉ト使用停⁡止のお知らせ：お客様のアカウントがロックされています"), "account_suspension"));
  EXPECT_TRUE(has(catalog().find("Please enter your 12-word recovery phrase to validate your wallet"), "crypto_wallet"));
  EXPECT_TRUE(has(catalog().find("Ihr Paket konnte nicht zugestellt werden"), "parcel_fee"));
  EXPECT_TRUE(has(catalog().find("Dear Customer,\nwe"), "generic_greeting"));
  EXPECT_TRUE(catalog().find("Thanks for the patch, it looks good to me. Applied.").empty());
  // offsets are the original text's code points
  std::string t = "ご注意：アカウントがロックされています";
  for (const auto& h : catalog().find(t)) {
    EXPECT_LT(h.begin_char, h.end_char);
    EXPECT_LE(h.end_char, 19u);
  }
  // written to slip past a filter: character references, accents, Cyrillic look-alikes inside Latin words
  EXPECT_TRUE(has(catalog().find("Your acc&#111;unt has been susp&eacute;nded"), "account_suspension"));
  EXPECT_TRUE(has(catalog().find("Yоur аccount hаs been suspended"), "account_suspension"));
  auto cyr = normalise_for_matching("Ваш аккаунт");  // Russian stays Russian
  EXPECT_EQ(cyr.text, "ваш аккаунт");
  auto ent = normalise_for_matching("a&amp;b c");
  EXPECT_EQ(ent.text, "a&b c");
  ASSERT_EQ(ent.source_char.size(), 5u);
  EXPECT_EQ(ent.source_char[2], 6u);  // 'b' after the five characters of "&amp;"
  // a reply quotes the other writer's words: not this mail's story
  core::Message m;
  core::Content c;
  c.text = "Thanks.\n> Your account has been suspended\n>> dear customer\nYour account has been suspended";
  catalog().find_in(m, c);
  size_t suspended = 0;
  for (const auto& h : c.lures) {
    EXPECT_NE(h.category, "generic_greeting");
    if (h.category == "account_suspension") {
      ++suspended;
      EXPECT_GE(h.begin_char, 59u);  // the last line's
    }
  }
  EXPECT_GE(suspended, 1u);
  EXPECT_FALSE(LureCatalog::parse(R"({"categories": {}, "phrases": {"en": {"nope": ["x"]}}})", "t").ok());
}

}  // namespace ps::extract

#include "extract/lookalike.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace ps::extract {

static const BrandCatalog& catalog() {
  static BrandCatalog c = *BrandCatalog::load(test::data_dir() + "/brands.json");
  return c;
}

TEST(Lookalike, EditDistanceWithTranspositions) {
  EXPECT_EQ(edit_distance("eki-net", "eki-net"), 0u);
  EXPECT_EQ(edit_distance("eki-net", "eki-nett"), 1u);
  EXPECT_EQ(edit_distance("pocketcard", "pokcetcard"), 1u);  // transposition
  EXPECT_EQ(edit_distance("amazon", "arnazon"), 2u);
}

TEST(Lookalike, TyposquatTldSwapAndHomoglyph) {
  auto t = find_lookalike("pokcetcard.co.jp", "", catalog());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->technique, "TYPOSQUAT");
  EXPECT_EQ(t->official_domain, "pocketcard.co.jp");
  auto swap = find_lookalike("eki-net.cn", "", catalog());
  ASSERT_TRUE(swap);
  EXPECT_EQ(swap->technique, "TLD_SWAP");
  EXPECT_EQ(swap->official_domain, "eki-net.com");
  // Cyrillic 'а' (U+0430) in amazon
  auto h = find_lookalike("xn--mazon-3ve.com", "\xd0\xb0mazon.com", catalog());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->technique, "HOMOGLYPH");
  EXPECT_EQ(h->official_domain, "amazon.com");
}

TEST(Lookalike, OfficialAndUnrelatedDomainsAreNotLookalikes) {
  EXPECT_FALSE(find_lookalike("eki-net.com", "", catalog()));
  EXPECT_FALSE(find_lookalike("pocketcard.co.jp", "", catalog()));
  EXPECT_FALSE(find_lookalike("ddnxw.cn", "", catalog()));
  EXPECT_FALSE(find_lookalike("example.com", "", catalog()));
  EXPECT_FALSE(find_lookalike("github.com", "", catalog()));
}

// A typo imitates a name when it is the kind of slip a reader misses; a close word of its own is another name.
TEST(Lookalike, ImitationEditsAndOtherWords) {
  EXPECT_TRUE(imitation_edit("paypall", "paypal"));      // doubled letter
  EXPECT_TRUE(imitation_edit("micros0ft", "microsoft")); // digit for a letter
  EXPECT_TRUE(imitation_edit("amzaon", "amazon"));       // neighbours swapped
  EXPECT_TRUE(imitation_edit("amazn", "amazon"));        // letter left out inside
  EXPECT_TRUE(imitation_edit("pay-pal", "paypal"));      // hyphen inside
  EXPECT_TRUE(imitation_edit("pocketcrad", "pocketcard"));
  EXPECT_FALSE(imitation_edit("tesco", "tepco"));        // another company
  EXPECT_FALSE(imitation_edit("gonzo", "monzo"));
  EXPECT_FALSE(imitation_edit("jdigital", "digital"));   // a letter in front makes another word
  EXPECT_FALSE(imitation_edit("ashersky", "kaspersky"));
  EXPECT_FALSE(find_lookalike("tesco.ie", "", catalog()));
  EXPECT_FALSE(find_lookalike("minid.net", "", catalog()));
}

}  // namespace ps::extract

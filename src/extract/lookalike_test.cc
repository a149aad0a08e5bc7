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

}  // namespace ps::extract

#include "report/catalog.h"

#include <gtest/gtest.h>

#include "detect/rule.h"
#include "test_util.h"

namespace ps::report {

TEST(Catalog, FillReplacesKnownSlotsOnly) {
  EXPECT_EQ(fill("a {x} b {y}", {{"x", "1"}}), "a 1 b {y}");
  EXPECT_EQ(fill("{", {}), "{");
}

TEST(Catalog, JaAndEnHaveTheSameKeysAndEveryRule) {
  auto ja = Catalog::load(test::data_dir() + "/messages/ja.json");
  auto en = Catalog::load(test::data_dir() + "/messages/en.json");
  ASSERT_TRUE(ja.ok() && en.ok());
  for (const auto& [k, v] : ja->messages()) EXPECT_TRUE(en->has(k)) << "en lacks " << k;
  for (const auto& [k, v] : en->messages()) EXPECT_TRUE(ja->has(k)) << "ja lacks " << k;
  for (const auto& r : detect::registry()) {
    EXPECT_TRUE(ja->has(std::string("finding.") + r.id)) << r.id;
    EXPECT_TRUE(en->has(std::string("finding.") + r.id)) << r.id;
  }
}

TEST(Catalog, RejectsNonStringMessages) {
  EXPECT_FALSE(Catalog::parse("{\"a\": 1}", "x").ok());
  EXPECT_FALSE(Catalog::parse("[]", "x").ok());
  EXPECT_TRUE(Catalog::parse("{\"_about\": 1, \"a\": \"b\"}", "x").ok());
}

}  // namespace ps::report

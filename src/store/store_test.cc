#include "store/store.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "test_util.h"

namespace ps::store {

TEST(Store, SameMessageTwiceIsOneCaseUpdated) {
  std::string path = ::testing::TempDir() + "/cases-test.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok()) << st.error().str();
    EXPECT_EQ((*st)->schema_version(), 1);
    ASSERT_TRUE((*st)->save(a, "{}").ok());
    ASSERT_TRUE((*st)->save(a, "{}").ok());
    EXPECT_EQ(*(*st)->count(), 1);
  }
  // reopening migrates nothing and keeps the case
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok());
  auto c = (*st)->get(a.message.sha256);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->times_analyzed, 2);
  EXPECT_EQ(c->verdict, "phishing");
  EXPECT_FALSE((*st)->get("nope").ok());
  std::remove(path.c_str());
}

TEST(Store, UnopenablePathIsAnError) {
  auto st = CaseStore::open("/nonexistent-dir/x/cases.sqlite");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/nonexistent-dir/x/cases.sqlite");
}

}  // namespace ps::store

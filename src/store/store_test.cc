#include "store/store.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

#include "test_util.h"

namespace ps::store {

TEST(Store, SameMessageTwiceIsOneCaseUpdated) {
  std::string path = ::testing::TempDir() + "/cases-test.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok()) << st.error().str();
    EXPECT_EQ((*st)->schema_version(), 2);
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

TEST(Store, Version1StoreIsMigratedWithItsCases) {
  std::string path = ::testing::TempDir() + "/cases-v1.sqlite";
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  // the schema of version 1, as released
  const char* v1 =
      "CREATE TABLE cases (sha256 TEXT PRIMARY KEY, message_id TEXT, subject TEXT, from_address TEXT, sender_ip TEXT,"
      " sender_domain TEXT, brand TEXT, verdict TEXT NOT NULL, score INTEGER NOT NULL, received_at TEXT,"
      " analyzed_at TEXT NOT NULL, first_seen TEXT NOT NULL, times_analyzed INTEGER NOT NULL DEFAULT 1,"
      " report_json TEXT NOT NULL);"
      "CREATE TABLE case_links (sha256 TEXT NOT NULL REFERENCES cases(sha256) ON DELETE CASCADE, url TEXT NOT NULL,"
      " host TEXT, registrable_domain TEXT, host_ip TEXT, PRIMARY KEY (sha256, url));"
      "INSERT INTO cases (sha256, verdict, score, analyzed_at, first_seen, report_json)"
      " VALUES ('old', 'spam', 12, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '{}');"
      "PRAGMA user_version=1;";
  ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_EQ((*st)->schema_version(), 2);
  auto old = (*st)->get("old");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->verdict, "spam");
  ASSERT_TRUE((*st)->save(test::analyze_case("pocketcard-reauth-2026-03-15", true), "{}").ok());
  EXPECT_EQ(*(*st)->count(), 2);
  std::remove(path.c_str());
}

TEST(Store, BatchItemsAndTheirOutputOffsetCommitTogether) {
  std::string path = ::testing::TempDir() + "/cases-batch.sqlite";
  std::remove(path.c_str());
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok());
  auto& s = **st;
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  ASSERT_TRUE(s.begin().ok());
  ASSERT_TRUE(s.save(a, "{}").ok());  // nests in the open transaction
  ASSERT_TRUE(s.mark_item("run1", "box.mbox#1", a.message.sha256, "ok", 100).ok());
  ASSERT_TRUE(s.mark_item("run1", "box.mbox#2", "", "error", 100).ok());
  ASSERT_TRUE(s.commit().ok());
  ASSERT_TRUE(s.begin().ok());
  ASSERT_TRUE(s.mark_item("run1", "box.mbox#3", a.message.sha256, "ok", 250).ok());
  // not committed: a crash here loses item 3 and its output together
  auto st2 = CaseStore::open(path);
  ASSERT_TRUE(st2.ok());
  auto run = (*st2)->run_state("run1");
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->done, (std::set<std::string>{"box.mbox#1", "box.mbox#2"}));
  EXPECT_EQ(run->out_end, 100);
  ASSERT_TRUE(s.commit().ok());
  run = (*st2)->run_state("run1");
  EXPECT_EQ(run->done.size(), 3u);
  EXPECT_EQ(run->out_end, 250);
  EXPECT_TRUE((*st2)->run_state("other")->done.empty());
  ASSERT_TRUE((*st2)->forget_run("run1").ok());
  EXPECT_TRUE((*st2)->run_state("run1")->done.empty());
  std::remove(path.c_str());
}

TEST(Store, DefaultPathFollowsTheEnvironment) {
  setenv("PHISHSCOPE_STORE", "/tmp/explicit.sqlite", 1);
  EXPECT_EQ(default_store_path(), "/tmp/explicit.sqlite");
  unsetenv("PHISHSCOPE_STORE");
  setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(default_store_path(), "/tmp/xdg/phishscope/cases.sqlite");
  unsetenv("XDG_DATA_HOME");
  EXPECT_NE(default_store_path().find("/.local/share/phishscope/cases.sqlite"), std::string::npos);
}

TEST(Store, UnopenablePathIsAnError) {
  auto st = CaseStore::open("/nonexistent-dir/x/cases.sqlite");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where, "/nonexistent-dir/x/cases.sqlite");
}

}  // namespace ps::store

#include "store/store.h"

#include <gtest/gtest.h>

#include <sqlite3.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <cstdlib>

#include "core/text.h"
#include "pg_server.h"
#include "store/db.h"
#include "store/seen_at.h"
#include "test_util.h"

namespace ps::store {

TEST(Store, SameMessageTwiceIsOneCaseUpdated) {
  std::string path = ::testing::TempDir() + "/cases-test.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok()) << st.error().str();
    EXPECT_EQ((*st)->schema_version(), 9);
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
  auto report = (*st)->report(a.message.sha256);
  ASSERT_TRUE(report.ok()) << report.error().str();
  EXPECT_EQ(*report, "{}");
  EXPECT_EQ(c->verdict, "phishing");
  EXPECT_FALSE((*st)->get("nope").ok());
  std::remove(path.c_str());
}

namespace {
int count_rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return -1;
  sqlite3_stmt* q = nullptr;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    n = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return n;
}
}  // namespace

TEST(Store, ResavedCaseReplacesItsLinksAndFindings) {
  std::string path = ::testing::TempDir() + "/cases-resave.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  ASSERT_GE(a.content.links.size(), 2u);
  ASSERT_GE(a.findings.size(), 2u);
  std::string where = " WHERE case_id = (SELECT case_id FROM cases WHERE sha256 = '" + a.message.sha256 + "')";
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok()) << st.error().str();
    ASSERT_TRUE((*st)->save(a, "{}").ok());
  }
  int links = count_rows(path, "SELECT COUNT(*) FROM case_links" + where);
  EXPECT_GE(links, 2);
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM case_findings" + where), static_cast<int>(a.findings.size()));
  // analysed again with one link and one finding fewer: the old rows go
  core::Analysis b = a;
  b.content.links.erase(std::remove_if(b.content.links.begin(), b.content.links.end(),
                                       [&](const core::Link& l) { return l.url == a.content.links.back().url; }),
                        b.content.links.end());
  b.findings.pop_back();
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE((*st)->save(b, "{}").ok());
    EXPECT_EQ((*st)->get(a.message.sha256)->times_analyzed, 2);
  }
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM case_links" + where), links - 1);
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM case_findings" + where), static_cast<int>(b.findings.size()));
  std::remove(path.c_str());
}

TEST(Store, ReportsPackedWithZlibByEarlierVersionsStillRead) {
  std::string path = ::testing::TempDir() + "/cases-zlib.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  std::string json = "{\"report\": \"" + std::string(3000, 'x') + "\"}";
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok()) << st.error().str();
    ASSERT_TRUE((*st)->save(a, json).ok());
    EXPECT_EQ(*(*st)->report(a.message.sha256), json);  // zstd, as written now
  }
  // the same report as an earlier version wrote it: a zlib stream
  uLongf n = compressBound(json.size());
  std::string z(n, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &n, reinterpret_cast<const Bytef*>(json.data()), json.size(), 1), Z_OK);
  z.resize(n);
  auto put = [&](const std::string& blob) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE case_reports SET report = ?1", -1, &q, nullptr), SQLITE_OK);
    sqlite3_bind_blob(q, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_close(db);
  };
  put(z);
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(*(*st)->report(a.message.sha256), json);
  }
  // a damaged blob of either kind is an error that names the case, never a crash or a wrong report
  for (std::string bad : {z.substr(0, z.size() / 2), std::string("\x28\xB5\x2F\xFD garbage", 12)}) {
    put(bad);
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok());
    auto r = (*st)->report(a.message.sha256);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().str().find("damaged"), std::string::npos) << r.error().str();
  }
  std::remove(path.c_str());
}

namespace {
// A report as the store gets them: the same structure and much of the same text, different facts.
std::string sample_report(int i) {
  std::string n = std::to_string(i), host = "login-" + std::to_string(i * 7919 % 1000) + ".example";
  return "{\"schema_version\":1,\"tool\":{\"name\":\"phishscope\",\"version\":\"0.1.0\"},\"message\":{\"subject\":"
         "\"【重要】お支払い方法の確認のお願い（" + n + "）\",\"from\":{\"display\":\"えきねっと\",\"address\":\"info@" + host +
         "\"},\"received_at\":\"2026-02-" + std::to_string(10 + i % 18) + "T04:20:14+09:00\"},\"findings\":["
         "{\"id\":\"GENERIC_GREETING\",\"severity\":\"low\",\"message\":\"宛名が「お客様」という汎用的な表現で、受信者個人の名前"
         "がありません。正規の会員向け通知であれば通常は氏名が入ります。\"},{\"id\":\"URGENT_DEADLINE\",\"severity\":\"medium\","
         "\"message\":\"期限を区切って対応を急がせています。\",\"params\":{\"phrase\":\"" + n + "時間以内\"}},"
         "{\"id\":\"LINK_DOMAIN_YOUNG\",\"severity\":\"high\",\"message\":\"リンク先のドメインは登録から" + n +
         "日しか経っていません。\"}],\"links\":[{\"url\":\"https://" + host + "/netsgvice/" + n +
         "/\",\"defanged\":\"hxxps://" + host + "/netsgvice/" + n + "/\",\"anchor_text\":\"ログインはこちら\"}],"
         "\"observations\":[{\"id\":\"ipdb:210.188." + std::to_string(i % 256) + ".5\",\"kind\":\"ipdb\",\"source\":"
         "\"ip-location-db 2.3.2026061719 (ASN: RouteViews + RIR + DB-IP ASN Lite, CC BY 4.0)\",\"status\":\"ok\"}]}";
}
// The SHA-256 a case is keyed by, made up for case i.
std::string sample_sha(int i) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%064x", i + 1);
  return buf;
}
// A case the store cannot take (no verdict: the column is NOT NULL), keyed by sample_sha(i).
CaseRow unsaveable_row(const core::Analysis& a, int i) {
  CaseRow bad = case_row(a, pack_report("{}"));
  bad.sha256 = sample_sha(i);
  bad.verdict.clear();
  return bad;
}
}  // namespace

TEST(Store, ReportsPackedWithADictionaryTrainedOnTheStoresOwnReports) {
  std::string path = ::testing::TempDir() + "/cases-dict.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  const int n = CaseStore::kDictionarySamples;
  uint32_t id = 0;
  {
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok()) << st.error().str();
    auto& s = **st;
    ASSERT_TRUE(s.begin().ok());
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(s.packer()->dictionary_id(), 0u) << "before the " << n << "th report";
      a.message.sha256 = sample_sha(i);
      ASSERT_TRUE(s.save(a, sample_report(i)).ok());
    }
    // trained when the store had as many reports as it trains on, within the batch's transaction
    id = s.packer()->dictionary_id();
    ASSERT_NE(id, 0u);
    a.message.sha256 = sample_sha(n);
    ASSERT_TRUE(s.save(a, sample_report(n)).ok());
    ASSERT_TRUE(s.commit().ok());
    // every report reads back as it was given, packed with or without the dictionary
    for (int i : {0, n / 2, n - 1, n}) EXPECT_EQ(*s.report(sample_sha(i)), sample_report(i)) << i;
  }
  // the report packed with the dictionary is much smaller than zstd makes it alone
  int with_dict = count_rows(path, "SELECT length(report) FROM case_reports WHERE case_id = " + std::to_string(n + 1));
  EXPECT_LT(with_dict * 2, static_cast<int>(pack_report(sample_report(n)).size()));
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM report_dicts WHERE tool_version = '" + a.tool_version + "'"), 1);
  {
    // a store reopened packs with its dictionary, and does not train again for reports of the same version
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok());
    EXPECT_EQ((*st)->packer()->dictionary_id(), id);
    for (int i = n + 1; i < 2 * n + 2; ++i) {
      a.message.sha256 = sample_sha(i);
      ASSERT_TRUE((*st)->save(a, sample_report(i)).ok());
    }
    EXPECT_EQ((*st)->packer()->dictionary_id(), id);
    EXPECT_EQ(*(*st)->report(sample_sha(2 * n + 1)), sample_report(2 * n + 1));
  }
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM report_dicts"), 1);
  {
    // reports made by another phishscope version: a new dictionary once there are enough of them
    auto st = CaseStore::open(path);
    ASSERT_TRUE(st.ok());
    a.tool_version = "9.9.9";
    for (int i = 2 * n + 2; i < 3 * n + 2; ++i) {
      a.message.sha256 = sample_sha(i);
      ASSERT_TRUE((*st)->save(a, sample_report(i) + " ").ok());
    }
    EXPECT_NE((*st)->packer()->dictionary_id(), id);
    EXPECT_NE((*st)->packer()->dictionary_id(), 0u);
    EXPECT_EQ(*(*st)->report(sample_sha(n)), sample_report(n));  // the old dictionary still reads its reports
  }
  EXPECT_EQ(count_rows(path, "SELECT COUNT(*) FROM report_dicts WHERE tool_version = '9.9.9'"), 1);
  // a report whose dictionary is gone is an error that says so, not a crash or a wrong report
  ASSERT_EQ(count_rows(path, "DELETE FROM report_dicts WHERE dict_id = " + std::to_string(id) + " RETURNING 1"), 1);
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok());
  auto r = (*st)->report(sample_sha(n));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().str().find("dictionary " + std::to_string(id)), std::string::npos) << r.error().str();
  EXPECT_EQ(*(*st)->report(sample_sha(0)), sample_report(0));  // packed before there was a dictionary
  std::remove(path.c_str());
}

TEST(Store, FailedSaveRollsTheBatchTransactionBackAndTheStoreGoesOn) {
  std::string path = ::testing::TempDir() + "/cases-rollback.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok()) << st.error().str();
  auto& s = **st;
  ASSERT_TRUE(s.save(a, "{}").ok());  // committed on its own
  ASSERT_TRUE(s.begin().ok());
  a.message.sha256 = sample_sha(1);
  ASSERT_TRUE(s.save(a, "{}").ok());
  ASSERT_TRUE(s.mark_item("run", "box#1", a.message.sha256, "ok", 10).ok());
  auto r = s.save_row(unsaveable_row(a, 2));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().str().find("rolled back"), std::string::npos) << r.error().str();
  // the whole batch transaction is gone (its cases and items): a resumed run does them again, nothing half-saved
  EXPECT_TRUE(s.commit().ok());  // nothing left to commit
  EXPECT_EQ(*s.count(), 1);
  EXPECT_FALSE(s.get(sample_sha(1)).ok());
  EXPECT_TRUE(s.run_state("run")->done.empty());
  // and the store takes the next transaction
  ASSERT_TRUE(s.begin().ok());
  ASSERT_TRUE(s.save(a, "{}").ok());
  ASSERT_TRUE(s.commit().ok());
  EXPECT_EQ(*s.count(), 2);
  std::remove(path.c_str());
}

TEST(Store, DictionaryTrainedInARolledBackTransactionIsNotPackedWith) {
  std::string path = ::testing::TempDir() + "/cases-dict-rollback.sqlite";
  std::remove(path.c_str());
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok()) << st.error().str();
  auto& s = **st;
  ASSERT_TRUE(s.begin().ok());
  for (int i = 0; i < CaseStore::kDictionarySamples; ++i) {
    a.message.sha256 = sample_sha(i);
    ASSERT_TRUE(s.save(a, sample_report(i)).ok());
  }
  ASSERT_NE(s.packer()->dictionary_id(), 0u);  // trained inside the transaction
  ASSERT_FALSE(s.save_row(unsaveable_row(a, -2)).ok());
  // the dictionary went with the transaction: what is saved next must not need it
  EXPECT_EQ(s.packer()->dictionary_id(), 0u);
  a.message.sha256 = sample_sha(-3);
  ASSERT_TRUE(s.save(a, sample_report(7)).ok());
  auto back = s.report(sample_sha(-3));
  ASSERT_TRUE(back.ok()) << back.error().str();
  EXPECT_EQ(*back, sample_report(7));
  std::remove(path.c_str());
}

TEST(Store, TimeWindowsAreServedByTheSeenAtIndex) {
  std::string path = ::testing::TempDir() + "/cases-window.sqlite";
  std::remove(path.c_str());
  ASSERT_TRUE(CaseStore::open(path).ok());
  auto db = Db::open(path);
  ASSERT_TRUE(db.ok()) << db.error().str();
  // the conditions trends, history and campaigns write, on the cases table and on cases named c in a join
  for (const std::string& sql :
       {"SELECT verdict, COUNT(*) FROM cases WHERE " + seen_in_window(kSeenAt, 1) + " GROUP BY verdict",
        "SELECT f.rule_id FROM case_findings f JOIN cases c ON c.case_id = f.case_id WHERE " +
            seen_in_window(kCaseSeenAt, 1)}) {
    std::string plan;
    auto r = (*db)->query("EXPLAIN QUERY PLAN " + sql, {Value::text("2026-01-01"), Value::text("2026-02-01")},
                          [&](const Row& row) {
                            plan += row.back().value_or("") + "\n";
                            return true;
                          });
    ASSERT_TRUE(r.ok()) << r.error().str();
    EXPECT_NE(plan.find("USING INDEX cases_seen_at"), std::string::npos) << sql << "\n" << plan;
  }
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
      "INSERT INTO case_links (sha256, url, host, registrable_domain) VALUES ('old',"
      " 'https://a.kit.example/netsgvice/logyino/?x=1', 'a.kit.example', 'kit.example');"
      "PRAGMA user_version=1;";
  ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_EQ((*st)->schema_version(), 9);
  auto old = (*st)->get("old");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->verdict, "spam");
  EXPECT_EQ(*(*st)->report("old"), "{}");  // written uncompressed by version 1, still readable
  {
    // schema 4 computed the campaign keys of what version 1 kept
    sqlite3* check = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &check), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(check, "SELECT l.path_pattern FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE c.sha256 = 'old'", -1, &q, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "/netsgvice/logyino/");
    sqlite3_finalize(q);
    sqlite3_close(check);
  }
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

namespace ps::store {

namespace {
// A phishing mail imitating Amazon, received at `date` from `ip`, linking to `link`.
core::Analysis amazon_mail(const std::string& date, const std::string& ip, const std::string& link, const std::string& id) {
  return test::analyze_text(
      "Received: from mx.receiver.example (mx.receiver.example [192.0.2.1]) by inbox.receiver.example; " + date +
      "\nReceived: from evil (unknown [" + ip + "]) by mx.receiver.example with ESMTP; " + date +
      "\nFrom: \"Amazon\" <info@amaz0n-support.example>\nTo: user@receiver.example\nSubject: Amazon account suspended\n"
      "Message-ID: <" + id + "@x>\nDate: " + date + "\nContent-Type: text/plain; charset=UTF-8\n\n"
      "Your Amazon account has been suspended. Sign in within 24 hours to restore it: " + link + "\n");
}
}  // namespace

void history_scenario(CaseStore& s) {
  // three past cases: one shares the link domain, one the sender IP, one is older than the window
  auto a1 = amazon_mail("Mon, 02 Nov 2026 10:00:00 +0900", "198.51.100.7", "https://amazon.secure-check.example/a", "1");
  auto a2 = amazon_mail("Tue, 10 Nov 2026 10:00:00 +0900", "203.0.113.50", "https://other-site.example/b", "2");
  auto old = amazon_mail("Thu, 01 Jan 2026 10:00:00 +0900", "192.0.2.200", "https://long-ago.example/", "3");
  for (auto* a : {&a1, &a2, &old}) ASSERT_TRUE(s.save(*a, "{}").ok());
  auto now = amazon_mail("Fri, 20 Nov 2026 10:00:00 +0900", "203.0.113.50", "https://login.secure-check.example/c", "4");
  ASSERT_EQ(now.verdict.level, "phishing");
  core::History h = s.history_for(now, 30);
  ASSERT_TRUE(h.available);
  EXPECT_EQ(h.trends.days, 30);
  EXPECT_EQ(h.trends.cases, 2);  // a1 and a2; the January case is outside the window
  ASSERT_FALSE(h.trends.brands.empty());
  EXPECT_EQ(h.trends.brands[0].key, "amazon");
  EXPECT_EQ(h.trends.brands[0].n, 2);
  ASSERT_TRUE(h.brand);
  EXPECT_EQ(h.brand->cases, 3);  // the brand's history is not limited to the window
  ASSERT_EQ(h.related.size(), 3u);  // the January case shares the body's template only
  std::map<std::string, std::vector<std::string>> by_sha;
  for (const auto& r : h.related) by_sha[r.sha256] = r.shared;
  EXPECT_NE(std::find(by_sha[a1.message.sha256].begin(), by_sha[a1.message.sha256].end(), "link_domain:secure-check.example"),
            by_sha[a1.message.sha256].end());
  EXPECT_NE(std::find(by_sha[a2.message.sha256].begin(), by_sha[a2.message.sha256].end(), "sender_ip:203.0.113.50"),
            by_sha[a2.message.sha256].end());
  // the body is one template with other links: each related case shares it too
  EXPECT_TRUE(std::any_of(by_sha[a2.message.sha256].begin(), by_sha[a2.message.sha256].end(),
                          [](const std::string& x) { return x.rfind("template:", 0) == 0; }));
  EXPECT_EQ(by_sha[old.message.sha256], std::vector<std::string>{"template:0"});
  EXPECT_EQ(h.related.back().sha256, old.message.sha256);  // sharing less, listed last
  // the mail itself, once saved, is never its own related case
  ASSERT_TRUE(s.save(now, "{}").ok());
  for (const auto& r : s.history_for(now, 30).related) EXPECT_NE(r.sha256, now.message.sha256);
}

TEST(StoreHistory, TrendsBrandHistoryAndRelatedCases) {
  std::string path = ::testing::TempDir() + "/cases-history.sqlite";
  std::remove(path.c_str());
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok());
  history_scenario(**st);
  std::remove(path.c_str());
}

TEST(StoreHistory, EmptyStoreSaysSo) {
  std::string path = ::testing::TempDir() + "/cases-history-empty.sqlite";
  std::remove(path.c_str());
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok());
  auto h = (*st)->history_for(test::analyze_case("ekinet-payment-2026-02-13", true), 30);
  EXPECT_TRUE(h.available);
  EXPECT_EQ(h.trends.cases, 0);
  EXPECT_FALSE(h.brand);
  EXPECT_TRUE(h.related.empty());
  std::remove(path.c_str());
}

}  // namespace ps::store

namespace ps::store {
namespace {

const char* kBodies[] = {
    "Your Amazon account has been suspended. Sign in within 24 hours to restore it",
    "Dear customer, we noticed unusual payment activity on your Amazon order. Confirm your card details now",
    "Amazon Prime membership renewal failed: update the billing address before the deadline or lose access",
    "Security alert from Amazon: someone tried to sign in from a new device. Verify your identity immediately",
    "Your parcel from Amazon is held at the depot. Pay the customs fee of 300 yen to release the delivery",
    "Final notice: the Amazon gift card balance on your account expires today unless you log in and claim it",
};

core::Analysis mail(const std::string& date, const std::string& ip, const std::string& link, const std::string& id,
                    const std::string& body) {
  return test::analyze_text(
      "Received: from mx.receiver.example (mx.receiver.example [192.0.2.1]) by inbox.receiver.example; " + date +
      "\nReceived: from evil (unknown [" + ip + "]) by mx.receiver.example with ESMTP; " + date +
      "\nFrom: \"Amazon\" <info@amaz0n-support.example>\nTo: user@receiver.example\nSubject: Amazon account suspended\n"
      "Message-ID: <" + id + "@x>\nDate: " + date + "\nContent-Type: text/plain; charset=UTF-8\n\n" + body + ": " + link +
      "\n");
}

}  // namespace

TEST(Campaigns, PathPatternIsTheKitsFingerprint) {
  EXPECT_EQ(path_pattern("https://caudshowcy.xy399566.cn/netsgvice/logyino/"), "/netsgvice/logyino/");
  EXPECT_EQ(path_pattern("https://x.example/Perosnal_member/?id=5"), "/Perosnal_member/");
  EXPECT_EQ(path_pattern("https://x.example/user/12345/verify"), "/user/{n}/verify");
  EXPECT_EQ(path_pattern("https://x.example/t/a81f9c0e3b7d42e19f5a/index.php"), "/t/{t}/index.php");
  EXPECT_EQ(path_pattern("https://x.example/"), "");
  EXPECT_EQ(path_pattern("https://x.example/login"), "");
  EXPECT_EQ(path_pattern("https://x.example/index.html#top"), "");
  EXPECT_EQ(path_pattern("https://x.example"), "");
  EXPECT_EQ(path_pattern("not a url"), "");
}

void campaigns_scenario(CaseStore& s) {
  // c1 -link domain- c2 -sender IP- c3; c4 -path pattern- c1; e1 and e2 share only the body; d1 shares nothing
  auto c1 = mail("Mon, 02 Nov 2026 10:00:00 +0900", "198.51.100.7", "https://a.kit-one.example/netsgvice/logyino/", "c1", kBodies[0]);
  auto c2 = mail("Tue, 03 Nov 2026 10:00:00 +0900", "203.0.113.50", "https://b.kit-one.example/x", "c2", kBodies[1]);
  auto c3 = mail("Wed, 04 Nov 2026 10:00:00 +0900", "203.0.113.50", "https://unrelated-3.example/y", "c3", kBodies[2]);
  auto c4 = mail("Thu, 05 Nov 2026 10:00:00 +0900", "192.0.2.99", "https://c.another.example/netsgvice/logyino/", "c4", kBodies[3]);
  auto d1 = mail("Fri, 06 Nov 2026 10:00:00 +0900", "45.67.1.150", "https://lonely.example/q", "d1", kBodies[4]);
  auto e1 = mail("Sat, 07 Nov 2026 10:00:00 +0900", "45.67.2.160", "https://e-one.example/q", "e1", kBodies[5]);
  auto e2 = mail("Sun, 08 Nov 2026 10:00:00 +0900", "45.67.3.170", "https://e-two.example/r", "e2", kBodies[5]);
  for (auto* a : {&c1, &c2, &c3, &c4, &d1, &e1, &e2}) {
    ASSERT_EQ(a->verdict.level, "phishing") << a->message.message_id;
    ASSERT_TRUE(s.save(*a, "{}").ok());
  }
  // the bodies are different templates (else everything would be one campaign)
  for (int i = 0; i < 6; ++i)
    for (int j = i + 1; j < 6; ++j)
      ASSERT_GT(core::hamming64(core::simhash64(kBodies[i]), core::simhash64(kBodies[j])), 3) << i << " " << j;

  auto list = s.campaigns("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z");
  std::string seen;
  for (const auto& c : list) {
    seen += c.id + " " + std::to_string(c.cases) + ":";
    for (const auto& x : c.shared) seen += " " + x.key + "x" + std::to_string(x.n);
    seen += "\n";
  }
  ASSERT_EQ(list.size(), 2u) << seen;
  const Campaign& big = list[0];
  EXPECT_EQ(big.cases, 4);
  EXPECT_EQ(big.id, "CMP-" + c1.message.sha256.substr(0, 12));  // named after its earliest case
  EXPECT_EQ(big.first_seen, "2026-11-02T01:00:00Z");
  EXPECT_EQ(big.last_seen, "2026-11-05T01:00:00Z");
  std::map<std::string, int64_t> shared;
  for (const auto& x : big.shared) shared[x.key] = x.n;
  EXPECT_EQ(shared["link_domain:kit-one.example"], 2);
  EXPECT_EQ(shared["sender_ip:203.0.113.50"], 2);
  EXPECT_EQ(shared["path:/netsgvice/logyino/"], 2);
  EXPECT_EQ(big.brands.at(0).key, "amazon");
  EXPECT_EQ(list[1].cases, 2);  // e1 and e2, by their template
  EXPECT_EQ(list[1].id, "CMP-" + e1.message.sha256.substr(0, 12));
  EXPECT_TRUE(list[1].shared.empty());
  // a window holding only part of it
  auto part = s.campaigns("2026-11-03T00:00:00Z", "2026-11-30T00:00:00Z");
  ASSERT_FALSE(part.empty());
  EXPECT_EQ(part[0].cases, 2);  // c2 - c3; c4's link to c1 is outside
  EXPECT_EQ(s.campaigns("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z", 3).size(), 1u);

  // a new mail joins the campaign: the report names it with the same id, itself counted (the kit's link domain and
  // the brand, two lesser values, within two days of a member)
  auto next = mail("Wed, 04 Nov 2026 11:00:00 +0900", "45.67.4.180", "https://z.kit-one.example/zz", "n1", "Amazon: confirm now");
  auto c = s.campaign_for(next);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->cases, 4);  // c1, c2, c3 and itself: c4 came later
  EXPECT_EQ(c->id, big.id);
  EXPECT_NE(std::find(c->members.begin(), c->members.end(), next.message.sha256), c->members.end());
  // the same two lesser values a month later tie nothing: infrastructure reused long after is not one burst
  auto late = mail("Mon, 07 Dec 2026 10:00:00 +0900", "45.67.4.181", "https://y.kit-one.example/yy", "n4", "Amazon: confirm later");
  EXPECT_FALSE(s.campaign_for(late).has_value());
  // the same brand sent from the /24 of a member joins it too
  auto near = s.campaign_for(mail("Fri, 06 Nov 2026 10:00:00 +0900", "192.0.2.210", "https://near.example/n", "n3",
                                  "Different words from a neighbouring address about your Amazon login"));
  ASSERT_TRUE(near.has_value());
  EXPECT_EQ(near->id, big.id);
  // a mail that shares nothing belongs to no campaign
  EXPECT_FALSE(s.campaign_for(mail("Mon, 09 Nov 2026 10:00:00 +0900", "45.67.5.190", "https://alone.example/a", "n2",
                                   "Unique words about Amazon nobody else wrote, please sign in"))
                   .has_value());
  // clean mail is never part of a campaign, even sharing a sender address
  core::Analysis clean = c3;
  clean.verdict.level = "clean";
  clean.message.sha256 = std::string(64, 'f');
  ASSERT_TRUE(s.save(clean, "{}").ok());
  EXPECT_EQ(s.campaigns("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z")[0].cases, 4);
}

// A value the cases of many brands hold (an image host every spammer uses) ties nothing; the same value in the
// mails of one brand does.
TEST(Campaigns, ValuesOfManyBrandsArePlatforms) {
  std::string path = ::testing::TempDir() + "/cases-platforms.sqlite";
  std::remove(path.c_str());
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok());
  auto as = [](const std::string& brand, const std::string& day, const std::string& ip, const std::string& link,
               const std::string& id) {
    return test::analyze_text(
        "Received: from mx.receiver.example (mx.receiver.example [192.0.2.1]) by inbox.receiver.example; " + day +
        "\nReceived: from evil (unknown [" + ip + "]) by mx.receiver.example with ESMTP; " + day + "\nFrom: \"" + brand +
        "\" <info@" + id + "-notice.example>\nTo: user@receiver.example\nSubject: " + brand +
        " account suspended\nMessage-ID: <" + id + "@x>\nDate: " + day +
        "\nContent-Type: text/plain; charset=UTF-8\n\nYour " + brand + " account is suspended, " + id +
        " words of its own. Verify: " + link + "\n");
  };
  int n = 0;
  for (const char* b : {"PayPal", "Apple", "Netflix", "DHL", "Amazon"}) {
    auto a = as(b, "Mon, 02 Nov 2026 10:00:00 +0900", "198.51.100." + std::to_string(10 + n), "https://cdn.pics-host.example/a.png",
                "m" + std::to_string(n));
    ++n;
    ASSERT_EQ(a.verdict.level, "phishing");
    ASSERT_TRUE((*st)->save(a, "{}").ok());
  }
  for (int i = 0; i < 3; ++i) {
    auto a = as("Netflix", "Tue, 03 Nov 2026 10:00:00 +0900", "203.0.113." + std::to_string(20 + i),
                "https://login.kit-two.example/session", "k" + std::to_string(i));
    ASSERT_TRUE((*st)->save(a, "{}").ok());
  }
  auto list = (*st)->campaigns("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].cases, 3);
  EXPECT_EQ(list[0].cohesion, 1.0);
  std::remove(path.c_str());
  // the recipient's address in a path is not the kit's
  EXPECT_EQ(path_pattern("https://t.example/open/a81f9c0e3b7d42e19f5a/jane@example.org"), "/open/{t}/{e}");
}

TEST(Campaigns, CasesConnectedByWhatTheyShare) {
  std::string path = ::testing::TempDir() + "/cases-campaigns.sqlite";
  std::remove(path.c_str());
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok());
  campaigns_scenario(**st);
  std::remove(path.c_str());
}

}  // namespace ps::store

namespace ps::store {

void history_scenario(CaseStore& s);
void campaigns_scenario(CaseStore& s);

// The same store on a PostgreSQL server: a throwaway one started here (skipped when PostgreSQL is not installed).
// Cases of random content seen at random minutes of September to November 2026 (the same for the same seed).
struct RandomCases {
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  int rnd(int n) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return static_cast<int>(seed % static_cast<uint64_t>(n));
  }
  // case i (a case saved again with the same i gets other content)
  CaseRow row(int i) {
    static const std::vector<std::string> verdicts = {"phishing", "suspicious", "spam", "clean", "unknown"};
    static const std::vector<std::string> brands = {"", "amazon", "ekinet", "smbc", "rakuten", "aeon", "mufg", "jcb"};
    static const std::vector<std::string> countries = {"", "JP", "US", "CN", "HK", "SG", "DE", "NL"};
    static const std::vector<std::string> orgs = {"", "Alpha Hosting", "Beta Net", "Zeta Cloud", "Tab\tand%25 name"};
    static const std::vector<std::string> tlds = {"", "com", "top", "icu", "xyz", "cn", "shop", "jp"};
    static const std::vector<std::string> rules = {"URGENCY_DEADLINE", "CREDENTIAL_REQUEST", "ACCOUNT_RESTRICTION",
                                                   "LINK_FREE_HOSTING", "HIDDEN_TEXT", "MAILBOX_LURE", "LINK_IN_QR_CODE",
                                                   "FROM_DISPLAY_MISMATCH", "SPF_FAIL"};
    CaseRow r;
    char sha[65];
    std::snprintf(sha, sizeof sha, "%064x", i + 1);
    r.sha256 = sha;
    r.verdict = verdicts[static_cast<size_t>(rnd(5))];
    r.brand = brands[static_cast<size_t>(rnd(8))];
    r.sender_country = countries[static_cast<size_t>(rnd(8))];
    if (rnd(5)) r.sender_asn = 64500 + rnd(9);
    r.sender_as_org = orgs[static_cast<size_t>(rnd(5))];
    char when[32];
    std::snprintf(when, sizeof when, "2026-%02d-%02dT%02d:%02d:00Z", 9 + rnd(3), 1 + rnd(28), rnd(24), rnd(60));
    (rnd(4) ? r.received_at : r.analyzed_at) = when;
    if (r.analyzed_at.empty()) r.analyzed_at = "2026-11-30T00:00:00Z";
    for (int k = rnd(4); k > 0; --k) r.findings.push_back(rules[static_cast<size_t>(rnd(9))]);
    std::sort(r.findings.begin(), r.findings.end());
    r.findings.erase(std::unique(r.findings.begin(), r.findings.end()), r.findings.end());
    for (int k = rnd(4); k > 0; --k) {
      CaseRow::Link l;
      l.url = "https://h" + std::to_string(rnd(50)) + ".example/" + std::to_string(k);
      l.tld = tlds[static_cast<size_t>(rnd(8))];
      if (rnd(3)) l.domain_age_days = rnd(400);
      l.official = rnd(6) == 0;
      r.links.push_back(l);
    }
    r.packed_report = pack_report("{}");
    return r;
  }
  // a window of 1 to 60 days ending at any second of 2026-08-29 .. 2026-11-27
  std::pair<std::string, std::string> window() {
    int64_t end = 1788000000 + static_cast<int64_t>(rnd(90 * 86400));
    return {core::Timestamp{end - 86400 * (1 + rnd(60)), 0}.iso8601(), core::Timestamp{end, 0}.iso8601()};
  }
};

std::string trends_str(const core::Trends& t) {
  std::string s = std::to_string(t.cases) + " |";
  for (const auto& [k, n] : t.verdicts) s += " " + k + "=" + std::to_string(n);
  for (const auto* v : {&t.brands, &t.lures, &t.sender_countries, &t.sender_asns, &t.link_tlds}) {
    s += " |";
    for (const auto& c : *v) s += " " + c.key + "=" + std::to_string(c.n);
  }
  return s + " | " + (t.median_link_domain_age_days ? std::to_string(*t.median_link_domain_age_days) : "-");
}

class PostgresStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = test::PgServer::start(why_not_).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << "no PostgreSQL server for this test: " << why_not_;
  }
  // a store in a database of its own
  std::unique_ptr<CaseStore> store(const std::string& name) {
    std::string url = server_->new_database(name);
    EXPECT_FALSE(url.empty()) << "createdb " << name;
    auto st = CaseStore::open(url);
    EXPECT_TRUE(st.ok()) << st.error().str();
    return st.ok() ? std::move(*st) : nullptr;
  }
  static test::PgServer* server_;
  static std::string why_not_;
};
test::PgServer* PostgresStore::server_ = nullptr;
std::string PostgresStore::why_not_;

TEST_F(PostgresStore, SameMessageTwiceIsOneCaseUpdatedAndItsReportComesBack) {
  auto s = store("same_message");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schema_version(), 9);
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  std::string report = "{\"subject\": \"お支払い情報のご確認\", \"bytes\": \"\\u0000\"}";
  ASSERT_TRUE(s->save(a, report).ok());
  ASSERT_TRUE(s->save(a, report).ok());
  EXPECT_EQ(*s->count(), 1);
  auto c = s->get(a.message.sha256);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->times_analyzed, 2);
  EXPECT_EQ(c->verdict, "phishing");
  EXPECT_EQ(*s->report(a.message.sha256), report);  // zlib bytes through bytea
  EXPECT_EQ(*s->resolve(a.message.sha256.substr(0, 8)), a.message.sha256);
  EXPECT_FALSE(s->resolve("abcdef").ok());
  // a second store on the same database sees the case (several writers share one server)
  auto again = CaseStore::open(server_->url().substr(0, server_->url().rfind('/')) + "/same_message");
  ASSERT_TRUE(again.ok()) << again.error().str();
  EXPECT_EQ(*(*again)->count(), 1);
}

TEST_F(PostgresStore, ReportsPackedWithTheStoresDictionaryComeBack) {
  auto s = store("report_dict");
  ASSERT_TRUE(s);
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  for (int i = 0; i < 40; ++i) {
    a.message.sha256 = sample_sha(i);
    ASSERT_TRUE(s->save(a, sample_report(i)).ok());
  }
  EXPECT_FALSE(s->train_report_dictionary(a.tool_version, 41).ok());  // not enough reports
  auto id = s->train_report_dictionary(a.tool_version, 40);
  ASSERT_TRUE(id.ok()) << id.error().str();
  EXPECT_EQ(s->packer()->dictionary_id(), *id);
  a.message.sha256 = sample_sha(40);
  ASSERT_TRUE(s->save(a, sample_report(40)).ok());
  for (int i : {0, 39, 40}) EXPECT_EQ(*s->report(sample_sha(i)), sample_report(i)) << i;
  // another writer of the same database packs with it and reads what the first one packed
  auto again = CaseStore::open(server_->url().substr(0, server_->url().rfind('/')) + "/report_dict");
  ASSERT_TRUE(again.ok()) << again.error().str();
  EXPECT_EQ((*again)->packer()->dictionary_id(), *id);
  EXPECT_EQ(*(*again)->report(sample_sha(40)), sample_report(40));
}

TEST_F(PostgresStore, Version4StoreIsMigratedWithItsLinksAndFindings) {
  std::string url = server_->new_database("v4_store");
  ASSERT_FALSE(url.empty());
  {
    auto db = Db::open(url);
    ASSERT_TRUE(db.ok()) << db.error().str();
    // the schema of version 4, as released, with one case, its link and its finding
    const char* v4 = R"sql(
CREATE TABLE IF NOT EXISTS phishscope_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cases (
  sha256 TEXT PRIMARY KEY, message_id TEXT, subject TEXT, from_address TEXT, sender_ip TEXT, sender_domain TEXT,
  brand TEXT, verdict TEXT NOT NULL, score INTEGER NOT NULL, received_at TEXT, analyzed_at TEXT NOT NULL,
  first_seen TEXT NOT NULL, times_analyzed INTEGER NOT NULL DEFAULT 1, report_json TEXT NOT NULL,
  sender_asn BIGINT, sender_as_org TEXT, sender_country TEXT, sender_net TEXT, sender_domain_age_days BIGINT,
  body_simhash TEXT, purposes TEXT, report_zlib BYTEA,
  simhash_b0 BIGINT, simhash_b1 BIGINT, simhash_b2 BIGINT, simhash_b3 BIGINT
);
CREATE TABLE IF NOT EXISTS case_links (
  sha256 TEXT NOT NULL REFERENCES cases(sha256) ON DELETE CASCADE, url TEXT NOT NULL, host TEXT,
  registrable_domain TEXT, host_ip TEXT, tld TEXT, domain_age_days BIGINT, asn BIGINT, country TEXT,
  official INTEGER NOT NULL DEFAULT 0, path_pattern TEXT, PRIMARY KEY (sha256, url)
);
CREATE TABLE IF NOT EXISTS case_findings (
  sha256 TEXT NOT NULL REFERENCES cases(sha256) ON DELETE CASCADE, rule_id TEXT NOT NULL, PRIMARY KEY (sha256, rule_id)
);
CREATE TABLE IF NOT EXISTS batch_items (
  run TEXT NOT NULL, item TEXT NOT NULL, sha256 TEXT, status TEXT NOT NULL, out_end BIGINT, PRIMARY KEY (run, item)
);
CREATE INDEX IF NOT EXISTS cases_brand ON cases(brand);
CREATE INDEX IF NOT EXISTS cases_sender_ip ON cases(sender_ip);
CREATE INDEX IF NOT EXISTS case_links_domain ON case_links(registrable_domain);
CREATE INDEX IF NOT EXISTS cases_received_at ON cases(received_at);
CREATE INDEX IF NOT EXISTS cases_sender_net ON cases(sender_net);
CREATE INDEX IF NOT EXISTS cases_sender_asn ON cases(sender_asn);
CREATE INDEX IF NOT EXISTS case_findings_rule ON case_findings(rule_id);
CREATE INDEX IF NOT EXISTS case_links_host ON case_links(host);
CREATE INDEX IF NOT EXISTS case_links_path ON case_links(path_pattern);
CREATE INDEX IF NOT EXISTS cases_simhash_b0 ON cases(simhash_b0);
CREATE INDEX IF NOT EXISTS cases_simhash_b1 ON cases(simhash_b1);
CREATE INDEX IF NOT EXISTS cases_simhash_b2 ON cases(simhash_b2);
CREATE INDEX IF NOT EXISTS cases_simhash_b3 ON cases(simhash_b3);
)sql";
    ASSERT_TRUE((*db)->exec(v4).ok());
    ASSERT_TRUE((*db)->exec("INSERT INTO phishscope_schema VALUES (4);"
                            "INSERT INTO cases (sha256, verdict, score, analyzed_at, first_seen, report_json) VALUES "
                            "('old', 'phishing', 80, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', '{}');"
                            "INSERT INTO case_links (sha256, url, host, registrable_domain, official, path_pattern) VALUES "
                            "('old', 'https://a.kit.example/netsgvice/logyino/', 'a.kit.example', 'kit.example', 0, "
                            "'/netsgvice/logyino/');"
                            "INSERT INTO case_findings VALUES ('old', 'SENDER_IP_IS_SITE_IP');")
                    .ok());
  }
  auto st = CaseStore::open(url);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_EQ((*st)->schema_version(), 9);
  {
    auto db = Db::open(url);
    ASSERT_TRUE(db.ok());
    std::vector<std::string> got;
    auto q = (*db)->query("SELECT l.host, f.rule_id FROM cases c JOIN case_links l ON l.case_id = c.case_id "
                          "JOIN case_findings f ON f.case_id = c.case_id WHERE c.sha256 = ?1",
                          {Value::text("old")}, [&](const Row& r) {
                            got.push_back(r[0].value_or("") + " " + r[1].value_or(""));
                            return true;
                          });
    ASSERT_TRUE(q.ok()) << q.error().str();
    EXPECT_EQ(got, std::vector<std::string>{"a.kit.example SENDER_IP_IS_SITE_IP"});
  }
  EXPECT_EQ(*(*st)->report("old"), "{}");  // written uncompressed by an early version, moved to case_reports
  // new cases get ids after the migrated one, and reopening migrates nothing twice
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  auto saved = (*st)->save(a, "{}");
  ASSERT_TRUE(saved.ok()) << saved.error().str();
  auto again = CaseStore::open(url);
  ASSERT_TRUE(again.ok()) << again.error().str();
  EXPECT_EQ(*(*again)->count(), 2);
}

TEST_F(PostgresStore, StatementGroupsStopAtTheFirstErrorAndLeaveTheConnectionUsable) {
  std::string url = server_->new_database("groups");
  ASSERT_FALSE(url.empty());
  auto db = Db::open(url);
  ASSERT_TRUE(db.ok()) << db.error().str();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v BYTEA)").ok());
  std::vector<std::string> seen;
  auto ok = (*db)->run_all({{"BEGIN", {}},
                            {"INSERT INTO t VALUES (?1, ?2) RETURNING v", {Value::integer(1), Value::text("one")},
                             [&](const Row& r) {
                               seen.push_back(r[0].value_or(""));
                               return true;
                             }},
                            {"INSERT INTO t VALUES (?1, ?2)", {Value::integer(2), Value::blob(std::string("a\0b", 3))}},
                            {"COMMIT", {}}});
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  EXPECT_EQ(seen, std::vector<std::string>{"one"});  // rows of a statement in the group come back
  // a duplicate key in the middle: the group stops there, says why, and nothing of it stays
  auto bad = (*db)->run_all({{"BEGIN", {}},
                             {"INSERT INTO t VALUES (?1, ?2)", {Value::integer(3), Value::text("three")}},
                             {"INSERT INTO t VALUES (?1, ?2)", {Value::integer(1), Value::text("again")}},
                             {"INSERT INTO t VALUES (?1, ?2)", {Value::integer(4), Value::text("four")}},
                             {"COMMIT", {}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().str().find("duplicate key"), std::string::npos) << bad.error().str();
  ASSERT_TRUE((*db)->exec("ROLLBACK").ok());
  auto n = query_one(**db, "SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(n.ok()) << n.error().str();  // the connection is out of pipeline mode and usable
  EXPECT_EQ(n->value_or(""), "2");
}

TEST_F(PostgresStore, BatchItemsCommitWithTheirCases) {
  auto s = store("batch_items");
  ASSERT_TRUE(s);
  core::Analysis a = test::analyze_case("ekinet-payment-2026-02-13", true);
  core::Analysis b = test::analyze_case("pocketcard-reauth-2026-03-15", true);
  ASSERT_TRUE(s->begin().ok());
  ASSERT_TRUE(s->save(a, "{}").ok());  // savepoints inside the batch's transaction
  ASSERT_TRUE(s->mark_item("run1", "a.eml", a.message.sha256, "ok", 100).ok());
  ASSERT_TRUE(s->save(b, "{}").ok());
  ASSERT_TRUE(s->mark_item("run1", "b.eml", b.message.sha256, "ok", 250).ok());
  ASSERT_TRUE(s->mark_item("run1", "b.eml", b.message.sha256, "ok", 260).ok());  // the same item again: updated
  ASSERT_TRUE(s->commit().ok());
  auto st = s->run_state("run1");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->done.size(), 2u);
  EXPECT_EQ(st->out_end, 260);
  EXPECT_EQ(*s->count(), 2);
  ASSERT_TRUE(s->forget_run("run1").ok());
  EXPECT_TRUE(s->run_state("run1")->done.empty());
}

// The same cases in PostgreSQL and in SQLite give the same trends, counted from the cases and from the kept days, and
// again after cases were saved again.
TEST_F(PostgresStore, TrendsAsWithSqlite) {
  auto pg = store("trends");
  ASSERT_TRUE(pg);
  std::string path = ::testing::TempDir() + "/cases-trends-pg.sqlite";
  std::remove(path.c_str());
  auto lite = CaseStore::open(path);
  ASSERT_TRUE(lite.ok()) << lite.error().str();
  RandomCases gen;
  auto save = [&](int i) {
    CaseRow r = gen.row(i);
    ASSERT_TRUE(pg->save_row(r).ok());
    ASSERT_TRUE((*lite)->save_row(r).ok());
  };
  for (int i = 0; i < 200; ++i) save(i);
  std::vector<std::pair<std::string, std::string>> windows;
  for (int w = 0; w < 10; ++w) windows.push_back(gen.window());
  const std::string excluded = gen.row(5).sha256;
  int nonempty = 0;
  for (int round = 0; round < 3; ++round) {
    if (round == 2)
      for (int i = 0; i < 40; ++i) save(gen.rnd(250));
    for (const auto& [since, until] : windows) {
      SCOPED_TRACE(std::to_string(round) + ": " + since + " .. " + until);
      std::string got = trends_str(pg->trends(since, until, excluded));
      EXPECT_EQ(got, trends_str((*lite)->trends(since, until, excluded)));
      nonempty += got.rfind("0 |", 0) != 0;
    }
  }
  EXPECT_GT(nonempty, 20);
  auto kept = Db::open(server_->url().substr(0, server_->url().rfind('/')) + "/trends");
  ASSERT_TRUE(kept.ok());
  auto n = query_one(**kept, "SELECT COUNT(*) FROM trend_days", {});
  ASSERT_TRUE(n.ok());
  EXPECT_GT(std::atoi(n->value_or("0").c_str()), 30);
  std::remove(path.c_str());
}

TEST_F(PostgresStore, HistoryAsWithSqlite) {
  auto s = store("history");
  ASSERT_TRUE(s);
  history_scenario(*s);
}

TEST_F(PostgresStore, CampaignsAsWithSqlite) {
  auto s = store("campaigns");
  ASSERT_TRUE(s);
  campaigns_scenario(*s);
}

TEST(PostgresStoreUrl, UnreachableServerIsAClearError) {
  auto st = CaseStore::open("postgresql://phishscope:secret@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().what.find("cannot connect to the PostgreSQL case store"), std::string::npos) << st.error().what;
  EXPECT_EQ(st.error().where.find("secret"), std::string::npos) << "the password is not repeated: " << st.error().where;
}

}  // namespace ps::store

namespace ps::store {

namespace {
// The trends as one GROUP BY query a figure computes them: the reference trends() must agree with.
core::Trends reference_trends(const std::string& path, const std::string& since, const std::string& until,
                              const std::string& exclude) {
  sqlite3* db = nullptr;
  core::Trends t;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return t;
  auto rows = [&](const std::string& sql, size_t limit) {
    std::vector<core::CountOf> out;
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db) << ": " << sql;
      return out;
    }
    sqlite3_bind_text(q, 1, since.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, until.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, exclude.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(q) == SQLITE_ROW && out.size() < limit) {
      const unsigned char* k = sqlite3_column_text(q, 0);
      if (k && *k) out.push_back({reinterpret_cast<const char*>(k), sqlite3_column_int64(q, 1)});
    }
    sqlite3_finalize(q);
    return out;
  };
  const std::string in = " FROM cases WHERE " + seen_in_window(kSeenAt, 1) + " AND sha256 != ?3";
  const std::string bad = " AND verdict IN ('phishing', 'suspicious')";
  for (const auto& c : rows("SELECT verdict, COUNT(*)" + in + " GROUP BY verdict", 10)) {
    t.verdicts[c.key] = c.n;
    t.cases += c.n;
  }
  t.brands = rows("SELECT brand, COUNT(*)" + in + bad + " AND brand IS NOT NULL GROUP BY brand ORDER BY 2 DESC, 1", 5);
  t.lures = rows("SELECT f.rule_id, COUNT(*) FROM case_findings f JOIN cases c ON c.case_id = f.case_id WHERE " +
                     seen_in_window(kCaseSeenAt, 1) +
                     " AND c.sha256 != ?3 AND f.rule_id IN ('URGENCY_DEADLINE', 'CREDENTIAL_REQUEST', "
                     "'ACCOUNT_RESTRICTION', 'LINK_FREE_HOSTING', 'HIDDEN_TEXT', 'MAILBOX_LURE', 'LINK_IN_QR_CODE') "
                     "GROUP BY f.rule_id ORDER BY 2 DESC, 1",
                 5);
  t.sender_countries = rows("SELECT sender_country, COUNT(*)" + in + bad + " GROUP BY sender_country ORDER BY 2 DESC, 1", 5);
  t.sender_asns = rows("SELECT 'AS' || sender_asn || ' ' || COALESCE(MAX(sender_as_org), ''), COUNT(*)" + in + bad +
                           " AND sender_asn IS NOT NULL GROUP BY sender_asn ORDER BY 2 DESC, 1",
                       5);
  const std::string links_in = " FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE " +
                               seen_in_window(kCaseSeenAt, 1) +
                               " AND c.sha256 != ?3 AND l.official = 0 AND c.verdict IN ('phishing', 'suspicious')";
  t.link_tlds = rows("SELECT l.tld, COUNT(DISTINCT l.case_id)" + links_in + " AND l.tld IS NOT NULL GROUP BY l.tld ORDER BY 2 DESC, 1", 5);
  std::vector<int64_t> ages;
  for (const auto& a : rows("SELECT 'age', l.domain_age_days" + links_in + " AND l.domain_age_days IS NOT NULL", 1u << 20))
    ages.push_back(a.n);
  std::sort(ages.begin(), ages.end());
  if (!ages.empty()) t.median_link_domain_age_days = ages[ages.size() / 2];
  sqlite3_close(db);
  return t;
}

std::string counts_str(const std::vector<core::CountOf>& v) {
  std::string s;
  for (const auto& c : v) s += c.key + "=" + std::to_string(c.n) + " ";
  return s;
}
}  // namespace

// trends() counts a window in three reads; the figures are those of one GROUP BY query each (ties by key, five at
// most, empty values left out, the excluded case left out, a TLD counted once per case, the ASN named by its
// greatest organisation name), over a random store.
TEST(StoreHistory, TrendsAgreeWithOneQueryPerFigure) {
  std::string path = ::testing::TempDir() + "/cases-trends-ref.sqlite";
  std::remove(path.c_str());
  auto st = CaseStore::open(path);
  ASSERT_TRUE(st.ok()) << st.error().str();
  RandomCases gen;
  auto rnd = [&](int n) { return gen.rnd(n); };
  auto save = [&](int i) {
    CaseRow r = gen.row(i);
    auto saved = (*st)->save_row(r);
    EXPECT_TRUE(saved.ok()) << i << ": " << saved.error().str();
    return r.sha256;
  };
  std::string excluded;
  for (int i = 0; i < 400; ++i) {
    std::string sha = save(i);
    if (i == 17) excluded = sha;
  }
  std::vector<std::pair<std::string, std::string>> windows = {{"2026-10-01T00:00:00Z", "2026-10-31T00:00:00Z"},
                                                              {"2026-09-15T06:00:00Z", "2026-11-15T06:00:01Z"},
                                                              {"2026-09-01T00:00:00Z", "2026-12-01T00:00:00Z"},
                                                              {"2026-10-05T23:59:59Z", "2026-10-06T00:00:01Z"},
                                                              {"2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"}};
  for (int w = 0; w < 20; ++w) windows.push_back(gen.window());
  auto compare = [&](const std::string& when) {
    for (const auto& [since, until] : windows) {
      for (const std::string& ex : {excluded, std::string()}) {
        SCOPED_TRACE(when + ": " + since + " .. " + until + (ex.empty() ? "" : " without one case"));
        core::Trends got = (*st)->trends(since, until, ex);
        core::Trends want = reference_trends(path, since, until, ex);
        EXPECT_EQ(got.cases, want.cases);
        EXPECT_EQ(got.verdicts, want.verdicts);
        EXPECT_EQ(counts_str(got.brands), counts_str(want.brands));
        EXPECT_EQ(counts_str(got.lures), counts_str(want.lures));
        EXPECT_EQ(counts_str(got.sender_countries), counts_str(want.sender_countries));
        EXPECT_EQ(counts_str(got.sender_asns), counts_str(want.sender_asns));
        EXPECT_EQ(counts_str(got.link_tlds), counts_str(want.link_tlds));
        EXPECT_EQ(got.median_link_domain_age_days, want.median_link_domain_age_days);
      }
    }
  };
  auto kept_days = [&] {
    sqlite3* db = nullptr;
    int64_t n = -1;
    if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
      sqlite3_stmt* q = nullptr;
      if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM trend_days", -1, &q, nullptr) == SQLITE_OK &&
          sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
      sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return n;
  };
  auto exec = [&](const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  };
  EXPECT_EQ(kept_days(), 0);
  compare("counted from the cases");
  int64_t days = kept_days();
  EXPECT_GE(days, 80);  // the days of September to November, each counted once and kept
  EXPECT_LE(days, 91);
  compare("read from the kept days");
  EXPECT_EQ(kept_days(), days);

  // cases saved again with other content at other times (their old and new days change), the excluded one too,
  // and new ones
  for (int i = 0; i < 60; ++i) save(rnd(400));
  save(17);
  for (int i = 400; i < 460; ++i) save(i);
  EXPECT_LT(kept_days(), days);
  compare("after cases were saved again and added");
  // kept counts that cannot be read (damaged, or made by another phishscope) are made again
  exec("UPDATE trend_days SET counts = 'junk' WHERE day = '2026-10-10';"
       "UPDATE trend_days SET counts = 'phishscope-trend-day 0' || substr(counts, 23) WHERE day = '2026-10-11';"
       "UPDATE trend_days SET counts = counts || 'b' WHERE day = '2026-10-12';");
  compare("after kept days were damaged");
  // a case seen at a time that is not a date: no day holds it by its text, every kept day is made again
  {
    CaseRow r;
    r.sha256 = std::string(64, 'e');
    r.verdict = "phishing";
    r.brand = "aeon";
    r.analyzed_at = "2026-10-32T00:00:00Z";
    r.packed_report = pack_report("{}");
    ASSERT_TRUE((*st)->save_row(r).ok());
  }
  EXPECT_EQ(kept_days(), 0);
  compare("with a case at a time that is not a date");

  // the store has something in each figure of the middle windows (else the comparison says little)
  core::Trends wide = (*st)->trends("2026-09-01T00:00:00Z", "2026-12-01T00:00:00Z", excluded);
  EXPECT_GT(wide.cases, 300);
  EXPECT_EQ(wide.brands.size(), 5u);
  EXPECT_EQ(wide.lures.size(), 5u);
  EXPECT_EQ(wide.sender_asns.size(), 5u);
  EXPECT_EQ(wide.link_tlds.size(), 5u);
  EXPECT_TRUE(wide.median_link_domain_age_days);
  std::remove(path.c_str());
}

}  // namespace ps::store

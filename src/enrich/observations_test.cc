#include "enrich/observations.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace ps::enrich {

TEST(Observations, ReplaysSeedFileWithSourceAndTime) {
  auto src = ReplaySource::load(test::source_dir() + "/tests/cases/ekinet-payment-2026-02-13.observations.json");
  ASSERT_TRUE(src.ok()) << src.error().str();
  auto o = (*src)->lookup("ip", "101.47.78.65");
  EXPECT_EQ(o.status, "ok");
  EXPECT_EQ(o.id, "ip:101.47.78.65");
  EXPECT_EQ(o.observed_at, "2026-02-13T09:00:00+09:00");
  EXPECT_EQ(o.source, "replay:ekinet-payment-2026-02-13.observations.json");
  EXPECT_NE(o.result_json.find("132203"), std::string::npos);
  auto missing = (*src)->lookup("rdap", "example.org");
  EXPECT_EQ(missing.status, "not_recorded");
  EXPECT_TRUE(missing.result_json.empty());
}

TEST(Observations, RecordedErrorsAndPerEntrySources) {
  auto src = ReplaySource::parse(R"({"observed_at":"2026-01-01T00:00:00Z",
      "rdap":{"a.example":{"error":"timeout after 10s","observed_at":"2026-01-02T00:00:00Z"}},
      "ip":{"1.2.3.4":{"asn":1,"as_org":"X","country":"US","source":"offline-db"}}})",
                                 "t.json");
  ASSERT_TRUE(src.ok());
  auto e = (*src)->lookup("rdap", "a.example");
  EXPECT_EQ(e.status, "error");
  EXPECT_EQ(e.error, "timeout after 10s");
  EXPECT_EQ(e.observed_at, "2026-01-02T00:00:00Z");
  auto i = (*src)->lookup("ip", "1.2.3.4");
  EXPECT_EQ(i.source, "offline-db");
  EXPECT_EQ(i.result_json.find("offline-db"), std::string::npos);
}

TEST(Observations, BadFilesAreClearErrors) {
  EXPECT_FALSE(ReplaySource::parse("not json", "x.json").ok());
  EXPECT_FALSE(ReplaySource::parse("[1,2]", "x.json").ok());
  auto r = ReplaySource::parse(R"({"ip": []})", "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what.find("\"ip\""), std::string::npos);
  EXPECT_FALSE(ReplaySource::load("/nonexistent.json").ok());
}

TEST(Observations, NoLookupNeverInventsAnswers) {
  NoLookupSource none;
  auto o = none.lookup("dns", "example.jp");
  EXPECT_EQ(o.status, "not_looked_up");
  EXPECT_TRUE(o.result_json.empty());
}

}  // namespace ps::enrich

#include "enrich/blocklist.h"

namespace ps::enrich {

TEST(Blocklist, PlainCsvAndDefangedEntries) {
  auto l = Blocklist::parse(
      "# a list\n"
      "https://login.evil.example/secure/\n"
      "hxxps://defanged[.]example/path\n"
      "bad-host.example\n"
      "date,URL,description\n"
      "2026/11/01,https://csv.example/phish/index.html,Amazon\n"
      "https://whole-host.example\n",
      "list.txt", "2026-11-20T00:00:00Z");
  ASSERT_TRUE(l.ok()) << l.error().str();
  auto& b = **l;
  EXPECT_EQ(b.size(), 5u);
  EXPECT_EQ(b.match("https://LOGIN.evil.example/secure"), "https://login.evil.example/secure");
  EXPECT_EQ(b.match("https://login.evil.example/secure/step2?x=1"), "https://login.evil.example/secure");
  EXPECT_EQ(b.match("https://login.evil.example/securely"), "");  // not at a path boundary
  EXPECT_EQ(b.match("https://defanged.example/path"), "https://defanged.example/path");
  EXPECT_EQ(b.match("http://www.bad-host.example/anything"), "bad-host.example");  // subdomains of a listed host
  EXPECT_EQ(b.match("https://notbad-host.example/"), "");
  EXPECT_EQ(b.match("https://csv.example/phish/index.html#top"), "https://csv.example/phish/index.html");
  EXPECT_EQ(b.match("https://whole-host.example/any/path"), "whole-host.example");
  EXPECT_EQ(b.match("https://clean.example/"), "");
  EXPECT_FALSE(Blocklist::parse("# nothing\n\n", "empty.txt", "").ok());
  EXPECT_FALSE(Blocklist::load("/nonexistent/list.txt").ok());
}

TEST(Blocklist, SourceAnswersBlocklistLookupsOnly) {
  auto l = Blocklist::parse("bad-host.example\n", "jpcert.csv", "2026-11-20T00:00:00Z");
  ASSERT_TRUE(l.ok());
  NoLookupSource none;
  BlocklistSource src({*l}, none);
  EXPECT_TRUE(src.offers("blocklist"));
  EXPECT_FALSE(none.offers("blocklist"));
  auto o = src.lookup("blocklist", "https://a.bad-host.example/x");
  EXPECT_EQ(o.status, "ok");
  EXPECT_EQ(o.observed_at, "2026-11-20T00:00:00Z");
  EXPECT_NE(o.source.find("jpcert.csv (1 entries)"), std::string::npos);
  EXPECT_NE(o.result_json.find("\"listed\":true"), std::string::npos);
  EXPECT_NE(src.lookup("blocklist", "https://fine.example/").result_json.find("\"listed\":false"), std::string::npos);
  EXPECT_EQ(src.lookup("dns", "a.bad-host.example").status, "not_looked_up");  // passed on
}

}  // namespace ps::enrich

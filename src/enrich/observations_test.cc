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

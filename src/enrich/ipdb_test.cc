#include "enrich/ipdb.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "enrich/enrich.h"
#include "extract/extract.h"
#include "parse/parse.h"
#include "test_util.h"

namespace ps::enrich {

static std::shared_ptr<IpDatabase> fixture() {
  auto db = IpDatabase::open(test::source_dir() + "/tests/data/ipdb-fixture");
  EXPECT_TRUE(db.ok()) << db.error().str();
  return db.ok() ? std::shared_ptr<IpDatabase>(std::move(*db)) : nullptr;
}

TEST(IpDatabase, RangesFromTheCsvFiles) {
  auto db = fixture();
  ASSERT_TRUE(db);
  auto a = db->lookup("101.47.78.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->asn.value_or(0), 150436);
  EXPECT_EQ(a->as_org, "Byteplus Pte. Ltd.");
  EXPECT_EQ(a->country, "");  // no country file in the fixture
  EXPECT_EQ(db->lookup("101.47.93.255")->asn.value_or(0), 150436);  // inclusive end
  EXPECT_EQ(db->lookup("101.47.94.0")->asn.value_or(0), 62610);
  EXPECT_EQ(db->lookup("1.0.0.1")->as_org, "Cloudflare, Inc.");
  EXPECT_EQ(db->lookup("203.0.113.9")->as_org, "LLC \"QUOTED\" Example");
  EXPECT_EQ(db->lookup("2001:200:10::1")->asn.value_or(0), 2500);
  EXPECT_FALSE(db->lookup("8.8.8.8"));  // not covered
  EXPECT_FALSE(db->lookup("not an ip"));
  EXPECT_EQ(db->ranges(), 5u);  // the malformed IPv6 line is skipped
  EXPECT_EQ(db->data_date(), "2026-06-17");
}

TEST(IpDatabase, MissingOrIncompleteDataIsAClearError) {
  auto none = IpDatabase::open("/nonexistent");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().str().find("scripts/fetch-ipdb.sh"), std::string::npos);
}

TEST(IpDatabase, SourceRefusesNonPublicAddressesAndNamesItsData) {
  auto db = fixture();
  ASSERT_TRUE(db);
  NoLookupSource none;
  IpDatabaseSource src(db, none);
  EXPECT_TRUE(src.offers("ipdb"));
  EXPECT_FALSE(none.offers("ipdb"));
  auto ok = src.lookup("ipdb", "101.47.78.1");
  EXPECT_EQ(ok.status, "ok");
  EXPECT_EQ(ok.observed_at, "2026-06-17");
  EXPECT_NE(ok.source.find("ip-location-db 2.3.2026061719"), std::string::npos);
  auto doc = src.lookup("ipdb", "203.0.113.9");
  EXPECT_EQ(doc.status, "error");
  EXPECT_EQ(doc.error, "not a public address (documentation)");
  EXPECT_EQ(src.lookup("ipdb", "8.8.8.8").error, "not in the offline data");
  EXPECT_EQ(src.lookup("ip", "101.47.78.1").status, "not_looked_up");  // other kinds go to the next source
}

// The seed's recorded observation names China Mobile (AS9808) for 101.47.78.1; routing data of 2026-06 says Byteplus
// (AS150436). Both answers are kept and the disagreement is said.
TEST(IpDatabase, RecordedAndOfflineAnswersDisagree) {
  auto db = fixture();
  ASSERT_TRUE(db);
  std::string dir = test::source_dir() + "/tests/cases/";
  core::Message m = parse::parse_message("p.eml", test::read_file(dir + "pocketcard-reauth-2026-03-15.eml"));
  core::Content c = extract::extract_content(m);
  auto replay = ReplaySource::load(dir + "pocketcard-reauth-2026-03-15.observations.json");
  ASSERT_TRUE(replay.ok());
  IpDatabaseSource src(db, **replay);
  core::Enrichment e = enrich(m, c, src);
  const auto& f = e.sender.ip_facts;
  ASSERT_EQ(f.answers.size(), 2u);
  EXPECT_EQ(f.answers[0].asn.value_or(0), 9808);
  EXPECT_EQ(f.answers[1].asn.value_or(0), 150436);
  EXPECT_TRUE(f.sources_disagree);
  EXPECT_EQ(f.asn.value_or(0), 9808);  // the recorded lookup stays the primary answer
}

TEST(IpDatabase, RecordingReplaysToTheSameObservations) {
  auto db = fixture();
  ASSERT_TRUE(db);
  NoLookupSource none;
  IpDatabaseSource live(db, none);
  RecordingSource rec(live);
  rec.lookup("ipdb", "101.47.78.1");
  rec.lookup("ipdb", "203.0.113.9");  // a failure is recorded too
  rec.lookup("rdap", "example.cn");   // not looked up: nothing to record
  EXPECT_EQ(rec.size(), 2u);
  auto replay = ReplaySource::parse(rec.to_json(), "rec.json");
  ASSERT_TRUE(replay.ok()) << replay.error().str();
  EXPECT_TRUE((*replay)->offers("ipdb"));
  for (const char* ip : {"101.47.78.1", "203.0.113.9"}) {
    auto a = live.lookup("ipdb", ip), b = (*replay)->lookup("ipdb", ip);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.source, b.source);
    EXPECT_EQ(a.observed_at, b.observed_at);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(nlohmann::json::parse(a.result_json.empty() ? "null" : a.result_json),
              nlohmann::json::parse(b.result_json.empty() ? "null" : b.result_json));
  }
}

// The data setup fetches (scripts/fetch-ipdb.sh): the range the issue names, with a country from the .mmdb.
TEST(IpDatabase, FetchedDataWhenInstalled) {
  std::string dir = test::source_dir() + "/data/ipdb";
  if (!std::filesystem::exists(dir + "/VERSION")) GTEST_SKIP() << "offline IP data not fetched (scripts/fetch-ipdb.sh)";
  auto db = IpDatabase::open(dir);
  ASSERT_TRUE(db.ok()) << db.error().str();
  auto a = (*db)->lookup("101.47.78.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->asn.value_or(0), 150436);
  EXPECT_EQ(a->country.size(), 2u);
  auto cf = (*db)->lookup("104.21.75.121");
  ASSERT_TRUE(cf);
  EXPECT_EQ(cf->asn.value_or(0), 13335);
}

}  // namespace ps::enrich

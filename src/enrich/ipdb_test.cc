#include "enrich/ipdb.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
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

namespace {

// A copy of the fixture in a fresh directory, where an index may be written.
std::string fixture_copy(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/ipdb-" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* f : {"VERSION", "asn-ipv4-num.csv", "asn-ipv6.csv"})
    std::filesystem::copy_file(test::source_dir() + "/tests/data/ipdb-fixture/" + f, dir + "/" + f);
  return dir;
}

// The fixture's answers, whichever way the tables were read.
void expect_fixture_answers(IpDatabase& db) {
  EXPECT_EQ(db.lookup("101.47.78.1")->asn.value_or(0), 150436);
  EXPECT_EQ(db.lookup("101.47.78.1")->as_org, "Byteplus Pte. Ltd.");
  EXPECT_EQ(db.lookup("101.47.93.255")->asn.value_or(0), 150436);
  EXPECT_EQ(db.lookup("101.47.94.0")->as_org, "Zenlayer Inc");
  EXPECT_EQ(db.lookup("1.0.0.1")->as_org, "Cloudflare, Inc.");
  EXPECT_EQ(db.lookup("203.0.113.9")->as_org, "LLC \"QUOTED\" Example");
  EXPECT_EQ(db.lookup("2001:200:10::1")->as_org, "WIDE Project");
  EXPECT_FALSE(db.lookup("8.8.8.8"));
  EXPECT_FALSE(db.lookup("2001:db9::1"));
  EXPECT_EQ(db.ranges(), 5u);
}

std::unique_ptr<IpDatabase> open_dir(const std::string& dir, bool write_index) {
  auto db = IpDatabase::open(dir, write_index);
  EXPECT_TRUE(db.ok()) << db.error().str();
  return db.ok() ? std::move(*db) : nullptr;
}

}  // namespace

TEST(IpDatabase, TablesAreIndexedOnceAndReadFromTheIndexAfterwards) {
  std::string dir = fixture_copy("index");
  auto first = open_dir(dir, true);
  ASSERT_TRUE(first);
  expect_fixture_answers(*first);
  EXPECT_EQ(first->tables_from(), "csv");
  ASSERT_TRUE(std::filesystem::exists(dir + "/asn.idx"));
  auto second = open_dir(dir, true);
  ASSERT_TRUE(second);
  expect_fixture_answers(*second);
  EXPECT_EQ(second->tables_from(), "index");
  // the same files give the same index, byte for byte
  const std::string written = test::read_file(dir + "/asn.idx");
  std::filesystem::remove(dir + "/asn.idx");
  open_dir(dir, true)->ranges();
  EXPECT_TRUE(test::read_file(dir + "/asn.idx") == written);
  // an index is used whether or not this run would write one; without write_index none is written
  EXPECT_EQ(open_dir(dir, false)->ranges(), 5u);
  std::string plain = fixture_copy("no-index");
  expect_fixture_answers(*open_dir(plain, false));
  EXPECT_FALSE(std::filesystem::exists(plain + "/asn.idx"));
  // the fixture itself (in the source tree) is never written to by the other tests
  EXPECT_FALSE(std::filesystem::exists(test::source_dir() + "/tests/data/ipdb-fixture/asn.idx"));
}

TEST(IpDatabase, IndexOfOtherCsvFilesIsNotUsed) {
  std::string dir = fixture_copy("stale");
  ASSERT_EQ(open_dir(dir, true)->ranges(), 5u);
  ASSERT_TRUE(std::filesystem::exists(dir + "/asn.idx"));
  // new data fetched: a range more (another size) ...
  {
    std::ofstream out(dir + "/asn-ipv4-num.csv", std::ios::app);
    out << "134744064,134744319,15169,Google LLC\n";  // 8.8.8.0/24
  }
  auto after = open_dir(dir, true);
  EXPECT_EQ(after->lookup("8.8.8.8")->as_org, "Google LLC");
  EXPECT_EQ(after->tables_from(), "csv");
  auto again = open_dir(dir, true);
  EXPECT_EQ(again->lookup("8.8.8.8")->as_org, "Google LLC");
  EXPECT_EQ(again->tables_from(), "index");  // written again from the new files
  // ... or another data version with files of the same size
  test::write_file(dir + "/VERSION", "2.3.2026071719\n");
  auto version = open_dir(dir, false);
  EXPECT_EQ(version->ranges(), 6u);
  EXPECT_EQ(version->tables_from(), "csv");
}

TEST(IpDatabase, DamagedIndexIsNotTrusted) {
  std::string dir = fixture_copy("damaged");
  ASSERT_EQ(open_dir(dir, true)->ranges(), 5u);
  const std::string good = test::read_file(dir + "/asn.idx");
  ASSERT_GT(good.size(), 200u);
  // where the tables start: after the header, at 16-byte boundaries (the first IPv4 range's fields: start, end, asn,
  // organisation, 4 bytes each)
  size_t off4 = 0;
  for (size_t at = 8; at + 16 <= 512 && !off4; at += 8) {
    uint32_t start;
    std::memcpy(&start, good.data() + at, 4);
    if (start == 16777216u && at % 16 == 0) off4 = at;
  }
  ASSERT_GT(off4, 0u);
  auto patched = [&](size_t at, uint32_t v) {
    std::string s = good;
    std::memcpy(s.data() + at, &v, 4);
    return s;
  };
  const std::vector<std::pair<std::string, std::string>> damage = {
      {"truncated", std::string(good.data(), good.size() - 3)},
      {"longer", std::string(good).append("xyz")},
      {"header only", std::string(good.data(), 150)},
      {"empty", ""},
      {"other magic", patched(0, 0x41534e58)},  // "XNSA"
      {"organisation out of range", patched(off4 + 12, 1000000)},
      {"range ending before it starts", patched(off4 + 4, 1)},
      {"ranges out of order", patched(off4 + 16, 1)},
  };
  for (const auto& [what, bytes] : damage) {
    test::write_file(dir + "/asn.idx", bytes);
    auto db = open_dir(dir, false);
    ASSERT_TRUE(db) << what;
    expect_fixture_answers(*db);
    EXPECT_EQ(db->tables_from(), "csv") << what;
  }
  // and a run that may write replaces the damaged index
  auto healed = open_dir(dir, true);
  expect_fixture_answers(*healed);
  EXPECT_EQ(test::read_file(dir + "/asn.idx").size(), good.size());
  auto reread = open_dir(dir, false);
  EXPECT_EQ(reread->ranges(), 5u);
  EXPECT_EQ(reread->tables_from(), "index");
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

// The whole fetched data: the index answers as the CSV files do, for addresses all over both tables.
TEST(IpDatabase, IndexOfTheFetchedDataAnswersAsTheCsvFiles) {
  std::string data = test::source_dir() + "/data/ipdb";
  if (!std::filesystem::exists(data + "/VERSION")) GTEST_SKIP() << "offline IP data not fetched (scripts/fetch-ipdb.sh)";
  std::string dir = ::testing::TempDir() + "/ipdb-fetched";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* f : {"VERSION", "asn-ipv4-num.csv", "asn-ipv6.csv"})
    std::filesystem::create_symlink(data + "/" + f, dir + "/" + f);
  auto csv = open_dir(dir, true);
  ASSERT_TRUE(csv);
  size_t ranges = csv->ranges();
  ASSERT_EQ(csv->tables_from(), "csv");
  auto idx = open_dir(dir, false);
  ASSERT_TRUE(idx);
  EXPECT_EQ(idx->ranges(), ranges);
  ASSERT_EQ(idx->tables_from(), "index");
  uint64_t x = 88172645463325252ull;  // xorshift: the same addresses every run
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  size_t found = 0;
  for (int i = 0; i < 20000; ++i) {
    uint32_t v = static_cast<uint32_t>(next());
    std::string ip = std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
                     std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255);
    if (i % 4 == 0) ip = fmt::format("2{:03x}:{:x}:{:x}::{:x}", next() % 0x400, next() % 0x10000, next() % 0x10000, i);
    auto a = csv->lookup(ip), b = idx->lookup(ip);
    ASSERT_EQ(a.has_value(), b.has_value()) << ip;
    if (!a) continue;
    ++found;
    EXPECT_EQ(a->asn, b->asn) << ip;
    EXPECT_EQ(a->as_org, b->as_org) << ip;
  }
  EXPECT_GT(found, 5000u);  // most of the address space is routed: the comparison is not over misses only
}

}  // namespace ps::enrich

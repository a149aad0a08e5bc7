#include "batch/batch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_util.h"

namespace ps::batch {

namespace {

// An mbox of the labelled set's mails (80 messages), in name order.
std::string make_mbox(const std::string& path, std::vector<std::string>* names = nullptr) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(test::source_dir() + "/tests/eval"))
    if (e.path().extension() == ".eml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::string mbox;
  for (const auto& f : files) {
    std::string m = test::read_file(f);
    std::string quoted;
    std::istringstream in(m);
    for (std::string line; std::getline(in, line);) quoted += (line.rfind("From ", 0) == 0 ? ">" : "") + line + "\n";
    mbox += "From sender@example.org Mon Nov 23 00:00:00 2026\n" + quoted + "\n";
    if (names) names->push_back(f);
  }
  test::write_file(path, mbox);
  return path;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(test::read_file(path));
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

struct Fixture {
  std::string dir;
  std::shared_ptr<const pipeline::Resources> res;
  enrich::NoLookupSource source;
  Fixture(const std::string& name) : dir(::testing::TempDir() + "/batch-" + name) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    res = *pipeline::Resources::load(test::data_dir());
  }
};

}  // namespace

TEST(Batch, ParallelRunKeepsInputOrderAndResumesWithNothingTwice) {
  Fixture fx("order");
  std::string mbox = make_mbox(fx.dir + "/set.mbox");
  auto st = store::CaseStore::open(fx.dir + "/cases.sqlite");
  ASSERT_TRUE(st.ok());
  Options o;
  o.paths = {mbox};
  o.workers = 2;
  o.jsonl_path = fx.dir + "/out.jsonl";
  o.commit_every = 7;
  o.analysis.now = "2026-11-23T00:00:00Z";
  auto s = run(o, *fx.res, fx.source, st->get(), {});
  ASSERT_TRUE(s.ok()) << s.error().str();
  EXPECT_EQ(s->total, 80u);
  EXPECT_EQ(s->analysed, 80u);
  EXPECT_EQ(s->failed, 0u);
  size_t verdicts = 0;
  for (const auto& [v, n] : s->verdicts) verdicts += n;
  EXPECT_EQ(verdicts, 80u);
  auto lines = lines_of(o.jsonl_path);
  ASSERT_EQ(lines.size(), 80u);
  // in mbox order: the source names count up
  for (size_t i = 0; i < lines.size(); ++i) {
    auto j = nlohmann::json::parse(lines[i]);
    EXPECT_EQ(j["message"]["source"], mbox + "#" + std::to_string(i + 1));
  }
  EXPECT_EQ(*(*st)->count(), 80);

  // the same run again: everything was done, nothing is analysed or written twice
  auto again = run(o, *fx.res, fx.source, st->get(), {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->analysed, 0u);
  EXPECT_EQ(again->resumed, 80u);
  EXPECT_EQ(lines_of(o.jsonl_path).size(), 80u);
  // --fresh starts over, and the cases are updated, not duplicated
  o.fresh = true;
  auto fresh = run(o, *fx.res, fx.source, st->get(), {});
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->analysed, 80u);
  EXPECT_EQ(lines_of(o.jsonl_path).size(), 80u);
  EXPECT_EQ(*(*st)->count(), 80);
}

TEST(Batch, InterruptedOutputIsCutBackToWhatTheStoreRecorded) {
  Fixture fx("cut");
  std::string mbox = make_mbox(fx.dir + "/set.mbox");
  auto st = store::CaseStore::open(fx.dir + "/cases.sqlite");
  ASSERT_TRUE(st.ok());
  Options o;
  o.paths = {mbox};
  o.workers = 1;
  o.jsonl_path = fx.dir + "/out.jsonl";
  o.run = "r";
  o.analysis.now = "2026-11-23T00:00:00Z";  // reports that do not depend on the clock
  ASSERT_TRUE(run(o, *fx.res, fx.source, st->get(), {}).ok());
  std::string full = test::read_file(o.jsonl_path);
  // as after a crash: the store remembers the first 30 items, the output has 30 lines and half of the 31st
  ASSERT_TRUE((*st)->forget_run("r").ok());
  auto lines = lines_of(o.jsonl_path);
  int64_t end30 = 0;
  for (size_t i = 0; i < 30; ++i) end30 += static_cast<int64_t>(lines[i].size() + 1);
  ASSERT_TRUE((*st)->begin().ok());
  for (size_t i = 1; i <= 30; ++i) ASSERT_TRUE((*st)->mark_item("r", mbox + "#" + std::to_string(i), "x", "ok", end30).ok());
  ASSERT_TRUE((*st)->commit().ok());
  test::write_file(o.jsonl_path, full.substr(0, static_cast<size_t>(end30) + lines[30].size() / 2));
  auto resumed = run(o, *fx.res, fx.source, st->get(), {});
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->resumed, 30u);
  EXPECT_EQ(resumed->analysed, 50u);
  EXPECT_TRUE(test::read_file(o.jsonl_path) == full);  // byte for byte the uninterrupted output
}

TEST(Batch, UnreadableMessagesAreNamedAndCounted) {
  Fixture fx("bad");
  test::write_file(fx.dir + "/good.eml", "From: a@b.example\nTo: c@d.example\nSubject: hi\n\nhello\n");
  test::write_file(fx.dir + "/bad.eml", std::string("\x00\x01\x02 not a mail", 15));
  auto st = store::CaseStore::open(fx.dir + "/cases.sqlite");
  ASSERT_TRUE(st.ok());
  Options o;
  o.paths = {fx.dir};
  o.workers = 2;
  auto s = run(o, *fx.res, fx.source, st->get(), {});
  ASSERT_TRUE(s.ok()) << s.error().str();
  EXPECT_EQ(s->analysed, 1u);
  EXPECT_EQ(s->failed, 1u);
  ASSERT_EQ(s->errors.size(), 1u);
  EXPECT_NE(s->errors[0].find("bad.eml"), std::string::npos);
  std::string text = format_summary(*s);
  EXPECT_NE(text.find("1 unreadable"), std::string::npos);
  EXPECT_NE(text.find("bad.eml"), std::string::npos);
}

}  // namespace ps::batch

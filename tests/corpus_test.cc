// The hand-made corpus (tests/corpus/*.eml, written by make_corpus.py): each mail's parse result against its
// expected NAME.json, once as stored (LF) and once converted to CRLF. One test per file and line ending.
// PHISHSCOPE_UPDATE_GOLDEN=1 rewrites the expected files from the LF parse (review them before committing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.h"
#include "parse/parse.h"
#include "test_util.h"

namespace ps {

namespace {

std::string strip_cr(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

// The parse result without what depends on line endings (offsets, sizes of text parts).
nlohmann::ordered_json projection(const core::Message& m) {
  nlohmann::ordered_json j;
  j["subject"] = m.subject;
  j["subject_tag"] = m.subject_tag ? nlohmann::ordered_json(*m.subject_tag) : nlohmann::ordered_json();
  j["from"] = {{"display", m.from.display}, {"address", m.from.address}};
  j["date"] = m.date ? nlohmann::ordered_json(m.date->iso8601()) : nlohmann::ordered_json();
  j["received_hops"] = m.received.size();
  j["sender_ip"] = m.sender.ip;
  j["header_charsets"] = nlohmann::ordered_json::array();
  for (const auto& h : m.headers)
    if (h.charset.reason != "ascii")
      j["header_charsets"].push_back({{"header", h.name}, {"declared", h.charset.declared}, {"used", h.charset.used},
                                      {"reason", h.charset.reason}, {"invalid_bytes", h.charset.invalid_bytes}});
  j["parts"] = nlohmann::ordered_json::array();
  for (const auto& p : m.parts) {
    nlohmann::ordered_json pj = {{"index", p.index}, {"parent", p.parent}, {"content_type", p.content_type}};
    if (p.is_text) {
      pj["charset"] = {{"declared", p.charset.declared}, {"used", p.charset.used}, {"reason", p.charset.reason},
                       {"invalid_bytes", p.charset.invalid_bytes}};
      pj["text"] = strip_cr(p.text);
    }
    if (p.is_attachment) {
      pj["filename"] = p.filename;
      pj["sniffed_type"] = p.sniffed_type;
      if (p.transfer_encoding == "base64") {
        pj["size"] = p.decoded_size;
        pj["sha256"] = p.sha256;
      }
      if (!p.tnef_files.empty()) pj["tnef_files"] = p.tnef_files;
    }
    j["parts"].push_back(pj);
  }
  std::set<std::string> kinds;
  for (const auto& a : m.anomalies) kinds.insert(a.kind);
  j["anomalies"] = kinds;
  return j;
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> names;
  std::string dir = test::source_dir() + "/tests/corpus";
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".eml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

class Corpus : public ::testing::TestWithParam<std::tuple<std::string, bool>> {};

TEST_P(Corpus, ParsesAsExpected) {
  auto [name, crlf] = GetParam();
  std::string dir = test::source_dir() + "/tests/corpus/";
  std::string raw = test::read_file(dir + name + ".eml");
  if (crlf) {
    std::string c;
    for (char ch : raw) {
      if (ch == '\n') c += '\r';
      c += ch;
    }
    raw = c;
  }
  core::Message m = parse::parse_message(name + ".eml", raw);
  auto got = projection(m);
  const char* update = std::getenv("PHISHSCOPE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1" && !crlf) {
    test::write_file(dir + name + ".json", got.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    GTEST_SKIP() << "rewrote " << name << ".json";
  }
  auto want = nlohmann::ordered_json::parse(test::read_file(dir + name + ".json"));
  EXPECT_EQ(got, want) << name << (crlf ? " (CRLF)" : " (LF)") << "\n got: " << got.dump(1) << "\nwant: " << want.dump(1);
}

INSTANTIATE_TEST_SUITE_P(Mails, Corpus, ::testing::Combine(::testing::ValuesIn(corpus_files()), ::testing::Bool()),
                         [](const auto& info) {
                           return std::get<0>(info.param) + (std::get<1>(info.param) ? "_crlf" : "_lf");
                         });

}  // namespace ps

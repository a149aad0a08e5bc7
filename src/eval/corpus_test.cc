#include "eval/corpus.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace ps::eval {

namespace fs = std::filesystem;

namespace {
std::string mail(const std::string& ip, const std::string& subject) {
  return "Received: from mx.sender.example (mx.sender.example [" + ip +
         "]) by mx.receiver.example (Postfix); Sun, 15 Mar 2026 12:00:00 +0900\n"
         "From: Sender <a@sender.example>\nTo: u@receiver.example\nSubject: " +
         subject + "\nDate: Sun, 15 Mar 2026 11:59:00 +0900\n\nhello\n";
}
}  // namespace

TEST(Corpus, ComparesSenderIpAndSubjectAndReadsMboxOffsets) {
  fs::path dir = fs::temp_directory_path() / ("ps-corpus-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  test::write_file((dir / "a.eml").string(), mail("192.0.2.1", "=?UTF-8?B?44GT44KT44Gr44Gh44Gv?="));
  test::write_file((dir / "b.eml").string(), mail("192.0.2.2", "plain"));
  std::string m1 = "From x@y Sun Mar 15 12:00:00 2026\n" + mail("198.51.100.1", "one") + "\n";
  std::string m2 = "From x@y Sun Mar 15 12:00:00 2026\n" + mail("198.51.100.2", "two") + "\n";
  test::write_file((dir / "box.mbox").string(), m1 + m2);
  test::write_file((dir / "truth.jsonl").string(),
                   R"({"file": "a.eml", "kind": "ham", "sender_ip": "192.0.2.1", "subject": "こんにちは"})" "\n"
                   R"({"file": "b.eml", "kind": "ham", "sender_ip": "192.0.2.99", "subject": "other"})" "\n"
                   R"({"file": "box.mbox", "index": 0, "offset": 0, "kind": "phishing", "sender_ip": "198.51.100.1"})" "\n"
                   R"({"file": "box.mbox", "index": 1, "offset": )" + std::to_string(m1.size()) +
                       R"(, "kind": "phishing", "sender_ip": null})" "\n"
                   R"({"file": "missing.eml", "kind": "ham"})" "\n");
  enrich::NoLookupSource none;
  pipeline::Options o;
  o.now = "2026-03-16T00:00:00Z";
  CorpusOptions co;
  co.workers = 2;
  auto cases = run_corpus(dir.string(), test::resources(), o, none, co);
  ASSERT_TRUE(cases.ok()) << cases.error().str();
  ASSERT_EQ(cases->size(), 5u);
  const auto& c = *cases;
  EXPECT_EQ(c[0].sender_ip, "192.0.2.1");
  EXPECT_TRUE(c[0].subject_equal);
  EXPECT_EQ(c[1].truth_sender_ip, "192.0.2.99");
  EXPECT_FALSE(c[1].subject_equal);
  EXPECT_EQ(c[2].file, "box.mbox#1");
  EXPECT_EQ(c[2].sender_ip, "198.51.100.1");
  EXPECT_EQ(c[3].file, "box.mbox#2");
  EXPECT_EQ(c[3].sender_ip, "198.51.100.2");  // the second message, not the first
  EXPECT_TRUE(c[3].truth_sender_ip.empty());  // null in the truth: not compared
  EXPECT_FALSE(c[4].error.empty());
  std::string text = format_corpus("t", c, 10);
  EXPECT_NE(text.find("1 failed to analyse"), std::string::npos) << text;
  EXPECT_NE(text.find("sender IP equal to truth: 2/3"), std::string::npos) << text;
  EXPECT_NE(text.find("b.eml: truth 192.0.2.99, phishscope 192.0.2.2"), std::string::npos) << text;
  EXPECT_NE(text.find("decoded subject equal to truth: 1/2"), std::string::npos) << text;
  EXPECT_NE(text.find("raw control bytes in reports: md 0 in 0 mails"), std::string::npos) << text;
  fs::remove_all(dir);
}

TEST(Corpus, RawBytesAndMojibakeAreCounted) {
  EXPECT_EQ(count_raw_bytes("plain\ttext\n日本語"), 0u);
  EXPECT_EQ(count_raw_bytes("esc \x1b[31m bel \x07 cr \r del \x7f"), 4u);
  EXPECT_EQ(count_raw_bytes("c1 \xC2\x9B and bad \xFF\xFE"), 3u);
  EXPECT_TRUE(mojibake_patterns("Atenção, não").empty());
  EXPECT_TRUE(mojibake_patterns("お支払い情報のご確認").empty());
  auto has = [](const std::vector<std::string>& v, const char* k) { return std::find(v.begin(), v.end(), k) != v.end(); };
  EXPECT_TRUE(has(mojibake_patterns("AtenÃ§Ã£o"), "utf8_as_latin1"));
  EXPECT_TRUE(has(mojibake_patterns("don\xE2\x80\x99t and Aten\xE9\x88\xACo"), "latin1_as_cjk"));  // Aten鈬o
  EXPECT_TRUE(has(mojibake_patterns("縺薙ｓ縺ｫ縺｡縺ｯ繧医≧"), "utf8_as_sjis"));
  EXPECT_TRUE(has(mojibake_patterns("Fr\xEE\x92\x9B" "che"), "private_use"));  // Fr\ue49bche
}

}  // namespace ps::eval

#include "core/platforms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "test_util.h"

namespace ps::core {

TEST(Platforms, SuffixesPathsAndWildcards) {
  auto p = Platforms::parse(R"({"lists": {
      "free_hosting": {"entries": ["web.app", "sites.google.com", "script.google.com/macros"]},
      "cloud_hosting": {"entries": ["s3.*.amazonaws.com", "storage.googleapis.com"]},
      "generic_paths": {"entries": ["/", "/track/{t}"]}}})", "t");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->match("free_hosting", "login-x.web.app"), "web.app");
  EXPECT_EQ(p->match("free_hosting", "web.app"), "web.app");
  EXPECT_EQ(p->match("free_hosting", "notweb.app"), "");
  EXPECT_EQ(p->match("free_hosting", "sites.google.com", "/view/x"), "sites.google.com");
  EXPECT_EQ(p->match("free_hosting", "www.google.com", "/view/x"), "");
  EXPECT_EQ(p->match("free_hosting", "script.google.com", "/macros/s/abc/exec"), "script.google.com/macros");
  EXPECT_EQ(p->match("free_hosting", "script.google.com", "/macrosx"), "");
  EXPECT_EQ(p->match("cloud_hosting", "bucket.s3.eu-west-1.amazonaws.com"), "s3.*.amazonaws.com");
  EXPECT_EQ(p->match("cloud_hosting", "s3.amazonaws.com"), "");
  EXPECT_EQ(p->lists_of("x.web.app"), std::vector<std::string>{"free_hosting"});
  EXPECT_TRUE(p->generic_path("/track/{t}"));
  EXPECT_FALSE(p->generic_path("/kit/{t}/login"));
  EXPECT_FALSE(Platforms::parse("[]", "t").ok());
}

TEST(Platforms, TheDataFileLoads) {
  auto p = Platforms::load(test::data_dir() + "/platforms.json");
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_TRUE(p->on("url_shorteners", "bit.ly"));
  EXPECT_TRUE(p->on("cloud_hosting", "abc.run.app"));
  EXPECT_TRUE(p->on("user_content_cdns", "lh3.googleusercontent.com"));
  EXPECT_TRUE(p->on("mail_providers", "mail-ed1-f43.google.com"));
  EXPECT_FALSE(p->on("free_hosting", "www.google.com"));
  EXPECT_GT(p->size("free_hosting"), 100u);
}

}  // namespace ps::core

#include "core/aho.h"

namespace ps::core {

TEST(AhoCorasick, FindsEveryOccurrenceOfEveryPattern) {
  AhoCorasick ac;
  ac.add("he", 1);
  ac.add("she", 2);
  ac.add("his", 3);
  ac.add("hers", 4);
  ac.add("", 9);
  ac.build();
  auto m = ac.find_all("ushers his");
  std::vector<std::tuple<uint32_t, size_t, size_t>> got;
  for (const auto& x : m) got.emplace_back(x.id, x.begin, x.end);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::tuple<uint32_t, size_t, size_t>>{{1, 2, 4}, {2, 1, 4}, {3, 7, 10}, {4, 2, 6}}));
  EXPECT_TRUE(ac.find_all("").empty());
  AhoCorasick ja;
  ja.add("利用制限", 7);
  ja.build();
  auto j = ja.find_all("アカウントの利用制限について");
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].id, 7u);
}

}  // namespace ps::core

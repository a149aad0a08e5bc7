// The HTML report stays inert whatever the mail holds, and embeds only the screenshots the probe recorded.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "core/text.h"
#include "report/report.h"
#include "test_util.h"

namespace ps::report {
namespace {

const char* kHostile =
    "From: \"<b onmouseover=alert(4)>Support</b>\" <support@evil.example>\r\n"
    "To: user@example.jp\r\n"
    "Subject: <script>alert(0)</script> **urgent** `x` | y\r\n"
    "Date: Sun, 15 Mar 2026 19:37:50 +0900\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n"
    "\r\n"
    "<script>alert(1)</script><img src=x onerror=alert(2)>"
    "<a href=\"javascript:alert(3)\">click</a> <a href=\"https://evil.example/login\">ログイン</a>"
    "<iframe src=\"https://evil.example/frame\"></iframe><form action=\"https://evil.example/post\"><input type=password></form>"
    "<p>```</p><p>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;</p>\r\n";

TEST(HtmlReport, MailMarkupNeverBecomesMarkup) {
  core::Analysis a = test::analyze_text(kHostile);
  for (const char* lang : {"ja", "en"}) {
    std::string html = to_html(a, test::resources().catalog(lang), lang);
    // every '<' of mail text is escaped, so each raw tag is one the report wrote: check them all
    std::regex tag("<[^>]*>");
    std::set<std::string> names;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
      std::string t = it->str();
      EXPECT_FALSE(std::regex_search(t, std::regex(R"(\son\w+\s*=)", std::regex::icase))) << lang << ": " << t;
      EXPECT_EQ(t.find("javascript:"), std::string::npos) << lang << ": " << t;
      EXPECT_EQ(t.find("href"), std::string::npos) << lang << ": " << t;
      std::smatch m;
      std::string open = t.substr(0, t.find_first_of(" >", 1));
      names.insert(open);
    }
    for (const auto& n : names)
      EXPECT_TRUE(std::set<std::string>({"<!DOCTYPE", "<html", "</html", "<head", "</head", "<meta", "<title", "</title",
                                         "<style", "</style", "<body", "</body", "<main", "</main", "<h1", "</h1",
                                         "<h2", "</h2", "<h3", "</h3", "<p", "</p", "<br", "<ul", "</ul", "<li",
                                         "</li", "<table", "</table", "<tr", "</tr", "<th", "</th", "<td", "</td",
                                         "<strong", "</strong", "<code", "</code", "<pre", "</pre", "<hr", "<figure",
                                         "</figure", "<img", "<figcaption", "</figcaption"})
                      .count(n))
          << lang << ": unexpected tag " << n;
    EXPECT_NE(html.find("&lt;script&gt;alert(0)&lt;/script&gt;"), std::string::npos) << "the subject, shown as text";
    EXPECT_NE(html.find("hxxps://evil[.]example/login"), std::string::npos);
    EXPECT_EQ(html.find("https://evil.example"), std::string::npos);
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
    EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
    EXPECT_EQ(html.find("<pre><code>"), html.rfind("<pre><code>")) << "the body's ``` must not open a second block";
  }
}

TEST(HtmlReport, EmbedsOnlyTheScreenshotTheProbeRecorded) {
  core::Analysis a = test::analyze_text(kHostile);
  ASSERT_FALSE(a.content.links.empty());
  ASSERT_EQ(a.enrichment.links.size(), a.content.links.size());
  std::string png = test::qr_png("https://evil.example/login", 120);
  std::string dir = ::testing::TempDir() + "/shots";
  std::filesystem::create_directories(dir);
  std::string file = dir + "/shot.png";
  test::write_file(file, png);
  size_t i = 0;
  while (i < a.content.links.size() && a.content.links[i].url != "https://evil.example/login") ++i;
  ASSERT_LT(i, a.content.links.size());
  a.enrichment.links[i].site.screenshots.push_back({"mobile-ja", file, core::sha256_hex(png)});
  a.enrichment.links[i].site.screenshots.push_back({"desktop-ja", file, std::string(64, '0')});  // not what is on disk
  std::string html = to_html(a, test::resources().catalog("ja"), "ja");
  EXPECT_NE(html.find("<img alt=\"mobile-ja\" src=\"data:image/png;base64," + core::base64_encode(png) + "\">"),
            std::string::npos);
  EXPECT_EQ(html.find("<img alt=\"desktop-ja\""), std::string::npos);
  EXPECT_NE(html.find("記録と一致しないため埋め込んでいません"), std::string::npos);
  EXPECT_LT(html.find("■ スクリーンショット"), html.find("■ 観測データ"));
}

}  // namespace
}  // namespace ps::report

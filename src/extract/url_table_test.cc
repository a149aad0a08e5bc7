// Table-driven URL cases (tests/data/urls.tsv: registrable domain, brand, techniques) and text extraction cases
// (tests/data/text_urls.tsv). Each row is its own test.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/text.h"
#include "extract/brand.h"
#include "extract/extract.h"
#include "extract/url.h"
#include "test_util.h"

namespace ps::extract {

namespace {

std::vector<std::vector<std::string>> rows(const std::string& file) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(test::read_file(test::source_dir() + "/tests/data/" + file));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.push_back(core::split(line, '\t'));
  }
  return out;
}

const BrandCatalog& catalog() {
  static BrandCatalog c = *BrandCatalog::load(test::data_dir() + "/brands.json");
  return c;
}

}  // namespace

class UrlTable : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(UrlTable, DomainBrandTechniques) {
  const auto& r = GetParam();
  ASSERT_EQ(r.size(), 4u) << "bad row";
  core::Content c;
  core::Link l;
  l.url = r[0];
  fill_url_parts(l);
  c.links.push_back(l);
  find_lookalikes(c, catalog());
  auto brand = attribute_brand_to_url(c, catalog());
  classify_links(c, brand ? &*brand : nullptr);
  EXPECT_EQ(c.links[0].registrable_domain.empty() ? "-" : c.links[0].registrable_domain, r[1]) << r[0];
  EXPECT_EQ(brand ? brand->id : "-", r[2]) << r[0];
  std::vector<std::string> techs = c.links[0].techniques;
  std::sort(techs.begin(), techs.end());
  techs.erase(std::unique(techs.begin(), techs.end()), techs.end());
  std::string got;
  for (const auto& t : techs) got += (got.empty() ? "" : ",") + t;
  EXPECT_EQ(got.empty() ? "-" : got, r[3]) << r[0];
  EXPECT_EQ(c.links[0].defanged.find("http://"), std::string::npos);
  EXPECT_EQ(c.links[0].defanged.find("https://"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Urls, UrlTable, ::testing::ValuesIn(rows("urls.tsv")));

class TextUrlTable : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(TextUrlTable, FindsExactlyTheseUrls) {
  const auto& r = GetParam();
  ASSERT_EQ(r.size(), 2u);
  std::string text = r[0];
  for (size_t p; (p = text.find("\\n")) != std::string::npos;) text.replace(p, 2, "\n");
  std::string got;
  for (const auto& u : find_urls_in_text(text)) {
    got += (got.empty() ? "" : " | ") + u.url;
    EXPECT_LE(u.end, text.size());
    EXPECT_LT(u.begin, u.end);
  }
  EXPECT_EQ(got.empty() ? "-" : got, r[1]) << r[0];
}

INSTANTIATE_TEST_SUITE_P(Texts, TextUrlTable, ::testing::ValuesIn(rows("text_urls.tsv")));

TEST(UrlUnwrap, SafelinksAndGoogle) {
  EXPECT_EQ(unwrap_redirect("https://apc01.safelinks.protection.outlook.com/?url=https%3A%2F%2Feki-net-carcini.ddnxw.cn%2FP%2F&data=x").value_or(""),
            "https://eki-net-carcini.ddnxw.cn/P/");
  EXPECT_EQ(unwrap_redirect("https://www.google.com/url?q=https://evil.example/a&sa=D").value_or(""), "https://evil.example/a");
  EXPECT_FALSE(unwrap_redirect("https://www.google.com/search?q=https://evil.example/"));
  EXPECT_FALSE(unwrap_redirect("https://example.com/?url=https://x.example/"));
  // Google Translate as a proxy
  EXPECT_EQ(unwrap_redirect("https://translate.google.se/translate?hl=&sl=auto&tl=ja&u=bad.example.dev/ce5").value_or(""),
            "http://bad.example.dev/ce5");
  EXPECT_EQ(unwrap_redirect("https://www-evil--site-example.translate.goog/login?a=1&_x_tr_sl=auto&_x_tr_tl=ja").value_or(""),
            "https://www.evil-site.example/login?a=1");
}

}  // namespace ps::extract

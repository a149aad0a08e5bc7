#include "extract/brand.h"
#include "extract/lures.h"

#include <gtest/gtest.h>

#include "extract/extract.h"
#include "test_util.h"

namespace ps::extract {

static const BrandCatalog& catalog() {
  static BrandCatalog c = *BrandCatalog::load(test::data_dir() + "/brands.json");
  return c;
}

static core::Link link(const std::string& url, const std::string& anchor = "") {
  core::Link l;
  l.url = url;
  l.anchor_text = anchor;
  fill_url_parts(l);
  return l;
}

TEST(Brand, CatalogLoadsAndEveryBrandHasOfficialDomain) {
  EXPECT_GE(catalog().brands().size(), 60u);
  for (const auto& b : catalog().brands()) {
    EXPECT_FALSE(b.official_domains.empty()) << b.id;
    EXPECT_FALSE(b.name_ja.empty()) << b.id;
    EXPECT_FALSE(b.name_en.empty()) << b.id;
  }
  EXPECT_EQ(catalog().by_official_domain("eki-net.com")->id, "eki-net");
}

TEST(Brand, RejectsBadCatalog) {
  EXPECT_FALSE(BrandCatalog::parse("{}", "x").ok());
  EXPECT_FALSE(BrandCatalog::parse("{\"brands\":[{\"id\":\"a\"}]}", "x").ok());
  EXPECT_FALSE(BrandCatalog::parse("not json", "x").ok());
}

TEST(Brand, MentionsNeedsWholeAsciiWords) {
  EXPECT_TRUE(mentions("Welcome to Pocketcard!", "Pocketcard"));
  EXPECT_FALSE(mentions("JCBX offers", "JCB"));
  EXPECT_TRUE(mentions("えきねっとをご利用", "えきねっと"));
}

TEST(Brand, AttributesFromDisplayNameSubjectAndUrl) {
  core::Message m;
  m.from.display = "えきねっと";
  m.from.address = "x@iwkr.cn";
  m.subject = "お支払い情報【えきねっと】";
  core::Content c;
  c.text = "いつも「えきねっと」をご利用";
  c.links.push_back(link("https://eki-net-carcini.ddnxw.cn/p/", "更新はこちら"));
  c.links.push_back(link("https://www.eki-net.com/"));
  auto b = attribute_brand(m, c, catalog());
  ASSERT_TRUE(b);
  EXPECT_EQ(b->id, "eki-net");
  EXPECT_EQ(b->official_domains.front(), "eki-net.com");
  classify_links(c, &*b);
  EXPECT_FALSE(c.links[0].official);
  EXPECT_EQ(c.links[0].techniques, std::vector<std::string>{"BRAND_IN_SUBDOMAIN"});
  EXPECT_TRUE(c.links[1].official);
  EXPECT_TRUE(c.links[1].techniques.empty());
}

TEST(Brand, TechniquesOfLookalikes) {
  core::BrandRef b;
  b.id = "eki-net";
  b.official_domains = {"eki-net.com"};
  b.url_tokens = {"eki-net", "ekinet"};
  core::Content c;
  c.links = {link("https://www.eki-net.com.evil.example/"), link("https://ekinet-login.example/"),
             link("https://evil.example/eki-net/login"), link("https://www.eki-net.com@evil.example/"),
             link("https://unrelated.example/x", "https://www.eki-net.com/")};
  classify_links(c, &b);
  auto has = [&](size_t i, const char* t) {
    for (const auto& x : c.links[i].techniques)
      if (x == t) return true;
    return false;
  };
  EXPECT_TRUE(has(0, "OFFICIAL_DOMAIN_AS_SUBDOMAIN"));
  EXPECT_TRUE(has(1, "BRAND_IN_REGISTRABLE_DOMAIN"));
  EXPECT_TRUE(has(2, "BRAND_IN_PATH"));
  EXPECT_TRUE(has(3, "USERINFO_TRICK"));
  EXPECT_TRUE(has(4, "ANCHOR_DOMAIN_MISMATCH"));
  EXPECT_TRUE(has(4, "UNRELATED_DOMAIN"));
}

TEST(Brand, NoBrandForUnrelatedMail) {
  core::Message m;
  m.from.address = "friend@example.org";
  m.subject = "週末のランチ";
  core::Content c;
  c.text = "来週の予定を教えてください。";
  EXPECT_FALSE(attribute_brand(m, c, catalog()));
}

}  // namespace ps::extract

namespace ps::extract {

TEST(Brand, BodyMentionsAloneDoNotAttribute) {
  core::Message m;
  m.from.address = "news@techblog.example";
  m.subject = "今週のニュース";
  core::Content c;
  c.text = "Google と Amazon と Apple の決算について。Google Google Amazon Amazon";
  core::Link l;
  l.url = "https://techblog.example/2026/03/earnings";
  fill_url_parts(l);
  c.links.push_back(l);
  EXPECT_FALSE(attribute_brand(m, c, catalog()));
}

}  // namespace ps::extract

namespace ps::extract {

static const LureCatalog& lures() {
  static LureCatalog c = *LureCatalog::load(test::data_dir() + "/lures.json");
  return c;
}

// Names written to slip past a filter: letters spaced out, invisible characters inside, another case, full width.
TEST(Brand, NamesSpacedOutHiddenOrInAnotherCase) {
  auto brand_of_subject = [](const std::string& subject) {
    core::Message m;
    m.subject = subject;
    m.from.address = "x@bad.example";
    core::Content c;
    lures().find_in(m, c);
    auto b = attribute_brand(m, c, catalog());
    return b ? b->id : std::string();
  };
  EXPECT_EQ(brand_of_subject("E T Cサービスのお知らせ"), "etc");
  EXPECT_EQ(brand_of_subject("【VISAカード】ご利用確認"), "visa");
  EXPECT_EQ(brand_of_subject("【メルカ\u2064リ】アカウント停止"), "mercari");
  EXPECT_EQ(brand_of_subject("【三井住友 カード】お支払い"), "smbc-card");
  EXPECT_EQ(brand_of_subject("Ｐａｙｐａｌ: your account"), "paypal");
  EXPECT_EQ(brand_of_subject("Re: Perhaps Apple isn't as user-friendly"), "");  // a reply discusses, it does not speak
  // a news item names what it is about; a notice or a label speaks for the brand
  EXPECT_EQ(brand_of_subject("Microsoft Buys XDegrees - Secure Access Company"), "");
  EXPECT_EQ(brand_of_subject("Microsoft account security alert"), "microsoft");
  EXPECT_EQ(brand_of_subject("[PayPal] Problem"), "paypal");
}

}  // namespace ps::extract

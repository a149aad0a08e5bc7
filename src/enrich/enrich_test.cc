#include "enrich/enrich.h"

#include <gtest/gtest.h>

#include <set>

#include "extract/extract.h"
#include "parse/parse.h"
#include "test_util.h"

namespace ps::enrich {

TEST(Enrich, AgeInDaysOnTheMailsCalendar) {
  auto at = core::parse_iso8601("2026-03-15T17:29:31+09:00");
  EXPECT_EQ(age_in_days("2026-03-10", *at), 5);
  auto early = core::parse_iso8601("2026-03-15T00:30:00+09:00");  // still 14 March in UTC
  EXPECT_EQ(age_in_days("2026-03-10", *early), 5);
  EXPECT_FALSE(age_in_days("garbage", *at));
}

TEST(Enrich, PocketcardSeedFacts) {
  std::string dir = test::source_dir() + "/tests/cases/";
  core::Message m = parse::parse_message("p.eml", test::read_file(dir + "pocketcard-reauth-2026-03-15.eml"));
  core::Content c = extract::extract_content(m);
  auto src = ReplaySource::load(dir + "pocketcard-reauth-2026-03-15.observations.json");
  ASSERT_TRUE(src.ok());
  core::Enrichment e = enrich(m, c, **src);
  EXPECT_EQ(e.sender.ip_facts.asn.value_or(0), 9808);
  EXPECT_EQ(e.sender.ip_facts.country, "CN");
  EXPECT_EQ(e.sender.domain, "gghxw.cn");
  EXPECT_EQ(e.sender.domain_facts.registered.value_or(""), "2026-03-10");
  EXPECT_EQ(e.sender.domain_facts.age_days.value_or(-1), 5);
  ASSERT_EQ(e.links.size(), 1u);
  EXPECT_EQ(e.links[0].host_ips, std::vector<std::string>{"104.21.75.121"});
  EXPECT_EQ(e.links[0].ip_facts.as_org, "Cloudflare, Inc.");
  EXPECT_EQ(e.links[0].domain_facts.registered.value_or(""), "2026-03-12");
  EXPECT_TRUE(e.links[0].domain_facts.privacy.value_or(false));
  EXPECT_EQ(e.links[0].reputation.size(), 2u);
  EXPECT_EQ(e.links[0].site.status, "live_error_page");
  EXPECT_TRUE(e.links[0].site.cloaking_suspected);
  EXPECT_EQ(e.links[0].site.cloaking_reason, "fake_error_page");
  // every lookup made is kept, once
  std::set<std::string> ids;
  for (const auto& o : e.observations) EXPECT_TRUE(ids.insert(o.id).second) << o.id;
  EXPECT_TRUE(ids.count("rdap:gghxw.cn"));
}

TEST(Enrich, OfflineIsNotLookedUp) {
  std::string dir = test::source_dir() + "/tests/cases/";
  core::Message m = parse::parse_message("e.eml", test::read_file(dir + "ekinet-payment-2026-02-13.eml"));
  core::Content c = extract::extract_content(m);
  NoLookupSource none;
  core::Enrichment e = enrich(m, c, none);
  EXPECT_EQ(e.sender.ip_facts.status, "not_looked_up");
  EXPECT_TRUE(e.sender.ip_facts.as_org.empty());
  EXPECT_FALSE(e.sender.domain_facts.registered);
  for (const auto& l : e.links) {
    EXPECT_TRUE(l.host_ips.empty());
    EXPECT_EQ(l.site.status, "not_looked_up");
  }
}

TEST(Enrich, ProfilesThatDifferAreCloaking) {
  auto src = ReplaySource::parse(R"({"site":{"https://x.example/":{"status":200,
       "profiles":{"desktop-ja":"timeout-page","mobile-ja":"login-page"}}}})", "t.json");
  core::Message m;
  core::Content c;
  core::Link l;
  l.url = "https://x.example/";
  extract::fill_url_parts(l);
  c.links.push_back(l);
  core::Enrichment e = enrich(m, c, **src);
  EXPECT_TRUE(e.links[0].site.cloaking_suspected);
  EXPECT_EQ(e.links[0].site.cloaking_reason, "profiles_differ");
  EXPECT_EQ(e.links[0].site.status, "live_login_form");
}

}  // namespace ps::enrich

namespace ps::enrich {

// Counts the site lookups it answers.
class CountingSites : public ObservationSource {
 public:
  core::Observation lookup(const std::string& kind, const std::string& key) override {
    if (kind == "site") ++sites;
    return offline.lookup(kind, key);
  }
  NoLookupSource offline;
  int sites = 0;
};

TEST(Enrich, SiteProbesStopAtThePerMailLimit) {
  core::Message msg;
  core::Content content;
  for (int i = 0; i < 5; ++i) {
    core::Link l;
    l.url = "https://phish" + std::to_string(i % 4) + ".example/login";  // the first URL comes back once
    l.scheme = "https";
    l.host = "phish" + std::to_string(i % 4) + ".example";
    l.registrable_domain = l.host;
    content.links.push_back(l);
  }
  CountingSites src;
  core::Enrichment e = enrich(msg, content, src, 2);
  EXPECT_EQ(src.sites, 2);  // phish0 and phish1; phish0 again is the same site
  ASSERT_EQ(e.links.size(), 5u);
  EXPECT_EQ(e.links[2].site.status, "not_probed");
  EXPECT_EQ(e.links[3].site.status, "not_probed");
  EXPECT_EQ(e.links[4].site.status, "not_looked_up");  // phish0 again: its observation, not a new probe
}

}  // namespace ps::enrich

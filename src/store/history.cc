// Reading the case store back for one mail: past cases related to it, its brand's past cases, the trends of the
// month before it (store/trends.cc).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "core/ip.h"
#include "core/text.h"
#include "core/time.h"
#include "store/db.h"
#include "store/seen_at.h"
#include "store/store.h"

namespace ps::store {

namespace {

std::vector<Value> texts(const std::vector<std::string>& params) {
  std::vector<Value> v;
  for (const auto& p : params) v.push_back(Value::text(p));
  return v;
}

std::optional<int64_t> median(std::vector<int64_t> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::vector<core::CountOf> counts(Db& db, const std::string& sql, const std::vector<std::string>& params,
                                  size_t limit) {
  std::vector<core::CountOf> out;
  db.query(sql, texts(params), [&](const Row& r) {
    if (r[0] && !r[0]->empty()) out.push_back({*r[0], r[1] ? std::atoll(r[1]->c_str()) : 0});
    return out.size() < limit;
  });
  return out;
}

std::vector<int64_t> ints(Db& db, const std::string& sql, const std::vector<std::string>& params) {
  std::vector<int64_t> out;
  db.query(sql, texts(params), [&](const Row& r) {
    if (r[0]) out.push_back(std::atoll(r[0]->c_str()));
    return true;
  });
  return out;
}

}  // namespace

core::History CaseStore::history_for(const core::Analysis& a, int days) {
  core::History h;
  h.available = true;
  const std::string& self = a.message.sha256;
  // the window ends when this mail arrived (the analysis time when unknown); times compare as UTC text
  auto end = a.message.received_at ? a.message.received_at : core::parse_iso8601(a.analyzed_at);
  if (end) {
    // up to and including the second this mail arrived (copies of one campaign arrive together)
    std::string until = core::Timestamp{end->epoch + 1, 0}.iso8601();
    std::string since = core::Timestamp{end->epoch - static_cast<int64_t>(days) * 86400, 0}.iso8601();
    h.trends = trends(since, until, self);
  }
  h.trends.days = days;

  if (a.brand) {
    core::BrandHistory b;
    b.brand = a.brand->id;
    std::vector<std::string> p = {a.brand->id, self};
    const std::string of = " FROM cases WHERE brand = ?1 AND sha256 != ?2 AND verdict IN ('phishing', 'suspicious')";
    db_->query("SELECT COUNT(*), MIN(" + kSeenAt + "), MAX(" + kSeenAt + ")" + of,
               texts(p), [&](const Row& r) {
                 b.cases = r[0] ? std::atoll(r[0]->c_str()) : 0;
                 b.first_seen = r[1].value_or("");
                 b.last_seen = r[2].value_or("");
                 return false;
               });
    if (b.cases > 0) {
      b.median_sender_domain_age_days = median(ints(*db_, "SELECT sender_domain_age_days" + of, p));
      b.median_link_domain_age_days = median(
          ints(*db_,
               "SELECT l.domain_age_days FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE c.brand = ?1 AND "
               "c.sha256 != ?2 AND c.verdict IN ('phishing', 'suspicious') AND l.official = 0",
               p));
      auto n = ints(*db_,
                    "SELECT COUNT(*) FROM case_findings f JOIN cases c ON c.case_id = f.case_id WHERE c.brand = ?1 AND "
                    "c.sha256 != ?2 AND c.verdict IN ('phishing', 'suspicious') AND f.rule_id = 'SENDER_IP_IS_SITE_IP'",
                    p);
      b.sender_ip_is_site_ip = n.empty() ? 0 : n.front();
      b.sender_countries = counts(*db_, "SELECT sender_country, COUNT(*)" + of + " GROUP BY sender_country ORDER BY 2 DESC, 1", p, 5);
      h.brand = std::move(b);
    }
  }

  // related cases: what each past case shares with this one, read with what the report says of it (a case shared
  // through several keys was looked up again by its SHA-256 for each, hundreds of lookups a mail in a large store)
  constexpr int kMaxPerKey = 1000;
  std::map<std::string, core::RelatedCase> found;  // by SHA-256
  const std::string cols = "sha256, " + kSeenAt + ", subject, verdict, brand";
  const std::string c_cols = "c.sha256, " + kCaseSeenAt + ", c.subject, c.verdict, c.brand";
  auto case_of = [&](const Row& r) -> std::vector<std::string>& {
    auto& c = found[*r[0]];
    if (c.sha256.empty()) c = {*r[0], r[1].value_or(""), r[2].value_or(""), r[3].value_or(""), r[4].value_or(""), {}};
    return c.shared;
  };
  auto add = [&](const std::string& sql, const std::vector<std::string>& params, const std::string& what) {
    int rows = 0;
    db_->query(sql, texts(params), [&](const Row& r) {
      if (!r[0]) return true;
      auto& v = case_of(r);
      if (std::find(v.begin(), v.end(), what) == v.end()) v.push_back(what);
      return ++rows < kMaxPerKey;
    });
  };
  const std::string& ip = a.message.sender.ip;
  if (!ip.empty()) {
    add("SELECT " + cols + " FROM cases WHERE sender_ip = ?1 AND sha256 != ?2", {ip, self}, "sender_ip:" + ip);
    std::string net = core::network_of(ip);
    if (!net.empty())
      add("SELECT " + cols + " FROM cases WHERE sender_net = ?1 AND sender_ip != ?2 AND sha256 != ?3", {net, ip, self},
          "sender_net:" + net);
  }
  std::set<std::string> doms, hosts;
  for (const auto& l : a.content.links) {
    if (l.official || l.registrable_domain.empty()) continue;
    if (doms.insert(l.registrable_domain).second)
      add("SELECT " + c_cols + " FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE l.registrable_domain = ?1 "
          "AND l.official = 0 AND c.sha256 != ?2",
          {l.registrable_domain, self}, "link_domain:" + l.registrable_domain);
    if (!l.host.empty() && l.host != l.registrable_domain && hosts.insert(l.host).second)
      add("SELECT " + c_cols + " FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE l.host = ?1 AND "
          "l.official = 0 AND c.sha256 != ?2",
          {l.host, self}, "link_host:" + l.host);
  }
  if (!a.content.text.empty()) {
    uint64_t mine = core::simhash64(a.content.text);
    if (mine != 0) {
      // candidates share one of the four 16-bit bands (within 3 bits, one band at least is equal)
      std::set<std::string> seen;
      for (int b = 0; b < 4; ++b) {
        int rows = 0;
        db_->query("SELECT " + cols + ", body_simhash FROM cases WHERE simhash_b" + std::to_string(b) +
                       " = ?1 AND sha256 != ?2",
                   {Value::integer(static_cast<int64_t>((mine >> (16 * b)) & 0xffff)), Value::text(self)},
                   [&](const Row& r) {
                     if (!r[0] || !r[5] || !seen.insert(*r[0]).second) return ++rows < kMaxPerKey;
                     uint64_t other = std::strtoull(r[5]->c_str(), nullptr, 16);
                     int d = core::hamming64(mine, other);
                     if (other != 0 && d <= 3) case_of(r).push_back("template:" + std::to_string(d));
                     return ++rows < kMaxPerKey;
                   });
      }
    }
  }
  std::vector<core::RelatedCase> rel;
  for (auto& [sha, c] : found) rel.push_back(std::move(c));
  // most shared first (a sender /24 alone is weak), then the newest
  auto weight = [](const core::RelatedCase& r) {
    int w = 0;
    for (const auto& x : r.shared) w += x.rfind("sender_net:", 0) == 0 ? 1 : 3;
    return w;
  };
  std::stable_sort(rel.begin(), rel.end(), [&](const core::RelatedCase& x, const core::RelatedCase& y) {
    if (weight(x) != weight(y)) return weight(x) > weight(y);
    return x.received_at > y.received_at;
  });
  if (rel.size() > 10) rel.resize(10);
  h.related = std::move(rel);
  h.campaign = campaign_for(a);
  return h;
}

}  // namespace ps::store

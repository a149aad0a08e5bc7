// Reading the case store back: past cases related to a mail, the brand's past cases, the recent trends.
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "core/ip.h"
#include "core/text.h"
#include "core/time.h"
#include "store/store.h"

namespace ps::store {

namespace {

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

std::string col(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

void bind(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

std::optional<int64_t> median(std::vector<int64_t> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Rules that name the lure or the technique of a mail, counted in the trends.
const std::vector<std::string>& lure_rules() {
  static const std::vector<std::string> ids = {
      "PAYMENT_INFO_PROBLEM", "ACCOUNT_RESTRICTION", "URGENCY_DEADLINE",     "CREDENTIAL_REQUEST",
      "MAILBOX_LURE",         "LINK_IN_QR_CODE",     "ATTACHMENT_LOGIN_FORM", "LINK_FREE_HOSTING",
      "HIDDEN_TEXT",          "LINK_BRAND_LOOKALIKE", "SENDER_IP_IS_SITE_IP", "SENDER_SITE_SAME_NETWORK"};
  return ids;
}

std::vector<core::CountOf> counts(sqlite3* db, const std::string& sql, const std::vector<std::string>& params,
                                  size_t limit) {
  std::vector<core::CountOf> out;
  Stmt s;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s.s, nullptr) != SQLITE_OK) return out;
  for (size_t i = 0; i < params.size(); ++i) bind(s.s, static_cast<int>(i + 1), params[i]);
  while (sqlite3_step(s.s) == SQLITE_ROW && out.size() < limit) {
    std::string k = col(s.s, 0);
    if (!k.empty()) out.push_back({k, sqlite3_column_int64(s.s, 1)});
  }
  return out;
}

std::vector<int64_t> ints(sqlite3* db, const std::string& sql, const std::vector<std::string>& params) {
  std::vector<int64_t> out;
  Stmt s;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s.s, nullptr) != SQLITE_OK) return out;
  for (size_t i = 0; i < params.size(); ++i) bind(s.s, static_cast<int>(i + 1), params[i]);
  while (sqlite3_step(s.s) == SQLITE_ROW)
    if (sqlite3_column_type(s.s, 0) != SQLITE_NULL) out.push_back(sqlite3_column_int64(s.s, 0));
  return out;
}

}  // namespace

core::Trends CaseStore::trends(const std::string& since, const std::string& until, const std::string& exclude) {
  core::Trends t;
  t.since = since;
  t.until = until;
  // cases are placed in time by when they were received (the analysis time when unknown)
  const std::string when = "COALESCE(received_at, analyzed_at)";
  const std::string in = " FROM cases WHERE " + when + " >= ?1 AND " + when + " < ?2 AND sha256 != ?3";
  std::vector<std::string> p = {since, until, exclude};
  for (const auto& c : counts(db_, "SELECT verdict, COUNT(*)" + in + " GROUP BY verdict", p, 10)) {
    t.verdicts[c.key] = c.n;
    t.cases += c.n;
  }
  const std::string bad = " AND verdict IN ('phishing', 'suspicious')";
  t.brands = counts(db_, "SELECT brand, COUNT(*)" + in + bad + " AND brand IS NOT NULL GROUP BY brand ORDER BY 2 DESC, 1", p, 5);
  std::string ids;
  for (const auto& r : lure_rules()) ids += (ids.empty() ? "'" : ", '") + r + "'";
  t.lures = counts(db_,
                   "SELECT f.rule_id, COUNT(*) FROM case_findings f JOIN cases c ON c.sha256 = f.sha256 WHERE "
                   "COALESCE(c.received_at, c.analyzed_at) >= ?1 AND COALESCE(c.received_at, c.analyzed_at) < ?2 AND "
                   "c.sha256 != ?3 AND f.rule_id IN (" + ids + ") GROUP BY f.rule_id ORDER BY 2 DESC, 1",
                   p, 5);
  t.sender_countries =
      counts(db_, "SELECT sender_country, COUNT(*)" + in + bad + " GROUP BY sender_country ORDER BY 2 DESC, 1", p, 5);
  t.sender_asns = counts(db_,
                         "SELECT 'AS' || sender_asn || ' ' || COALESCE(sender_as_org, ''), COUNT(*)" + in + bad +
                             " AND sender_asn IS NOT NULL GROUP BY sender_asn ORDER BY 2 DESC, 1",
                         p, 5);
  const std::string links_in =
      " FROM case_links l JOIN cases c ON c.sha256 = l.sha256 WHERE COALESCE(c.received_at, c.analyzed_at) >= ?1 AND "
      "COALESCE(c.received_at, c.analyzed_at) < ?2 AND c.sha256 != ?3 AND l.official = 0 AND "
      "c.verdict IN ('phishing', 'suspicious')";
  t.link_tlds = counts(db_, "SELECT l.tld, COUNT(DISTINCT l.sha256)" + links_in + " AND l.tld IS NOT NULL GROUP BY l.tld ORDER BY 2 DESC, 1", p, 5);
  t.median_link_domain_age_days = median(ints(db_, "SELECT l.domain_age_days" + links_in, p));
  return t;
}

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
    Stmt s;
    if (sqlite3_prepare_v2(db_, ("SELECT COUNT(*), MIN(COALESCE(received_at, analyzed_at)), MAX(COALESCE(received_at, analyzed_at))" + of).c_str(), -1, &s.s, nullptr) == SQLITE_OK) {
      bind(s.s, 1, p[0]);
      bind(s.s, 2, p[1]);
      if (sqlite3_step(s.s) == SQLITE_ROW) {
        b.cases = sqlite3_column_int64(s.s, 0);
        b.first_seen = col(s.s, 1);
        b.last_seen = col(s.s, 2);
      }
    }
    if (b.cases > 0) {
      b.median_sender_domain_age_days = median(ints(db_, "SELECT sender_domain_age_days" + of, p));
      b.median_link_domain_age_days = median(
          ints(db_,
               "SELECT l.domain_age_days FROM case_links l JOIN cases c ON c.sha256 = l.sha256 WHERE c.brand = ?1 AND "
               "c.sha256 != ?2 AND c.verdict IN ('phishing', 'suspicious') AND l.official = 0",
               p));
      auto n = ints(db_,
                    "SELECT COUNT(*) FROM case_findings f JOIN cases c ON c.sha256 = f.sha256 WHERE c.brand = ?1 AND "
                    "c.sha256 != ?2 AND c.verdict IN ('phishing', 'suspicious') AND f.rule_id = 'SENDER_IP_IS_SITE_IP'",
                    p);
      b.sender_ip_is_site_ip = n.empty() ? 0 : n.front();
      b.sender_countries = counts(db_, "SELECT sender_country, COUNT(*)" + of + " GROUP BY sender_country ORDER BY 2 DESC, 1", p, 5);
      h.brand = std::move(b);
    }
  }

  // related cases: what each past case shares with this one
  std::map<std::string, std::vector<std::string>> shared;
  auto add = [&](const std::string& sql, const std::vector<std::string>& params, const std::string& what) {
    Stmt s;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s.s, nullptr) != SQLITE_OK) return;
    for (size_t i = 0; i < params.size(); ++i) bind(s.s, static_cast<int>(i + 1), params[i]);
    int rows = 0;
    while (sqlite3_step(s.s) == SQLITE_ROW && rows++ < 1000) {
      auto& v = shared[col(s.s, 0)];
      if (std::find(v.begin(), v.end(), what) == v.end()) v.push_back(what);
    }
  };
  const std::string& ip = a.message.sender.ip;
  if (!ip.empty()) {
    add("SELECT sha256 FROM cases WHERE sender_ip = ?1 AND sha256 != ?2", {ip, self}, "sender_ip:" + ip);
    std::string net = core::network_of(ip);
    if (!net.empty())
      add("SELECT sha256 FROM cases WHERE sender_net = ?1 AND sender_ip != ?2 AND sha256 != ?3", {net, ip, self},
          "sender_net:" + net);
  }
  std::set<std::string> doms, hosts;
  for (const auto& l : a.content.links) {
    if (l.official || l.registrable_domain.empty()) continue;
    if (doms.insert(l.registrable_domain).second)
      add("SELECT sha256 FROM case_links WHERE registrable_domain = ?1 AND official = 0 AND sha256 != ?2",
          {l.registrable_domain, self}, "link_domain:" + l.registrable_domain);
    if (!l.host.empty() && l.host != l.registrable_domain && hosts.insert(l.host).second)
      add("SELECT sha256 FROM case_links WHERE host = ?1 AND official = 0 AND sha256 != ?2", {l.host, self},
          "link_host:" + l.host);
  }
  if (!a.content.text.empty()) {
    uint64_t mine = core::simhash64(a.content.text);
    Stmt s;
    if (mine != 0 &&
        sqlite3_prepare_v2(db_, "SELECT sha256, body_simhash FROM cases WHERE body_simhash IS NOT NULL AND sha256 != ?1", -1,
                           &s.s, nullptr) == SQLITE_OK) {
      bind(s.s, 1, self);
      while (sqlite3_step(s.s) == SQLITE_ROW) {
        uint64_t other = std::strtoull(col(s.s, 1).c_str(), nullptr, 16);
        int d = core::hamming64(mine, other);
        if (other != 0 && d <= 3) shared[col(s.s, 0)].push_back("template:" + std::to_string(d));
      }
    }
  }
  std::vector<core::RelatedCase> rel;
  for (auto& [sha, what] : shared) {
    Stmt s;
    if (sqlite3_prepare_v2(db_, "SELECT COALESCE(received_at, analyzed_at), subject, verdict, brand FROM cases WHERE sha256 = ?1",
                           -1, &s.s, nullptr) != SQLITE_OK)
      continue;
    bind(s.s, 1, sha);
    if (sqlite3_step(s.s) != SQLITE_ROW) continue;
    rel.push_back({sha, col(s.s, 0), col(s.s, 1), col(s.s, 2), col(s.s, 3), what});
  }
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

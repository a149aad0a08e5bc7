// The trends of a time window (最近の動向), counted from the case store. Every analysed mail asks for the month
// before it, so whole days inside a window are read from trend_days, a count per calendar day kept beside the cases;
// only the two partial days at its ends are read case by case. A day's counts are made the first time a window
// needs them and forgotten whenever a case of that day is saved (store.cc), so they are never older than its cases.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "core/time.h"
#include "store/db.h"
#include "store/seen_at.h"
#include "store/store.h"

namespace ps::store {

namespace {

// Rules that name the lure or the technique of a mail, counted in the trends.
const std::vector<std::string>& lure_rules() {
  static const std::vector<std::string> ids = {
      "PAYMENT_INFO_PROBLEM", "ACCOUNT_RESTRICTION", "URGENCY_DEADLINE",     "CREDENTIAL_REQUEST",
      "MAILBOX_LURE",         "LINK_IN_QR_CODE",     "ATTACHMENT_LOGIN_FORM", "LINK_FREE_HOSTING",
      "HIDDEN_TEXT",          "LINK_BRAND_LOOKALIKE", "SENDER_IP_IS_SITE_IP", "SENDER_SITE_SAME_NETWORK"};
  return ids;
}

// The first line of a stored day: what its counts were made with. Counts made by a phishscope that counted other
// lures, or wrote another layout, are made again.
const std::string& tally_header() {
  static const std::string h = [] {
    std::string s = "phishscope-trend-day 1";
    for (const auto& r : lure_rules()) s += " " + r;
    return s;
  }();
  return h;
}

// Everything the trends of a window are made of, in a form that adds up over days (and subtracts a case).
struct Tally {
  int64_t cases = 0;
  std::map<std::string, int64_t> verdicts, brands, countries, lures, tlds;  // tlds: cases with a link in it
  std::map<std::pair<std::string, std::string>, int64_t> asns;            // (AS number, organisation as saved)
  std::map<int64_t, int64_t> ages;                                          // link domain age in days: links

  template <typename K>
  static void add_map(std::map<K, int64_t>& to, const std::map<K, int64_t>& from, int64_t sign) {
    for (const auto& [k, n] : from) {
      auto& v = to[k];
      v += sign * n;
      if (v == 0) to.erase(k);
    }
  }
  void add(const Tally& o, int64_t sign = 1) {
    cases += sign * o.cases;
    add_map(verdicts, o.verdicts, sign);
    add_map(brands, o.brands, sign);
    add_map(countries, o.countries, sign);
    add_map(lures, o.lures, sign);
    add_map(tlds, o.tlds, sign);
    add_map(asns, o.asns, sign);
    add_map(ages, o.ages, sign);
  }

  // One line a count: kind, key (an AS: number and organisation), count, tab-separated; tab, newline and % in
  // keys %-escaped.
  std::string serialize() const {
    std::string out = tally_header() + "\n";
    auto esc = [](const std::string& s) {
      std::string e;
      for (char c : s) {
        if (c == '%') e += "%25";
        else if (c == '\t') e += "%09";
        else if (c == '\n') e += "%0A";
        else e += c;
      }
      return e;
    };
    auto line = [&](char kind, const std::string& key, int64_t n) {
      out += kind;
      out += '\t' + esc(key) + '\t' + std::to_string(n) + '\n';
    };
    line('c', "", cases);
    for (const auto& [k, n] : verdicts) line('v', k, n);
    for (const auto& [k, n] : brands) line('b', k, n);
    for (const auto& [k, n] : countries) line('o', k, n);
    for (const auto& [k, n] : lures) line('l', k, n);
    for (const auto& [k, n] : tlds) line('t', k, n);
    for (const auto& [k, n] : asns) out += "a\t" + esc(k.first) + '\t' + esc(k.second) + '\t' + std::to_string(n) + '\n';
    for (const auto& [k, n] : ages) line('g', std::to_string(k), n);
    return out;
  }

  static std::optional<Tally> parse(const std::string& s) {
    auto unesc = [](const std::string& e) -> std::optional<std::string> {
      std::string s;
      for (size_t i = 0; i < e.size(); ++i) {
        if (e[i] != '%') {
          s += e[i];
          continue;
        }
        std::string hex = e.substr(i + 1, 2);
        if (hex == "25") s += '%';
        else if (hex == "09") s += '\t';
        else if (hex == "0A") s += '\n';
        else return std::nullopt;
        i += 2;
      }
      return s;
    };
    auto number = [](const std::string& t) -> std::optional<int64_t> {
      if (t.empty() || t.size() > 18) return std::nullopt;
      size_t i = t[0] == '-' ? 1 : 0;
      if (i == t.size() || t.find_first_not_of("0123456789", i) != std::string::npos) return std::nullopt;
      return std::atoll(t.c_str());
    };
    Tally t;
    size_t pos = s.find('\n');
    if (pos == std::string::npos || s.compare(0, pos, tally_header()) != 0) return std::nullopt;
    ++pos;
    while (pos < s.size()) {
      size_t end = s.find('\n', pos);
      if (end == std::string::npos) return std::nullopt;  // every line ends with one
      std::vector<std::string> f;
      for (size_t a = pos;;) {
        size_t b = s.find('\t', a);
        if (b == std::string::npos || b > end) b = end;
        f.push_back(s.substr(a, b - a));
        if (b == end) break;
        a = b + 1;
      }
      pos = end + 1;
      if (f.empty() || f[0].size() != 1) return std::nullopt;
      char kind = f[0][0];
      size_t want = kind == 'a' ? 4 : 3;
      if (f.size() != want) return std::nullopt;
      auto n = number(f.back());
      auto key = unesc(f[1]);
      if (!n || !key) return std::nullopt;
      switch (kind) {
        case 'c': t.cases = *n; break;
        case 'v': t.verdicts[*key] = *n; break;
        case 'b': t.brands[*key] = *n; break;
        case 'o': t.countries[*key] = *n; break;
        case 'l': t.lures[*key] = *n; break;
        case 't': t.tlds[*key] = *n; break;
        case 'a': {
          auto org = unesc(f[2]);
          if (!org) return std::nullopt;
          t.asns[{*key, *org}] = *n;
          break;
        }
        case 'g': {
          auto age = number(*key);
          if (!age) return std::nullopt;
          t.ages[*age] = *n;
          break;
        }
        default: return std::nullopt;
      }
    }
    return t;
  }
};

// the `limit` greatest counts, the greatest first, ties by key (as ORDER BY n DESC, key)
std::vector<core::CountOf> top(const std::map<std::string, int64_t>& m, size_t limit) {
  std::vector<core::CountOf> v;
  for (const auto& [k, n] : m) v.push_back({k, n});
  std::stable_sort(v.begin(), v.end(), [](const core::CountOf& x, const core::CountOf& y) { return x.n > y.n; });
  if (v.size() > limit) v.resize(limit);
  return v;
}

// The cases seen in [lo, hi): all of them but `sha256`, or only it (`only`). Three reads: the cases, their findings,
// their links.
Tally tally_cases(Db& db, const std::string& lo, const std::string& hi, const std::string& sha256, bool only) {
  Tally t;
  const std::vector<Value> p = {Value::text(lo), Value::text(hi), Value::text(sha256)};
  const std::string self = only ? " = ?3" : " != ?3";
  auto bad = [](const std::optional<std::string>& v) { return v && (*v == "phishing" || *v == "suspicious"); };
  db.query("SELECT verdict, brand, sender_country, sender_asn, sender_as_org FROM cases WHERE " +
               seen_in_window(kSeenAt, 1) + " AND sha256" + self,
           p, [&](const Row& r) {
             if (r[0] && !r[0]->empty()) {
               ++t.verdicts[*r[0]];
               ++t.cases;
             }
             if (!bad(r[0])) return true;
             if (r[1] && !r[1]->empty()) ++t.brands[*r[1]];
             if (r[2] && !r[2]->empty()) ++t.countries[*r[2]];
             if (r[3] && !r[3]->empty()) ++t.asns[{*r[3], r[4].value_or("")}];
             return true;
           });
  std::string ids;
  for (const auto& r : lure_rules()) ids += (ids.empty() ? "'" : ", '") + r + "'";
  // (rule_id || '') keeps SQLite from looking each rule up in each case's findings (twelve index searches a case):
  // it reads the few findings of the case once and tests them
  db.query("SELECT f.rule_id, COUNT(*) FROM case_findings f JOIN cases c ON c.case_id = f.case_id WHERE " +
               seen_in_window(kCaseSeenAt, 1) + " AND c.sha256" + self + " AND (f.rule_id || '') IN (" + ids +
               ") GROUP BY f.rule_id",
           p, [&](const Row& r) {
             if (r[0] && !r[0]->empty()) t.lures[*r[0]] += r[1] ? std::atoll(r[1]->c_str()) : 0;
             return true;
           });
  std::map<std::string, std::set<std::string>> tld_cases;
  db.query("SELECT l.case_id, l.tld, l.domain_age_days FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE " +
               seen_in_window(kCaseSeenAt, 1) + " AND c.sha256" + self +
               " AND l.official = 0 AND c.verdict IN ('phishing', 'suspicious')",
           p, [&](const Row& r) {
             if (r[1] && !r[1]->empty()) tld_cases[*r[1]].insert(r[0].value_or(""));
             if (r[2]) ++t.ages[std::atoll(r[2]->c_str())];
             return true;
           });
  for (const auto& [tld, cases] : tld_cases) t.tlds[tld] = static_cast<int64_t>(cases.size());
  return t;
}

// The trends a tally says.
core::Trends finish(const Tally& t, const std::string& since, const std::string& until) {
  core::Trends out;
  out.since = since;
  out.until = until;
  out.cases = t.cases;
  out.verdicts = t.verdicts;
  out.brands = top(t.brands, 5);
  out.sender_countries = top(t.countries, 5);
  out.lures = top(t.lures, 5);
  out.link_tlds = top(t.tlds, 5);
  // an AS with the greatest of its organisation names (as SQL's MAX)
  std::map<std::string, std::pair<int64_t, std::string>> by_as;
  for (const auto& [k, n] : t.asns) {
    auto& a = by_as[k.first];
    a.first += n;
    if (k.second > a.second) a.second = k.second;
  }
  std::map<std::string, int64_t> as_keys;
  for (const auto& [asn, a] : by_as) as_keys["AS" + asn + " " + a.second] += a.first;
  out.sender_asns = top(as_keys, 5);
  // the median as the middle of the sorted ages (the upper one of two)
  int64_t links = 0;
  for (const auto& [age, n] : t.ages) links += n;
  int64_t k = links / 2;
  for (const auto& [age, n] : t.ages) {
    if (k < n) {
      out.median_link_domain_age_days = age;
      break;
    }
    k -= n;
  }
  return out;
}

}  // namespace

std::optional<std::string> trend_day(const std::string& iso) {
  if (iso.size() < 10) return std::nullopt;
  std::string day = iso.substr(0, 10);
  auto t = core::parse_iso8601(day);
  if (!t || core::Timestamp{t->epoch, 0}.iso8601().compare(0, 10, day) != 0) return std::nullopt;
  return day;
}

namespace {
std::string next_day(const std::string& day) {
  auto t = core::parse_iso8601(day);
  return core::Timestamp{(t ? t->epoch : 0) + 86400, 0}.iso8601().substr(0, 10);
}
}  // namespace

core::Trends CaseStore::trends(const std::string& since, const std::string& until, const std::string& exclude) {
  // Cases are placed in time by when they were received (the analysis time when unknown), compared as text: the
  // whole days strictly between the day of `since` and that of `until` hold exactly the cases seen in
  // [day after since's, until's day).
  auto first_day = trend_day(since), until_day = trend_day(until);
  if (!first_day || !until_day) return finish(tally_cases(*db_, since, until, exclude, false), since, until);
  const std::string mid_lo = next_day(*first_day), mid_hi = *until_day;
  if (mid_lo >= mid_hi) return finish(tally_cases(*db_, since, until, exclude, false), since, until);

  Tally t = tally_cases(*db_, since, mid_lo, exclude, false);
  t.add(tally_cases(*db_, mid_hi, until, exclude, false));
  if (!exclude.empty()) t.add(tally_cases(*db_, mid_lo, mid_hi, exclude, true), -1);  // the days count it

  // the days between that have cases: from the first case's to the last one's
  std::string lo_seen, hi_seen;
  const std::vector<Value> range = {Value::text(mid_lo), Value::text(mid_hi)};
  const std::string in_range = "SELECT " + kSeenAt + " FROM cases WHERE " + seen_in_window(kSeenAt, 1) + " ORDER BY " +
                               kSeenAt;
  db_->query(in_range + " LIMIT 1", range, [&](const Row& r) {
    lo_seen = r[0].value_or("");
    return false;
  });
  db_->query(in_range + " DESC LIMIT 1", range, [&](const Row& r) {
    hi_seen = r[0].value_or("");
    return false;
  });
  auto lo_day = trend_day(lo_seen), hi_day = trend_day(hi_seen);
  if (!lo_day || !hi_day) {
    // no cases between (or one seen at a time that is not a date, which no day holds: read them case by case)
    if (!lo_seen.empty()) t.add(tally_cases(*db_, mid_lo, mid_hi, "", false));
    return finish(t, since, until);
  }
  std::vector<std::string> days;
  for (std::string d = *lo_day; d <= *hi_day && d < mid_hi; d = next_day(d)) days.push_back(d);

  auto read_days = [&](std::map<std::string, Tally>& out) {
    db_->query("SELECT day, counts FROM trend_days WHERE day >= ?1 AND day <= ?2",
               {Value::text(*lo_day), Value::text(*hi_day)}, [&](const Row& r) {
                 if (!r[0] || !r[1]) return true;
                 if (auto parsed = Tally::parse(*r[1])) out[*r[0]] = std::move(*parsed);
                 return true;
               });
  };
  std::map<std::string, Tally> kept;
  read_days(kept);
  bool missing = std::any_of(days.begin(), days.end(), [&](const std::string& d) { return !kept.count(d); });
  if (missing) {
    // Made and written in a transaction that a save of a case must wait for (SQLite: the one writer; PostgreSQL: a
    // lock that the save's DELETE FROM trend_days conflicts with), so that no save falls between reading a day's
    // cases and writing its counts. Read again inside it: a day read before may have been forgotten since. A store
    // that cannot be written to (busy, read-only) gives the counts without keeping them.
    // Inside a batch's transaction (begin()) they are not kept either.
    bool keep = !in_tx_;
    if (keep) {
      auto b = db_->postgres() ? db_->exec("BEGIN; LOCK TABLE trend_days IN SHARE ROW EXCLUSIVE MODE")
                               : db_->exec("BEGIN IMMEDIATE");
      if (!b) {
        if (db_->postgres()) db_->exec("ROLLBACK");
        keep = false;
      }
    }
    if (keep) {
      kept.clear();
      read_days(kept);
    }
    for (const auto& d : days) {
      if (kept.count(d)) continue;
      Tally day = tally_cases(*db_, d, next_day(d), "", false);
      if (keep && !db_->query("INSERT INTO trend_days (day, counts) VALUES (?1, ?2) ON CONFLICT (day) DO UPDATE SET "
                              "counts = excluded.counts",
                              {Value::text(d), Value::text(day.serialize())})) {
        // given up at once: a failed statement leaves a PostgreSQL transaction unable to read the next days
        db_->exec("ROLLBACK");
        keep = false;
      }
      kept[d] = std::move(day);
    }
    if (keep && !db_->exec("COMMIT")) db_->exec("ROLLBACK");
  }
  for (const auto& d : days) t.add(kept[d]);
  return finish(t, since, until);
}

}  // namespace ps::store

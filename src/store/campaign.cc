// Campaigns: malicious cases connected by shared infrastructure or template, found by a breadth-first search over
// the store's indexes (every step an indexed lookup, so a campaign is found without reading the whole store).
#include <algorithm>
#include <cstdlib>
#include <deque>
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

constexpr size_t kMaxCases = 2000;     // a campaign search stops here (and says so)
constexpr int kMaxPerKey = 2000;       // cases read per shared value (a campaign's bound: its copies all share it)
constexpr int kTemplateBits = 3;       // SimHash distance of one template

// Hosts and domains that serve everybody: sharing one says nothing about who sent a mail.
bool platform(const std::string& d) {
  static const std::set<std::string> names = {
      "bit.ly",      "t.co",          "goo.gl",    "tinyurl.com", "lin.ee",       "line.me",     "google.com",
      "forms.gle",   "dropbox.com",   "live.com",  "1drv.ms",     "sharepoint.com", "x.com",     "twitter.com",
      "facebook.com", "instagram.com", "youtube.com", "apple.com", "microsoft.com", "office.com", "yahoo.co.jp",
      "amazon.co.jp", "amazon.com",   "w3.org",    "schema.org",  "gstatic.com",  "googleapis.com"};
  return names.count(d) > 0;
}

// What a case can share with another.
struct Keys {
  std::string sender_ip, sender_net, brand;
  uint64_t simhash = 0;
  std::set<std::string> hosts, domains, patterns;
  // a stored case's: found in the store, when it was seen, its verdict (read with its keys)
  bool found = false;
  std::string when, verdict;
};

std::vector<std::string> key_values(const Keys& k) {
  std::vector<std::string> v;
  if (!k.sender_ip.empty()) v.push_back("sender_ip:" + k.sender_ip);
  if (!k.sender_net.empty() && !k.brand.empty()) v.push_back("sender_net:" + k.sender_net + " brand:" + k.brand);
  for (const auto& h : k.hosts) v.push_back("link_host:" + h);
  for (const auto& d : k.domains) v.push_back("link_domain:" + d);
  for (const auto& p : k.patterns) v.push_back("path:" + p);
  if (k.simhash) v.push_back("template:" + std::to_string(k.simhash));
  return v;
}

// the window's bounds follow the key's parameters
std::string bad_in_window(size_t params) {
  return " AND c.verdict IN ('phishing', 'suspicious') AND " + seen_in_window(kCaseSeenAt, params + 1);
}

class Search {
 public:
  Search(Db& db, std::string since, std::string until) : db_(db), since_(std::move(since)), until_(std::move(until)) {}

  Keys keys_of(const std::string& sha) {
    Keys k;
    db_.query("SELECT sender_ip, sender_net, brand, body_simhash, " + kSeenAt + ", verdict FROM cases WHERE sha256 = ?1",
              {Value::text(sha)}, [&](const Row& r) {
                k.found = true;
                k.sender_ip = r[0].value_or("");
                k.sender_net = r[1].value_or("");
                k.brand = r[2].value_or("");
                if (r[3] && !r[3]->empty()) k.simhash = std::strtoull(r[3]->c_str(), nullptr, 16);
                k.when = r[4].value_or("");
                k.verdict = r[5].value_or("");
                return false;
              });
    db_.query("SELECT l.host, l.registrable_domain, l.path_pattern FROM case_links l JOIN cases c ON c.case_id = l.case_id "
              "WHERE c.sha256 = ?1 AND l.official = 0",
              {Value::text(sha)}, [&](const Row& r) {
                add_link(k, r[0].value_or(""), r[1].value_or(""), r[2].value_or(""));
                return true;
              });
    return k;
  }

  static void add_link(Keys& k, const std::string& host, const std::string& domain, const std::string& pattern) {
    if (domain.empty() || platform(domain)) return;
    k.domains.insert(domain);
    if (!host.empty() && host != domain) k.hosts.insert(host);
    if (!pattern.empty()) k.patterns.insert(pattern);
  }

  // cases (other than `self`) sharing something with `k` that no earlier call of this search asked about: all the
  // copies of one mail share the same keys, and looking each key up once per copy made a campaign of n copies cost
  // n * n rows
  std::set<std::string> neighbours(const Keys& k, const std::string& self) {
    std::set<std::string> out;
    auto run = [&](const std::string& sql, const std::vector<Value>& params, const std::string& key) {
      if (!asked_.insert(key).second) return;
      std::vector<Value> p = params;
      p.push_back(Value::text(since_));
      p.push_back(Value::text(until_));
      db_.query(sql + bad_in_window(params.size()) + " LIMIT " + std::to_string(kMaxPerKey), p, [&](const Row& r) {
        std::string sha = r[0].value_or("");
        if (sha == self) return true;
        if (r.size() > 1) {  // a template candidate: within the distance?
          uint64_t other = r[1] ? std::strtoull(r[1]->c_str(), nullptr, 16) : 0;
          if (other == 0 || core::hamming64(other, k.simhash) > kTemplateBits) return true;
        }
        out.insert(sha);
        return true;
      });
    };
    if (!k.sender_ip.empty())
      run("SELECT c.sha256 FROM cases c WHERE c.sender_ip = ?1", {Value::text(k.sender_ip)}, "ip " + k.sender_ip);
    if (!k.sender_net.empty() && !k.brand.empty())
      run("SELECT c.sha256 FROM cases c WHERE c.sender_net = ?1 AND c.brand = ?2",
          {Value::text(k.sender_net), Value::text(k.brand)}, "net " + k.sender_net + " " + k.brand);
    const std::string links = "SELECT DISTINCT c.sha256 FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE "
                              "l.official = 0 AND ";
    for (const auto& h : k.hosts) run(links + "l.host = ?1", {Value::text(h)}, "host " + h);
    for (const auto& d : k.domains) run(links + "l.registrable_domain = ?1", {Value::text(d)}, "domain " + d);
    for (const auto& p : k.patterns) run(links + "l.path_pattern = ?1", {Value::text(p)}, "path " + p);
    // the candidates of a template depend on the whole hash (the distance to it), so the whole hash is the key
    if (k.simhash)
      for (int b = 0; b < 4; ++b)
        run("SELECT c.sha256, c.body_simhash FROM cases c WHERE c.simhash_b" + std::to_string(b) + " = ?1",
            {Value::integer(static_cast<int64_t>((k.simhash >> (16 * b)) & 0xffff))},
            "template " + std::to_string(b) + " " + std::to_string(k.simhash));
    return out;
  }

  // the connected cases from `start` (whose keys are given), `self` counted as a member
  Campaign component(const std::string& self, const Keys& start, const std::string& self_time,
                     const std::string& self_verdict, std::set<std::string>* assigned = nullptr) {
    std::map<std::string, Keys> members;  // stored members
    std::deque<std::string> queue;
    bool truncated = false;
    asked_.clear();
    // cases an earlier campaign of this listing took stay there (a campaign larger than the bounds leaves some out)
    auto taken = [&](const std::string& n) { return assigned && assigned->count(n); };
    for (const auto& n : neighbours(start, self)) {
      if (taken(n)) continue;
      members.emplace(n, Keys{});
      queue.push_back(n);
    }
    while (!queue.empty()) {
      std::string sha = queue.front();
      queue.pop_front();
      Keys k = keys_of(sha);
      members[sha] = k;
      for (const auto& n : neighbours(k, self)) {
        if (members.count(n) || taken(n)) continue;
        if (members.size() >= kMaxCases) {
          truncated = true;
          break;
        }
        members.emplace(n, Keys{});
        queue.push_back(n);
      }
    }
    Campaign c;
    c.truncated = truncated;
    if (members.empty()) return c;
    // dates, brands, verdicts
    std::vector<std::pair<std::string, std::string>> when;  // (time, sha)
    std::map<std::string, int64_t> brands, verdicts, shared;
    if (!self_time.empty()) when.push_back({self_time, self});
    for (const auto& v : key_values(start)) ++shared[v];
    if (!start.brand.empty()) ++brands[start.brand];
    if (!self_verdict.empty()) ++verdicts[self_verdict];
    // every member was read with its keys (once: a case's row is not looked up again for these)
    for (const auto& [sha, k] : members) {
      if (!k.found) continue;
      when.push_back({k.when, sha});
      if (!k.brand.empty()) ++brands[k.brand];
      ++verdicts[k.verdict];
      for (const auto& v : key_values(k)) ++shared[v];
      if (assigned) assigned->insert(sha);
    }
    std::sort(when.begin(), when.end());
    c.cases = static_cast<int64_t>(when.size());
    c.first_seen = when.front().first;
    c.last_seen = when.back().first;
    c.id = "CMP-" + when.front().second.substr(0, 12);
    for (const auto& [t, sha] : when)
      if (c.members.size() < 50) c.members.push_back(sha);
    auto top = [](const std::map<std::string, int64_t>& m, int64_t at_least, size_t n) {
      std::vector<core::CountOf> v;
      for (const auto& [k, x] : m)
        if (x >= at_least) v.push_back({k, x});
      std::stable_sort(v.begin(), v.end(), [](const core::CountOf& a, const core::CountOf& b) { return a.n > b.n; });
      if (v.size() > n) v.resize(n);
      return v;
    };
    c.brands = top(brands, 1, 5);
    c.verdicts = top(verdicts, 1, 5);
    // template keys are per-case hashes: say how many share one, not the number
    std::map<std::string, int64_t> readable;
    for (const auto& [k, x] : shared)
      if (k.rfind("template:", 0) != 0) readable[k] = x;
    c.shared = top(readable, 2, 8);
    return c;
  }

 private:
  Db& db_;
  std::string since_, until_;
  std::set<std::string> asked_;  // keys looked up for the component being searched
};

std::string utc(int64_t epoch) { return core::Timestamp{epoch, 0}.iso8601(); }

}  // namespace

std::string path_pattern(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t slash = url.find('/', scheme + 3);
  if (slash == std::string::npos) return "";
  std::string path = url.substr(slash);
  path = path.substr(0, path.find_first_of("?#"));
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      out += '/';
      ++i;
      continue;
    }
    size_t end = path.find('/', i);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(i, end - i);
    size_t digits = std::count_if(seg.begin(), seg.end(), [](unsigned char c) { return std::isdigit(c); });
    bool token = seg.size() >= 16 && digits >= 3;  // ids, hashes, tracking tokens
    if (token) {
      out += "{t}";
    } else {
      for (size_t j = 0; j < seg.size();) {
        if (std::isdigit(static_cast<unsigned char>(seg[j]))) {
          while (j < seg.size() && std::isdigit(static_cast<unsigned char>(seg[j]))) ++j;
          out += "{n}";
        } else {
          out += seg[j++];
        }
      }
    }
    i = end;
  }
  // a path that names nothing of its own
  std::string bare;
  for (char c : out)
    if (c != '/') bare += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::set<std::string> common = {"", "login", "signin", "index.html", "index.php", "index.htm", "{n}",
                                               "{t}", "home", "top", "main", "auth", "verify", "account", "wp-admin",
                                               "default.aspx", "index", "mypage", "member"};
  if (common.count(bare) || bare.size() < 6) return "";
  return out;
}

std::vector<Campaign> CaseStore::campaigns(const std::string& since, const std::string& until, int64_t min_cases) {
  std::vector<Campaign> out;
  Search search(*db_, since, until);
  std::set<std::string> assigned;
  struct Seed {
    std::string sha, when, verdict;
  };
  std::vector<Seed> cases;
  db_->query("SELECT sha256, " + kCaseSeenAt + ", verdict FROM cases c WHERE c.verdict IN ('phishing', 'suspicious') AND " +
                 seen_in_window(kCaseSeenAt, 1) + " ORDER BY 2, 1",
             {Value::text(since), Value::text(until)}, [&](const Row& r) {
               cases.push_back({r[0].value_or(""), r[1].value_or(""), r[2].value_or("")});
               return true;
             });
  for (const auto& [sha, when, verdict] : cases) {
    if (assigned.count(sha)) continue;
    assigned.insert(sha);
    Keys k = search.keys_of(sha);
    Campaign c = search.component(sha, k, when, verdict, &assigned);
    if (c.cases >= min_cases) out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const Campaign& a, const Campaign& b) { return a.cases > b.cases; });
  return out;
}

std::optional<Campaign> CaseStore::campaign_for(const core::Analysis& a, int days) {
  if (a.verdict.level != "phishing" && a.verdict.level != "suspicious") return std::nullopt;
  auto end = a.message.received_at ? a.message.received_at : core::parse_iso8601(a.analyzed_at);
  if (!end) return std::nullopt;
  Search search(*db_, utc(end->epoch - static_cast<int64_t>(days) * 86400), utc(end->epoch + 1));
  Keys k;
  k.sender_ip = a.message.sender.ip;
  k.sender_net = k.sender_ip.empty() ? "" : core::network_of(k.sender_ip);
  k.brand = a.brand ? a.brand->id : "";
  if (!a.content.text.empty()) k.simhash = core::simhash64(a.content.text);
  for (const auto& l : a.content.links)
    if (!l.official) Search::add_link(k, l.host, l.registrable_domain, path_pattern(l.url));
  Campaign c = search.component(a.message.sha256, k, utc(end->epoch), a.verdict.level);
  if (c.cases < 2) return std::nullopt;
  return c;
}

}  // namespace ps::store

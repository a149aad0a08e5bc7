// Campaigns: malicious cases connected by shared infrastructure or template, found by a breadth-first search over
// the store's indexes (every step an indexed lookup, so a campaign is found without reading the whole store).
#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>

#include "core/ip.h"
#include "core/platforms.h"
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
// A value that cases of this many different brands share is a platform everybody uses (an image host, a mail
// service's tracking path, a shared sending address), not what one kit or operator owns.
constexpr size_t kPlatformBrands = 4;

// Words of a URL path that every site and mailer uses: a path made only of them ties nothing together.
bool generic_path_word(const std::string& w) {
  static const std::set<std::string> words = {
      "track", "tracking", "click", "clicks", "open", "opens", "redirect", "redir", "link", "links", "view", "email",
      "mail", "unsubscribe", "unsub", "optout", "images", "image", "img", "static", "assets", "public", "uploads",
      "upload", "files", "file", "media", "content", "index", "html", "php", "aspx", "default", "login", "signin",
      "account", "accounts", "verify", "home", "main", "page", "pages", "api", "wp-content", "wp-admin", "wp-includes",
      "themes", "plugins", "campaign", "campaigns", "newsletter", "preferences", "messages", "proxy", "cdn", "www"};
  return words.count(w) > 0;
}

// Does a generalised path say something of its own (a word of the kit, not only placeholders and common words)?
bool specific_path(const std::string& pattern, const core::Platforms* platforms) {
  if (pattern.empty() || (platforms && platforms->generic_path(pattern))) return false;
  std::string word;
  bool own = false;
  auto flush = [&] {
    if (word.size() >= 4 && !generic_path_word(word)) own = true;
    word.clear();
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(pattern[i])));
    if (c == '{') {  // {n}, {t}
      flush();
      size_t close = pattern.find('}', i);
      if (close == std::string::npos) break;
      i = close;
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return own;
}

// How close in time two cases must be to be tied: copies of a campaign go out in bursts, and infrastructure reused
// months apart is more often a platform than one operation.
constexpr int64_t kStrongDays = 14;  // sharing a sender address, a link host, a kit's path or the body's template
constexpr int64_t kWeakDays = 2;     // sharing two lesser values (link domains, a /24 with the brand, the brand)

// What a case can share with another.
struct Keys {
  std::string sender_ip, sender_net, brand;
  int64_t asn = 0;
  uint64_t simhash = 0;
  std::set<std::string> hosts, domains, patterns;
  // a stored case's: found in the store, when it was seen, its verdict (read with its keys)
  bool found = false;
  std::string when, verdict;
  int64_t t = 0;  // `when` in seconds
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

int64_t epoch_of(const std::string& iso) {
  auto t = core::parse_iso8601(iso);
  return t ? t->epoch : 0;
}

// the window's bounds follow the key's parameters
std::string bad_in_window(size_t params) {
  return " AND c.verdict IN ('phishing', 'suspicious') AND " + seen_in_window(kCaseSeenAt, params + 1);
}

class Search {
 public:
  Search(Db& db, std::string since, std::string until, const core::Platforms* platforms)
      : db_(db), since_(std::move(since)), until_(std::move(until)), platforms_(platforms) {}

  Keys keys_of(const std::string& sha) {
    Keys k;
    db_.query("SELECT sender_ip, sender_net, brand, body_simhash, " + kSeenAt + ", verdict, sender_asn FROM cases "
              "WHERE sha256 = ?1",
              {Value::text(sha)}, [&](const Row& r) {
                k.found = true;
                k.sender_ip = r[0].value_or("");
                k.sender_net = r[1].value_or("");
                k.brand = r[2].value_or("");
                if (r[3] && !r[3]->empty()) k.simhash = std::strtoull(r[3]->c_str(), nullptr, 16);
                k.when = r[4].value_or("");
                k.t = epoch_of(k.when);
                k.verdict = r[5].value_or("");
                if (r[6]) k.asn = std::strtoll(r[6]->c_str(), nullptr, 10);
                return false;
              });
    drop_shared_sender(k);
    db_.query("SELECT l.host, l.registrable_domain, l.path_pattern FROM case_links l JOIN cases c ON c.case_id = l.case_id "
              "WHERE c.sha256 = ?1 AND l.official = 0",
              {Value::text(sha)}, [&](const Row& r) {
                add_link(k, r[0].value_or(""), r[1].value_or(""), r[2].value_or(""));
                return true;
              });
    return k;
  }

  // a sender address of a big mail provider or sending service (data/platforms.json, sending_networks) is shared by
  // all their customers: it ties nothing
  void drop_shared_sender(Keys& k) const {
    if (platforms_ && k.asn > 0 && platforms_->on("sending_networks", std::to_string(k.asn))) {
      k.sender_ip.clear();
      k.sender_net.clear();
    }
  }

  void add_link(Keys& k, const std::string& host, const std::string& domain, const std::string& pattern) const {
    if (domain.empty()) return;
    if (specific_path(pattern, platforms_)) k.patterns.insert(pattern);
    if (platforms_) {
      // a shared platform's domain is everybody's (data/platforms.json); on a hosting platform the customer's own
      // host ("evil-login.web.app", "x.run.app") is still theirs
      bool shared = false, hosting_only = true;
      std::string entry;
      for (const auto& list : platforms_->lists_of(host)) {
        if (list == "sending_networks") continue;
        shared = true;
        if (list != "free_hosting" && list != "cloud_hosting") hosting_only = false;
        else entry = platforms_->match(list, host);
      }
      if (shared) {
        std::string entry_host = entry.substr(0, entry.find('/'));
        if (hosting_only && !entry.empty() && entry.find('/') == std::string::npos &&
            host.size() > entry_host.size() + 1)
          k.hosts.insert(host);
        return;
      }
    }
    k.domains.insert(domain);
    if (!host.empty() && host != domain) k.hosts.insert(host);
  }

  // the values found to be platforms while searching (kind:value), for the campaign's account
  const std::set<std::string>& platform_keys() const { return platform_keys_; }

  struct Tie {
    int strong = 0, weak = 0;
    int64_t t = 0;
    std::string brand;
  };

  // cases (other than `self`) sharing something with `k`, with how much they share. The rows of each value are read
  // once per search (all the copies of one mail share the same values: looking each up once per copy made a
  // campaign of n copies cost n * n rows), and a value that cases of many brands hold is left out as a platform.
  std::map<std::string, Tie> neighbours(const Keys& k, const std::string& self) {
    std::map<std::string, Tie> out;
    auto use = [&](const std::string& key, const std::string& sql, const std::vector<Value>& params, bool strong,
                   bool is_template) {
      const Rows* rows = rows_for(key, sql, params, is_template ? k.simhash : 0);
      if (!rows) return;
      for (const auto& h : *rows) {
        if (h.sha == self) continue;
        Tie& t = out[h.sha];
        (strong ? t.strong : t.weak) += 1;
        t.t = h.t;
        t.brand = h.brand;
      }
    };
    if (!k.sender_ip.empty())
      use("sender_ip:" + k.sender_ip, "SELECT c.sha256, c.brand, " + kCaseSeenAt + " FROM cases c WHERE c.sender_ip = ?1",
          {Value::text(k.sender_ip)}, true, false);
    if (!k.sender_net.empty() && !k.brand.empty())
      use("sender_net:" + k.sender_net + " brand:" + k.brand,
          "SELECT c.sha256, c.brand, " + kCaseSeenAt + " FROM cases c WHERE c.sender_net = ?1 AND c.brand = ?2",
          {Value::text(k.sender_net), Value::text(k.brand)}, false, false);
    const std::string links = "SELECT DISTINCT c.sha256, c.brand, " + kCaseSeenAt +
                              " FROM case_links l JOIN cases c ON c.case_id = l.case_id WHERE l.official = 0 AND ";
    for (const auto& h : k.hosts) use("link_host:" + h, links + "l.host = ?1", {Value::text(h)}, true, false);
    for (const auto& d : k.domains)
      use("link_domain:" + d, links + "l.registrable_domain = ?1", {Value::text(d)}, false, false);
    for (const auto& p : k.patterns) use("path:" + p, links + "l.path_pattern = ?1", {Value::text(p)}, true, false);
    // the candidates of a template depend on the whole hash (the distance to it), so the whole hash is the key
    if (k.simhash) {
      std::map<std::string, Tie> tmpl;
      for (int b = 0; b < 4; ++b) {
        const Rows* rows = rows_for("template:" + std::to_string(b) + ":" + std::to_string(k.simhash),
                                    "SELECT c.sha256, c.brand, " + kCaseSeenAt + ", c.body_simhash FROM cases c WHERE "
                                    "c.simhash_b" + std::to_string(b) + " = ?1",
                                    {Value::integer(static_cast<int64_t>((k.simhash >> (16 * b)) & 0xffff))}, k.simhash);
        if (!rows) continue;
        for (const auto& h : *rows)
          if (h.sha != self) tmpl[h.sha] = Tie{1, 0, h.t, h.brand};
      }
      for (const auto& [sha, t] : tmpl) {
        Tie& o = out[sha];
        o.strong += 1;
        o.t = t.t;
        o.brand = t.brand;
      }
    }
    // the same brand is one more lesser value in common
    if (!k.brand.empty())
      for (auto& [sha, t] : out)
        if (t.brand == k.brand) ++t.weak;
    return out;
  }

  // Two cases are tied by one strong value within kStrongDays, or two lesser ones within kWeakDays.
  static bool tied(const Tie& t, int64_t when) {
    int64_t dt = when && t.t ? std::llabs(t.t - when) : 0;
    return (t.strong >= 1 && dt <= kStrongDays * 86400) || (t.weak >= 2 && dt <= kWeakDays * 86400);
  }

  // the connected cases from `start` (whose keys are given), `self` counted as a member
  Campaign component(const std::string& self, const Keys& start, const std::string& self_time,
                     const std::string& self_verdict, std::set<std::string>* assigned = nullptr) {
    std::map<std::string, Keys> members;  // stored members
    std::deque<std::string> queue;
    bool truncated = false;
    // cases an earlier campaign of this listing took stay there (a campaign larger than the bounds leaves some out)
    auto taken = [&](const std::string& n) { return assigned && assigned->count(n); };
    int64_t self_t = epoch_of(self_time);
    for (const auto& [n, tie] : neighbours(start, self)) {
      if (taken(n) || !tied(tie, self_t)) continue;
      members.emplace(n, Keys{});
      queue.push_back(n);
    }
    while (!queue.empty()) {
      std::string sha = queue.front();
      queue.pop_front();
      Keys k = keys_of(sha);
      members[sha] = k;
      for (const auto& [n, tie] : neighbours(k, self)) {
        if (members.count(n) || taken(n) || !tied(tie, k.t)) continue;
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
      if (k.rfind("template:", 0) != 0 && !platform_keys_.count(k)) readable[k] = x;
    c.shared = top(readable, 2, 8);
    // how tightly it holds: the share of its cases that hold its most shared value (1 for copies of one mail; low
    // for a chain of cases each tied only to the next)
    int64_t most = 0;
    for (const auto& [k, x] : shared)
      if (!platform_keys_.count(k)) most = std::max(most, x);
    c.cohesion = c.cases ? static_cast<double>(std::min(most, c.cases)) / static_cast<double>(c.cases) : 0;
    return c;
  }

 private:
  struct Hit {
    std::string sha, brand;
    int64_t t = 0;
  };
  using Rows = std::vector<Hit>;

  // the malicious cases of the window holding `key` (read once per search), or null when it is a platform: held by
  // the cases of kPlatformBrands brands or more, or by more cases than a search reads for one value
  const Rows* rows_for(const std::string& key, const std::string& sql, const std::vector<Value>& params,
                       uint64_t template_hash) {
    auto it = rows_.find(key);
    if (it != rows_.end()) return it->second ? &*it->second : nullptr;
    std::vector<Value> p = params;
    p.push_back(Value::text(since_));
    p.push_back(Value::text(until_));
    Rows rows;
    std::set<std::string> brands;
    size_t read = 0;
    db_.query(sql + bad_in_window(params.size()) + " LIMIT " + std::to_string(kMaxPerKey), p, [&](const Row& r) {
      ++read;
      if (template_hash) {  // a template candidate: within the distance?
        uint64_t other = r.size() > 3 && r[3] ? std::strtoull(r[3]->c_str(), nullptr, 16) : 0;
        if (other == 0 || core::hamming64(other, template_hash) > kTemplateBits) return true;
      }
      Hit h;
      h.sha = r[0].value_or("");
      h.brand = r[1].value_or("");
      h.t = epoch_of(r[2].value_or(""));
      if (!h.brand.empty()) brands.insert(h.brand);
      rows.push_back(std::move(h));
      return true;
    });
    // held by the cases of many brands: a platform, whatever the lists say
    if (brands.size() >= kPlatformBrands || read >= static_cast<size_t>(kMaxPerKey)) {
      std::string shown = key.rfind("template:", 0) == 0 ? "template:" + std::to_string(template_hash) : key;
      platform_keys_.insert(shown);
      rows_[key] = std::nullopt;
      return nullptr;
    }
    auto& slot = rows_[key];
    slot = std::move(rows);
    return &*slot;
  }

  Db& db_;
  std::string since_, until_;
  const core::Platforms* platforms_ = nullptr;
  std::map<std::string, std::optional<Rows>> rows_;  // per value, for the whole search
  std::set<std::string> platform_keys_;              // values held by too many brands to tie cases together
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
  // an address in the path is the recipient's ("/open/{t}/jane@example.org"), not the kit's
  for (size_t at = path.find('@'); at != std::string::npos; at = path.find('@')) {
    size_t b = path.rfind('/', at), e = path.find('/', at);
    b = b == std::string::npos ? 0 : b + 1;
    path = path.substr(0, b) + "{e}" + (e == std::string::npos ? "" : path.substr(e));
  }
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
  Search search(*db_, since, until, platforms_);
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
  Search search(*db_, utc(end->epoch - static_cast<int64_t>(days) * 86400), utc(end->epoch + 1), platforms_);
  Keys k;
  k.sender_ip = a.message.sender.ip;
  k.sender_net = k.sender_ip.empty() ? "" : core::network_of(k.sender_ip);
  k.brand = a.brand ? a.brand->id : "";
  if (a.enrichment.sender.ip_facts.asn) k.asn = *a.enrichment.sender.ip_facts.asn;
  search.drop_shared_sender(k);
  if (!a.content.text.empty()) k.simhash = core::simhash64(a.content.text);
  for (const auto& l : a.content.links)
    if (!l.official) search.add_link(k, l.host, l.registrable_domain, path_pattern(l.url));
  Campaign c = search.component(a.message.sha256, k, utc(end->epoch), a.verdict.level);
  if (c.cases < 2) return std::nullopt;
  return c;
}

}  // namespace ps::store

#include "enrich/blocklist.h"

#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.h"
#include "core/time.h"

namespace ps::enrich {

namespace {

// "hxxps://evil[.]example/a" -> "https://evil.example/a"
std::string refang(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, "[.]") == 0 || s.compare(i, 3, "(.)") == 0) {
      out += '.';
      i += 3;
    } else if (s.compare(i, 5, "[dot]") == 0) {
      out += '.';
      i += 5;
    } else {
      out += s[i++];
    }
  }
  std::string lower = core::to_lower_ascii(out.substr(0, 8));
  if (lower.rfind("hxxp", 0) == 0) out.replace(0, 4, "http");
  return out;
}

// scheme and host lower-case, no trailing '/', no fragment
std::string normalize(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  size_t host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string head = core::to_lower_ascii(url.substr(0, host_end));
  std::string rest = host_end == std::string::npos ? "" : url.substr(host_end);
  auto hash = rest.find('#');
  if (hash != std::string::npos) rest.resize(hash);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  return head + rest;
}

std::string host_of(const std::string& normalized) {
  auto b = normalized.find("://");
  if (b == std::string::npos) return "";
  b += 3;
  auto e = normalized.find_first_of("/?#:", b);
  std::string h = normalized.substr(b, e == std::string::npos ? std::string::npos : e - b);
  auto at = h.rfind('@');
  return at == std::string::npos ? h : h.substr(at + 1);
}

bool looks_like_host(const std::string& s) {
  if (s.empty() || s.find('.') == std::string::npos || s.size() > 253) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

core::Result<std::shared_ptr<Blocklist>> Blocklist::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open block list", path};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string date;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) date = core::Timestamp{static_cast<int64_t>(st.st_mtime), 0}.iso8601();
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  return parse(ss.str(), name, date);
}

core::Result<std::shared_ptr<Blocklist>> Blocklist::parse(const std::string& text, const std::string& name,
                                                          const std::string& date) {
  auto b = std::make_shared<Blocklist>();
  b->name_ = name;
  b->date_ = date;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string t = core::trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::vector<std::string> fields = t.find(',') != std::string::npos ? core::split(t, ',') : std::vector<std::string>{t};
    for (auto f : fields) {
      f = core::trim(f);
      if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
      f = refang(f);
      if (f.find("://") != std::string::npos) {
        std::string n = normalize(f);
        if (n.empty()) continue;
        // a URL without a path lists its whole host
        if (!host_of(n).empty() && n.size() == n.find("://") + 3 + host_of(n).size()) b->hosts_.insert(host_of(n));
        else b->urls_.insert(n);
        break;
      }
      std::string h = core::to_lower_ascii(f);
      while (!h.empty() && h.back() == '/') h.pop_back();
      if (looks_like_host(h)) {
        b->hosts_.insert(h);
        break;
      }
    }
  }
  if (b->size() == 0) return core::Error{"no URL or host name in the block list", name};
  return b;
}

std::string Blocklist::match(const std::string& url) const {
  std::string n = normalize(url);
  if (n.empty()) return "";
  if (urls_.count(n)) return n;
  // a listed URL that this one extends at a path boundary (a listed folder)
  for (size_t p = n.size(); p > n.find("://") + 3;) {
    p = n.find_last_of("/?", p - 1);
    if (p == std::string::npos || p <= n.find("://") + 2) break;
    std::string prefix = n.substr(0, p);
    if (urls_.count(prefix)) return prefix;
  }
  std::string h = host_of(n);
  // the host, then each parent domain (a listed domain covers its subdomains)
  if (hosts_.count(h)) return h;
  for (size_t p = h.find('.'); p != std::string::npos; p = h.find('.', p + 1))
    if (hosts_.count(h.substr(p + 1))) return h.substr(p + 1);
  return "";
}

core::Observation BlocklistSource::lookup(const std::string& kind, const std::string& key) {
  if (kind != "blocklist") return next_.lookup(kind, key);
  if (next_.offers(kind)) {  // a recording being replayed answers first
    core::Observation r = next_.lookup(kind, key);
    if (r.status == "ok" || r.status == "error") return r;
  }
  core::Observation o;
  o.kind = kind;
  o.key = key;
  o.id = kind + ":" + key;
  std::string sources, newest;
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& l : lists_) {
    sources += (sources.empty() ? "" : "; ") + l->name() + " (" + std::to_string(l->size()) + " entries)";
    if (l->date() > newest) newest = l->date();
    std::string entry = l->match(key);
    if (!entry.empty()) hits.push_back({{"list", l->name()}, {"entry", entry}});
  }
  o.source = "local block lists: " + sources;
  o.observed_at = newest;
  o.status = "ok";
  o.result_json = nlohmann::json{{"listed", !hits.empty()}, {"matches", hits}}.dump();
  return o;
}

}  // namespace ps::enrich

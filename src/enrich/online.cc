#include "enrich/online.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/time.h"

namespace ps::enrich {

using nlohmann::json;

namespace {

std::string utc_now() {
  core::Timestamp t{std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                        .count(),
                    0};
  return t.iso8601();
}

}  // namespace

core::Result<bool> load_online_config(const std::string& path, OnlineConfig& cfg) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open configuration file", path};
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return core::Error{"configuration is not a JSON object", path};
  auto s = [&](const json& o, const char* k, std::string& to) -> core::Result<bool> {
    if (!o.contains(k)) return true;
    if (!o[k].is_string()) return core::Error{std::string("\"") + k + "\" must be a string", path};
    to = o[k].get<std::string>();
    return true;
  };
  for (auto r : {s(j, "dns_servers", cfg.dns.servers), s(j, "rdap_dir", cfg.rdap_dir),
                 s(j, "chromium", cfg.probe_config.chromium), s(j, "probe_user", cfg.probe_config.probe_user),
                 s(j, "screenshot_dir", cfg.probe_config.screenshot_dir)})
    if (!r.ok()) return r;
  if (j.contains("rdap_servers")) {
    if (!j["rdap_servers"].is_object()) return core::Error{"\"rdap_servers\" must be an object", path};
    for (auto it = j["rdap_servers"].begin(); it != j["rdap_servers"].end(); ++it)
      if (it.value().is_string()) cfg.rdap_servers[it.key()] = it.value().get<std::string>();
  }
  if (j.contains("reputation")) {
    const json& r = j["reputation"];
    if (!r.is_object()) return core::Error{"\"reputation\" must be an object", path};
    auto& rc = cfg.reputation;
    for (auto res : {s(r, "safe_browsing_key", rc.safe_browsing_key), s(r, "safe_browsing_endpoint", rc.safe_browsing_endpoint),
                     s(r, "urlhaus_key", rc.urlhaus_key), s(r, "urlhaus_endpoint", rc.urlhaus_endpoint),
                     s(r, "phishtank_key", rc.phishtank_key), s(r, "phishtank_user", rc.phishtank_user),
                     s(r, "phishtank_endpoint", rc.phishtank_endpoint)})
      if (!res.ok()) return res;
    if (r.contains("phishtank") && r["phishtank"].is_boolean()) rc.phishtank = r["phishtank"].get<bool>();
    if (!rc.phishtank_key.empty()) rc.phishtank = true;
  }
  if (j.contains("timeout_ms") && j["timeout_ms"].is_number_integer()) cfg.timeout_ms = j["timeout_ms"].get<long>();
  return true;
}

OnlineSource::OnlineSource(OnlineConfig cfg) : cfg_(std::move(cfg)) {
  clock = utc_now;
  if (cfg_.rdap_dir.empty()) {
    bootstrap_error_ = "no RDAP bootstrap files (setup fetches them; or \"rdap_dir\" in the configuration)";
  } else {
    auto b = RdapBootstrap::load_dir(cfg_.rdap_dir);
    if (b.ok()) bootstrap_ = std::make_unique<RdapBootstrap>(std::move(*b));
    else bootstrap_error_ = b.error().str();
  }
  if (!cfg_.rdap_servers.empty()) {
    if (!bootstrap_) bootstrap_ = std::make_unique<RdapBootstrap>();
    for (const auto& [tld, base] : cfg_.rdap_servers) bootstrap_->set(tld, base.back() == '/' ? base : base + "/");
  }
  cfg_.reputation.timeout_ms = std::min(cfg_.reputation.timeout_ms, cfg_.timeout_ms);
  cfg_.probe_config.guard = cfg_.guard;
}

core::Observation OnlineSource::lookup(const std::string& kind, const std::string& key) {
  core::Observation o;
  o.id = kind + ":" + key;
  o.kind = kind;
  o.key = key;
  o.observed_at = clock();
  core::Result<std::string> r = core::Error{"", ""};
  if (kind == "dns") {
    o.source = "DNS (c-ares, " + (cfg_.dns.servers.empty() ? std::string("system resolvers") : cfg_.dns.servers) + ")";
    r = dns_lookup(key, cfg_.dns);
  } else if (kind == "ip") {
    o.source = "Team Cymru IP to ASN (DNS)";
    r = cymru_ip_lookup(key, cfg_.dns);
  } else if (kind == "rdap") {
    auto base = bootstrap_ ? bootstrap_->base_for(key) : std::nullopt;
    o.source = base ? "RDAP " + *base : "RDAP";
    if (!bootstrap_) r = core::Error{bootstrap_error_, key};
    else r = rdap_domain(key, *bootstrap_, cfg_.guard, cfg_.timeout_ms);
  } else if (kind == "ip_rdap") {
    auto base = bootstrap_ ? bootstrap_->base_for_ip(key) : std::nullopt;
    o.source = base ? "RDAP " + *base : "RDAP";
    if (!bootstrap_) r = core::Error{bootstrap_error_, key};
    else r = rdap_ip(key, *bootstrap_, cfg_.guard, cfg_.timeout_ms);
  } else if (kind == "reputation") {
    std::string names;
    if (!cfg_.reputation.safe_browsing_key.empty()) names += "Google Safe Browsing";
    if (!cfg_.reputation.urlhaus_key.empty()) names += std::string(names.empty() ? "" : ", ") + "URLhaus";
    if (cfg_.reputation.phishtank) names += std::string(names.empty() ? "" : ", ") + "PhishTank";
    o.source = names.empty() ? "reputation services (none configured)" : names;
    r = reputation_lookup(key, cfg_.reputation, cfg_.guard);
  } else if (kind == "site" && cfg_.probe) {
    o.source = "site probe (" + std::to_string(cfg_.probe_config.profiles.size()) + " profiles)";
    r = probe_site(key, cfg_.probe_config);
  } else {
    o.status = "not_looked_up";
    o.source.clear();
    o.observed_at.clear();
    return o;
  }
  if (r.ok()) {
    o.status = "ok";
    o.result_json = *r;
  } else {
    o.status = "error";
    o.error = r.error().what;
  }
  return o;
}

// ---------------------------------------------------------------------------------------------------------------

struct CachingSource::Db {
  sqlite3* db = nullptr;
  std::mutex mu;
};

std::string default_observation_cache_path() {
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::string(x) + "/phishscope/observations.sqlite";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.local/share/phishscope/observations.sqlite";
  return "phishscope-observations.sqlite";
}

core::Result<std::unique_ptr<CachingSource>> CachingSource::open(const std::string& path, ObservationSource& next) {
  std::unique_ptr<CachingSource> c(new CachingSource(next));
  c->db_ = new Db;
  if (auto slash = path.find_last_of('/'); slash != std::string::npos && slash > 0) {
    std::string dir = path.substr(0, slash);
    for (size_t i = 1; i <= dir.size(); ++i)
      if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0700);
  }
  if (sqlite3_open_v2(path.c_str(), &c->db_->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK)
    return core::Error{std::string("cannot open observation cache: ") + sqlite3_errmsg(c->db_->db), path};
  sqlite3_busy_timeout(c->db_->db, 5000);
  const char* schema =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE IF NOT EXISTS observations(kind TEXT NOT NULL, key TEXT NOT NULL, source TEXT, observed_at TEXT,"
      " observed_epoch INTEGER NOT NULL, status TEXT NOT NULL, error TEXT, result_json TEXT,"
      " PRIMARY KEY(kind, key));";
  char* err = nullptr;
  if (sqlite3_exec(c->db_->db, schema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "unknown";
    sqlite3_free(err);
    return core::Error{"observation cache: " + why, path};
  }
  c->now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  return c;
}

CachingSource::~CachingSource() {
  if (db_) {
    if (db_->db) sqlite3_close(db_->db);
    delete db_;
  }
}

namespace {

int64_t fresh_for(const std::string& kind, const std::string& status) {
  if (status != "ok") return 600;
  if (kind == "ip") return 7 * 86400;
  if (kind == "rdap") return 86400;
  return 3600;  // dns, reputation, site: these change by the hour
}

std::string col(sqlite3_stmt* st, int i) {
  const unsigned char* t = sqlite3_column_text(st, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

core::Observation CachingSource::lookup(const std::string& kind, const std::string& key) {
  int64_t t = now();
  if (!refresh) {
    std::lock_guard<std::mutex> l(db_->mu);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_->db,
                       "SELECT source, observed_at, observed_epoch, status, error, result_json FROM observations"
                       " WHERE kind=? AND key=?",
                       -1, &st, nullptr);
    sqlite3_bind_text(st, 1, kind.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, key.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
      std::string status = col(st, 3);
      int64_t at = sqlite3_column_int64(st, 2);
      if (t - at >= 0 && t - at < fresh_for(kind, status)) {
        core::Observation o;
        o.id = kind + ":" + key;
        o.kind = kind;
        o.key = key;
        o.source = col(st, 0);
        o.observed_at = col(st, 1);
        o.status = status;
        o.error = col(st, 4);
        o.result_json = col(st, 5);
        sqlite3_finalize(st);
        ++hits_;
        return o;
      }
    }
    sqlite3_finalize(st);
  }
  core::Observation o = next_.lookup(kind, key);
  if (o.status == "ok" || o.status == "error") {
    std::lock_guard<std::mutex> l(db_->mu);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_->db,
                       "INSERT OR REPLACE INTO observations(kind, key, source, observed_at, observed_epoch, status,"
                       " error, result_json) VALUES(?,?,?,?,?,?,?,?)",
                       -1, &st, nullptr);
    sqlite3_bind_text(st, 1, kind.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, o.source.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, o.observed_at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, t);
    sqlite3_bind_text(st, 6, o.status.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, o.error.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, o.result_json.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
  return o;
}

}  // namespace ps::enrich

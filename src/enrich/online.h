// Online lookups, opt-in (--online): DNS with c-ares, IP -> AS from Team Cymru's DNS service, RDAP with the IANA
// bootstrap, reputation services, and (with --probe) the site probe. Every answer is an observation with its source
// and time; failures are observations too ("error" with the reason).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "enrich/dns.h"
#include "enrich/observations.h"
#include "enrich/probe.h"
#include "enrich/rdap.h"
#include "enrich/reputation.h"

namespace ps::enrich {

struct OnlineConfig {
  DnsConfig dns;
  std::string rdap_dir;                               // IANA's dns.json, ipv4.json, ipv6.json
  std::map<std::string, std::string> rdap_servers;    // extra TLD -> RDAP base URL (for TLDs IANA lists none)
  ReputationConfig reputation;
  bool probe = false;
  ProbeConfig probe_config;
  GuardPolicy guard;                                  // shared by RDAP, reputation and the probe
  long timeout_ms = 15000;
};

// Reads the configuration file (JSON; docs/online.md): API keys, endpoints, resolvers, extra RDAP servers.
core::Result<bool> load_online_config(const std::string& path, OnlineConfig& cfg);

class OnlineSource : public ObservationSource {
 public:
  explicit OnlineSource(OnlineConfig cfg);
  core::Observation lookup(const std::string& kind, const std::string& key) override;
  // the site probe only with --probe; offline data and block lists come from their own sources
  bool offers(const std::string& kind) const override {
    return kind == "ip" || kind == "ip_rdap" || kind == "dns" || kind == "rdap" || kind == "reputation" ||
           (kind == "site" && cfg_.probe);
  }
  std::function<std::string()> clock;  // observed_at (UTC ISO 8601); replaceable in tests

 private:
  OnlineConfig cfg_;
  std::unique_ptr<RdapBootstrap> bootstrap_;
  std::string bootstrap_error_;
};

// Keeps online observations in SQLite, so the same lookup is not sent again while it is fresh (per kind: DNS and
// reputation 1 hour, site probes 1 hour, RDAP 1 day, IP owners 7 days; failures 10 minutes). Answers come back with
// their original source and time.
class CachingSource : public ObservationSource {
 public:
  static core::Result<std::unique_ptr<CachingSource>> open(const std::string& path, ObservationSource& next);
  ~CachingSource() override;
  core::Observation lookup(const std::string& kind, const std::string& key) override;
  bool offers(const std::string& kind) const override { return next_.offers(kind); }
  std::function<int64_t()> now;  // epoch seconds; replaceable in tests
  bool refresh = false;          // ask again even when fresh (answers still saved)
  int64_t hits() const { return hits_; }

 private:
  CachingSource(ObservationSource& next) : next_(next) {}
  ObservationSource& next_;
  struct Db;
  Db* db_ = nullptr;
  int64_t hits_ = 0;
};

std::string default_observation_cache_path();  // $XDG_DATA_HOME/phishscope/observations.sqlite (or ~/.local/share)

}  // namespace ps::enrich

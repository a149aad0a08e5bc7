// URL reputation services: Google Safe Browsing v4 (Lookup API), URLhaus, PhishTank. Each one is asked only when it
// is configured (API keys from the configuration file); endpoints are configurable (tests use local fakes).
#pragma once
#include <string>

#include "core/result.h"
#include "enrich/http.h"

namespace ps::enrich {

struct ReputationConfig {
  std::string safe_browsing_key;
  std::string safe_browsing_endpoint = "https://safebrowsing.googleapis.com/v4/threatMatches:find";
  std::string urlhaus_key;
  std::string urlhaus_endpoint = "https://urlhaus-api.abuse.ch/v1/url/";
  bool phishtank = false;  // PhishTank answers without a key too, at a low rate
  std::string phishtank_key;
  std::string phishtank_user;  // for its User-Agent ("phishtank/USER"), as it asks
  std::string phishtank_endpoint = "https://checkurl.phishtank.com/checkurl/";
  long timeout_ms = 10000;
  bool any() const { return !safe_browsing_key.empty() || !urlhaus_key.empty() || phishtank; }
};

// JSON array of verdicts: [{"source":"Google Safe Browsing","verdict":"SOCIAL_ENGINEERING"},
// {"source":"URLhaus","verdict":"not_listed"}, {"source":"PhishTank","verdict":"error","error":"..."}].
// An error when no service is configured or none of them answered.
core::Result<std::string> reputation_lookup(const std::string& url, const ReputationConfig& cfg,
                                            const GuardPolicy& guard);

}  // namespace ps::enrich

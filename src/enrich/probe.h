// The site probe: what a link shows to several kinds of visitor (vantage profiles). Each profile fetches the URL with
// libcurl (status, redirect chain, final URL, raw page) and, when a browser is available, loads it in headless
// Chromium (rendered page, screenshot) through a local guard proxy that refuses private, loopback, link-local and
// metadata addresses for every connection the page makes. Chromium keeps its sandbox: as root it is started as an
// unprivileged user (`probe_user`), never with --no-sandbox.
#pragma once
#include <string>
#include <vector>

#include "core/result.h"
#include "enrich/netguard.h"

namespace ps::enrich {

struct ProbeProfile {
  std::string name;  // desktop-ja, mobile-ja, desktop-us
  std::string user_agent;
  std::string language;  // ja-JP
  int width = 1366, height = 768;
};

std::vector<ProbeProfile> default_probe_profiles();

struct ProbeConfig {
  std::vector<ProbeProfile> profiles = default_probe_profiles();
  GuardPolicy guard;
  bool use_browser = true;
  std::string chromium = "chromium";
  std::string probe_user = "nobody";  // the browser's user when phishscope runs as root
  std::string screenshot_dir;         // where screenshots go (PNG named by SHA-256); empty: none kept
  long timeout_ms = 20000;
};

// The observation's answer, JSON: {"status":200,"final_url":...,"title":...,"body_excerpt":...,
// "has_password_field":true,"has_card_field":false,"redirects":[{"url","status","ip"}],
// "profiles":{"desktop-ja":"login-page",...},"profile_details":{"desktop-ja":{...,"screenshot":{"file","sha256"}}},
// "browser":"Chromium 156..." | "not used: ..."}. An error when no profile reached the site.
core::Result<std::string> probe_site(const std::string& url, const ProbeConfig& cfg);

// What a page is, from its HTML and HTTP status: login-page | card-form | timeout-page | error-page | blank | content.
struct PageFacts {
  std::string title, text_excerpt, kind;
  bool has_password_field = false, has_card_field = false;
  int forms = 0;
};
PageFacts page_facts(const std::string& html, long http_status);

// The guard proxy alone (for tests): an HTTP proxy on 127.0.0.1 (CONNECT and absolute-form requests) that connects
// only to addresses the guard allows.
class GuardProxy {
 public:
  explicit GuardProxy(GuardPolicy policy);
  ~GuardProxy();
  core::Result<int> start();  // the port
  void stop();
  std::vector<std::string> refused() const;  // "host:port: why", for the report

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace ps::enrich

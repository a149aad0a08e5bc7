#include "enrich/reputation.h"

#include <nlohmann/json.hpp>

namespace ps::enrich {

using nlohmann::json;

namespace {

json verdict(const char* source, const std::string& v) { return json{{"source", source}, {"verdict", v}}; }

json failed(const char* source, const std::string& why) {
  return json{{"source", source}, {"verdict", "error (" + why + ")"}, {"error", why}};
}

// The service's JSON object answer in `out`, or why there is none.
std::optional<std::string> ask(const HttpRequest& req, const GuardPolicy& guard, json& out) {
  auto res = http_fetch(req, guard);
  if (!res.ok()) return res.error().what;
  if (res->status != 200) return "HTTP " + std::to_string(res->status);
  out = json::parse(res->body, nullptr, false);
  if (!out.is_object()) return std::string("answer is not a JSON object");
  return std::nullopt;
}

json ask_safe_browsing(const std::string& url, const ReputationConfig& cfg, const GuardPolicy& guard) {
  const char* name = "Google Safe Browsing";
  json body = {{"client", {{"clientId", "phishscope"}, {"clientVersion", "1"}}},
               {"threatInfo",
                {{"threatTypes", {"MALWARE", "SOCIAL_ENGINEERING", "UNWANTED_SOFTWARE", "POTENTIALLY_HARMFUL_APPLICATION"}},
                 {"platformTypes", {"ANY_PLATFORM"}},
                 {"threatEntryTypes", {"URL"}},
                 {"threatEntries", {{{"url", url}}}}}}};
  HttpRequest req;
  req.method = "POST";
  req.url = cfg.safe_browsing_endpoint + "?key=" + form_escape(cfg.safe_browsing_key);
  req.headers = {"Content-Type: application/json"};
  req.body = body.dump();
  req.timeout_ms = cfg.timeout_ms;
  json j;
  if (auto why = ask(req, guard, j)) return failed(name, *why);
  if (!j.contains("matches") || !j["matches"].is_array() || j["matches"].empty()) return verdict(name, "not_listed");
  std::string types;
  for (const auto& m : j["matches"])
    if (m.is_object() && m.contains("threatType") && m["threatType"].is_string()) {
      std::string t = m["threatType"];
      if (types.find(t) == std::string::npos) types += (types.empty() ? "" : ",") + t;
    }
  return verdict(name, types.empty() ? "listed" : types);
}

json ask_urlhaus(const std::string& url, const ReputationConfig& cfg, const GuardPolicy& guard) {
  const char* name = "URLhaus";
  HttpRequest req;
  req.method = "POST";
  req.url = cfg.urlhaus_endpoint;
  req.headers = {"Auth-Key: " + cfg.urlhaus_key, "Content-Type: application/x-www-form-urlencoded"};
  req.body = "url=" + form_escape(url);
  req.timeout_ms = cfg.timeout_ms;
  json j;
  if (auto why = ask(req, guard, j)) return failed(name, *why);
  std::string status = j.value("query_status", "");
  if (status == "no_results") return verdict(name, "not_listed");
  if (status != "ok") return failed(name, "query_status " + status);
  std::string threat = j.contains("threat") && j["threat"].is_string() ? j["threat"].get<std::string>() : "listed";
  json v = verdict(name, threat);
  if (j.contains("url_status") && j["url_status"].is_string()) v["url_status"] = j["url_status"];
  return v;
}

json ask_phishtank(const std::string& url, const ReputationConfig& cfg, const GuardPolicy& guard) {
  const char* name = "PhishTank";
  HttpRequest req;
  req.method = "POST";
  req.url = cfg.phishtank_endpoint;
  req.user_agent = "phishtank/" + (cfg.phishtank_user.empty() ? std::string("phishscope") : cfg.phishtank_user);
  req.headers = {"Content-Type: application/x-www-form-urlencoded"};
  req.body = "url=" + form_escape(url) + "&format=json";
  if (!cfg.phishtank_key.empty()) req.body += "&app_key=" + form_escape(cfg.phishtank_key);
  req.timeout_ms = cfg.timeout_ms;
  json j;
  if (auto why = ask(req, guard, j)) return failed(name, *why);
  if (!j.contains("results") || !j["results"].is_object()) return failed(name, "unexpected answer");
  const json& r = j["results"];
  bool in_db = r.value("in_database", false);
  if (!in_db) return verdict(name, "not_listed");
  bool verified = r.value("verified", false), valid = r.value("valid", false);
  json v = verdict(name, verified && valid ? "phishing (verified)" : verified ? "legitimate (verified)" : "reported, unverified");
  if (r.contains("phish_id")) v["phish_id"] = r["phish_id"];
  return v;
}

}  // namespace

core::Result<std::string> reputation_lookup(const std::string& url, const ReputationConfig& cfg,
                                            const GuardPolicy& guard) {
  if (!cfg.any())
    return core::Error{"no reputation service configured (API keys in the configuration file, docs/online.md)", url};
  json out = json::array();
  if (!cfg.safe_browsing_key.empty()) out.push_back(ask_safe_browsing(url, cfg, guard));
  if (!cfg.urlhaus_key.empty()) out.push_back(ask_urlhaus(url, cfg, guard));
  if (cfg.phishtank) out.push_back(ask_phishtank(url, cfg, guard));
  bool any_answer = false;
  std::string errors;
  for (const auto& v : out) {
    if (!v.contains("error")) any_answer = true;
    else errors += (errors.empty() ? "" : "; ") + v["source"].get<std::string>() + ": " + v["error"].get<std::string>();
  }
  if (!any_answer) return core::Error{errors, url};
  return out.dump();
}

}  // namespace ps::enrich

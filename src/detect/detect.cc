#include "detect/detect.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect {

using nlohmann::json;

core::Result<Config> Config::parse(const std::string& text, const std::string& where) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("rules") || !j["rules"].is_object())
    return core::Error{"not a rules file (expected {\"rules\": {...}})", where};
  Config c;
  for (auto it = j["rules"].begin(); it != j["rules"].end(); ++it) {
    if (!it.value().is_object() || !it.value().contains("weight") || !it.value()["weight"].is_number_integer())
      return core::Error{"rule " + it.key() + " needs an integer weight", where};
    c.rules[it.key()] = {it.value()["weight"].get<int>(), it.value().value("severity", "info")};
  }
  if (j.contains("verdict") && j["verdict"].is_object()) {
    c.phishing_threshold = j["verdict"].value("phishing", c.phishing_threshold);
    c.suspicious_threshold = j["verdict"].value("suspicious", c.suspicious_threshold);
    c.max_score = j["verdict"].value("max_score", c.max_score);
  }
  for (const auto& r : registry())
    if (!c.rules.count(r.id)) return core::Error{std::string("rule ") + r.id + " has no weight", where};
  return c;
}

core::Result<Config> Config::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open rules file", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

namespace {

bool has(const std::vector<core::Finding>& fs, const char* id) {
  return std::any_of(fs.begin(), fs.end(), [&](const core::Finding& f) { return f.id == id; });
}

// What the attacker wants, from the cues and the site.
std::vector<std::string> infer_purposes(const std::vector<core::Finding>& fs, const std::optional<core::BrandRef>& brand,
                                        const core::Content& content) {
  std::vector<std::string> p;
  bool phishing_link = has(fs, "LINK_BRAND_LOOKALIKE") || has(fs, "LINK_UNOFFICIAL_DOMAIN") ||
                       has(fs, "LINK_BLOCKLISTED") || has(fs, "SITE_LOGIN_FORM");
  if (!phishing_link) return p;
  if (has(fs, "CREDENTIAL_REQUEST") || has(fs, "SITE_LOGIN_FORM")) p.push_back("credentials");
  bool card_brand = brand && (brand->category == "card_issuer" || brand->category == "payment");
  if (has(fs, "PAYMENT_INFO_PROBLEM") || card_brand) p.push_back("card_data");
  if (content.text.find("個人情報") != std::string::npos || content.text.find("生年月日") != std::string::npos ||
      content.text.find("住所") != std::string::npos)
    p.push_back("personal_data");
  return p;
}

}  // namespace

Detection detect(const core::Message& msg, const core::Content& content, const std::optional<core::BrandRef>& brand,
                 const core::Enrichment& enrichment, const Config& config) {
  Detection d;
  RuleInput in{msg, content, brand, enrichment, core::TextIndex(content.text)};
  for (const auto& rule : registry()) {
    Findings fs;
    rule.run(in, fs);
    auto cfg = config.rules.find(rule.id);
    for (auto& f : fs) {
      f.category = rule.category;
      if (cfg != config.rules.end()) {
        f.weight = cfg->second.weight;
        f.severity = cfg->second.severity;
      }
      d.findings.push_back(std::move(f));
    }
  }
  // Score: each rule counts once, however many findings it made.
  std::set<std::string> counted;
  std::vector<const core::Finding*> ranked;
  int score = 0;
  for (const auto& f : d.findings) {
    if (counted.insert(f.id).second) {
      score += f.weight;
      if (f.weight > 0) ranked.push_back(&f);  // informational findings do not drive a verdict
    }
  }
  score = std::clamp(score, 0, config.max_score);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const core::Finding* a, const core::Finding* b) { return a->weight > b->weight; });
  d.verdict.score = score;
  for (size_t i = 0; i < ranked.size() && i < 5; ++i) d.verdict.top_findings.push_back(ranked[i]->id);

  // Phishing needs a lure that leads somewhere (a link or site finding), not just a high score.
  bool lure = std::any_of(d.findings.begin(), d.findings.end(), [](const core::Finding& f) {
    return f.category == "link" || f.category == "site" || f.category == "correlation";
  });
  if (score >= config.phishing_threshold && lure) d.verdict.level = "phishing";
  else if (score >= config.suspicious_threshold) d.verdict.level = "suspicious";
  else if (has(d.findings, "SERVER_SPAM_TAG")) d.verdict.level = "spam";
  else d.verdict.level = "clean";
  int margin = d.verdict.level == "phishing" ? score - config.phishing_threshold
               : d.verdict.level == "suspicious" ? std::min(score - config.suspicious_threshold,
                                                            config.phishing_threshold - score)
                                                 : config.suspicious_threshold - score;
  d.verdict.confidence = margin >= 25 ? "high" : margin >= 10 ? "medium" : "low";
  d.purposes = infer_purposes(d.findings, brand, content);
  return d;
}

}  // namespace ps::detect

// detect: runs the registered rules, weighs their findings (data/rules.json), infers the attacker's purpose and
// reaches a verdict.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/platforms.h"
#include "core/result.h"

namespace ps::detect {

struct RuleConfig {
  int weight = 0;
  std::string severity = "info";
  std::vector<std::string> tags;      // impersonation, lure, filter_phishing, filter_spam, phishing_link, trend...
  std::vector<std::string> purposes;  // what the attacker wants when this rule fires beside a phishing link
};

struct Config {
  std::map<std::string, RuleConfig> rules;
  int phishing_threshold = 60;
  int suspicious_threshold = 30;
  int max_score = 100;
  static core::Result<Config> load(const std::string& path);
  static core::Result<Config> parse(const std::string& json_text, const std::string& where);
};

struct Detection {
  std::vector<core::Finding> findings;
  std::vector<std::string> purposes;
  core::Verdict verdict;
};

// The lure rules read content.lures (found by extract from data/lures.json); `platforms` (data/platforms.json)
// feeds the link rules and may be null (then those rules find nothing).
Detection detect(const core::Message& msg, const core::Content& content, const std::optional<core::BrandRef>& brand,
                 const core::Enrichment& enrichment, const Config& config, const core::Platforms* platforms = nullptr);

}  // namespace ps::detect

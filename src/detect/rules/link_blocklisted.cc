// LINK_BLOCKLISTED: a reputation service lists the link as phishing, social engineering or malware.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static bool is_bad(const std::string& verdict) {
  std::string v = core::to_lower_ascii(verdict);
  return v.find("phish") != std::string::npos || v.find("social_engineering") != std::string::npos ||
         v.find("malware") != std::string::npos || v.find("malicious") != std::string::npos ||
         v.find("fraud") != std::string::npos;
}

static void run(const RuleInput& in, Findings& out) {
  for (size_t i = 0; i < in.enrichment.links.size() && i < in.content.links.size(); ++i) {
    const auto& lf = in.enrichment.links[i];
    std::string sources, services, lists;
    for (const auto& r : lf.reputation) {
      if (!is_bad(r.verdict)) continue;
      std::string one = r.source + " (" + r.verdict + ")";
      sources += (sources.empty() ? "" : ", ") + one;
      // local block lists answer in their own observation
      std::string& to = r.source.rfind("local block list ", 0) == 0 ? lists : services;
      to += (to.empty() ? "" : ", ") + one;
    }
    if (sources.empty()) continue;
    core::Finding f = make_finding("LINK_BLOCKLISTED");
    f.params["url"] = in.content.links[i].defanged;
    f.params["sources"] = sources;
    for (const auto& [obs, excerpt] : {std::pair{lf.reputation_observation, services},
                                       std::pair{lf.blocklist_observation, lists}}) {
      if (excerpt.empty()) continue;
      core::Evidence e;
      e.observation = obs;
      e.excerpt = excerpt;
      f.evidence.push_back(e);
    }
    out.push_back(std::move(f));
  }
}

extern const Rule kLinkBlocklisted{"LINK_BLOCKLISTED", "link", run};

}  // namespace ps::detect::rules

// SITE_CLOAKING_SUSPECTED: the site showed different pages to different vantage profiles, or answered 200 with
// an error text such as "your request has timed out" (a fake error shown to visitors outside the target).
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (size_t i = 0; i < in.enrichment.links.size() && i < in.content.links.size(); ++i) {
    const auto& s = in.enrichment.links[i].site;
    if (!s.cloaking_suspected) continue;
    core::Finding f = make_finding("SITE_CLOAKING_SUSPECTED");
    f.params["url"] = in.content.links[i].defanged;
    f.params["reason"] = s.cloaking_reason;
    f.params["excerpt"] = s.body_excerpt;
    std::string profiles;
    for (const auto& [p, seen] : s.profiles) {
      if (!profiles.empty()) profiles += ", ";
      profiles += p + "=" + seen;
    }
    f.params["profiles"] = profiles;
    core::Evidence e;
    e.observation = s.observation;
    e.excerpt = s.body_excerpt.empty() ? profiles : s.body_excerpt;
    f.evidence.push_back(e);
    out.push_back(std::move(f));
  }
}

extern const Rule kSiteCloakingSuspected{"SITE_CLOAKING_SUSPECTED", "site", run};

}  // namespace ps::detect::rules

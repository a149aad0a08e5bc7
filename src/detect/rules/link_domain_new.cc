// LINK_DOMAIN_NEW: a link's registrable domain was registered 30 days or less before the mail arrived.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (size_t i = 0; i < in.enrichment.links.size() && i < in.content.links.size(); ++i) {
    const auto& d = in.enrichment.links[i].domain_facts;
    if (!d.age_days || *d.age_days > 30 || *d.age_days < 0) continue;
    core::Finding f = make_finding("LINK_DOMAIN_NEW");
    f.params["domain"] = d.domain;
    f.params["registered"] = d.registered.value_or("");
    f.params["days"] = std::to_string(*d.age_days);
    f.params["url"] = in.content.links[i].defanged;
    core::Evidence e;
    e.observation = d.observation;
    e.excerpt = d.domain + " registered " + d.registered.value_or("");
    f.evidence.push_back(e);
    out.push_back(std::move(f));
  }
}

extern const Rule kLinkDomainNew{"LINK_DOMAIN_NEW", "link", run};

}  // namespace ps::detect::rules

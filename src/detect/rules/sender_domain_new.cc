// SENDER_DOMAIN_NEW: the From domain was registered shortly (30 days or less) before the mail arrived.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const auto& d = in.enrichment.sender.domain_facts;
  if (!d.age_days || *d.age_days > 30 || *d.age_days < 0) return;
  core::Finding f = make_finding("SENDER_DOMAIN_NEW");
  f.params["domain"] = d.domain;
  f.params["registered"] = d.registered.value_or("");
  f.params["days"] = std::to_string(*d.age_days);
  core::Evidence e;
  e.observation = d.observation;
  e.excerpt = d.domain + " registered " + d.registered.value_or("");
  f.evidence.push_back(e);
  out.push_back(std::move(f));
}

extern const Rule kSenderDomainNew{"SENDER_DOMAIN_NEW", "sender", run};

}  // namespace ps::detect::rules

// DOMAINS_REGISTERED_TOGETHER: the sender's domain and a link's domain, both off the brand's official domains and
// different from each other, were registered within a week of each other: bought together for one campaign.
#include <cstdlib>

#include "core/time.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const auto& sd = in.enrichment.sender.domain_facts;
  if (!sd.registered || in.enrichment.sender.domain.empty()) return;
  if (in.brand && is_official_domain(*in.brand, in.enrichment.sender.domain)) return;
  auto st = core::parse_iso8601(*sd.registered);
  if (!st) return;
  for (size_t i = 0; i < in.enrichment.links.size() && i < in.content.links.size(); ++i) {
    const auto& l = in.content.links[i];
    const auto& ld = in.enrichment.links[i].domain_facts;
    if (l.official || !ld.registered || l.registrable_domain.empty() || l.registrable_domain == in.enrichment.sender.domain)
      continue;
    auto lt = core::parse_iso8601(*ld.registered);
    if (!lt) continue;
    int64_t apart = std::llabs(lt->epoch - st->epoch) / 86400;
    if (apart > 7) continue;
    core::Finding f = make_finding("DOMAINS_REGISTERED_TOGETHER");
    f.params["sender_domain"] = in.enrichment.sender.domain;
    f.params["sender_registered"] = *sd.registered;
    f.params["link_domain"] = l.registrable_domain;
    f.params["link_registered"] = *ld.registered;
    f.params["days"] = std::to_string(apart);
    core::Evidence a;
    a.observation = sd.observation;
    a.excerpt = in.enrichment.sender.domain + " " + *sd.registered;
    core::Evidence b;
    b.observation = ld.observation;
    b.excerpt = l.registrable_domain + " " + *ld.registered;
    f.evidence.push_back(std::move(a));
    f.evidence.push_back(std::move(b));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kDomainsRegisteredTogether{"DOMAINS_REGISTERED_TOGETHER", "correlation", run};

}  // namespace ps::detect::rules

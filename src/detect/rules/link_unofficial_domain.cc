// LINK_UNOFFICIAL_DOMAIN: a mail that speaks for a brand links to a domain unrelated to the brand.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand) return;
  for (const auto& l : in.content.links) {
    if (l.official || l.host.empty() || !is_clickable(l)) continue;
    bool unrelated = false;
    for (const auto& t : l.techniques)
      if (t == "UNRELATED_DOMAIN") unrelated = true;
    if (!unrelated) continue;
    core::Finding f = make_finding("LINK_UNOFFICIAL_DOMAIN");
    f.params["url"] = l.defanged;
    f.params["anchor_text"] = l.anchor_text;
    f.params["registrable_domain"] = l.registrable_domain;
    f.params["official_domain"] = in.brand->official_domains.front();
    f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
  }
}

extern const Rule kLinkUnofficialDomain{"LINK_UNOFFICIAL_DOMAIN", "link", run};

}  // namespace ps::detect::rules

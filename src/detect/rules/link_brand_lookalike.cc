// LINK_BRAND_LOOKALIKE: a link puts the brand's name where a reader expects the brand's domain (a subdomain of
// another domain, a combination domain, the path, or the official domain as a subdomain).
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand) return;
  for (size_t i = 0; i < in.content.links.size(); ++i) {
    const auto& l = in.content.links[i];
    if (!is_clickable(l)) continue;
    for (const auto& t : l.techniques) {
      if (t != "BRAND_IN_SUBDOMAIN" && t != "BRAND_IN_REGISTRABLE_DOMAIN" && t != "BRAND_IN_PATH" &&
          t != "OFFICIAL_DOMAIN_AS_SUBDOMAIN" && t != "TYPOSQUAT" && t != "TLD_SWAP" && t != "HOMOGLYPH")
        continue;
      core::Finding f = make_finding("LINK_BRAND_LOOKALIKE");
      f.params["url"] = l.defanged;
      f.params["host"] = l.host;
      f.params["registrable_domain"] = l.registrable_domain;
      f.params["technique"] = t;
      f.params["official_domain"] = l.lookalike_of.empty() ? in.brand->official_domains.front() : l.lookalike_of;
      f.evidence.push_back(link_evidence(l));
      out.push_back(std::move(f));
      break;
    }
  }
}

extern const Rule kLinkBrandLookalike{"LINK_BRAND_LOOKALIKE", "link", run};

}  // namespace ps::detect::rules

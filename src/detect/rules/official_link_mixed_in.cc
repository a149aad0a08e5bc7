// OFFICIAL_LINK_MIXED_IN: real links to the brand's official site sit next to a link elsewhere, to borrow trust.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand) return;
  const core::Link* official = nullptr;
  const core::Link* other = nullptr;
  for (const auto& l : in.content.links) {
    if (l.host.empty() || !is_clickable(l)) continue;
    if (l.official && !official) official = &l;
    if (!l.official && !other) other = &l;
  }
  if (!official || !other) return;
  core::Finding f = make_finding("OFFICIAL_LINK_MIXED_IN");
  f.params["official_url"] = official->defanged;
  f.params["other_url"] = other->defanged;
  f.evidence.push_back(link_evidence(*official));
  out.push_back(std::move(f));
}

extern const Rule kOfficialLinkMixedIn{"OFFICIAL_LINK_MIXED_IN", "design", run};

}  // namespace ps::detect::rules

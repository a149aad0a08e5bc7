// DISPLAY_NAME_BRAND_MISMATCH: the From display name names the brand, the address is not on its domains.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand || in.msg.from.display.empty()) return;
  bool named = false;
  for (const auto& r : in.brand->reasons)
    if (r == "display_name") named = true;
  if (!named || is_official_domain(*in.brand, in.content.sender_domain)) return;
  core::Finding f = make_finding("DISPLAY_NAME_BRAND_MISMATCH");
  f.params["display"] = in.msg.from.display;
  f.params["address"] = in.msg.from.address;
  f.params["official_domain"] = in.brand->official_domains.front();
  f.evidence.push_back(header_evidence(in.msg, "From"));
  out.push_back(std::move(f));
}

extern const Rule kDisplayNameBrandMismatch{"DISPLAY_NAME_BRAND_MISMATCH", "sender", run};

}  // namespace ps::detect::rules

// SENDER_DOMAIN_UNOFFICIAL: the mail speaks for a brand but the From address is not on the brand's domains.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand || in.content.sender_domain.empty()) return;
  if (is_official_domain(*in.brand, in.content.sender_domain)) return;
  core::Finding f = make_finding("SENDER_DOMAIN_UNOFFICIAL");
  f.params["domain"] = in.content.sender_domain;
  f.params["official_domain"] = in.brand->official_domains.front();
  f.params["brand"] = in.brand->name_ja;
  f.params["brand_en"] = in.brand->name_en;
  f.evidence.push_back(header_evidence(in.msg, "From"));
  out.push_back(std::move(f));
}

extern const Rule kSenderDomainUnofficial{"SENDER_DOMAIN_UNOFFICIAL", "sender", run};

}  // namespace ps::detect::rules

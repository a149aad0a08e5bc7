// SENDER_HOSTED_ABROAD: a brand that serves Japan only, sent from an IP address in another country.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand || in.brand->country != "JP") return;
  const auto& ip = in.enrichment.sender.ip_facts;
  if (ip.country.empty() || ip.country == "JP") return;
  core::Finding f = make_finding("SENDER_HOSTED_ABROAD");
  f.params["ip"] = ip.ip;
  f.params["country"] = ip.country;
  f.params["as_org"] = ip.as_org;
  f.params["brand"] = in.brand->name_ja;
  f.params["brand_en"] = in.brand->name_en;
  core::Evidence e;
  e.observation = ip.observation;
  e.excerpt = ip.ip + " " + ip.country + " " + ip.as_org;
  f.evidence.push_back(e);
  out.push_back(std::move(f));
}

extern const Rule kSenderHostedAbroad{"SENDER_HOSTED_ABROAD", "sender", run};

}  // namespace ps::detect::rules

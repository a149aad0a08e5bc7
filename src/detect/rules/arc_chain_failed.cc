// ARC_CHAIN_FAILED: the newest ARC-Seal says the chain of forwarders' authentication results did not validate.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (in.msg.arc.empty() || in.msg.arc.front().cv != "fail") return;
  const auto& a = in.msg.arc.front();
  core::Finding f = make_finding("ARC_CHAIN_FAILED");
  f.params["instance"] = std::to_string(a.instance);
  f.params["domain"] = a.domain;
  core::Evidence e = header_evidence(in.msg, "ARC-Seal", "i=" + std::to_string(a.instance) + " cv=fail d=" + a.domain);
  e.header_index = a.header_index;
  f.evidence.push_back(e);
  out.push_back(std::move(f));
}

extern const Rule kArcChainFailed{"ARC_CHAIN_FAILED", "sender", run};

}  // namespace ps::detect::rules

// DMARC_FAIL: the receiving side's DMARC evaluation failed: neither SPF nor DKIM passed for a domain aligned with
// the From address.
#include "detect/rules/auth_util.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const core::AuthResult* a = trusted_result(in.msg, "dmarc");
  if (!a || a->result != "fail") return;
  core::Finding f = make_finding("DMARC_FAIL");
  f.params["from_domain"] = a->props.count("header.from") ? a->props.at("header.from") : in.msg.from.domain();
  f.evidence.push_back(auth_evidence(in.msg, *a));
  out.push_back(std::move(f));
}

extern const Rule kDmarcFail{"DMARC_FAIL", "sender", run};

}  // namespace ps::detect::rules

// DKIM_FAIL: the receiving side checked a DKIM signature and it failed (the mail was altered or the signature
// forged).
#include "detect/rules/auth_util.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const core::AuthResult* a = trusted_result(in.msg, "dkim");
  if (!a || (a->result != "fail" && a->result != "permerror")) return;
  core::Finding f = make_finding("DKIM_FAIL");
  f.params["result"] = a->result;
  f.params["domain"] = a->props.count("header.d") ? a->props.at("header.d") : "";
  f.evidence.push_back(auth_evidence(in.msg, *a));
  out.push_back(std::move(f));
}

extern const Rule kDkimFail{"DKIM_FAIL", "sender", run};

}  // namespace ps::detect::rules

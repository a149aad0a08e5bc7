// SPF_FAIL: the receiving side's Authentication-Results (or Received-SPF) say SPF failed (fail or softfail).
#include "detect/rules/auth_util.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const core::AuthResult* a = trusted_result(in.msg, "spf");
  if (!a || (a->result != "fail" && a->result != "softfail")) return;
  core::Finding f = make_finding("SPF_FAIL");
  f.params["result"] = a->result;
  f.params["authserv_id"] = a->authserv_id.empty() ? a->header : a->authserv_id;
  f.params["detail"] = a->detail;
  f.evidence.push_back(auth_evidence(in.msg, *a));
  out.push_back(std::move(f));
}

extern const Rule kSpfFail{"SPF_FAIL", "sender", run};

}  // namespace ps::detect::rules

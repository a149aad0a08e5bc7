// SPF_FAIL: the receiving server's own Authentication-Results say SPF failed (fail or softfail) for the sender.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& a : in.msg.auth) {
    if (!a.trusted || a.method != "spf") continue;
    if (a.result != "fail" && a.result != "softfail") continue;
    core::Finding f = make_finding("SPF_FAIL");
    f.params["result"] = a.result;
    f.params["authserv_id"] = a.authserv_id;
    f.params["detail"] = a.detail;
    core::Evidence e = header_evidence(in.msg, "Authentication-Results", "spf=" + a.result + " " + a.detail);
    f.evidence.push_back(e);
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kSpfFail{"SPF_FAIL", "sender", run};

}  // namespace ps::detect::rules

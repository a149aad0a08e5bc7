// COMPAUTH_FAIL: Microsoft's composite authentication, on the receiving side, judged the From address spoofed
// (compauth=fail in its own Authentication-Results).
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& r : in.msg.auth) {
    if (!r.trusted || r.method != "compauth" || r.result != "fail") continue;
    core::Finding f = make_finding("COMPAUTH_FAIL");
    auto reason = r.props.find("reason");
    f.params["reason"] = reason == r.props.end() ? "" : reason->second;
    f.evidence.push_back(header_evidence_at(in.msg, r.header_index, "compauth=fail" + (f.params["reason"].empty() ? "" : " reason=" + f.params["reason"])));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kCompauthFail{"COMPAUTH_FAIL", "sender", run};

}  // namespace ps::detect::rules

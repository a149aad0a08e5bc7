// RECEIVER_FLAGGED_PHISHING: the receiving side's own filter (Microsoft's CAT:PHSH / HPHSH / SPOOF, Proton's
// "phishing" action...) classified the mail as phishing, spoofing or malware. Only a filter the reader's side (or
// a relay on the way) wrote counts: a verdict below the trust boundary is the sender's claim.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& r : in.msg.spam) {
    if (!r.trusted || !(r.verdict == "phishing" || r.verdict == "spoof" || r.verdict == "malware")) continue;
    core::Finding f = make_finding("RECEIVER_FLAGGED_PHISHING");
    f.params["filter"] = r.filter;
    f.params["verdict"] = r.verdict;
    std::string why;
    for (const auto& x : r.reasons) why += (why.empty() ? "" : ", ") + x;
    f.params["reasons"] = why;
    f.evidence.push_back(header_evidence_at(in.msg, r.header_index));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kReceiverFlaggedPhishing{"RECEIVER_FLAGGED_PHISHING", "server", run};

}  // namespace ps::detect::rules

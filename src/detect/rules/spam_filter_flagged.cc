// SPAM_FILTER_FLAGGED: a spam filter on the receiving side classified the mail as spam, without marking the
// subject (when it marked the subject, SERVER_SPAM_TAG says so instead).
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (in.msg.subject_tag) return;
  for (const auto& r : in.msg.spam) {
    if (!r.is_spam.value_or(false) || !r.trusted) continue;  // the sender's own or the sending tenant's scan: a claim
    if (r.verdict == "phishing" || r.verdict == "spoof" || r.verdict == "malware") continue;  // RECEIVER_FLAGGED_PHISHING
    core::Finding f = make_finding("SPAM_FILTER_FLAGGED");
    f.params["filter"] = r.filter;
    f.params["header"] = r.header;
    f.params["score"] = r.score ? std::to_string(*r.score).substr(0, std::to_string(*r.score).find('.') + 3) : "";
    core::Evidence e = header_evidence(in.msg, r.header);
    e.header_index = r.header_index;
    f.evidence.push_back(e);
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kSpamFilterFlagged{"SPAM_FILTER_FLAGGED", "server", run};

}  // namespace ps::detect::rules

// SEND_ONLY_ADDRESS: "このメールは送信専用です" / "do not reply". Both real notices and their copies say it; for a
// phishing mail it also keeps the victim from asking the sender. Informational: it weighs nothing on its own.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {
      "送信専用", "返信できません", "返信いただいても", "ご返信いただきましても", "返信は受け付けておりません",
      "do not reply", "do-not-reply", "please don't reply", "this mailbox is not monitored", "no-reply address"};
  auto hits = find_phrases_in_body(in, phrases);
  if (hits.empty()) return;
  core::Finding f = make_finding("SEND_ONLY_ADDRESS");
  f.params["phrase"] = hits.front().phrase;
  f.evidence.push_back(text_evidence(in, hits.front()));
  out.push_back(std::move(f));
}

extern const Rule kSendOnlyAddress{"SEND_ONLY_ADDRESS", "design", run};

}  // namespace ps::detect::rules

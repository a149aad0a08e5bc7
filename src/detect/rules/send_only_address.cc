// SEND_ONLY_ADDRESS: "このメールは送信専用です" / "do not reply". Both real notices and their copies say it; for a
// phishing mail it also keeps the victim from asking the sender. Informational: it weighs nothing on its own.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {
      "送信専用", "返信できません", "返信いただいても", "ご返信いただきましても", "返信は受け付けておりません",
      "do not reply", "do-not-reply", "please don't reply", "this mailbox is not monitored", "no-reply address"};
  add_phrase_finding(in, out, "SEND_ONLY_ADDRESS", phrases, false);
}

extern const Rule kSendOnlyAddress{"SEND_ONLY_ADDRESS", "design", run};

}  // namespace ps::detect::rules

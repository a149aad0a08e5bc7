// MAILBOX_LURE: the mail-account lures: a password that expires, a full mailbox, held messages, a webmail upgrade. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "MAILBOX_LURE"); }

extern const Rule kMailboxLure{"MAILBOX_LURE", "content", run};

}  // namespace ps::detect::rules

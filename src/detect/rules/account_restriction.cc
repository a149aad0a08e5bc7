// ACCOUNT_RESTRICTION: the account is said to be (or about to be) restricted, suspended, locked or closed. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "ACCOUNT_RESTRICTION"); }

extern const Rule kAccountRestriction{"ACCOUNT_RESTRICTION", "content", run};

}  // namespace ps::detect::rules

// CREDENTIAL_REQUEST: the reader is asked to sign in, confirm an identity or enter a password. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "CREDENTIAL_REQUEST"); }

extern const Rule kCredentialRequest{"CREDENTIAL_REQUEST", "content", run};

}  // namespace ps::detect::rules

// PAYMENT_INFO_PROBLEM: a payment failed or was declined, card or billing details must be updated, an invoice is overdue. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "PAYMENT_INFO_PROBLEM"); }

extern const Rule kPaymentInfoProblem{"PAYMENT_INFO_PROBLEM", "content", run};

}  // namespace ps::detect::rules

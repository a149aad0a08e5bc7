// ADVANCE_FEE_LURE: the advance-fee (419) story: an inheritance, a beneficiary, a fund or consignment to release. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "ADVANCE_FEE_LURE"); }

extern const Rule kAdvanceFeeLure{"ADVANCE_FEE_LURE", "content", run};

}  // namespace ps::detect::rules

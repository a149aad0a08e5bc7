// TAX_REFUND_LURE: government money: a tax refund or benefit to claim, tax owed, a fine or toll to pay. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "TAX_REFUND_LURE"); }

extern const Rule kTaxRefundLure{"TAX_REFUND_LURE", "content", run};

}  // namespace ps::detect::rules

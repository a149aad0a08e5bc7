// PARCEL_FEE_LURE: a parcel is held: redelivery, an incomplete address, customs or shipping fees to pay. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "PARCEL_FEE_LURE"); }

extern const Rule kParcelFeeLure{"PARCEL_FEE_LURE", "content", run};

}  // namespace ps::detect::rules

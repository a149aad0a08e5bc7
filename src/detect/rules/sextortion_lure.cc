// SEXTORTION_LURE: extortion: the sender claims to have hacked a device or recorded the reader, and demands payment. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "SEXTORTION_LURE"); }

extern const Rule kSextortionLure{"SEXTORTION_LURE", "content", run};

}  // namespace ps::detect::rules

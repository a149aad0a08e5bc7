// URGENCY_DEADLINE: a deadline or time pressure ("48時間以内", "within 24 hours", "dentro de 24 horas"). Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "URGENCY_DEADLINE"); }

extern const Rule kUrgencyDeadline{"URGENCY_DEADLINE", "content", run};

}  // namespace ps::detect::rules

// PRIZE_REWARD_LURE: the reader has won or was selected: a prize, a reward, a gift card, points about to expire. Phrases in six languages: data/lures.json.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) { add_lure_finding(in, out, "PRIZE_REWARD_LURE"); }

extern const Rule kPrizeRewardLure{"PRIZE_REWARD_LURE", "content", run};

}  // namespace ps::detect::rules

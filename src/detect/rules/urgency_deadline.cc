// URGENCY_DEADLINE: a deadline or time pressure ("48時間以内", "本日中", "within 24 hours").
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {
      "48時間以内", "24時間以内", "72時間以内", "12時間以内", "本日中", "至急", "早急に", "お早めに", "お早めの",
      "期限までに", "期限内に", "within 24 hours", "within 48 hours", "immediately", "urgent"};
  add_phrase_finding(in, out, "URGENCY_DEADLINE", phrases);
}

extern const Rule kUrgencyDeadline{"URGENCY_DEADLINE", "content", run};

}  // namespace ps::detect::rules

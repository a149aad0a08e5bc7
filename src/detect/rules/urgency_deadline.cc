// URGENCY_DEADLINE: a deadline or time pressure ("48時間以内", "本日中", "within 24 hours").
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {
      "48時間以内", "24時間以内", "72時間以内", "12時間以内", "本日中", "至急", "早急に", "お早めに", "お早めの",
      "期限までに", "期限内に", "within 24 hours", "within 48 hours", "immediately", "urgent"};
  auto hits = find_phrases_in_body(in, phrases);
  if (hits.empty()) return;
  core::Finding f = make_finding("URGENCY_DEADLINE");
  f.params["phrase"] = hits.front().phrase;
  for (const auto& h : hits) f.evidence.push_back(text_evidence(in, h));
  out.push_back(std::move(f));
}

extern const Rule kUrgencyDeadline{"URGENCY_DEADLINE", "content", run};

}  // namespace ps::detect::rules

// HEADER_TIME_INCONSISTENT: Received hops out of time order, a day-long delay, or a Date header that does not fit
// the time the mail was received from outside (forged lines or a sender's wrong clock).
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (in.msg.timing.empty()) return;
  core::Finding f = make_finding("HEADER_TIME_INCONSISTENT");
  std::string kinds;
  for (const auto& t : in.msg.timing) {
    if (!kinds.empty()) kinds += ", ";
    kinds += t.kind + " (" + std::to_string(t.seconds) + "s)";
    std::string excerpt = t.kind + " " + std::to_string(t.seconds) + "s";
    core::Evidence e;
    if (t.hop >= 0 && t.hop < static_cast<int>(in.msg.received.size()))
      e = header_evidence_at(in.msg, in.msg.received[t.hop].header_index, excerpt);
    else
      e.excerpt = excerpt;
    f.evidence.push_back(e);
  }
  f.params["issues"] = kinds;
  out.push_back(std::move(f));
}

extern const Rule kHeaderTimeInconsistent{"HEADER_TIME_INCONSISTENT", "sender", run};

}  // namespace ps::detect::rules

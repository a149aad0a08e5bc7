// REPLY_TO_MISMATCH: replies go to another organisation than the one in From (answers reach the attacker).
#include "core/domain.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.msg.reply_to || in.msg.reply_to->address.empty()) return;
  std::string from = core::organisational_domain(core::address_domain(in.msg.from.address));
  std::string reply = core::organisational_domain(core::address_domain(in.msg.reply_to->address));
  if (from.empty() || reply.empty() || from == reply) return;
  core::Finding f = make_finding("REPLY_TO_MISMATCH");
  f.params["reply_to"] = in.msg.reply_to->address;
  f.params["from"] = in.msg.from.address;
  f.evidence.push_back(header_evidence(in.msg, "Reply-To"));
  f.evidence.push_back(header_evidence(in.msg, "From"));
  out.push_back(std::move(f));
}

extern const Rule kReplyToMismatch{"REPLY_TO_MISMATCH", "sender", run};

}  // namespace ps::detect::rules

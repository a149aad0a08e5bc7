// RECIPIENT_LOCALPART_IN_SENDER: the sender address is generated from the recipient's own local part
// (user.isztcg@gghxw.cn sent to isztcg@example.ne.jp).
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  std::string from_local = core::to_lower_ascii(in.msg.from.local_part());
  std::string from_domain = core::to_lower_ascii(in.msg.from.domain());
  for (const auto& to : in.msg.to) {
    std::string local = core::to_lower_ascii(to.local_part());
    if (local.size() < 4 || from_local == local) continue;
    if (core::to_lower_ascii(to.domain()) == from_domain) continue;  // same organisation
    if (from_local.find(local) == std::string::npos) continue;
    core::Finding f = make_finding("RECIPIENT_LOCALPART_IN_SENDER");
    f.params["local_part"] = local;
    f.params["from"] = in.msg.from.address;
    f.params["to"] = to.address;
    f.evidence.push_back(header_evidence(in.msg, "From"));
    f.evidence.push_back(header_evidence(in.msg, "To"));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kRecipientLocalpartInSender{"RECIPIENT_LOCALPART_IN_SENDER", "sender", run};

}  // namespace ps::detect::rules

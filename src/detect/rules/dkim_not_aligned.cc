// DKIM_NOT_ALIGNED: the mail is DKIM-signed, but by a domain other than the From address's (no signature of the
// From domain at all). Common for bulk senders, so a weak signal on its own.
#include "core/domain.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (in.msg.dkim.empty()) return;
  for (const auto& d : in.msg.dkim)
    if (d.aligned) return;
  const auto& d = in.msg.dkim.front();
  core::Finding f = make_finding("DKIM_NOT_ALIGNED");
  f.params["dkim_domain"] = d.domain;
  f.params["from_domain"] = core::address_domain(in.msg.from.address);
  core::Evidence e = header_evidence(in.msg, "DKIM-Signature", "d=" + d.domain + " s=" + d.selector);
  e.header_index = d.header_index;
  f.evidence.push_back(e);
  out.push_back(std::move(f));
}

extern const Rule kDkimNotAligned{"DKIM_NOT_ALIGNED", "sender", run};

}  // namespace ps::detect::rules

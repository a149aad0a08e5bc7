// MESSAGE_ID_DOMAIN_MISMATCH: the Message-ID was generated under another organisation's domain than From's
// (e.g. a bulk-mail tool or a compromised host). A weak signal alone.
#include "core/domain.h"
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  std::string id = core::trim(in.msg.message_id);
  auto at = id.rfind('@');
  if (at == std::string::npos) return;
  std::string host = id.substr(at + 1);
  while (!host.empty() && (host.back() == '>' || host.back() == ' ')) host.pop_back();
  std::string mid = core::registrable_domain(host);
  std::string from = core::organisational_domain(core::address_domain(in.msg.from.address));
  if (mid.empty() || from.empty() || mid == from) return;
  core::Finding f = make_finding("MESSAGE_ID_DOMAIN_MISMATCH");
  f.params["message_id_domain"] = mid;
  f.params["from_domain"] = from;
  f.evidence.push_back(header_evidence(in.msg, "Message-ID"));
  out.push_back(std::move(f));
}

extern const Rule kMessageIdDomainMismatch{"MESSAGE_ID_DOMAIN_MISMATCH", "sender", run};

}  // namespace ps::detect::rules

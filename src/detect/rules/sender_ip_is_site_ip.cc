// SENDER_IP_IS_SITE_IP: the address that delivered the mail also serves a linked site: one operator runs both.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const std::string& sip = in.msg.sender.ip;
  if (sip.empty() || in.msg.sender.hop < 0) return;
  const core::ReceivedHop& hop = in.msg.received[in.msg.sender.hop];
  for (size_t i = 0; i < in.enrichment.links.size() && i < in.content.links.size(); ++i) {
    const auto& lf = in.enrichment.links[i];
    for (const auto& ip : lf.host_ips) {
      if (ip != sip) continue;
      core::Finding f = make_finding("SENDER_IP_IS_SITE_IP");
      f.params["ip"] = ip;
      f.params["host"] = in.content.links[i].host;
      f.evidence.push_back(header_evidence_at(in.msg, hop.header_index, hop.raw));
      core::Evidence e;
      e.observation = lf.dns_observation;
      e.excerpt = in.content.links[i].host + " A " + ip;
      f.evidence.push_back(e);
      out.push_back(std::move(f));
      return;
    }
  }
}

extern const Rule kSenderIpIsSiteIp{"SENDER_IP_IS_SITE_IP", "correlation", run};

}  // namespace ps::detect::rules

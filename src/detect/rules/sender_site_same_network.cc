// SENDER_SITE_SAME_NETWORK: the address that delivered the mail and a linked site's address are not the same, but
// sit in the same /24 (IPv6: /48) or the same autonomous system: one rented block or one small hoster serves both.
// Large clouds are left out of the AS comparison (Amazon, Google, Microsoft, Cloudflare... host half the web), and
// the finding is about links off the brand's official domains only.
#include "core/ip.h"
#include "detect/rule.h"

namespace ps::detect::rules {

namespace {
bool big_cloud(int64_t asn) {
  static const int64_t clouds[] = {16509, 14618, 15169, 396982, 8075, 13335, 20940, 16625, 54113, 31898, 14061, 24940};
  for (int64_t c : clouds)
    if (c == asn) return true;
  return false;
}
}  // namespace

static void run(const RuleInput& in, Findings& out) {
  const std::string& sip = in.msg.sender.ip;
  if (sip.empty() || in.msg.sender.hop < 0) return;
  const core::ReceivedHop& hop = in.msg.received[in.msg.sender.hop];
  const std::string snet = core::network_of(sip);
  const auto& sender_asn = in.enrichment.sender.ip_facts.asn;
  for (size_t i = 0; i < in.enrichment.links.size() && i < in.content.links.size(); ++i) {
    const auto& l = in.content.links[i];
    const auto& lf = in.enrichment.links[i];
    if (l.official) continue;
    for (const auto& ip : lf.host_ips) {
      if (ip == sip) return;  // SENDER_IP_IS_SITE_IP says more
      std::string shared;
      if (!snet.empty() && core::network_of(ip) == snet) shared = snet;
      else if (sender_asn && lf.ip_facts.asn && *sender_asn == *lf.ip_facts.asn && !big_cloud(*sender_asn))
        shared = "AS" + std::to_string(*sender_asn) + (lf.ip_facts.as_org.empty() ? "" : " " + lf.ip_facts.as_org);
      if (shared.empty()) continue;
      core::Finding f = make_finding("SENDER_SITE_SAME_NETWORK");
      f.params["sender_ip"] = sip;
      f.params["ip"] = ip;
      f.params["host"] = l.host;
      f.params["network"] = shared;
      f.evidence.push_back(header_evidence_at(in.msg, hop.header_index, hop.raw));
      core::Evidence e;
      e.observation = lf.dns_observation;
      e.excerpt = l.host + " A " + ip;
      f.evidence.push_back(e);
      if (!lf.ip_facts.observation.empty()) {
        core::Evidence o;
        o.observation = lf.ip_facts.observation;
        o.excerpt = shared;
        f.evidence.push_back(o);
      }
      out.push_back(std::move(f));
      return;
    }
  }
}

extern const Rule kSenderSiteSameNetwork{"SENDER_SITE_SAME_NETWORK", "correlation", run};

}  // namespace ps::detect::rules

// LINK_IP_HOST: a link goes to an IP address (dotted or obfuscated) instead of a domain name.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& l : in.content.links) {
    bool ip = false;
    for (const auto& t : l.techniques)
      if (t == "IP_LITERAL_HOST" || t == "OBFUSCATED_IP_HOST") ip = true;
    if (!ip) continue;
    core::Finding f = make_finding("LINK_IP_HOST");
    f.params["url"] = l.defanged;
    f.params["host"] = l.host;
    f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
  }
}

extern const Rule kLinkIpHost{"LINK_IP_HOST", "link", run};

}  // namespace ps::detect::rules

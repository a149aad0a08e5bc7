// LURE_LINK_ELSEWHERE: the mail tells a lure story (an account to unlock, a payment to fix, a prize, a parcel, a
// refund, a wallet...) and its link goes to a domain that is neither the sender's nor the brand's, nor a shared
// service the sender uses (an e-mail service provider, a CDN, a social network): the shape of phishing, with or
// without a brand.
#include "core/domain.h"
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const core::LureHit* lure = nullptr;
  for (const auto& l : in.lures)
    if (!l.rule.empty() && l.category != "generic_greeting" && l.category != "deadline" && l.category != "spam_offer") {
      lure = &l;
      break;
    }
  if (!lure) return;
  std::string sender = core::registrable_domain(core::address_domain(in.msg.from.address));
  for (const auto& l : in.content.links) {
    if (!is_clickable(l) || l.host.empty() || l.official || l.scheme == "mailto" || l.registrable_domain.empty()) continue;
    if (!sender.empty() && core::iequals(l.registrable_domain, sender)) continue;
    std::string host = core::to_lower_ascii(l.host_ascii.empty() ? l.host : l.host_ascii);
    if (in.platforms) {
      bool shared = false;
      for (const char* list : {"esp", "user_content_cdns", "social_platforms", "mail_providers"})
        if (in.platforms->on(list, host, l.path)) shared = true;
      if (shared) continue;
    }
    core::Finding f = make_finding("LURE_LINK_ELSEWHERE");
    f.params["url"] = l.defanged;
    f.params["phrase"] = lure->phrase;
    f.params["registrable_domain"] = l.registrable_domain;
    f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kLureLinkElsewhere{"LURE_LINK_ELSEWHERE", "link", run};

}  // namespace ps::detect::rules

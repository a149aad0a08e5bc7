// RECIPIENT_IN_LINK: a link carries the recipient's own address, plain, percent-encoded or in base64: the page will
// greet the victim by address and fill in the login form (a kit's personalised link).
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& to : in.msg.to) {
    std::string addr = core::to_lower_ascii(core::trim(to.address));
    if (addr.size() < 6 || addr.find('@') == std::string::npos) continue;
    std::string b64 = core::base64_encode(addr), b64_url = b64;
    while (!b64.empty() && b64.back() == '=') b64.pop_back();
    for (auto& c : b64_url) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!b64_url.empty() && b64_url.back() == '=') b64_url.pop_back();
    std::string pct = addr;
    pct.replace(pct.find('@'), 1, "%40");
    for (const auto& l : in.content.links) {
      if (!is_clickable(l) || l.host.empty() || l.official) continue;
      std::string u = core::to_lower_ascii(l.url);
      bool plain = u.find(addr) != std::string::npos || u.find(pct) != std::string::npos;
      // base64 is case-sensitive: looked for in the URL as written (the first 12 characters are enough)
      bool coded = b64.size() >= 12 && (l.url.find(b64.substr(0, b64.size() - 2)) != std::string::npos ||
                                        l.url.find(b64_url.substr(0, b64_url.size() - 2)) != std::string::npos);
      if (!plain && !coded) continue;
      // the address as the host's own mailbox ("mailto:") or the brand's unsubscribe page is no trick
      if (l.scheme == "mailto") continue;
      core::Finding f = make_finding("RECIPIENT_IN_LINK");
      f.params["url"] = l.defanged;
      f.params["address"] = to.address;
      f.params["encoding"] = plain ? "plain" : "base64";
      f.evidence.push_back(link_evidence(l));
      out.push_back(std::move(f));
      return;
    }
  }
}

extern const Rule kRecipientInLink{"RECIPIENT_IN_LINK", "link", run};

}  // namespace ps::detect::rules

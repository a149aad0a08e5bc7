// LINK_FREE_HOSTING: a link goes to free or cloud hosting, a form builder or an IPFS gateway (web.app, pages.dev,
// run.app, storage.googleapis.com, forms.gle, ipfs.io ... data/platforms.json), where anyone can put up a login
// page in minutes under a trusted-looking name. Brands host their notices on their own domains.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.platforms) return;
  for (const auto& l : in.content.links) {
    if (!is_clickable(l) || l.host.empty() || l.official) continue;
    std::string host = core::to_lower_ascii(l.host_ascii.empty() ? l.host : l.host_ascii);
    for (const char* list : {"free_hosting", "cloud_hosting", "form_builders", "ipfs_gateways"}) {
      std::string which = in.platforms->match(list, host, l.path);
      if (which.empty()) continue;
      core::Finding f = make_finding("LINK_FREE_HOSTING");
      f.params["url"] = l.defanged;
      f.params["service"] = which;
      f.params["kind"] = list;
      f.evidence.push_back(link_evidence(l));
      out.push_back(std::move(f));
      return;
    }
  }
}

extern const Rule kLinkFreeHosting{"LINK_FREE_HOSTING", "link", run};

}  // namespace ps::detect::rules

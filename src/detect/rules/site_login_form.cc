// SITE_LOGIN_FORM: the linked site is live and shows a login form (a password field) on a non-official domain.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (size_t i = 0; i < in.enrichment.links.size() && i < in.content.links.size(); ++i) {
    const auto& s = in.enrichment.links[i].site;
    if (s.status != "live_login_form" || in.content.links[i].official) continue;
    core::Finding f = make_finding("SITE_LOGIN_FORM");
    f.params["url"] = in.content.links[i].defanged;
    f.params["title"] = s.title;
    f.params["final_url"] = core::defang_url(s.final_url);
    core::Evidence e;
    e.observation = s.observation;
    e.excerpt = s.title;
    f.evidence.push_back(e);
    out.push_back(std::move(f));
  }
}

extern const Rule kSiteLoginForm{"SITE_LOGIN_FORM", "site", run};

}  // namespace ps::detect::rules

// LINK_SHORTENER: a link goes through a URL shortener (bit.ly, is.gd, t.co ... data/platforms.json): the reader
// cannot see where it leads, and a brand's own notices link its own domain.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.platforms) return;
  for (const auto& l : in.content.links) {
    if (!is_clickable(l) || l.host.empty() || l.official) continue;
    std::string host = core::to_lower_ascii(l.host_ascii.empty() ? l.host : l.host_ascii);
    std::string which = in.platforms->match("url_shorteners", host, l.path);
    if (which.empty()) continue;
    core::Finding f = make_finding("LINK_SHORTENER");
    f.params["url"] = l.defanged;
    f.params["service"] = which;
    f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kLinkShortener{"LINK_SHORTENER", "link", run};

}  // namespace ps::detect::rules

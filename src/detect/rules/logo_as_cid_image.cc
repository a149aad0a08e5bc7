// LOGO_AS_CID_IMAGE: the logo is attached to the mail (cid: image) instead of being loaded from the brand's site.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& img : in.content.images) {
    if (!img.cid) continue;
    std::string cid = img.src.substr(4);
    const core::Part* part = nullptr;
    for (const auto& p : in.msg.parts)
      if (p.content_id == cid) part = &p;
    core::Finding f = make_finding("LOGO_AS_CID_IMAGE");
    f.params["src"] = img.src;
    f.params["alt"] = img.alt;
    f.params["filename"] = part ? part->filename : "";
    core::Evidence e;
    e.part = part ? part->index : img.part;
    e.excerpt = "<img src=\"" + img.src + "\" alt=\"" + img.alt + "\">";
    f.evidence.push_back(e);
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kLogoAsCidImage{"LOGO_AS_CID_IMAGE", "design", run};

}  // namespace ps::detect::rules

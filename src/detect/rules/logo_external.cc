// LOGO_EXTERNAL: the brand's logo is loaded from a host that is not the brand's (hot-linked from an image host or the
// phishing site itself), where a real notice loads it from the brand's own servers.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand) return;
  for (const auto& l : in.content.links) {
    if (l.found_in != "img" || l.host.empty() || l.official) continue;
    std::string hay = core::to_lower_ascii(l.url + " " + l.anchor_text);
    bool logo = hay.find("logo") != std::string::npos || l.anchor_text.find("ロゴ") != std::string::npos;
    for (const auto& t : in.brand->url_tokens)
      if (!t.empty() && hay.find(core::to_lower_ascii(t)) != std::string::npos) logo = true;
    if (!in.brand->name_ja.empty() && l.anchor_text.find(in.brand->name_ja) != std::string::npos) logo = true;
    if (!logo) continue;
    core::Finding f = make_finding("LOGO_EXTERNAL");
    f.params["brand"] = in.brand->name_ja;
    f.params["brand_en"] = in.brand->name_en;
    f.params["url"] = l.defanged;
    f.params["host"] = l.host;
    f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kLogoExternal{"LOGO_EXTERNAL", "design", run};

}  // namespace ps::detect::rules

// BRAND_WITHOUT_OFFICIAL_DOMAIN: the mail speaks in a brand's name, yet neither its sender nor any link nor the text
// mentions one of the brand's domains. A real notice points somewhere on the brand's own site.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand) return;
  if (is_official_domain(*in.brand, in.content.sender_domain)) return;
  for (const auto& l : in.content.links)
    if (l.official) return;
  for (const auto& d : in.brand->official_domains)
    if (in.body.lower().find(core::to_lower_ascii(d)) != std::string::npos) return;
  core::Finding f = make_finding("BRAND_WITHOUT_OFFICIAL_DOMAIN");
  f.params["brand"] = in.brand->name_ja;
  f.params["brand_en"] = in.brand->name_en;
  f.params["official_domain"] = in.brand->official_domains.empty() ? "" : in.brand->official_domains.front();
  std::vector<std::string> names;
  for (const auto* n : {&in.brand->name_ja, &in.brand->name_en})
    if (!n->empty()) names.push_back(*n);
  auto named = find_phrases_in_body(in, names);
  if (!named.empty()) f.evidence.push_back(text_evidence(in, named.front()));
  else f.evidence.push_back(header_evidence(in.msg, "From"));
  out.push_back(std::move(f));
}

extern const Rule kBrandWithoutOfficialDomain{"BRAND_WITHOUT_OFFICIAL_DOMAIN", "content", run};

}  // namespace ps::detect::rules

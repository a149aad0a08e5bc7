// LOGO_MISSING: a mail that speaks for a brand carries no image at all: the official notices show their logo.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand || !in.content.images.empty()) return;
  core::Finding f = make_finding("LOGO_MISSING");
  f.params["brand"] = in.brand->name_ja;
  f.params["brand_en"] = in.brand->name_en;
  core::Evidence e;
  e.part = in.content.text_part;
  e.excerpt = in.content.has_html ? "HTML part without <img>" : "text only";
  f.evidence.push_back(e);
  out.push_back(std::move(f));
}

extern const Rule kLogoMissing{"LOGO_MISSING", "design", run};

}  // namespace ps::detect::rules

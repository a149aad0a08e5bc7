// DESIGN_LAYOUT: what the reader sees, counted: images (attached and loaded from the web), buttons, links and how
// many of them go to the brand's official site. Informational; the design rules next to it judge.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  int cid = 0, external = 0, links = 0, official = 0;
  for (const auto& im : in.content.images) {
    if (im.cid) ++cid;
    else if (core::starts_with_icase(im.src, "http://") || core::starts_with_icase(im.src, "https://")) ++external;
  }
  for (const auto& l : in.content.links) {
    if (!is_clickable(l) || l.host.empty() || l.found_in == "unwrapped") continue;
    ++links;
    if (l.official) ++official;
  }
  core::Finding f = make_finding("DESIGN_LAYOUT");
  f.params["format"] = in.content.has_html ? "html" : "text";
  f.params["images"] = std::to_string(in.content.images.size());
  f.params["cid_images"] = std::to_string(cid);
  f.params["external_images"] = std::to_string(external);
  f.params["buttons"] = std::to_string(in.content.buttons);
  f.params["links"] = std::to_string(links);
  f.params["official_links"] = std::to_string(official);
  core::Evidence e;
  e.part = in.content.has_html ? in.content.html_part : in.content.text_part;
  e.excerpt = f.params["format"] + ": " + f.params["images"] + " images, " + f.params["buttons"] + " buttons, " +
              f.params["links"] + " links";
  f.evidence.push_back(e);
  out.push_back(std::move(f));
}

extern const Rule kDesignLayout{"DESIGN_LAYOUT", "design", run};

}  // namespace ps::detect::rules

// IMAGE_ONLY_BODY: the message is a picture with a link and (almost) no text: the words a filter would read are in
// the image.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.content.has_html || in.content.images.empty()) return;
  std::string text = in.content.html_text.empty() ? in.content.text : in.content.html_text;
  if (core::utf8_length(core::collapse_space(text)) >= 40) return;
  bool link = false;
  for (const auto& l : in.content.links)
    if (is_clickable(l) && !l.host.empty() && !l.official) link = true;
  if (!link) return;
  core::Finding f = make_finding("IMAGE_ONLY_BODY");
  f.params["images"] = std::to_string(in.content.images.size());
  core::Evidence e;
  e.part = in.content.html_part;
  e.excerpt = in.content.images.front().src.substr(0, 200);
  f.evidence.push_back(e);
  out.push_back(std::move(f));
}

extern const Rule kImageOnlyBody{"IMAGE_ONLY_BODY", "content", run};

}  // namespace ps::detect::rules

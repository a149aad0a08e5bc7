// HIDDEN_TEXT: the HTML carries text the reader cannot see (display:none, font-size:0, ...). Phishing and spam pad
// mails with invisible words to push filters' scores down; legitimate newsletters use it for a short preview line.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  size_t chars = 0;
  const core::HiddenText* first = nullptr;
  for (const auto& h : in.content.hidden_text) {
    size_t n = core::utf8_length(h.text);
    if (n < 2) continue;
    chars += n;
    if (!first) first = &h;
  }
  if (!first) return;
  core::Finding f = make_finding("HIDDEN_TEXT");
  f.params["reason"] = first->reason;
  f.params["chars"] = std::to_string(chars);
  int shown = 0;
  for (const auto& h : in.content.hidden_text) {
    if (core::utf8_length(h.text) < 2 || ++shown > 3) continue;
    core::Evidence e;
    e.part = h.part;
    e.excerpt = h.reason + ": " + h.text.substr(0, 120);
    core::sanitize_utf8(e.excerpt);
    f.evidence.push_back(e);
  }
  out.push_back(std::move(f));
}

extern const Rule kHiddenText{"HIDDEN_TEXT", "content", run};

}  // namespace ps::detect::rules

// ATTACHMENT_LOGIN_FORM: an attached HTML/SVG file asks for a password, or holds a form that posts to the web. Opened
// from disk it shows a login page that no link scanner saw, and sends what is typed to the attacker. Real services
// never mail their sign-in page as a file.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& file : in.content.html_files) {
    std::string action;
    for (const auto& l : in.content.links)
      if (l.part == file.part && (l.found_in == "form_action" || l.found_in == "script") && !l.host.empty()) {
        action = l.defanged;
        break;
      }
    if (file.password_inputs == 0 && (file.forms == 0 || action.empty())) continue;
    core::Finding f = make_finding("ATTACHMENT_LOGIN_FORM");
    f.params["file"] = file.filename;
    f.params["target"] = action.empty() ? "-" : action;
    core::Evidence e;
    e.part = file.part;
    e.excerpt = file.filename;
    f.evidence.push_back(std::move(e));
    for (const auto& l : in.content.links)
      if (l.part == file.part && l.defanged == action) f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
  }
}

extern const Rule kAttachmentLoginForm{"ATTACHMENT_LOGIN_FORM", "link", run};

}  // namespace ps::detect::rules

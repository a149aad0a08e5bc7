// GENERIC_GREETING: the recipient is addressed generically ("お客様", "Dear Customer"), not by name, although a
// real service knows its member's name.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {"お客様", "会員様", "ご利用者様", "利用者各位", "Dear Customer",
                                                   "Dear User", "Dear Member", "Dear Valued Customer"};
  // a greeting is where the mail addresses its reader: the first lines, not a footer
  std::string head = first_lines(in.content.text, 8);
  auto hits = find_phrases(head, phrases);
  if (hits.empty()) return;
  for (const auto& to : in.msg.to)
    if (!to.display.empty() && in.content.text.find(to.display) != std::string::npos) return;  // named
  core::Finding f = make_finding("GENERIC_GREETING");
  f.params["phrase"] = hits.front().phrase;
  f.evidence.push_back(text_evidence(in, hits.front()));
  out.push_back(std::move(f));
}

extern const Rule kGenericGreeting{"GENERIC_GREETING", "content", run};

}  // namespace ps::detect::rules

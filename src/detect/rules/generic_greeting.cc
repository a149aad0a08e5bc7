// GENERIC_GREETING: the recipient is addressed generically ("お客様", "Dear Customer"), not by name, although a
// real service knows its member's name.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  // a greeting is where the mail addresses its reader: the first lines, not a footer; a mail that names its reader
  // somewhere is not generic
  for (const auto& to : in.msg.to)
    if (!to.display.empty() && in.content.text.find(to.display) != std::string::npos) return;
  add_lure_finding(in, out, "GENERIC_GREETING", true);
}

extern const Rule kGenericGreeting{"GENERIC_GREETING", "content", run};

}  // namespace ps::detect::rules

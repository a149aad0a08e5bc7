// ABRUPT_APOLOGY: an apology standing alone near the top ("申し訳ございません") before anything has been said.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> apologies = {"申し訳ございません", "申し訳ありません", "大変申し訳",
                                                     "We apologize", "We are sorry"};
  // only the first few non-empty lines count as "abrupt"
  std::string head = first_lines(in.content.text, 4);
  auto hits = find_phrases(head, apologies);
  if (hits.empty()) return;
  core::Finding f = make_finding("ABRUPT_APOLOGY");
  f.params["phrase"] = hits.front().phrase;
  f.evidence.push_back(text_evidence(in, hits.front()));
  out.push_back(std::move(f));
}

extern const Rule kAbruptApology{"ABRUPT_APOLOGY", "content", run};

}  // namespace ps::detect::rules

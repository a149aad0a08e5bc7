// SPAM_CONTENT: the mail sells something nobody asked for: medication, loans and debt relief, insurance quotes, dating
// and adult content, casinos, work-at-home schemes, stock tips, or carries a bulk mailer's removal footer. Phrases in
// seven languages: data/lures.json (spam_offer). Two different phrases are needed (or one in the subject and one in
// the text): one word of an offer is in many a legitimate mail. With no lure story and no impersonation the verdict
// is spam, not phishing.
#include <set>
#include <vector>

#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  // different offers: a phrase inside another ("to be removed" in "to be removed from") or the HTML part saying what
  // the text says counts once
  std::set<std::string> phrases;
  std::vector<const core::LureHit*> counted;
  bool in_subject = false, in_text = false;
  for (const auto& l : in.lures) {
    if (l.category != "spam_offer") continue;
    bool overlaps = false;
    for (const auto* c : counted)
      if (c->where == l.where && l.begin_char < c->end_char && c->begin_char < l.end_char) overlaps = true;
    if (overlaps) continue;
    counted.push_back(&l);
    phrases.insert(l.phrase);
    (l.where == "subject" ? in_subject : in_text) = true;
  }
  if (phrases.size() < 2 && !(in_subject && in_text)) return;
  Findings tmp;
  add_lure_finding(in, tmp, "SPAM_CONTENT", false);
  if (tmp.empty()) return;
  tmp.front().params["count"] = std::to_string(phrases.size());
  out.push_back(std::move(tmp.front()));
}

extern const Rule kSpamContent{"SPAM_CONTENT", "content", run};

}  // namespace ps::detect::rules

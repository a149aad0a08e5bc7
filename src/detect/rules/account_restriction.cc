// ACCOUNT_RESTRICTION: the account is said to be (or about to be) restricted, suspended or locked.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {
      "利用制限", "ご利用制限", "制限される", "制限されます", "機能が制限", "停止されます", "停止いたします", "利用停止",
      "アカウントを停止", "凍結", "ロックされ", "ご利用いただけなくなる", "account suspended", "account has been suspended",
      "account will be suspended", "account has been locked", "limited access"};
  auto hits = find_phrases_in_body(in, phrases);
  auto subj = find_phrases(in.msg.subject, phrases);
  if (hits.empty() && subj.empty()) return;
  core::Finding f = make_finding("ACCOUNT_RESTRICTION");
  f.params["phrase"] = !subj.empty() ? subj.front().phrase : hits.front().phrase;
  if (!subj.empty()) f.evidence.push_back(header_evidence(in.msg, "Subject", subj.front().phrase));
  for (const auto& h : hits) f.evidence.push_back(text_evidence(in, h));
  out.push_back(std::move(f));
}

extern const Rule kAccountRestriction{"ACCOUNT_RESTRICTION", "content", run};

}  // namespace ps::detect::rules

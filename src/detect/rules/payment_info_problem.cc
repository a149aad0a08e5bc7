// PAYMENT_INFO_PROBLEM: a problem with payment information is the pretext ("お支払い情報が無効", "card expired").
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  static const std::vector<std::string> phrases = {
      "お支払い情報", "支払い情報", "お支払い方法", "クレジットカード", "カード情報", "決済", "有効期限", "セキュリティコード",
      "payment information", "payment method", "billing information", "credit card"};
  static const std::vector<std::string> problems = {"無効", "失効", "更新", "確認", "不備", "エラー", "invalid",
                                                    "expired", "update", "declined", "failed"};
  auto hits = find_phrases_in_body(in, phrases);
  auto subj = find_phrases(in.msg.subject, phrases);
  if (hits.empty() && subj.empty()) return;
  if (find_phrases(in.msg.subject, problems).empty() && find_phrases_in_body(in, problems).empty()) return;
  core::Finding f = make_finding("PAYMENT_INFO_PROBLEM");
  f.params["phrase"] = !subj.empty() ? subj.front().phrase : hits.front().phrase;
  if (!subj.empty()) f.evidence.push_back(header_evidence(in.msg, "Subject", subj.front().phrase));
  for (const auto& h : hits) f.evidence.push_back(text_evidence(in, h));
  out.push_back(std::move(f));
}

extern const Rule kPaymentInfoProblem{"PAYMENT_INFO_PROBLEM", "content", run};

}  // namespace ps::detect::rules

// NO_PHONE_NUMBER: a brand's customer notice names a support desk but gives no telephone number.
#include <regex>

#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand) return;
  // Japanese numbers (0120-xxx-xxx, 03-xxxx-xxxx, 050-...) and international ones (+81 ...)
  static const std::regex phone(R"((\+?\d{1,4}[-‐ ]?)?\(?0\d{1,4}\)?[-‐ ]\d{1,4}[-‐ ]\d{3,4}|\+\d{1,3}[ -]\d{1,4}[ -]\d{3,4}[ -]?\d{0,4})");
  if (std::regex_search(in.content.text, phone)) return;
  core::Finding f = make_finding("NO_PHONE_NUMBER");
  f.params["brand"] = in.brand->name_ja;
  f.params["brand_en"] = in.brand->name_en;
  auto desk = find_phrases(in.content.text, {"カスタマーセンター", "サポートセンター", "お問い合わせ", "ご不明点",
                                             "customer service", "support"});
  if (!desk.empty()) f.evidence.push_back(text_evidence(in, desk.front()));
  out.push_back(std::move(f));
}

extern const Rule kNoPhoneNumber{"NO_PHONE_NUMBER", "design", run};

}  // namespace ps::detect::rules

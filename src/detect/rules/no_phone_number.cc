// NO_PHONE_NUMBER: a brand's customer notice names a support desk but gives no telephone number.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

// A telephone number: at least 9 digits in groups separated by '-', ' ', '(' ')' or '‐', optionally after '+'
// (0120-123-456, 03-1234-5678, 050-2016-5000, +81 3 1234 5678). Full-width digits are folded first.
static bool has_phone_number(const std::string& text) {
  std::string t;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // U+FF10..U+FF19 (EF BC 90..99) full-width digits, U+FF0D full-width hyphen
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
      unsigned char d = static_cast<unsigned char>(text[i + 2]);
      if (d >= 0x90 && d <= 0x99) { t += static_cast<char>('0' + d - 0x90); i += 2; continue; }
      if (d == 0x8D) { t += '-'; i += 2; continue; }
    }
    t += static_cast<char>(c);
  }
  // A number starts with '+' (international, 10-13 digits) or '0' (domestic, 10-11 digits: 0120-123-456,
  // 03-1234-5678, 050-2016-5000); groups are separated by one '-', ' ', '(' or ')'. Dates and years do not start
  // with 0, so they do not count.
  for (size_t i = 0; i < t.size(); ++i) {
    bool digit_start = t[i] >= '0' && t[i] <= '9' && (i == 0 || !(t[i - 1] >= '0' && t[i - 1] <= '9'));
    if (!digit_start) continue;
    bool plus = i > 0 && t[i - 1] == '+';
    if (!plus && t[i] != '0') continue;
    int digits = 0, groups = 1;
    size_t j = i;
    while (j < t.size()) {
      char c = t[j];
      if (c >= '0' && c <= '9') {
        ++digits;
        ++j;
        continue;
      }
      bool sep = c == '-' || c == ' ' || c == '(' || c == ')';
      if (sep && j + 1 < t.size() && t[j + 1] >= '0' && t[j + 1] <= '9') {
        ++groups;
        ++j;
        continue;
      }
      break;
    }
    if ((plus && digits >= 10 && digits <= 13) || (!plus && digits >= 10 && digits <= 11 && groups <= 4)) return true;
    i = j;
  }
  return false;
}

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand) return;
  // only for brands whose genuine notices do carry a number (Japanese banks and card issuers do; Instagram, Google
  // or Microsoft notices do not): the catalog says which
  if (!in.brand->notice_phone.value_or(false)) return;
  if (has_phone_number(in.content.text)) return;
  core::Finding f = make_finding("NO_PHONE_NUMBER");
  f.params["brand"] = in.brand->name_ja;
  f.params["brand_en"] = in.brand->name_en;
  auto desk = find_phrases_in_body(in, {"カスタマーセンター", "サポートセンター", "お問い合わせ", "ご不明点",
                                             "customer service", "support"});
  if (!desk.empty()) f.evidence.push_back(text_evidence(in, desk.front()));
  else {
    core::Evidence e;
    e.part = in.content.text_part;
    e.excerpt = "no telephone number in the text";
    f.evidence.push_back(e);
  }
  out.push_back(std::move(f));
}

extern const Rule kNoPhoneNumber{"NO_PHONE_NUMBER", "design", run};

}  // namespace ps::detect::rules

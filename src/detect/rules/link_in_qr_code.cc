// LINK_IN_QR_CODE: an image in the mail holds a QR code with a link ("quishing"). The reader scans it with a phone,
// outside the mail client's link checks and the company's web filter; brands' notices link in text. A code that
// leads to the attributed brand's official domain is not a finding.
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& l : in.content.links) {
    if (l.found_in != "qr_code" || l.official) continue;
    core::Finding f = make_finding("LINK_IN_QR_CODE");
    f.params["url"] = l.defanged;
    f.params["image"] = l.attachment;
    f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
  }
}

extern const Rule kLinkInQrCode{"LINK_IN_QR_CODE", "link", run};

}  // namespace ps::detect::rules

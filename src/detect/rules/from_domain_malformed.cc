// FROM_DOMAIN_MALFORMED: the From address has no usable domain ("@correios", "user@", a domain without a dot or
// with characters no domain has): no real sender writes that, and no receiver can check it.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  const std::string& a = in.msg.from.address;
  if (a.empty()) return;
  size_t at = a.rfind('@');
  std::string domain = at == std::string::npos ? "" : a.substr(at + 1);
  while (!domain.empty() && domain.back() == '.') domain.pop_back();
  bool bad = at == std::string::npos || domain.empty() || domain.find('.') == std::string::npos;
  for (unsigned char c : domain)
    if (!(std::isalnum(c) || c == '-' || c == '.' || c >= 0x80 || c == '[' || c == ']' || c == ':')) bad = true;
  if (!bad || core::iequals(domain, "localhost")) return;
  core::Finding f = make_finding("FROM_DOMAIN_MALFORMED");
  f.params["address"] = a;
  f.evidence.push_back(header_evidence(in.msg, "From", a));
  out.push_back(std::move(f));
}

extern const Rule kFromDomainMalformed{"FROM_DOMAIN_MALFORMED", "sender", run};

}  // namespace ps::detect::rules

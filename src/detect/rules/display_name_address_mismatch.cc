// DISPLAY_NAME_ADDRESS_MISMATCH: the display name itself looks like an address ("support@amazon.co.jp") of another
// domain than the real From address: mail clients that show only the name show the fake address.
#include "core/domain.h"
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  // as a reader sees it: "customers@services\u073F.\u073Famzn.com" shows as customers@services.amzn.com
  const std::string disp = core::unmask(in.msg.from.display);
  auto at = disp.find('@');
  if (at == std::string::npos) return;
  size_t e = at + 1;
  while (e < disp.size() && (std::isalnum(static_cast<unsigned char>(disp[e])) || disp[e] == '.' || disp[e] == '-')) ++e;
  std::string shown = core::organisational_domain(disp.substr(at + 1, e - at - 1));
  std::string real = core::organisational_domain(core::address_domain(in.msg.from.address));
  if (shown.empty() || shown.find('.') == std::string::npos || real.empty() || shown == real) return;
  core::Finding f = make_finding("DISPLAY_NAME_ADDRESS_MISMATCH");
  f.params["display"] = disp;
  f.params["address"] = in.msg.from.address;
  f.evidence.push_back(header_evidence(in.msg, "From"));
  out.push_back(std::move(f));
}

extern const Rule kDisplayNameAddressMismatch{"DISPLAY_NAME_ADDRESS_MISMATCH", "sender", run};

}  // namespace ps::detect::rules

// OFFICIAL_SENDER_AUTHENTICATED: the From domain is one of the attributed brand's official domains and the receiving
// side authenticated it (a trusted DMARC pass, or SPF or DKIM passing for a domain aligned with From). Evidence for
// the mail, not against it: its weight is negative, like rspamd's DMARC_POLICY_ALLOW. Brands do send through
// click-tracking domains and image hosts of their mailing services, which the link and design rules flag; a forged
// sender cannot make the receiver's DMARC check pass for the brand's domain.
#include "detect/rule.h"
#include "detect/rules/auth_util.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.brand || !is_official_domain(*in.brand, in.content.sender_domain)) return;
  const core::AuthResult* dmarc = trusted_result(in.msg, "dmarc");
  bool dmarc_pass = dmarc && dmarc->result == "pass";
  if (dmarc && dmarc->result != "pass") return;  // a trusted DMARC failure outweighs the rest
  if (!dmarc_pass && !in.msg.alignment.pass()) return;
  core::Finding f = make_finding("OFFICIAL_SENDER_AUTHENTICATED");
  f.params["domain"] = in.content.sender_domain;
  f.params["brand"] = in.brand->name_ja;
  f.params["brand_en"] = in.brand->name_en;
  f.params["method"] = dmarc_pass ? "dmarc" : in.msg.alignment.dkim_aligned ? "dkim" : "spf";
  if (dmarc_pass) f.evidence.push_back(auth_evidence(in.msg, *dmarc));
  else f.evidence.push_back(header_evidence(in.msg, "Authentication-Results"));
  out.push_back(std::move(f));
}

extern const Rule kOfficialSenderAuthenticated{"OFFICIAL_SENDER_AUTHENTICATED", "sender", run};

}  // namespace ps::detect::rules

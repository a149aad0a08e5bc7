// RETURN_PATH_MISMATCH: the envelope sender (Return-Path) belongs to another organisation than From. Mailing
// services do this legitimately too, so it weighs little alone.
#include "core/domain.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (in.msg.return_path.empty()) return;
  std::string from = core::organisational_domain(core::address_domain(in.msg.from.address));
  std::string rp = core::organisational_domain(core::address_domain(in.msg.return_path));
  if (from.empty() || rp.empty() || from == rp) return;
  core::Finding f = make_finding("RETURN_PATH_MISMATCH");
  f.params["return_path"] = in.msg.return_path;
  f.params["from"] = in.msg.from.address;
  f.evidence.push_back(header_evidence(in.msg, "Return-Path"));
  out.push_back(std::move(f));
}

extern const Rule kReturnPathMismatch{"RETURN_PATH_MISMATCH", "sender", run};

}  // namespace ps::detect::rules

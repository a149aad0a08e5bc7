// SERVER_SPAM_TAG: the receiving server marked the subject ("[spam]", "***SPAM***"...); the spam-filter header
// that caused it is cited.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.msg.subject_tag) return;
  core::Finding f = make_finding("SERVER_SPAM_TAG");
  f.params["tag"] = *in.msg.subject_tag;
  std::string cause;
  for (const auto& h : in.msg.spam_headers) {
    if (!cause.empty()) cause += ", ";
    cause += h.name + ": " + h.value;
    f.evidence.push_back(header_evidence(in.msg, h.name, h.value));
  }
  f.params["cause"] = cause;
  f.evidence.insert(f.evidence.begin(), header_evidence(in.msg, "Subject", *in.msg.subject_tag));
  out.push_back(std::move(f));
}

extern const Rule kServerSpamTag{"SERVER_SPAM_TAG", "server", run};

}  // namespace ps::detect::rules

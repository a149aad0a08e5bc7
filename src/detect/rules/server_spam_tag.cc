// SERVER_SPAM_TAG: the receiving server marked the subject ("[spam]", "***SPAM***"...); the spam-filter header
// that caused it is cited.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  if (!in.msg.subject_tag) return;
  core::Finding f = make_finding("SERVER_SPAM_TAG");
  f.params["tag"] = *in.msg.subject_tag;
  // the spam-filter headers that classified the mail as spam explain the tag
  std::string cause;
  for (const auto& r : in.msg.spam) {
    if (!r.is_spam.value_or(false) || !r.trusted) continue;
    for (const auto& h : in.msg.spam_headers) {
      bool same_filter = false;
      for (const auto& o : in.msg.spam)
        if (o.filter == r.filter && core::iequals(o.header, h.name)) same_filter = true;
      if (!same_filter && !(r.filter == "SpamAssassin" && core::starts_with_icase(h.name, "X-Spam-"))) continue;
      if (cause.find(h.name + ":") != std::string::npos) continue;
      if (!cause.empty()) cause += "; ";
      cause += h.name + ": " + h.value;
      f.evidence.push_back(header_evidence(in.msg, h.name, h.value));
    }
  }
  f.params["cause"] = cause.empty() ? "-" : cause;
  f.evidence.insert(f.evidence.begin(), header_evidence(in.msg, "Subject", *in.msg.subject_tag));
  out.push_back(std::move(f));
}

extern const Rule kServerSpamTag{"SERVER_SPAM_TAG", "server", run};

}  // namespace ps::detect::rules

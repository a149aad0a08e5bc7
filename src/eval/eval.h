// Evaluation on a labelled set: NAME.eml with NAME.truth.json (and, when present, NAME.observations.json to replay).
// Each key of a truth file is one check; the figures are accuracies per kind of check and the verdict confusion
// matrix. Not a pipeline stage: it runs analyze() like any app and compares.
#pragma once
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "pipeline/pipeline.h"

namespace ps::eval {

struct Check {
  std::string kind;  // verdict | brand | official_domain | subject | from_display | from_address | sender_ip |
                     // sender_helo | received_at | url | url_anchor_text | url_registrable_domain | body_text
  bool passed = false;
  std::string expected;
  std::string got;
};

struct CaseResult {
  std::string name;
  std::string truth_verdict;      // phishing | legitimate | spam | "" (no verdict in the truth file)
  std::string predicted_verdict;  // phishing | suspicious | spam | clean
  int score = 0;
  std::vector<Check> checks;
  std::string error;  // the case could not be read (counts as one failed check)
};

// The verdict a truth label asks for: phishing -> phishing, legitimate -> clean, spam -> spam.
std::string expected_level(const std::string& truth_verdict);

// Compares one analysis with a truth file's JSON text. Unknown keys are an error (a typo must not pass silently).
core::Result<std::vector<Check>> compare(const core::Analysis& a, const std::string& truth_json);

// Every NAME.eml with a NAME.truth.json in `dir`, sorted by name.
core::Result<std::vector<CaseResult>> run(const std::string& dir, const pipeline::Resources& res,
                                          const pipeline::Options& options);

// Checks passed and failed over all cases (a case that could not be read is one failed check).
std::pair<size_t, size_t> totals(const std::vector<CaseResult>& cases);

// The printed figures; the last line is "N passed, N failed" over all checks.
std::string format_summary(const std::vector<CaseResult>& cases, bool list_failures);

}  // namespace ps::eval

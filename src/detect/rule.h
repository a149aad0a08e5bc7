// A detection rule: a stable UPPER_SNAKE id and a function that looks at the analysis and adds findings.
// One rule per file in rules/, listed explicitly in registry.cc. Weights and severities live in data/rules.json.
#pragma once
#include <string>
#include <vector>

#include "core/model.h"
#include "core/platforms.h"
#include "core/text.h"

namespace ps::detect {

struct RuleInput {
  const core::Message& msg;
  const core::Content& content;
  const std::optional<core::BrandRef>& brand;
  const core::Enrichment& enrichment;
  core::TextIndex body;  // content.text lower-cased once, with its byte pairs, for all rules
  const std::vector<core::LureHit>& lures;      // every lure phrase found (data/lures.json), from extract
  const core::Platforms* platforms = nullptr;   // shared platforms (data/platforms.json)
};

using Findings = std::vector<core::Finding>;

struct Rule {
  const char* id;
  const char* category;  // sender | link | content | design | site | correlation | server
  void (*run)(const RuleInput&, Findings&);
};

// Every registered rule, in the order they run.
const std::vector<Rule>& registry();

// ---- helpers shared by rules
struct PhraseHit {
  std::string phrase;
  size_t begin_char = 0;  // code-point offsets in the text
  size_t end_char = 0;
};
// First occurrence of each phrase found in `text` (ASCII phrases case-insensitively).
std::vector<PhraseHit> find_phrases(const std::string& text, const std::vector<std::string>& phrases);
// The same over the main text, with its lower-cased copy from RuleInput.
std::vector<PhraseHit> find_phrases_in_body(const RuleInput& in, const std::vector<std::string>& phrases);
// The first `n` non-empty lines of `text` (with the empty lines between them), where a mail greets its reader.
std::string first_lines(const std::string& text, int n);
core::Evidence text_evidence(const RuleInput& in, const PhraseHit& hit);
// The rule shape most content cues share: when any of `phrases` is in the main text, one finding `id` with the first
// phrase as {phrase} and every hit (or only the first) as evidence.
void add_phrase_finding(const RuleInput& in, Findings& out, const char* id, const std::vector<std::string>& phrases,
                        bool every_hit = true);
// The rule shape of the lure categories (data/lures.json): one finding `id` when any phrase of a category that
// feeds `id` was found; the first phrase as {phrase}, every hit as evidence. `head_only`: only hits in the first
// lines of the main text (where a mail greets its reader) and in the subject.
void add_lure_finding(const RuleInput& in, Findings& out, const char* id, bool head_only = false);
core::Evidence header_evidence(const core::Message& msg, const std::string& name, const std::string& excerpt = "");
// The header field at `header_index` (name, index, byte range), with `excerpt` (its value when empty).
core::Evidence header_evidence_at(const core::Message& msg, int header_index, const std::string& excerpt = "");
// Where a link is: its part and its defanged form.
core::Evidence link_evidence(const core::Link& link);
core::Finding make_finding(const char* id);
bool is_official_domain(const core::BrandRef& brand, const std::string& registrable_domain);
// A link the reader can follow (not an image or a CSS resource the mail loads).
// links a reader follows (or a page opens by itself); not images, style sheets or script files it loads
inline bool is_clickable(const core::Link& l) {
  return l.found_in != "img" && l.found_in != "css" && l.found_in != "script_src";
}

}  // namespace ps::detect

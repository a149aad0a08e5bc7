// HOMOGLYPH_TEXT: words that mix Latin letters with Cyrillic or Greek look-alikes ("Аррle" with a Cyrillic А and р,
// "Ρаypal"): they read as the brand or the word to a person and as something else to a filter. Real mail in Russian
// or Greek writes whole words in its own script; a Latin word with a few foreign letters inside is written to deceive.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  auto subject = core::mixed_script_words(in.msg.subject);
  auto display = core::mixed_script_words(in.msg.from.display);
  auto body = core::mixed_script_words(in.content.text);
  if (in.content.text.empty() || body.empty()) body = core::mixed_script_words(in.content.html_text);
  // one odd word in a long text may be a typing slip of a bilingual writer; in the subject or the name it is not
  if (subject.empty() && display.empty() && body.size() < 2) return;
  core::Finding f = make_finding("HOMOGLYPH_TEXT");
  const std::string& first = !subject.empty() ? subject.front() : !display.empty() ? display.front() : body.front();
  std::u32string folded = core::to_code_points(first);
  core::fold_lookalikes(folded);
  f.params["word"] = first;
  f.params["reads_as"] = core::from_code_points(folded);
  f.params["count"] = std::to_string(subject.size() + display.size() + body.size());
  if (!subject.empty()) f.evidence.push_back(header_evidence(in.msg, "Subject"));
  if (!display.empty()) f.evidence.push_back(header_evidence(in.msg, "From"));
  if (!body.empty()) {
    core::Evidence e;
    e.part = in.content.text_part;
    e.excerpt = body.front();
    f.evidence.push_back(e);
  }
  out.push_back(std::move(f));
}

extern const Rule kHomoglyphText{"HOMOGLYPH_TEXT", "content", run};

}  // namespace ps::detect::rules

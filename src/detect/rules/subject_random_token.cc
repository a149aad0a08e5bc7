// SUBJECT_RANDOM_TOKEN: the subject carries a random token ("Notificação Emitida - Zi9yvh51JBhF", "... cadeaukaarten!
// .AVECY", "Save up to 75% on Term Life...          LEKOT"): bulk senders vary each copy so that filters counting
// identical subjects do not see a campaign. People do not write such strings; ticket and commit numbers are digits or
// lower-case hex and are not padded out with spaces.
#include <cctype>

#include "detect/rule.h"

namespace ps::detect::rules {

namespace {

bool mixed_random(const std::string& t) {
  int up = 0, lo = 0, dg = 0, up_pairs = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (std::isupper(c)) {
      ++up;
      if (i > 0 && std::isupper(static_cast<unsigned char>(t[i - 1]))) ++up_pairs;
    } else if (std::islower(c)) {
      ++lo;
    } else if (std::isdigit(c)) {
      ++dg;
    }
  }
  // both cases and digits; with one digit only, capitals side by side as well (a CamelCase name with a number in
  // it, "Mark2CurSeen", is a word)
  return up >= 2 && lo >= 2 && (dg >= 2 || (dg == 1 && t.size() >= 12 && up_pairs >= 2));
}

// The token that makes the subject look generated, or "".
std::string random_token(const std::string& s) {
  // 1. a long run of letters and digits of both cases with digits
  for (size_t i = 0; i < s.size();) {
    if (!std::isalnum(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
    std::string t = s.substr(i, j - i);
    if (t.size() >= 10 && t.size() <= 40 && mixed_random(t)) return t;
    i = j;
  }
  size_t end = s.size();
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) --end;
  size_t start = end;
  while (start > 0 && s[start - 1] != ' ' && s[start - 1] != '\t') --start;
  if (start == end || end - start > 20) return "";
  std::string last = s.substr(start, end - start);
  // 2. a last word pushed away from the subject by a run of blanks
  size_t blanks = 0;
  for (size_t k = start; k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'); --k) ++blanks;
  if (blanks >= 6 && blanks < start) return last;
  // 3. a tag of letters glued on after a dot or a hash, after a tab or blanks, or mixed-case after a dash
  size_t letters = 0;
  while (letters < last.size() && std::isalpha(static_cast<unsigned char>(last[last.size() - 1 - letters]))) ++letters;
  if (letters < 4 || letters > 12) return "";
  std::string tag = last.substr(last.size() - letters);
  size_t up = 0, lo = 0;
  for (char c : tag) (std::isupper(static_cast<unsigned char>(c)) ? up : lo) += 1;
  bool all_caps = lo == 0, mixed = up >= 2 && lo >= 1;
  if (!all_caps && !mixed) return "";
  char before = last.size() > letters ? last[last.size() - letters - 1] : 0;
  bool glued = before == '.' || before == '#';
  bool tabbed = before == 0 && start > 0 && (s[start - 1] == '\t' || blanks >= 3);
  bool dashed = before == 0 && start >= 3 && s.compare(start - 3, 3, " - ") == 0 && mixed;
  return glued || tabbed || dashed ? tag : "";
}

}  // namespace

static void run(const RuleInput& in, Findings& out) {
  std::string t = random_token(in.msg.subject);
  if (t.empty()) return;
  core::Finding f = make_finding("SUBJECT_RANDOM_TOKEN");
  f.params["token"] = t;
  f.evidence.push_back(header_evidence(in.msg, "Subject", t));
  out.push_back(std::move(f));
}

extern const Rule kSubjectRandomToken{"SUBJECT_RANDOM_TOKEN", "content", run};

}  // namespace ps::detect::rules

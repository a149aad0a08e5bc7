// ZERO_WIDTH_CHARS: invisible characters (zero-width space, soft hyphen, word joiner...) inside the subject or the
// text split words so that filters looking for "アカウント" or "password" do not see them.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

namespace {
// U+200B ZWSP, U+200C ZWNJ, U+2060 WJ, U+2061..U+2064 invisible operators, U+FEFF inside text, U+00AD soft hyphen,
// U+180E, U+034F and the supplementary variation selectors (U+E0100..U+E01EF, no font draws them after a letter).
// U+200D (ZWJ) and U+FE0F are left out: emoji sequences use them.
bool invisible(char32_t c) {
  return c == 0x200B || c == 0x200C || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x00AD || c == 0x180E ||
         c == 0x034F || (c >= 0xE0100 && c <= 0xE01EF);  // grapheme joiner, variation selectors 17-256
}

struct Scan {
  size_t count = 0;
  size_t first_char = 0;
};

Scan scan(const std::string& s) {
  Scan r;
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = core::utf8_sequence_length(s, i);
    if (len == 0) { ++i; ++chars; continue; }
    char32_t c = core::utf8_code_point(s, i, len);
    // a byte-order mark at the very start is an encoding artefact, not an invisible character
    if (invisible(c) && !(c == 0xFEFF && i == 0)) {
      if (r.count++ == 0) r.first_char = chars;
    }
    i += len;
    ++chars;
  }
  return r;
}
}  // namespace

static void run(const RuleInput& in, Findings& out) {
  Scan subject = scan(in.msg.subject);
  Scan display = scan(in.msg.from.display);
  Scan body = scan(in.content.text);
  // one stray character in a long text is common in copy-pasted legitimate mail; in a subject or name it is not
  if (subject.count == 0 && display.count == 0 && body.count < 3) return;
  core::Finding f = make_finding("ZERO_WIDTH_CHARS");
  f.params["count"] = std::to_string(subject.count + display.count + body.count);
  if (subject.count) f.evidence.push_back(header_evidence(in.msg, "Subject"));
  if (display.count) f.evidence.push_back(header_evidence(in.msg, "From"));
  if (body.count) {
    core::Evidence e;
    e.part = in.content.text_part;
    e.text_chars = core::ByteRange{body.first_char, body.first_char + 1};
    e.excerpt = std::to_string(body.count) + " invisible characters in the text";
    f.evidence.push_back(e);
  }
  out.push_back(std::move(f));
}

extern const Rule kZeroWidthChars{"ZERO_WIDTH_CHARS", "content", run};

}  // namespace ps::detect::rules

#include "detect/rule.h"

#include <set>

#include "core/text.h"

namespace ps::detect {

namespace {
std::vector<PhraseHit> find_in(const std::string& text, const core::TextIndex& index, const std::vector<std::string>& phrases) {
  std::vector<PhraseHit> hits;
  const std::string& lower = index.lower();
  for (const auto& p : phrases) {
    bool has_upper = false;
    for (char c : p)
      if (c >= 'A' && c <= 'Z') has_upper = true;
    std::string lowered = has_upper ? core::to_lower_ascii(p) : std::string();
    std::string_view pl = has_upper ? std::string_view(lowered) : std::string_view(p);  // Japanese phrases: as they are
    if (!index.may_contain(pl)) continue;
    size_t pos = lower.find(pl);
    if (pos == std::string::npos) continue;
    PhraseHit h;
    h.phrase = text.substr(pos, p.size());
    h.begin_char = core::utf8_index_of_byte(text, pos);
    h.end_char = h.begin_char + core::utf8_length(h.phrase);
    hits.push_back(std::move(h));
  }
  return hits;
}
}  // namespace

std::vector<PhraseHit> find_phrases(const std::string& text, const std::vector<std::string>& phrases) {
  return find_in(text, core::TextIndex(text), phrases);
}

std::vector<PhraseHit> find_phrases_in_body(const RuleInput& in, const std::vector<std::string>& phrases) {
  return find_in(in.content.text, in.body, phrases);
}

std::string first_lines(const std::string& text, int n) {
  std::string head;
  int lines = 0;
  for (const auto& l : core::split(text, '\n')) {
    head += l + "\n";
    if (!core::trim(l).empty() && ++lines >= n) break;
  }
  return head;
}

core::Evidence text_evidence(const RuleInput& in, const PhraseHit& hit) {
  core::Evidence e;
  e.part = in.content.text_part;
  e.text_chars = core::ByteRange{hit.begin_char, hit.end_char};
  e.excerpt = hit.phrase;
  return e;
}

void add_phrase_finding(const RuleInput& in, Findings& out, const char* id, const std::vector<std::string>& phrases,
                        bool every_hit) {
  auto hits = find_phrases_in_body(in, phrases);
  if (hits.empty()) return;
  core::Finding f = make_finding(id);
  f.params["phrase"] = hits.front().phrase;
  for (const auto& h : hits) {
    f.evidence.push_back(text_evidence(in, h));
    if (!every_hit) break;
  }
  out.push_back(std::move(f));
}

core::Evidence header_evidence_at(const core::Message& msg, int header_index, const std::string& excerpt) {
  core::Evidence e;
  if (header_index < 0 || header_index >= static_cast<int>(msg.headers.size())) return e;
  const core::Header& h = msg.headers[header_index];
  e.header = h.name;
  e.header_index = header_index;
  e.bytes = core::ByteRange{h.offset, h.offset + h.length};
  e.excerpt = excerpt.empty() ? h.value : excerpt;
  if (e.excerpt.size() > 200) e.excerpt = e.excerpt.substr(0, 200);
  core::sanitize_utf8(e.excerpt);
  return e;
}

core::Evidence header_evidence(const core::Message& msg, const std::string& name, const std::string& excerpt) {
  core::Evidence e;
  for (size_t i = 0; i < msg.headers.size(); ++i) {
    if (core::iequals(msg.headers[i].name, name)) {
      e = header_evidence_at(msg, static_cast<int>(i), excerpt);
      break;
    }
  }
  e.header = name;
  return e;
}

core::Evidence link_evidence(const core::Link& link) {
  core::Evidence e;
  e.part = link.part;
  e.part_bytes = link.part_bytes;
  e.excerpt = link.defanged;
  return e;
}

core::Finding make_finding(const char* id) {
  core::Finding f;
  f.id = id;
  return f;
}

bool is_official_domain(const core::BrandRef& brand, const std::string& domain) {
  for (const auto& d : brand.official_domains)
    if (core::iequals(d, domain)) return true;
  return false;
}

namespace {
std::string chars_of(const std::string& text, size_t begin, size_t end) {
  size_t i = 0, c = 0, b = std::string::npos;
  while (i < text.size() && c < end) {
    if (c == begin) b = i;
    size_t len = core::utf8_sequence_length(text, i);
    i += len ? len : 1;
    ++c;
  }
  if (b == std::string::npos) return "";
  return text.substr(b, i - b);
}
}  // namespace

void add_lure_finding(const RuleInput& in, Findings& out, const char* id, bool head_only) {
  size_t head_chars = head_only ? core::utf8_length(first_lines(in.content.text, 8)) : 0;
  core::Finding f = make_finding(id);
  std::set<std::string> body_phrases;  // the HTML alternative says what the plain part says: cited once
  for (const auto& l : in.lures)
    if (l.rule == id && l.where == "body") body_phrases.insert(l.phrase);
  bool subject_cited = false;
  for (const auto& l : in.lures) {
    if (l.rule != id) continue;
    std::string where = l.where;
    if (head_only && !(where == "subject" || (where == "body" && l.begin_char < head_chars))) continue;
    if (where == "html" && body_phrases.count(l.phrase)) continue;
    if (where == "subject" && subject_cited) continue;
    if (where == "subject") subject_cited = true;
    if (where == "subject") {
      std::string shown = chars_of(in.msg.subject, l.begin_char, l.end_char);
      f.evidence.push_back(header_evidence(in.msg, "Subject", shown.empty() ? l.phrase : shown));
      if (!f.params.count("phrase")) f.params["phrase"] = shown.empty() ? l.phrase : shown;
    } else if (where == "body") {
      PhraseHit h;
      h.phrase = chars_of(in.content.text, l.begin_char, l.end_char);
      if (h.phrase.empty()) h.phrase = l.phrase;
      h.begin_char = l.begin_char;
      h.end_char = l.end_char;
      f.evidence.push_back(text_evidence(in, h));
      if (!f.params.count("phrase")) f.params["phrase"] = h.phrase;
    } else {
      core::Evidence e;
      e.part = in.content.html_part;
      e.excerpt = chars_of(in.content.html_text, l.begin_char, l.end_char);
      if (e.excerpt.empty()) e.excerpt = l.phrase;
      f.evidence.push_back(e);
      if (!f.params.count("phrase")) f.params["phrase"] = e.excerpt;
    }
    if (f.evidence.size() >= 10) break;
  }
  if (f.evidence.empty()) return;
  out.push_back(std::move(f));
}

}  // namespace ps::detect


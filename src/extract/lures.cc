#include "extract/lures.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/text.h"

namespace ps::extract {

namespace {

// Characters that hide inside words to break filters: zero-width and invisible operators, variation selectors,
// soft hyphens, the word joiner and the BOM.
bool invisible(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x00AD ||
         c == 0xFEFF || c == 0x180E || c == 0x034F || (c >= 0xE0100 && c <= 0xE01EF);
}
bool space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0xA0 || c == 0x3000 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x1680;
}

// Is the character ending at byte `end` (exclusive) / starting at `begin` a letter or digit of a word?
char32_t cp_before(const std::string& s, size_t end) {
  if (end == 0) return 0;
  size_t b = end - 1;
  while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
  size_t len = core::utf8_sequence_length(s, b);
  return len ? core::utf8_code_point(s, b, len) : 0;
}
char32_t cp_at(const std::string& s, size_t begin) {
  if (begin >= s.size()) return 0;
  size_t len = core::utf8_sequence_length(s, begin);
  return len ? core::utf8_code_point(s, begin, len) : 0;
}
bool word_char(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x370 && c <= 0x52F);
}

}  // namespace

NormalisedText normalise_for_matching(std::string_view original) {
  // 1. character references decoded, invisible characters and combining accents out, accents off Latin letters,
  // Cyrillic and Greek look-alikes inside Latin words as Latin ("vérifiez", "Аррle"), white space as single
  // spaces; the byte map of the result
  std::u32string cps;
  std::vector<uint32_t> cp_src;
  cps.reserve(original.size());
  uint32_t ci = 0;
  bool last_space = true;
  for (size_t i = 0; i < original.size(); ++ci) {
    size_t len = core::utf8_sequence_length(original, i);
    char32_t c = len ? core::utf8_code_point(original, i, len) : 0xFFFD;
    size_t ref = 0;
    uint32_t at = ci;
    if (c == '&') {
      if (char32_t r = core::html_entity_at(original, i, &ref)) c = r, len = ref, ci += static_cast<uint32_t>(ref - 1);
    }
    i += len ? len : 1;
    if (invisible(c) || (c >= 0x300 && c <= 0x36F)) continue;
    if (space(c)) {
      if (!last_space) {
        cps += U' ';
        cp_src.push_back(at);
      }
      last_space = true;
      continue;
    }
    last_space = false;
    cps += core::strip_diacritic(c);
    cp_src.push_back(at);
  }
  core::fold_lookalikes(cps);
  std::string pre;
  std::vector<uint32_t> pre_char;
  pre.reserve(cps.size());
  for (size_t k = 0; k < cps.size(); ++k) {
    core::append_utf8(pre, cps[k]);
    pre_char.resize(pre.size(), cp_src[k]);
  }
  NormalisedText out;
  // 2. NFKC with case folding, with ICU's record of what it changed (to map back)
  UErrorCode e = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(e);
  if (U_FAILURE(e)) {
    out.text = core::to_lower_ascii(pre);
    out.source_char = pre_char;
    return out;
  }
  icu::Edits edits;
  icu::StringByteSink<std::string> sink(&out.text);
  nfkc->normalizeUTF8(0, icu::StringPiece(pre.data(), static_cast<int32_t>(pre.size())), sink, &edits, e);
  if (U_FAILURE(e)) {
    out.text = core::to_lower_ascii(pre);
    out.source_char = pre_char;
    return out;
  }
  out.source_char.resize(out.text.size(), 0);
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(e)) {
    int32_t src = it.sourceIndex(), dst = it.destinationIndex(), dlen = it.newLength(), slen = it.oldLength();
    for (int32_t k = 0; k < dlen && dst + k < static_cast<int32_t>(out.source_char.size()); ++k) {
      int32_t s = it.hasChange() ? src : src + std::min(k, slen - 1);
      out.source_char[static_cast<size_t>(dst + k)] =
          s >= 0 && static_cast<size_t>(s) < pre_char.size() ? pre_char[static_cast<size_t>(s)] : 0;
    }
  }
  return out;
}

core::Result<LureCatalog> LureCatalog::parse(const std::string& text, const std::string& where) {
  using nlohmann::json;
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("categories") || !j.contains("phrases") || !j["phrases"].is_object())
    return core::Error{"not a lure file (expected {\"categories\": {...}, \"phrases\": {...}})", where};
  LureCatalog c;
  for (auto it = j["categories"].begin(); it != j["categories"].end(); ++it) {
    if (!it.value().is_object() || !it.value().contains("rule") || !it.value()["rule"].is_string())
      return core::Error{"category " + it.key() + " names no rule", where};
    c.rules_[it.key()] = it.value()["rule"].get<std::string>();
  }
  auto ac = std::make_shared<core::AhoCorasick>();
  for (auto lang = j["phrases"].begin(); lang != j["phrases"].end(); ++lang) {
    if (!lang.value().is_object()) return core::Error{"phrases of " + lang.key() + " must be an object", where};
    for (auto cat = lang.value().begin(); cat != lang.value().end(); ++cat) {
      if (!c.rules_.count(cat.key())) return core::Error{"phrases of an unknown category " + cat.key(), where};
      if (!cat.value().is_array()) return core::Error{lang.key() + "/" + cat.key() + " must be a list", where};
      for (const auto& p : cat.value()) {
        if (!p.is_string()) return core::Error{lang.key() + "/" + cat.key() + ": phrases are strings", where};
        Phrase ph;
        ph.category = cat.key();
        ph.lang = lang.key();
        ph.text = p.get<std::string>();
        ph.word_bounded = ph.lang != "ja" && ph.lang != "zh";
        std::string norm = normalise_for_matching(ph.text).text;
        for (size_t start = 0;;) {
          size_t star = norm.find(" * ", start);
          ph.parts.push_back(core::trim(norm.substr(start, star == std::string::npos ? std::string::npos : star - start)));
          if (star == std::string::npos) break;
          start = star + 3;
        }
        if (ph.parts.empty() || ph.parts.front().empty()) continue;
        ac->add(ph.parts.front(), static_cast<uint32_t>(c.phrases_.size()));
        c.phrases_.push_back(std::move(ph));
      }
    }
  }
  ac->build();
  c.first_parts_ = ac;
  return c;
}

core::Result<LureCatalog> LureCatalog::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open lure phrases", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

std::vector<LureHit> LureCatalog::find(std::string_view original,
                                      const std::vector<std::pair<size_t, size_t>>* skip) const {
  std::vector<LureHit> out;
  if (original.empty() || !first_parts_) return out;
  NormalisedText n = normalise_for_matching(original);
  const std::string& t = n.text;
  std::set<uint32_t> done;
  for (const auto& m : first_parts_->find_all(t)) {
    if (done.count(m.id)) continue;
    const Phrase& p = phrases_[m.id];
    if (p.word_bounded && (word_char(cp_before(t, m.begin)) || (p.parts.size() == 1 && word_char(cp_at(t, m.end)))))
      continue;
    size_t end = m.end;
    bool ok = true;
    for (size_t k = 1; k < p.parts.size() && ok; ++k) {
      // 0 to 3 words, then the next part
      ok = false;
      size_t pos = end;
      for (int words = 0; words <= 3; ++words) {
        if (pos < t.size() && t[pos] == ' ') ++pos;
        const std::string& part = p.parts[k];
        if (t.compare(pos, part.size(), part) == 0 &&
            (!p.word_bounded || k + 1 < p.parts.size() || !word_char(cp_at(t, pos + part.size())))) {
          end = pos + part.size();
          ok = true;
          break;
        }
        size_t sp = t.find(' ', pos);
        if (sp == std::string::npos || sp - pos > 40) break;
        pos = sp;
      }
    }
    if (!ok) continue;
    if (skip) {
      size_t at = n.source_char.empty() ? 0 : n.source_char[std::min(m.begin, n.source_char.size() - 1)];
      auto it = std::upper_bound(skip->begin(), skip->end(), std::make_pair(at, SIZE_MAX));
      if (it != skip->begin() && std::prev(it)->first <= at && at < std::prev(it)->second) continue;
    }
    done.insert(m.id);
    LureHit h;
    h.category = p.category;
    h.rule = rules_.at(p.category);
    h.lang = p.lang;
    h.phrase = p.text;
    h.begin_char = n.source_char.empty() ? 0 : n.source_char[std::min(m.begin, n.source_char.size() - 1)];
    h.end_char = n.source_char.empty() ? 0 : n.source_char[std::min(end - 1, n.source_char.size() - 1)] + 1;
    out.push_back(std::move(h));
    if (out.size() >= 200) break;
  }
  return out;
}

namespace {

// The code-point ranges of the lines quoted from another mail ("> ..." in a reply).
std::vector<std::pair<size_t, size_t>> quoted_lines(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t cp = 0, line_start = 0;
  bool at_start = true, quoted = false;
  for (size_t i = 0; i <= text.size();) {
    if (i == text.size() || text[i] == '\n') {
      if (quoted) out.push_back({line_start, cp});
      if (i == text.size()) break;
      ++i, ++cp;
      line_start = cp, at_start = true, quoted = false;
      continue;
    }
    if (at_start && text[i] != ' ' && text[i] != '\t') {
      quoted = text[i] == '>';
      at_start = false;
    }
    size_t len = core::utf8_sequence_length(text, i);
    i += len ? len : 1;
    ++cp;
  }
  return out;
}

}  // namespace

void LureCatalog::find_in(const core::Message& msg, core::Content& content) const {
  content.lures.clear();
  auto add = [&](std::string_view text, const char* where) {
    // words quoted from an earlier mail are the other writer's, not this mail's story
    auto quoted = quoted_lines(text);
    for (auto& h : find(text, &quoted)) {
      h.where = where;
      content.lures.push_back(std::move(h));
    }
  };
  add(msg.subject, "subject");
  add(content.text, "body");
  if (!content.html_text.empty()) add(content.html_text, "html");
}

}  // namespace ps::extract

#include "extract/lookalike.h"

#include <unicode/uspoof.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "core/domain.h"
#include "core/text.h"

namespace ps::extract {

size_t edit_distance(const std::string& a, const std::string& b) {
  // optimal string alignment distance (adjacent transpositions count one), three rows
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string confusable_skeleton(const std::string& utf8) {
  static std::once_flag once;
  static USpoofChecker* checker = nullptr;
  std::call_once(once, [] {
    UErrorCode e = U_ZERO_ERROR;
    checker = uspoof_open(&e);
    if (U_FAILURE(e)) checker = nullptr;
  });
  if (!checker || utf8.size() > 1024) return "";
  UErrorCode e = U_ZERO_ERROR;
  char buf[4096];
  int32_t n = uspoof_getSkeletonUTF8(checker, 0, utf8.c_str(), static_cast<int32_t>(utf8.size()), buf, sizeof buf, &e);
  if (U_FAILURE(e) || n < 0) return "";
  return core::to_lower_ascii(std::string(buf, static_cast<size_t>(n)));
}

namespace {

bool confusable_pair(char a, char b) {
  static const char* groups[] = {"0o", "1li", "5s", "3e", "8b", "9gq", "uv", "il", "ce", "mn", "ij"};
  for (const char* g : groups)
    if (std::strchr(g, a) && std::strchr(g, b)) return true;
  return false;
}

}  // namespace

bool imitation_edit(const std::string& a, const std::string& o) {
  size_t i = 0;
  while (i < a.size() && i < o.size() && a[i] == o[i]) ++i;
  if (a.size() == o.size()) {
    if (i >= a.size()) return false;
    // two neighbours swapped ("paypla", "amzaon")
    if (i + 1 < a.size() && a[i] == o[i + 1] && a[i + 1] == o[i] && a.compare(i + 2, std::string::npos, o, i + 2) == 0)
      return o.size() >= 6 || i > 0;
    if (a.compare(i + 1, std::string::npos, o, i + 1) != 0) return false;  // more than one edit
    // a letter for one that looks like it ("micros0ft", "paypai"), or any other inside a long name
    return confusable_pair(a[i], o[i]) || (o.size() >= 7 && i > 0);
  }
  if (a.size() == o.size() + 1) {
    if (a.compare(i + 1, std::string::npos, o, i) != 0) return false;
    char c = a[i];
    // a doubled letter or a hyphen inside ("paypall", "amazoon", "pay-pal")
    if ((i > 0 && a[i - 1] == c) || (i + 1 < a.size() && a[i + 1] == c)) return true;
    if (c == '-' && i > 0 && i < o.size()) return true;
    // a letter added at an end makes another word ("jdigital", "applet"); inside a long name it is a slip
    return o.size() >= 7 && i > 0 && i < o.size();
  }
  if (a.size() + 1 == o.size()) {
    if (a.compare(i, std::string::npos, o, i + 1) != 0) return false;
    // a letter left out inside the name ("amazn", "paypl"), not at its ends
    return o.size() >= 6 && i > 0 && i + 1 < o.size();
  }
  // two edits: only long names, and the first letter kept
  return o.size() >= 10 && !a.empty() && a[0] == o[0];
}

std::string domain_label(const std::string& domain) {
  std::string suffix = core::public_suffix(domain);
  if (suffix.empty() || suffix.size() + 1 >= domain.size()) return domain.substr(0, domain.find('.'));
  return domain.substr(0, domain.size() - suffix.size() - 1);
}

std::optional<Lookalike> find_lookalike(const std::string& reg, const std::string& unicode_reg, const BrandCatalog& catalog) {
  if (reg.empty() || !core::has_known_suffix(reg)) return std::nullopt;  // "yahoo.comm" is a typo, not a domain
  // a domain some brand owns (its site, its CDN) imitates no other: yahoo.com is not a TLD swap of yahoo.co.jp
  if (catalog.owner_of(reg, reg)) return std::nullopt;
  const auto& brands = catalog.brands();
  std::string label = domain_label(reg);
  std::string skeleton = confusable_skeleton(unicode_reg.empty() ? reg : unicode_reg);
  if (!skeleton.empty())
    if (const auto* same = catalog.same_skeleton(skeleton))
      for (const auto& e : *same) {
        const auto& b = brands[e.brand];
        const std::string& official = b.official_domains[e.domain];
        if ((unicode_reg.empty() ? reg : unicode_reg) != official) return Lookalike{&b, official, "HOMOGLYPH"};
      }
  if (const auto* same = catalog.same_label(label); same && !same->empty()) {
    const auto& e = same->front();
    return Lookalike{&brands[e.brand], brands[e.brand].official_domains[e.domain], "TLD_SWAP"};
  }
  if (label.size() < 4) return std::nullopt;
  std::optional<Lookalike> best;
  size_t best_distance = SIZE_MAX;
  for (size_t n = label.size() > 2 ? label.size() - 2 : 0; n <= label.size() + 2; ++n)
    for (const auto& e : catalog.labels_of_length(n)) {
      const auto& b = brands[e.brand];
      const std::string& ol = b.official_labels[e.domain];
      if (ol.size() < 5) continue;
      size_t allowed = ol.size() >= 9 ? 2 : 1;
      size_t longer = std::max(label.size(), ol.size()), shorter = std::min(label.size(), ol.size());
      if (longer - shorter > allowed) continue;  // cannot be within the distance
      size_t d = edit_distance(label, ol);
      if (d <= allowed && imitation_edit(label, ol) && (d < best_distance || (d == best_distance && best && best->brand > &b))) {
        best = Lookalike{&b, b.official_domains[e.domain], "TYPOSQUAT"};
        best_distance = d;
      }
    }
  return best;
}

}  // namespace ps::extract

#include "extract/lookalike.h"

#include <unicode/uspoof.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include "core/domain.h"
#include "core/text.h"

namespace ps::extract {

size_t edit_distance(const std::string& a, const std::string& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
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

std::string domain_label(const std::string& domain) {
  std::string suffix = core::public_suffix(domain);
  if (suffix.empty() || suffix.size() + 1 >= domain.size()) return domain.substr(0, domain.find('.'));
  return domain.substr(0, domain.size() - suffix.size() - 1);
}

std::optional<Lookalike> find_lookalike(const std::string& reg, const std::string& unicode_reg, const BrandCatalog& catalog) {
  if (reg.empty()) return std::nullopt;
  if (catalog.by_official_domain(reg)) return std::nullopt;
  std::string label = domain_label(reg);
  std::string skeleton = confusable_skeleton(unicode_reg.empty() ? reg : unicode_reg);
  std::optional<Lookalike> best;
  size_t best_distance = SIZE_MAX;
  for (const auto& b : catalog.brands()) {
    for (size_t k = 0; k < b.official_domains.size(); ++k) {
      const std::string& official = b.official_domains[k];
      if (!skeleton.empty() && skeleton == b.official_skeletons[k] && (unicode_reg.empty() ? reg : unicode_reg) != official)
        return Lookalike{&b, official, "HOMOGLYPH"};
      const std::string& ol = b.official_labels[k];
      if (label == ol) {
        if (best_distance > 0) {
          best = Lookalike{&b, official, "TLD_SWAP"};
          best_distance = 0;
        }
        continue;
      }
      if (ol.size() < 5 || label.size() < 4) continue;
      size_t allowed = ol.size() >= 9 ? 2 : 1;
      size_t longer = std::max(label.size(), ol.size()), shorter = std::min(label.size(), ol.size());
      if (longer - shorter > allowed) continue;  // cannot be within the distance
      size_t d = edit_distance(label, ol);
      if (d <= allowed && d < best_distance) {
        best = Lookalike{&b, official, "TYPOSQUAT"};
        best_distance = d;
      }
    }
  }
  return best;
}

}  // namespace ps::extract

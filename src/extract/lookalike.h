// Lookalike domains: typo-squats (edit distance, transposition), TLD swaps and homoglyphs (ICU confusable
// skeletons) of the official domains in the brand catalog.
#pragma once
#include <optional>
#include <string>

#include "extract/brand.h"

namespace ps::extract {

struct Lookalike {
  const BrandEntry* brand = nullptr;
  std::string official_domain;
  std::string technique;  // TYPOSQUAT | TLD_SWAP | HOMOGLYPH
};

// Damerau-Levenshtein (optimal string alignment) distance, bytes.
// Is `label` a typing or visual imitation of the official label `official` (within the allowed distance), rather than
// another word that happens to be close ("tesco" and "tepco", "gonzo" and "monzo", "jdigital" and "digital")?
bool imitation_edit(const std::string& label, const std::string& official);
size_t edit_distance(const std::string& a, const std::string& b);

// A registrable domain without its public suffix ("pocketcard" for pocketcard.co.jp).
std::string domain_label(const std::string& domain);

// ICU confusable skeleton of a UTF-8 string ("" on failure).
std::string confusable_skeleton(const std::string& utf8);

// The official domain `registrable_domain` imitates, if any. `unicode_domain` is its Unicode form (for IDN
// homoglyphs); official domains themselves never match.
std::optional<Lookalike> find_lookalike(const std::string& registrable_domain, const std::string& unicode_domain,
                                        const BrandCatalog& catalog);

}  // namespace ps::extract

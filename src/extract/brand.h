// The brand catalog (data/brands.json) and brand attribution with reasons.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace ps::extract {

struct BrandEntry {
  std::string id;
  std::string name_ja;
  std::string name_en;
  std::string category;
  std::string country;                  // "JP" for brands that serve Japan only, else "global"
  std::vector<std::string> keywords;    // words that name the brand in text (any script)
  std::vector<std::string> keywords_lower;  // the same, ASCII lower-cased (derived at load)
  std::vector<std::string> url_tokens;  // ASCII tokens that name it in a host or path (lower-cased at load)
  std::vector<std::string> url_token_exceptions;  // lower-case words that hold a token but name something else
  std::vector<std::string> official_domains;
  std::string official_url;
  std::string advisory_url;
  // derived at load, parallel to official_domains: label without public suffix, ICU confusable skeleton
  std::vector<std::string> official_labels;
  std::vector<std::string> official_skeletons;
};

class BrandCatalog {
 public:
  static core::Result<BrandCatalog> load(const std::string& path);
  static core::Result<BrandCatalog> parse(const std::string& json_text, const std::string& where);
  const std::vector<BrandEntry>& brands() const { return brands_; }
  const BrandEntry* find(const std::string& id) const;
  // The brand whose official registrable domains include `domain`.
  const BrandEntry* by_official_domain(const std::string& registrable_domain) const;

 private:
  std::vector<BrandEntry> brands_;
};

// Finds the brand the message names, with the reasons (where it was named). Nothing when no brand scores enough.
std::optional<core::BrandRef> attribute_brand(const core::Message& msg, const core::Content& content,
                                              const BrandCatalog& catalog);

// The brand of a single URL (`phishscope url`): as attribute_brand with no message, else the brand whose official
// domain the URL is on (reason official_link).
std::optional<core::BrandRef> attribute_brand_to_url(const core::Content& content, const BrandCatalog& catalog);

// Marks links whose registrable domain imitates an official domain of any catalog brand (typo-squat, TLD swap,
// homoglyph): technique and `lookalike_of`. Runs before attribution, which counts them as naming the brand.
void find_lookalikes(core::Content& content, const BrandCatalog& catalog);

// Marks links on the brand's official domains and names the lookalike techniques of the others.
void classify_links(core::Content& content, const core::BrandRef* brand);

// Does `text` name `keyword`? ASCII keywords must stand as words (not inside a longer word).
bool mentions(const std::string& text, const std::string& keyword);

}  // namespace ps::extract

// The brand catalog (data/brands.json) and brand attribution with reasons.
#pragma once
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/aho.h"
#include "core/model.h"
#include "core/result.h"

namespace ps::extract {

}  // namespace ps::extract
namespace ps::core {
class Platforms;
}
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
  std::vector<std::string> keywords_exact;  // names that are ordinary words too ("Ledger", "Chase"): exact case only
  std::vector<std::string> official_domains;
  std::vector<std::string> asset_domains;   // its CDNs and user-content hosts (registrable domains or hosts)
  std::vector<std::string> languages;
  std::optional<bool> notice_phone;
  std::string official_url;
  std::string advisory_url;
  std::string parent;  // the id of the brand it belongs to (au PAY is au's), or empty
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
  // The brand whose official or asset domains hold `host` (registrable domain or host suffix), or nullptr.
  const BrandEntry* owner_of(const std::string& host, const std::string& registrable_domain) const;

  // Indexes built at load (a mail is looked at once for all brands, not once per brand).
  struct KeywordHit {
    size_t brand;
    size_t begin, end;  // bytes in the text
  };
  std::vector<KeywordHit> keywords_in(const std::string& text) const;   // every brand name the text holds
  struct TokenHit {
    size_t brand;
    size_t begin, end;
  };
  // Brand URL tokens in `lower` (a host, path or user info, ASCII lower-cased), each checked as token_in() does.
  std::vector<TokenHit> tokens_in(const std::string& lower, bool path) const;
  // Official labels of about the length of `label`, for the typo-squat search.
  struct Label {
    size_t brand, domain;
  };
  const std::vector<Label>& labels_of_length(size_t n) const;
  const std::vector<Label>* same_label(const std::string& label) const;
  const std::vector<Label>* same_skeleton(const std::string& skeleton) const;

 private:
  void index();
  std::vector<BrandEntry> brands_;
  std::unordered_map<std::string, size_t> by_id_, by_official_, by_asset_;
  std::unordered_map<std::string, std::vector<Label>> by_label_, by_skeleton_;
  std::vector<std::vector<Label>> by_length_;
  std::shared_ptr<const core::AhoCorasick> lower_keywords_, exact_keywords_, tokens_;
  // pattern id -> (brand, keyword needs whole-word boundaries)
  std::vector<std::pair<size_t, bool>> keyword_ids_;
  std::vector<std::pair<size_t, std::string>> token_ids_;  // pattern id -> (brand, token)
};

// Finds the brand the message names, with the reasons (where it was named). Nothing when no brand scores enough.
// Evidence is what the mail claims: its display name, subject, sender and Reply-To domains, logos (alt text, file
// names), visible text, attached pages, and links that *imitate* the brand (a lookalike domain, its name in someone
// else's host or path, a user-info decoy). A link to a brand's own infrastructure (its site, CDNs, storage, a
// footer icon) and shared platforms name nothing. `platforms` may be null.
std::optional<core::BrandRef> attribute_brand(const core::Message& msg, const core::Content& content,
                                              const BrandCatalog& catalog, const core::Platforms* platforms = nullptr);

// The brand of a single URL (`phishscope url`): as attribute_brand with no message (the plainer the imitation in the
// host, the stronger), else the brand whose official domain the URL is on (reason official_link) unless the page is
// on one of its shared platforms (user content, storage).
std::optional<core::BrandRef> attribute_brand_to_url(const core::Content& content, const BrandCatalog& catalog,
                                                     const core::Platforms* platforms = nullptr);

// Marks links whose registrable domain imitates an official domain of any catalog brand (typo-squat, TLD swap,
// homoglyph): technique and `lookalike_of`. Runs before attribution, which counts them as naming the brand.
void find_lookalikes(core::Content& content, const BrandCatalog& catalog);

// Marks links on the brand's official domains and names the lookalike techniques of the others.
// A link on any brand's own or asset domains, or on a shared platform that is not hosting (a CDN, a social network,
// a mail service), is never "unrelated to the genuine domain".
void classify_links(core::Content& content, const core::BrandRef* brand, const BrandCatalog* catalog = nullptr,
                    const core::Platforms* platforms = nullptr);

// Does `text` name `keyword`? ASCII keywords must stand as words (not inside a longer word).
bool mentions(const std::string& text, const std::string& keyword);

}  // namespace ps::extract

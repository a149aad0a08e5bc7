// Lure phrases in six languages (data/lures.json): account suspension, payment problems, mailbox quota and password
// expiry, prizes, parcel fees, tax refunds, crypto wallets, advance fees, sextortion, generic greetings, deadlines,
// credential requests. Each category names the rule it feeds.
//
// Matching: the text is normalised once (Unicode NFKC with case folding, invisible characters dropped, runs of
// white space as one space), all phrases are searched in one pass (Aho-Corasick); latin-script phrases must start
// and end at word boundaries, and " * " in a phrase stands for 0 to 3 words. Each hit keeps its place in the
// original text (code points), for the evidence.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/aho.h"
#include "core/model.h"
#include "core/result.h"

namespace ps::extract {

using core::LureHit;

// The text a matcher works on, and where each of its bytes came from.
struct NormalisedText {
  std::string text;
  std::vector<uint32_t> source_char;  // per byte of `text`: the code-point index in the original
};
NormalisedText normalise_for_matching(std::string_view original);

class LureCatalog {
 public:
  static core::Result<LureCatalog> parse(const std::string& json_text, const std::string& where);
  static core::Result<LureCatalog> load(const std::string& path);
  // Every phrase of every category found in `text` (the first occurrence of each phrase), leaving out occurrences
  // that start inside the `skip` ranges of code points (sorted, not overlapping).
  std::vector<LureHit> find(std::string_view text, const std::vector<std::pair<size_t, size_t>>* skip = nullptr) const;
  // The hits of the subject, the main text, and the HTML part's own text when the main text is the plain part (a
  // plain part may be a placeholder: "Coloca uma mensagem opcional aqui"), into content.lures.
  void find_in(const core::Message& msg, core::Content& content) const;
  // The categories and the rule each feeds.
  const std::map<std::string, std::string>& rules() const { return rules_; }
  size_t phrases() const { return phrases_.size(); }

 private:
  struct Phrase {
    std::string category, lang, text;  // text: as written in the data
    std::vector<std::string> parts;    // normalised, split at " * "
    bool word_bounded = true;
  };
  std::vector<Phrase> phrases_;
  std::map<std::string, std::string> rules_;
  std::shared_ptr<core::AhoCorasick> first_parts_;
};

}  // namespace ps::extract

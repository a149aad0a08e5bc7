// Aho-Corasick: many byte patterns found in one pass over a text (brand names, lure phrases), instead of one search
// per pattern. Transitions are kept sparse (sorted per node), so tens of thousands of patterns stay small.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ps::core {

class AhoCorasick {
 public:
  // Adds a pattern with an id the caller chooses (several patterns may share one). Empty patterns are ignored.
  void add(std::string_view pattern, uint32_t id);
  // Builds the failure links; call once after the last add().
  void build();
  bool empty() const { return patterns_ == 0; }

  struct Match {
    uint32_t id;
    size_t begin;  // byte offsets in the text
    size_t end;
  };
  // Every occurrence of every pattern, in order of their end.
  std::vector<Match> find_all(std::string_view text) const;

 private:
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> next;  // sorted by byte
    uint32_t fail = 0;
    uint32_t out = UINT32_MAX;  // first output (index into outputs_), chained through output links
    uint32_t dict = 0;          // nearest node on the failure chain with outputs (0: none)
  };
  struct Output {
    uint32_t id;
    uint32_t length;
    uint32_t next = UINT32_MAX;  // next output of the same node
  };
  uint32_t step(uint32_t node, unsigned char c) const;
  uint32_t child(uint32_t node, unsigned char c) const;
  std::vector<Node> nodes_{1};
  std::vector<Output> outputs_;
  size_t patterns_ = 0;
  bool built_ = false;
};

}  // namespace ps::core

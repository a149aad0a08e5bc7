#include "core/aho.h"

#include <algorithm>
#include <queue>

namespace ps::core {

uint32_t AhoCorasick::child(uint32_t node, unsigned char c) const {
  const auto& v = nodes_[node].next;
  auto it = std::lower_bound(v.begin(), v.end(), c, [](const auto& p, unsigned char x) { return p.first < x; });
  return it != v.end() && it->first == c ? it->second : 0;
}

void AhoCorasick::add(std::string_view pattern, uint32_t id) {
  if (pattern.empty()) return;
  uint32_t n = 0;
  for (unsigned char c : pattern) {
    uint32_t k = child(n, c);
    if (!k) {
      k = static_cast<uint32_t>(nodes_.size());
      nodes_.emplace_back();
      auto& v = nodes_[n].next;
      auto it = std::lower_bound(v.begin(), v.end(), c, [](const auto& p, unsigned char x) { return p.first < x; });
      v.insert(it, {c, k});
    }
    n = k;
  }
  outputs_.push_back({id, static_cast<uint32_t>(pattern.size()), nodes_[n].out});
  nodes_[n].out = static_cast<uint32_t>(outputs_.size() - 1);
  ++patterns_;
  built_ = false;
}

void AhoCorasick::build() {
  std::queue<uint32_t> q;
  for (const auto& [c, k] : nodes_[0].next) {
    nodes_[k].fail = 0;
    q.push(k);
  }
  while (!q.empty()) {
    uint32_t n = q.front();
    q.pop();
    for (const auto& [c, k] : nodes_[n].next) {
      uint32_t f = nodes_[n].fail;
      while (f && !child(f, c)) f = nodes_[f].fail;
      uint32_t fk = child(f, c);
      nodes_[k].fail = fk != k ? fk : 0;
      uint32_t ff = nodes_[k].fail;
      nodes_[k].dict = nodes_[ff].out != UINT32_MAX ? ff : nodes_[ff].dict;
      q.push(k);
    }
  }
  built_ = true;
}

uint32_t AhoCorasick::step(uint32_t node, unsigned char c) const {
  while (true) {
    if (uint32_t k = child(node, c)) return k;
    if (!node) return 0;
    node = nodes_[node].fail;
  }
}

std::vector<AhoCorasick::Match> AhoCorasick::find_all(std::string_view text) const {
  std::vector<Match> out;
  if (!patterns_ || !built_) return out;
  uint32_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    n = step(n, static_cast<unsigned char>(text[i]));
    for (uint32_t m = n; m; m = nodes_[m].dict) {
      for (uint32_t o = nodes_[m].out; o != UINT32_MAX; o = outputs_[o].next)
        out.push_back({outputs_[o].id, i + 1 - outputs_[o].length, i + 1});
      if (!nodes_[m].dict) break;
    }
  }
  return out;
}

}  // namespace ps::core

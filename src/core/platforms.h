// Shared internet platforms that phishing borrows (data/platforms.json): free and cloud hosting, form builders, IPFS
// gateways, URL shorteners, redirectors and proxies that carry a target, user-content CDNs, file sharing, the big mail
// providers and e-mail service providers, social networks, and URL path patterns that many unrelated sites share.
// Read once per process; every stage that needs to know "is this host a shared platform" asks this one table.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace ps::core {

class Platforms {
 public:
  static Result<Platforms> parse(const std::string& json_text, const std::string& where);
  static Result<Platforms> load(const std::string& path);

  // The entry of `list` that `host` (lower-case) and `path` are on ("web.app", "docs.google.com/forms"), or "".
  // An entry is a host suffix at a label boundary, optionally with a path prefix at a segment boundary, and may hold
  // one wildcard label ("s3.*.amazonaws.com").
  std::string match(const std::string& list, std::string_view host, std::string_view path = "") const;
  bool on(const std::string& list, std::string_view host, std::string_view path = "") const {
    return !match(list, host, path).empty();
  }
  // Every list the host is on.
  std::vector<std::string> lists_of(std::string_view host, std::string_view path = "") const;
  // Path patterns (digits as {n}, random tokens as {t}) that do not tie two mails to one kit.
  bool generic_path(const std::string& pattern) const;
  size_t size(const std::string& list) const;

 private:
  struct Entry {
    std::string text;         // as written
    std::string host;         // host part (may hold "*")
    std::string path;         // "" or "/forms"
  };
  struct List {
    std::unordered_map<std::string, std::vector<Entry>> by_suffix;  // the host part after its last "*." (or all of it)
    std::vector<Entry> all;
  };
  std::unordered_map<std::string, List> lists_;
  std::vector<std::string> generic_paths_;
};

}  // namespace ps::core

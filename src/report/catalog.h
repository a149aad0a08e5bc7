// Message catalogs (data/messages/{ja,en}.json): every sentence a report shows, keyed, with {param} slots.
#pragma once
#include <map>
#include <string>

#include "core/result.h"

namespace ps::report {

class Catalog {
 public:
  static core::Result<Catalog> load(const std::string& path);
  static core::Result<Catalog> parse(const std::string& json_text, const std::string& where);
  bool has(const std::string& key) const { return messages_.count(key) > 0; }
  // The message for `key` with {name} slots filled from `params`; the key itself when missing.
  std::string text(const std::string& key, const std::map<std::string, std::string>& params = {}) const;
  const std::map<std::string, std::string>& messages() const { return messages_; }

 private:
  std::map<std::string, std::string> messages_;
};

std::string fill(const std::string& templ, const std::map<std::string, std::string>& params);

}  // namespace ps::report

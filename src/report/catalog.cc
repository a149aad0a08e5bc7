#include "report/catalog.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ps::report {

std::string fill(const std::string& templ, const std::map<std::string, std::string>& params) {
  std::string out;
  for (size_t i = 0; i < templ.size();) {
    if (templ[i] == '{') {
      size_t close = templ.find('}', i);
      if (close != std::string::npos) {
        auto it = params.find(templ.substr(i + 1, close - i - 1));
        if (it != params.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += templ[i++];
  }
  return out;
}

core::Result<Catalog> Catalog::parse(const std::string& text, const std::string& where) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return core::Error{"not a message catalog (JSON object)", where};
  Catalog c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key().rfind('_', 0) == 0) continue;  // comments
    if (!it.value().is_string()) return core::Error{"message " + it.key() + " is not a string", where};
    c.messages_[it.key()] = it.value().get<std::string>();
  }
  return c;
}

core::Result<Catalog> Catalog::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open message catalog", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

std::string Catalog::text(const std::string& key, const std::map<std::string, std::string>& params) const {
  auto it = messages_.find(key);
  if (it == messages_.end()) return key;
  return fill(it->second, params);
}

}  // namespace ps::report

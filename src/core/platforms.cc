#include "core/platforms.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.h"

namespace ps::core {

namespace {

bool host_matches(std::string_view host, const std::string& pattern) {
  // pattern labels against the host's last labels; "*" stands for one label
  std::vector<std::string_view> p, h;
  auto labels = [](std::string_view s, std::vector<std::string_view>& out) {
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
      if (i == s.size() || s[i] == '.') {
        out.push_back(s.substr(start, i - start));
        start = i + 1;
      }
  };
  labels(pattern, p);
  labels(host, h);
  if (h.size() < p.size()) return false;
  size_t off = h.size() - p.size();
  for (size_t i = 0; i < p.size(); ++i)
    if (p[i] != "*" && p[i] != h[off + i]) return false;
  return true;
}

bool path_matches(std::string_view path, const std::string& prefix) {
  if (prefix.empty()) return true;
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/' || path[prefix.size()] == '?' ||
         path[prefix.size()] == '#';
}

}  // namespace

Result<Platforms> Platforms::parse(const std::string& text, const std::string& where) {
  using nlohmann::json;
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("lists") || !j["lists"].is_object())
    return Error{"not a platforms file (expected {\"lists\": {...}})", where};
  Platforms p;
  for (auto it = j["lists"].begin(); it != j["lists"].end(); ++it) {
    if (!it.value().is_object() || !it.value().contains("entries") || !it.value()["entries"].is_array())
      return Error{"list " + it.key() + " needs entries", where};
    if (it.key() == "generic_paths") {
      for (const auto& e : it.value()["entries"])
        if (e.is_string()) p.generic_paths_.push_back(e.get<std::string>());
      continue;
    }
    List& l = p.lists_[it.key()];
    for (const auto& e : it.value()["entries"]) {
      if (!e.is_string()) return Error{"list " + it.key() + ": entries must be strings", where};
      std::string s = to_lower_ascii(trim(e.get<std::string>()));
      if (s.empty()) continue;
      Entry en;
      en.text = s;
      size_t slash = s.find('/');
      en.host = s.substr(0, slash);
      en.path = slash == std::string::npos ? "" : s.substr(slash);
      size_t star = en.host.rfind("*.");
      std::string key = star == std::string::npos ? en.host : en.host.substr(star + 2);
      l.by_suffix[key].push_back(en);
      l.all.push_back(en);
    }
  }
  std::sort(p.generic_paths_.begin(), p.generic_paths_.end());
  return p;
}

Result<Platforms> Platforms::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open platforms file", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

std::string Platforms::match(const std::string& list, std::string_view host, std::string_view path) const {
  auto it = lists_.find(list);
  if (it == lists_.end() || host.empty()) return "";
  std::string h = to_lower_ascii(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  // every suffix of the host at a label boundary: "a.b.web.app" -> a.b.web.app, b.web.app, web.app, app
  for (size_t start = 0;;) {
    auto e = it->second.by_suffix.find(h.substr(start));
    if (e != it->second.by_suffix.end())
      for (const auto& en : e->second)
        if (host_matches(h, en.host) && path_matches(path, en.path)) return en.text;
    size_t dot = h.find('.', start);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return "";
}

std::vector<std::string> Platforms::lists_of(std::string_view host, std::string_view path) const {
  std::vector<std::string> out;
  for (const auto& [name, _] : lists_)
    if (on(name, host, path)) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

bool Platforms::generic_path(const std::string& pattern) const {
  return std::binary_search(generic_paths_.begin(), generic_paths_.end(), pattern);
}

size_t Platforms::size(const std::string& list) const {
  auto it = lists_.find(list);
  return it == lists_.end() ? 0 : it->second.all.size();
}

}  // namespace ps::core

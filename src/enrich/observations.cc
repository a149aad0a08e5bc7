#include "enrich/observations.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ps::enrich {

using nlohmann::json;

core::Observation NoLookupSource::lookup(const std::string& kind, const std::string& key) {
  core::Observation o;
  o.id = kind + ":" + key;
  o.kind = kind;
  o.key = key;
  o.status = "not_looked_up";
  return o;
}

core::Result<std::unique_ptr<ReplaySource>> ReplaySource::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open observations file", path};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string name = path.substr(path.find_last_of('/') + 1);
  auto r = parse(ss.str(), name);
  if (!r.ok()) return core::Error{r.error().what, path};
  return r;
}

core::Result<std::unique_ptr<ReplaySource>> ReplaySource::parse(const std::string& text, const std::string& name) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return core::Error{"not valid JSON", name};
  if (!j.is_object()) return core::Error{"observations file must be a JSON object", name};
  auto src = std::make_unique<ReplaySource>();
  src->name_ = name;
  src->observed_at_ = j.value("observed_at", "");
  for (const char* kind : {"ip", "rdap", "dns", "reputation", "site"}) {
    if (!j.contains(kind)) continue;
    if (!j[kind].is_object()) return core::Error{std::string("\"") + kind + "\" must be an object", name};
    for (auto it = j[kind].begin(); it != j[kind].end(); ++it) {
      std::string id = std::string(kind) + ":" + it.key();
      json v = it.value();
      if (v.is_object()) {
        if (v.contains("observed_at") && v["observed_at"].is_string()) {
          src->times_[id] = v["observed_at"];
          v.erase("observed_at");
        }
        if (v.contains("source") && v["source"].is_string() && std::string(kind) != "reputation") {
          src->sources_[id] = v["source"];
          v.erase("source");
        }
        if (v.contains("error") && v["error"].is_string()) {
          src->errors_[id] = v["error"];
          continue;
        }
      }
      src->entries_[id] = v.dump();
    }
  }
  return src;
}

core::Observation ReplaySource::lookup(const std::string& kind, const std::string& key) {
  core::Observation o;
  o.id = kind + ":" + key;
  o.kind = kind;
  o.key = key;
  auto t = times_.find(o.id);
  o.observed_at = t != times_.end() ? t->second : observed_at_;
  auto s = sources_.find(o.id);
  o.source = s != sources_.end() ? s->second : "replay:" + name_;
  if (auto e = errors_.find(o.id); e != errors_.end()) {
    o.status = "error";
    o.error = e->second;
    return o;
  }
  auto it = entries_.find(o.id);
  if (it == entries_.end()) {
    o.status = "not_recorded";
    return o;
  }
  o.status = "ok";
  o.result_json = it->second;
  return o;
}

}  // namespace ps::enrich

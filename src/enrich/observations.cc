#include "enrich/observations.h"

#include <cstdio>
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
  for (const char* kind : {"ip", "ipdb", "ip_rdap", "rdap", "dns", "reputation", "site", "blocklist"}) {
    if (!j.contains(kind)) continue;
    if (!j[kind].is_object()) return core::Error{std::string("\"") + kind + "\" must be an object", name};
    for (auto it = j[kind].begin(); it != j[kind].end(); ++it) {
      std::string id = std::string(kind) + ":" + it.key();
      json v = it.value();
      // an envelope, as --record writes: {"answer": ..., "source": ..., "observed_at": ...} or {"error": ...}
      if (v.is_object() && (v.contains("answer") || (v.contains("error") && v.contains("source")))) {
        if (v.contains("observed_at") && v["observed_at"].is_string()) src->times_[id] = v["observed_at"];
        if (v.contains("source") && v["source"].is_string()) src->sources_[id] = v["source"];
        if (v.contains("error")) {
          src->errors_[id] = v["error"].is_string() ? v["error"].get<std::string>() : v["error"].dump();
          continue;
        }
        src->entries_[id] = v["answer"].dump();
        continue;
      }
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

bool ReplaySource::offers(const std::string& kind) const {
  if (!optional_kind(kind)) return true;
  // offline data and local lists: only what the recording holds
  auto has = [&](const std::map<std::string, std::string>& m) {
    auto it = m.lower_bound(kind + ":");
    return it != m.end() && it->first.rfind(kind + ":", 0) == 0;
  };
  return has(entries_) || has(errors_);
}

core::Observation RecordingSource::lookup(const std::string& kind, const std::string& key) {
  core::Observation o = next_.lookup(kind, key);
  if (o.status == "ok" || o.status == "error") {
    bool seen = false;
    for (const auto& r : recorded_)
      if (r.id == o.id) seen = true;
    if (!seen) recorded_.push_back(o);
  }
  return o;
}

std::string RecordingSource::to_json() const {
  json j = json::object();
  j["_about"] = "Observations recorded by phishscope --record; replay with --observations.";
  for (const auto& o : recorded_) {
    json e = json::object();
    if (o.status == "ok") {
      json a = json::parse(o.result_json, nullptr, false);
      e["answer"] = a.is_discarded() ? json(o.result_json) : a;
    } else {
      e["error"] = o.error;
    }
    e["source"] = o.source;
    e["observed_at"] = o.observed_at;
    j[o.kind][o.key] = e;
  }
  return j.dump(2) + "\n";
}

core::Result<bool> RecordingSource::save(const std::string& path) const {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return core::Error{"cannot write observations file", tmp};
    out << to_json();
    if (!out.flush()) return core::Error{"write failed", tmp};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return core::Error{"cannot rename to " + path, tmp};
  return true;
}

}  // namespace ps::enrich

// Observations: every external fact (IP owner, registration, DNS, reputation, site probe) with source and time.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace ps::enrich {

// Answers lookups. Implementations: ReplaySource (recorded file), NoLookupSource (offline, nothing looked up).
class ObservationSource {
 public:
  virtual ~ObservationSource() = default;
  // kind: ip | ipdb | ip_rdap | rdap | dns | reputation | site | blocklist. Always returns an observation; status
  // says whether it has an answer.
  virtual core::Observation lookup(const std::string& kind, const std::string& key) = 0;
  // Whether this source can answer `kind` at all: the offline IP data ("ipdb"), local block lists ("blocklist") and
  // the RIR's record of an IP's network ("ip_rdap", online only) are only asked for when they are there.
  virtual bool offers(const std::string& kind) const { return !optional_kind(kind); }
  static bool optional_kind(const std::string& kind) {
    return kind == "ipdb" || kind == "blocklist" || kind == "ip_rdap";
  }
};

// Offline without recorded facts: every lookup is "not_looked_up". Never invents an answer.
class NoLookupSource : public ObservationSource {
 public:
  core::Observation lookup(const std::string& kind, const std::string& key) override;
};

// Replays a recorded observations file (docs/observations.md describes the format).
class ReplaySource : public ObservationSource {
 public:
  static core::Result<std::unique_ptr<ReplaySource>> load(const std::string& path);
  static core::Result<std::unique_ptr<ReplaySource>> parse(const std::string& json_text, const std::string& name);
  core::Observation lookup(const std::string& kind, const std::string& key) override;
  bool offers(const std::string& kind) const override;

 private:
  std::string name_;         // file name, for the source field
  std::string observed_at_;  // default time
  std::map<std::string, std::string> entries_;  // "kind:key" -> JSON answer
  std::map<std::string, std::string> times_;    // per-entry observed_at
  std::map<std::string, std::string> sources_;  // per-entry source
  std::map<std::string, std::string> errors_;   // "kind:key" -> recorded failure
};

// Passes lookups to `next` and keeps every observation with an answer or a failure, to be written as an
// observations file (--record) that replays to the same report.
class RecordingSource : public ObservationSource {
 public:
  explicit RecordingSource(ObservationSource& next) : next_(next) {}
  core::Observation lookup(const std::string& kind, const std::string& key) override;
  bool offers(const std::string& kind) const override { return next_.offers(kind); }
  std::string to_json() const;
  core::Result<bool> save(const std::string& path) const;  // atomically (temporary file, then rename)
  size_t size() const { return recorded_.size(); }

 private:
  ObservationSource& next_;
  std::vector<core::Observation> recorded_;
};

}  // namespace ps::enrich

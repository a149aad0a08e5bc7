// store: keeps every analysis in a case store (SQLite, WAL). The same message analysed again updates its case.
#pragma once
#include <memory>
#include <string>

#include "core/model.h"
#include "core/result.h"

struct sqlite3;

namespace ps::store {

struct CaseSummary {
  std::string sha256;
  std::string subject;
  std::string verdict;
  int score = 0;
  int times_analyzed = 0;
};

class CaseStore {
 public:
  ~CaseStore();
  CaseStore(const CaseStore&) = delete;
  CaseStore& operator=(const CaseStore&) = delete;

  // Opens (creating and migrating as needed) the SQLite database at `path`.
  static core::Result<std::unique_ptr<CaseStore>> open(const std::string& path);

  // Inserts or updates the case of this message (keyed by the SHA-256 of its raw bytes).
  core::Result<bool> save(const core::Analysis& analysis, const std::string& report_json);
  core::Result<CaseSummary> get(const std::string& sha256);
  core::Result<int64_t> count();
  int schema_version() const { return schema_version_; }

 private:
  CaseStore() = default;
  ::sqlite3* db_ = nullptr;
  std::string path_;
  int schema_version_ = 0;
};

}  // namespace ps::store

#include "store/store.h"

#include <sqlite3.h>

#include <vector>

namespace ps::store {

namespace {

// Migrations, in order; PRAGMA user_version records how many were applied.
const std::vector<const char*> kMigrations = {
    R"sql(
CREATE TABLE cases (
  sha256          TEXT PRIMARY KEY,
  message_id      TEXT,
  subject         TEXT,
  from_address    TEXT,
  sender_ip       TEXT,
  sender_domain   TEXT,
  brand           TEXT,
  verdict         TEXT NOT NULL,
  score           INTEGER NOT NULL,
  received_at     TEXT,
  analyzed_at     TEXT NOT NULL,
  first_seen      TEXT NOT NULL,
  times_analyzed  INTEGER NOT NULL DEFAULT 1,
  report_json     TEXT NOT NULL
);
CREATE TABLE case_links (
  sha256              TEXT NOT NULL REFERENCES cases(sha256) ON DELETE CASCADE,
  url                 TEXT NOT NULL,
  host                TEXT,
  registrable_domain  TEXT,
  host_ip             TEXT,
  PRIMARY KEY (sha256, url)
);
CREATE INDEX cases_brand ON cases(brand);
CREATE INDEX cases_sender_ip ON cases(sender_ip);
CREATE INDEX case_links_domain ON case_links(registrable_domain);
)sql",
};

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

std::string errmsg(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

void bind(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty()) sqlite3_bind_null(s, i);
  else sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

}  // namespace

CaseStore::~CaseStore() {
  if (db_) sqlite3_close(db_);
}

core::Result<std::unique_ptr<CaseStore>> CaseStore::open(const std::string& path) {
  std::unique_ptr<CaseStore> st(new CaseStore());
  st->path_ = path;
  if (sqlite3_open_v2(path.c_str(), &st->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    return core::Error{"cannot open case store: " + errmsg(st->db_), path};
  sqlite3_busy_timeout(st->db_, 5000);
  char* err = nullptr;
  if (sqlite3_exec(st->db_, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", nullptr,
                   nullptr, &err) != SQLITE_OK) {
    std::string e = err ? err : "?";
    sqlite3_free(err);
    return core::Error{"cannot configure case store: " + e, path};
  }
  Stmt v;
  sqlite3_prepare_v2(st->db_, "PRAGMA user_version", -1, &v.s, nullptr);
  int version = sqlite3_step(v.s) == SQLITE_ROW ? sqlite3_column_int(v.s, 0) : 0;
  if (version > static_cast<int>(kMigrations.size()))
    return core::Error{"case store schema version " + std::to_string(version) + " is newer than this phishscope", path};
  for (int i = version; i < static_cast<int>(kMigrations.size()); ++i) {
    std::string sql = std::string("BEGIN;") + kMigrations[i] + "PRAGMA user_version=" + std::to_string(i + 1) + ";COMMIT;";
    if (sqlite3_exec(st->db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string e = err ? err : "?";
      sqlite3_free(err);
      sqlite3_exec(st->db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return core::Error{"migration " + std::to_string(i + 1) + " failed: " + e, path};
    }
  }
  st->schema_version_ = static_cast<int>(kMigrations.size());
  return st;
}

core::Result<bool> CaseStore::save(const core::Analysis& a, const std::string& report_json) {
  const char* upsert = R"sql(
INSERT INTO cases (sha256, message_id, subject, from_address, sender_ip, sender_domain, brand, verdict, score,
                   received_at, analyzed_at, first_seen, report_json)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)
ON CONFLICT(sha256) DO UPDATE SET
  message_id = excluded.message_id, subject = excluded.subject, from_address = excluded.from_address,
  sender_ip = excluded.sender_ip, sender_domain = excluded.sender_domain, brand = excluded.brand,
  verdict = excluded.verdict, score = excluded.score, received_at = excluded.received_at,
  analyzed_at = excluded.analyzed_at, report_json = excluded.report_json,
  times_analyzed = cases.times_analyzed + 1
)sql";
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return core::Error{"cannot begin transaction: " + errmsg(db_), path_};
  auto fail = [&](const std::string& what) -> core::Result<bool> {
    std::string e = what + ": " + errmsg(db_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return core::Error{e, path_};
  };
  {
    Stmt s;
    if (sqlite3_prepare_v2(db_, upsert, -1, &s.s, nullptr) != SQLITE_OK) return fail("prepare");
    const auto& m = a.message;
    bind(s.s, 1, m.sha256);
    bind(s.s, 2, m.message_id);
    bind(s.s, 3, m.subject);
    bind(s.s, 4, m.from.address);
    bind(s.s, 5, m.sender.ip);
    bind(s.s, 6, a.enrichment.sender.domain);
    bind(s.s, 7, a.brand ? a.brand->id : "");
    bind(s.s, 8, a.verdict.level);
    sqlite3_bind_int(s.s, 9, a.verdict.score);
    bind(s.s, 10, m.received_at ? m.received_at->iso8601() : "");
    bind(s.s, 11, a.analyzed_at);
    bind(s.s, 12, report_json);
    if (sqlite3_step(s.s) != SQLITE_DONE) return fail("save case");
  }
  {
    Stmt del;
    sqlite3_prepare_v2(db_, "DELETE FROM case_links WHERE sha256 = ?1", -1, &del.s, nullptr);
    bind(del.s, 1, a.message.sha256);
    if (sqlite3_step(del.s) != SQLITE_DONE) return fail("clear links");
    for (size_t i = 0; i < a.content.links.size(); ++i) {
      const auto& l = a.content.links[i];
      Stmt ins;
      if (sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO case_links VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ins.s, nullptr) !=
          SQLITE_OK)
        return fail("prepare link");
      bind(ins.s, 1, a.message.sha256);
      bind(ins.s, 2, l.url);
      bind(ins.s, 3, l.host);
      bind(ins.s, 4, l.registrable_domain);
      bind(ins.s, 5, i < a.enrichment.links.size() && !a.enrichment.links[i].host_ips.empty()
                         ? a.enrichment.links[i].host_ips.front()
                         : "");
      if (sqlite3_step(ins.s) != SQLITE_DONE) return fail("save link");
    }
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("commit");
  return true;
}

core::Result<CaseSummary> CaseStore::get(const std::string& sha256) {
  Stmt s;
  sqlite3_prepare_v2(db_, "SELECT sha256, subject, verdict, score, times_analyzed FROM cases WHERE sha256 = ?1", -1, &s.s,
                     nullptr);
  bind(s.s, 1, sha256);
  if (sqlite3_step(s.s) != SQLITE_ROW) return core::Error{"no case " + sha256, path_};
  CaseSummary c;
  auto text = [&](int i) {
    const unsigned char* t = sqlite3_column_text(s.s, i);
    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  };
  c.sha256 = text(0);
  c.subject = text(1);
  c.verdict = text(2);
  c.score = sqlite3_column_int(s.s, 3);
  c.times_analyzed = sqlite3_column_int(s.s, 4);
  return c;
}

core::Result<int64_t> CaseStore::count() {
  Stmt s;
  sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM cases", -1, &s.s, nullptr);
  if (sqlite3_step(s.s) != SQLITE_ROW) return core::Error{"count failed: " + errmsg(db_), path_};
  return static_cast<int64_t>(sqlite3_column_int64(s.s, 0));
}

}  // namespace ps::store

#include "store/store.h"

#include <sqlite3.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/ip.h"
#include "core/text.h"
#include "core/time.h"

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
    // 2: what trends and campaigns group by, the findings of each case, and the items of resumable batch runs
    R"sql(
ALTER TABLE cases ADD COLUMN sender_asn INTEGER;
ALTER TABLE cases ADD COLUMN sender_as_org TEXT;
ALTER TABLE cases ADD COLUMN sender_country TEXT;
ALTER TABLE cases ADD COLUMN sender_net TEXT;
ALTER TABLE cases ADD COLUMN sender_domain_age_days INTEGER;
ALTER TABLE cases ADD COLUMN body_simhash TEXT;
ALTER TABLE cases ADD COLUMN purposes TEXT;
ALTER TABLE case_links ADD COLUMN tld TEXT;
ALTER TABLE case_links ADD COLUMN domain_age_days INTEGER;
ALTER TABLE case_links ADD COLUMN asn INTEGER;
ALTER TABLE case_links ADD COLUMN country TEXT;
ALTER TABLE case_links ADD COLUMN official INTEGER NOT NULL DEFAULT 0;
CREATE TABLE case_findings (
  sha256   TEXT NOT NULL REFERENCES cases(sha256) ON DELETE CASCADE,
  rule_id  TEXT NOT NULL,
  PRIMARY KEY (sha256, rule_id)
);
CREATE TABLE batch_items (
  run      TEXT NOT NULL,
  item     TEXT NOT NULL,
  sha256   TEXT,
  status   TEXT NOT NULL,
  out_end  INTEGER,
  PRIMARY KEY (run, item)
);
CREATE INDEX cases_received_at ON cases(received_at);
CREATE INDEX cases_sender_net ON cases(sender_net);
CREATE INDEX cases_sender_asn ON cases(sender_asn);
CREATE INDEX case_findings_rule ON case_findings(rule_id);
)sql",
    // 3: the JSON report zlib-compressed (a fifth of the size); report_json stays for rows written before
    R"sql(
ALTER TABLE cases ADD COLUMN report_zlib BLOB;
)sql",
    // 4: what campaigns are grouped by, indexed: link hosts, URL path patterns, the body SimHash in four 16-bit bands
    // (two bodies within 3 bits share at least one band)
    R"sql(
ALTER TABLE case_links ADD COLUMN path_pattern TEXT;
ALTER TABLE cases ADD COLUMN simhash_b0 INTEGER;
ALTER TABLE cases ADD COLUMN simhash_b1 INTEGER;
ALTER TABLE cases ADD COLUMN simhash_b2 INTEGER;
ALTER TABLE cases ADD COLUMN simhash_b3 INTEGER;
CREATE INDEX case_links_host ON case_links(host);
CREATE INDEX case_links_path ON case_links(path_pattern);
CREATE INDEX cases_simhash_b0 ON cases(simhash_b0);
CREATE INDEX cases_simhash_b1 ON cases(simhash_b1);
CREATE INDEX cases_simhash_b2 ON cases(simhash_b2);
CREATE INDEX cases_simhash_b3 ON cases(simhash_b3);
)sql",
};

// A statement from the cache (not finalized after use: the cache resets it when it is next used).
struct Use {
  sqlite3_stmt* s;
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

void bind_opt(sqlite3_stmt* s, int i, const std::optional<int64_t>& v) {
  if (v) sqlite3_bind_int64(s, i, *v);
  else sqlite3_bind_null(s, i);
}

std::string fmt_hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

CaseStore::~CaseStore() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st);
  if (db_) sqlite3_close(db_);
}

sqlite3_stmt* CaseStore::cached(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return it->second;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return nullptr;
  cache_[sql] = st;
  return st;
}

core::Result<std::unique_ptr<CaseStore>> CaseStore::open(const std::string& path) {
  std::unique_ptr<CaseStore> st(new CaseStore());
  st->path_ = path;
  if (sqlite3_open_v2(path.c_str(), &st->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    return core::Error{"cannot open case store: " + errmsg(st->db_), path};
  sqlite3_busy_timeout(st->db_, 5000);
  char* err = nullptr;
  if (sqlite3_exec(st->db_, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
                   "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;", nullptr,
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
  if (version > 0 && version < 4) {
    // cases saved before schema 4: their bands and path patterns, computed from what they kept
    sqlite3_exec(st->db_, "BEGIN", nullptr, nullptr, nullptr);
    {
      Stmt sel, upd;
      sqlite3_prepare_v2(st->db_, "SELECT sha256, body_simhash FROM cases WHERE body_simhash IS NOT NULL", -1, &sel.s, nullptr);
      sqlite3_prepare_v2(st->db_, "UPDATE cases SET simhash_b0 = ?2, simhash_b1 = ?3, simhash_b2 = ?4, simhash_b3 = ?5 WHERE sha256 = ?1",
                         -1, &upd.s, nullptr);
      while (sqlite3_step(sel.s) == SQLITE_ROW) {
        const unsigned char* sha = sqlite3_column_text(sel.s, 0);
        const unsigned char* hex = sqlite3_column_text(sel.s, 1);
        uint64_t h = std::strtoull(reinterpret_cast<const char*>(hex), nullptr, 16);
        sqlite3_reset(upd.s);
        sqlite3_bind_text(upd.s, 1, reinterpret_cast<const char*>(sha), -1, SQLITE_TRANSIENT);
        for (int b = 0; b < 4; ++b) sqlite3_bind_int64(upd.s, 2 + b, static_cast<int64_t>((h >> (16 * b)) & 0xffff));
        sqlite3_step(upd.s);
      }
    }
    {
      Stmt sel, upd;
      sqlite3_prepare_v2(st->db_, "SELECT rowid, url FROM case_links", -1, &sel.s, nullptr);
      sqlite3_prepare_v2(st->db_, "UPDATE case_links SET path_pattern = ?2 WHERE rowid = ?1", -1, &upd.s, nullptr);
      while (sqlite3_step(sel.s) == SQLITE_ROW) {
        const unsigned char* url = sqlite3_column_text(sel.s, 1);
        std::string p = path_pattern(url ? reinterpret_cast<const char*>(url) : "");
        if (p.empty()) continue;
        sqlite3_reset(upd.s);
        sqlite3_bind_int64(upd.s, 1, sqlite3_column_int64(sel.s, 0));
        sqlite3_bind_text(upd.s, 2, p.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(upd.s);
      }
    }
    sqlite3_exec(st->db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  st->schema_version_ = static_cast<int>(kMigrations.size());
  return st;
}

std::string pack_report(const std::string& json) {
  uLongf n = compressBound(json.size());
  std::string out(n, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(json.data()), json.size(),
                Z_BEST_SPEED) != Z_OK)
    return "";
  out.resize(n);
  return out;
}

core::Result<bool> CaseStore::save(const core::Analysis& a, const std::string& report_json) {
  return save_packed(a, pack_report(report_json));
}

core::Result<std::string> CaseStore::resolve(const std::string& prefix) {
  if (prefix.size() < 6 || prefix.find_first_not_of("0123456789abcdef") != std::string::npos)
    return core::Error{"not a case id (6 to 64 lower-case hex digits of a SHA-256): '" + prefix + "'", path_};
  Use s{cached("SELECT sha256 FROM cases WHERE sha256 >= ?1 AND sha256 < ?1 || 'g' ORDER BY sha256 LIMIT 2")};
  if (!s.s) return core::Error{"prepare: " + errmsg(db_), path_};
  bind(s.s, 1, prefix);
  std::vector<std::string> found;
  while (sqlite3_step(s.s) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(s.s, 0);
    found.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
  }
  if (found.empty()) return core::Error{"no case " + prefix, path_};
  if (found.size() > 1) return core::Error{"case id " + prefix + " is ambiguous: give more digits", path_};
  return found.front();
}

core::Result<std::string> CaseStore::report(const std::string& sha256) {
  Use s{cached("SELECT report_zlib, report_json FROM cases WHERE sha256 = ?1")};
  if (!s.s) return core::Error{"prepare: " + errmsg(db_), path_};
  bind(s.s, 1, sha256);
  if (sqlite3_step(s.s) != SQLITE_ROW) return core::Error{"no case " + sha256, path_};
  if (sqlite3_column_type(s.s, 0) == SQLITE_NULL) {
    const unsigned char* t = sqlite3_column_text(s.s, 1);
    return std::string(t ? reinterpret_cast<const char*>(t) : "");
  }
  const Bytef* blob = static_cast<const Bytef*>(sqlite3_column_blob(s.s, 0));
  uLong size = static_cast<uLong>(sqlite3_column_bytes(s.s, 0));
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return core::Error{"zlib unavailable", path_};
  z.next_in = const_cast<Bytef*>(blob);
  z.avail_in = static_cast<uInt>(size);
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return core::Error{"stored report of " + sha256 + " is damaged", path_};
  return out;
}

CaseRow case_row(const core::Analysis& a, std::string packed_report) {
  CaseRow r;
  const auto& m = a.message;
  r.sha256 = m.sha256;
  r.message_id = m.message_id;
  r.subject = m.subject;
  r.from_address = m.from.address;
  r.sender_ip = m.sender.ip;
  r.sender_domain = a.enrichment.sender.domain;
  r.brand = a.brand ? a.brand->id : "";
  r.verdict = a.verdict.level;
  r.score = a.verdict.score;
  // times in UTC, so that the text sorts by time whatever offset the mail was written with
  r.received_at = m.received_at ? m.received_at->at_offset(0).iso8601() : "";
  auto analyzed = core::parse_iso8601(a.analyzed_at);
  r.analyzed_at = analyzed ? analyzed->at_offset(0).iso8601() : a.analyzed_at;
  r.packed_report = std::move(packed_report);
  const auto& sf = a.enrichment.sender;
  r.sender_asn = sf.ip_facts.asn;
  r.sender_as_org = sf.ip_facts.as_org;
  r.sender_country = sf.ip_facts.country;
  r.sender_net = core::network_of(m.sender.ip);
  r.sender_domain_age_days = sf.domain_facts.age_days;
  r.body_simhash = a.content.text.empty() ? "" : fmt_hex64(core::simhash64(a.content.text));
  for (const auto& p : a.purposes) r.purposes += (r.purposes.empty() ? "" : ",") + p;
  for (const auto& f : a.findings) r.findings.push_back(f.id);
  static const core::LinkFacts none;
  for (size_t i = 0; i < a.content.links.size(); ++i) {
    const auto& l = a.content.links[i];
    const auto& f = i < a.enrichment.links.size() ? a.enrichment.links[i] : none;
    r.links.push_back({l.url, l.host, l.registrable_domain, f.host_ips.empty() ? "" : f.host_ips.front(),
                       l.public_suffix, f.domain_facts.age_days, f.ip_facts.asn, f.ip_facts.country, l.official});
  }
  return r;
}

core::Result<bool> CaseStore::save_packed(const core::Analysis& a, const std::string& packed_report) {
  return save_row(case_row(a, packed_report));
}

core::Result<bool> CaseStore::save_row(const CaseRow& r) {
  const char* upsert = R"sql(
INSERT INTO cases (sha256, message_id, subject, from_address, sender_ip, sender_domain, brand, verdict, score,
                   received_at, analyzed_at, first_seen, report_json, sender_asn, sender_as_org, sender_country,
                   sender_net, sender_domain_age_days, body_simhash, purposes, report_zlib, simhash_b0, simhash_b1,
                   simhash_b2, simhash_b3)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, '', ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?12, ?20, ?21, ?22, ?23)
ON CONFLICT(sha256) DO UPDATE SET
  message_id = excluded.message_id, subject = excluded.subject, from_address = excluded.from_address,
  sender_ip = excluded.sender_ip, sender_domain = excluded.sender_domain, brand = excluded.brand,
  verdict = excluded.verdict, score = excluded.score, received_at = excluded.received_at,
  analyzed_at = excluded.analyzed_at, report_json = '', report_zlib = excluded.report_zlib,
  sender_asn = excluded.sender_asn,
  sender_as_org = excluded.sender_as_org, sender_country = excluded.sender_country, sender_net = excluded.sender_net,
  sender_domain_age_days = excluded.sender_domain_age_days, body_simhash = excluded.body_simhash,
  purposes = excluded.purposes, simhash_b0 = excluded.simhash_b0, simhash_b1 = excluded.simhash_b1,
  simhash_b2 = excluded.simhash_b2, simhash_b3 = excluded.simhash_b3, times_analyzed = cases.times_analyzed + 1
)sql";
  // a savepoint: on its own it is a transaction, inside a batch's transaction it nests
  if (sqlite3_exec(db_, "SAVEPOINT case_save", nullptr, nullptr, nullptr) != SQLITE_OK)
    return core::Error{"cannot begin transaction: " + errmsg(db_), path_};
  auto fail = [&](const std::string& what) -> core::Result<bool> {
    std::string e = what + ": " + errmsg(db_);
    sqlite3_exec(db_, "ROLLBACK TO case_save; RELEASE case_save", nullptr, nullptr, nullptr);
    return core::Error{e, path_};
  };
  {
    Use s{cached(upsert)};
    if (!s.s) return fail("prepare");
    bind(s.s, 1, r.sha256);
    bind(s.s, 2, r.message_id);
    bind(s.s, 3, r.subject);
    bind(s.s, 4, r.from_address);
    bind(s.s, 5, r.sender_ip);
    bind(s.s, 6, r.sender_domain);
    bind(s.s, 7, r.brand);
    bind(s.s, 8, r.verdict);
    sqlite3_bind_int(s.s, 9, r.score);
    bind(s.s, 10, r.received_at);
    bind(s.s, 11, r.analyzed_at);
    sqlite3_bind_blob(s.s, 12, r.packed_report.data(), static_cast<int>(r.packed_report.size()), SQLITE_TRANSIENT);
    bind_opt(s.s, 13, r.sender_asn);
    bind(s.s, 14, r.sender_as_org);
    bind(s.s, 15, r.sender_country);
    bind(s.s, 16, r.sender_net);
    bind_opt(s.s, 17, r.sender_domain_age_days);
    bind(s.s, 18, r.body_simhash);
    bind(s.s, 19, r.purposes);
    if (!r.body_simhash.empty()) {
      uint64_t h = std::strtoull(r.body_simhash.c_str(), nullptr, 16);
      for (int b = 0; b < 4; ++b) sqlite3_bind_int64(s.s, 20 + b, static_cast<int64_t>((h >> (16 * b)) & 0xffff));
    } else {
      for (int b = 0; b < 4; ++b) sqlite3_bind_null(s.s, 20 + b);
    }
    if (sqlite3_step(s.s) != SQLITE_DONE) return fail("save case");
  }
  {
    Use del{cached("DELETE FROM case_findings WHERE sha256 = ?1")};
    bind(del.s, 1, r.sha256);
    if (sqlite3_step(del.s) != SQLITE_DONE) return fail("clear findings");
    Use ins{cached("INSERT OR IGNORE INTO case_findings VALUES (?1, ?2)")};
    if (!ins.s) return fail("prepare finding");
    for (const auto& id : r.findings) {
      sqlite3_reset(ins.s);
      bind(ins.s, 1, r.sha256);
      bind(ins.s, 2, id);
      if (sqlite3_step(ins.s) != SQLITE_DONE) return fail("save finding");
    }
  }
  {
    Use del{cached("DELETE FROM case_links WHERE sha256 = ?1")};
    bind(del.s, 1, r.sha256);
    if (sqlite3_step(del.s) != SQLITE_DONE) return fail("clear links");
    Use ins{cached("INSERT OR IGNORE INTO case_links (sha256, url, host, registrable_domain, host_ip, tld, "
                 "domain_age_days, asn, country, official, path_pattern) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                 "?10, ?11)")};
    if (!ins.s) return fail("prepare link");
    for (const auto& l : r.links) {
      sqlite3_reset(ins.s);
      bind(ins.s, 1, r.sha256);
      bind(ins.s, 2, l.url);
      bind(ins.s, 3, l.host);
      bind(ins.s, 4, l.registrable_domain);
      bind(ins.s, 5, l.host_ip);
      bind(ins.s, 6, l.tld);
      bind_opt(ins.s, 7, l.domain_age_days);
      bind_opt(ins.s, 8, l.asn);
      bind(ins.s, 9, l.country);
      sqlite3_bind_int(ins.s, 10, l.official ? 1 : 0);
      bind(ins.s, 11, l.official ? std::string() : path_pattern(l.url));
      if (sqlite3_step(ins.s) != SQLITE_DONE) return fail("save link");
    }
  }
  if (sqlite3_exec(db_, "RELEASE case_save", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("commit");
  return true;
}

core::Result<bool> CaseStore::begin() {
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return core::Error{"cannot begin transaction: " + errmsg(db_), path_};
  return true;
}

core::Result<bool> CaseStore::commit() {
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::string e = errmsg(db_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return core::Error{"commit failed: " + e, path_};
  }
  return true;
}

core::Result<bool> CaseStore::mark_item(const std::string& run, const std::string& item, const std::string& sha256,
                                        const std::string& status, int64_t out_end) {
  Use s{cached("INSERT OR REPLACE INTO batch_items VALUES (?1, ?2, ?3, ?4, ?5)")};
  if (!s.s) return core::Error{"prepare: " + errmsg(db_), path_};
  bind(s.s, 1, run);
  bind(s.s, 2, item);
  bind(s.s, 3, sha256);
  bind(s.s, 4, status);
  sqlite3_bind_int64(s.s, 5, out_end);
  if (sqlite3_step(s.s) != SQLITE_DONE) return core::Error{"save batch item: " + errmsg(db_), path_};
  return true;
}

core::Result<RunState> CaseStore::run_state(const std::string& run) {
  RunState st;
  Stmt s;
  if (sqlite3_prepare_v2(db_, "SELECT item, out_end FROM batch_items WHERE run = ?1", -1, &s.s, nullptr) != SQLITE_OK)
    return core::Error{"prepare: " + errmsg(db_), path_};
  bind(s.s, 1, run);
  int rc;
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(s.s, 0);
    st.done.insert(t ? reinterpret_cast<const char*>(t) : "");
    st.out_end = std::max<int64_t>(st.out_end, sqlite3_column_int64(s.s, 1));
  }
  if (rc != SQLITE_DONE) return core::Error{"read batch items: " + errmsg(db_), path_};
  return st;
}

core::Result<bool> CaseStore::forget_run(const std::string& run) {
  Stmt s;
  sqlite3_prepare_v2(db_, "DELETE FROM batch_items WHERE run = ?1", -1, &s.s, nullptr);
  bind(s.s, 1, run);
  if (sqlite3_step(s.s) != SQLITE_DONE) return core::Error{"forget run: " + errmsg(db_), path_};
  return true;
}

std::string default_store_path() {
  if (const char* p = std::getenv("PHISHSCOPE_STORE"); p && *p) return p;
  std::string base;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) base = x;
  else if (const char* h = std::getenv("HOME"); h && *h) base = std::string(h) + "/.local/share";
  else return "";
  return base + "/phishscope/cases.sqlite";
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

#include "store/store.h"

#include <algorithm>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

#include "core/ip.h"
#include "core/text.h"
#include "core/time.h"
#include "store/db.h"
#include "store/seen_at.h"

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
    // 5: links and findings keyed by a small integer case id, given in order, instead of the SHA-256 text: new rows
    // go at the end of their tables and indexes instead of at random places in B-trees larger than the page cache.
    // Two indexes no query looks up by go: findings are counted through their case (brand, time window), and the
    // sender's AS is only grouped within a time window.
    R"sql(
ALTER TABLE cases ADD COLUMN case_id INTEGER;
UPDATE cases SET case_id = rowid;
CREATE UNIQUE INDEX cases_case_id ON cases(case_id);
CREATE TABLE case_links_v5 (
  case_id             INTEGER NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE,
  url                 TEXT NOT NULL,
  host                TEXT,
  registrable_domain  TEXT,
  host_ip             TEXT,
  tld                 TEXT,
  domain_age_days     INTEGER,
  asn                 INTEGER,
  country             TEXT,
  official            INTEGER NOT NULL DEFAULT 0,
  path_pattern        TEXT,
  PRIMARY KEY (case_id, url)
);
INSERT INTO case_links_v5 SELECT c.case_id, l.url, l.host, l.registrable_domain, l.host_ip, l.tld, l.domain_age_days,
  l.asn, l.country, l.official, l.path_pattern FROM case_links l JOIN cases c ON c.sha256 = l.sha256 ORDER BY c.case_id;
DROP TABLE case_links;
ALTER TABLE case_links_v5 RENAME TO case_links;
CREATE INDEX case_links_domain ON case_links(registrable_domain);
CREATE INDEX case_links_host ON case_links(host);
CREATE INDEX case_links_path ON case_links(path_pattern);
CREATE TABLE case_findings_v5 (
  case_id  INTEGER NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE,
  rule_id  TEXT NOT NULL,
  PRIMARY KEY (case_id, rule_id)
) WITHOUT ROWID;
INSERT INTO case_findings_v5 SELECT c.case_id, f.rule_id FROM case_findings f JOIN cases c ON c.sha256 = f.sha256
  ORDER BY c.case_id;
DROP TABLE case_findings;
ALTER TABLE case_findings_v5 RENAME TO case_findings;
DROP INDEX cases_sender_asn;
)sql",
    // 6: reports in a table of their own: a case row is a few hundred bytes instead of a page or more, so the scans
    // and lookups of trends and campaigns stay in the cache
    R"sql(
CREATE TABLE case_reports (
  case_id  INTEGER PRIMARY KEY REFERENCES cases(case_id) ON DELETE CASCADE,
  report   BLOB NOT NULL
);
INSERT INTO case_reports SELECT case_id, COALESCE(report_zlib, CAST(report_json AS BLOB)) FROM cases
  WHERE report_zlib IS NOT NULL OR report_json != '' ORDER BY case_id;
UPDATE cases SET report_zlib = NULL, report_json = '';
)sql",
    // 7: the dictionaries reports are packed with (trained from the store's own reports; a zstd frame names its own)
    R"sql(
CREATE TABLE report_dicts (
  dict_id          INTEGER PRIMARY KEY,
  dict             BLOB NOT NULL,
  tool_version     TEXT NOT NULL,
  trained_through  INTEGER NOT NULL,
  created_at       TEXT NOT NULL
);
)sql",
    // 8: cases placed in time by when they were received, else analysed: that expression indexed, so the windows of
    // trends, history and campaigns read only the cases in them (the index on received_at alone served no query)
    R"sql(
DROP INDEX cases_received_at;
CREATE INDEX cases_seen_at ON cases(COALESCE(received_at, analyzed_at));  -- store/seen_at.h
)sql",
    // 9: the trends of whole days, counted once and kept until a case of the day is saved (store/trends.cc)
    R"sql(
CREATE TABLE trend_days (
  day     TEXT PRIMARY KEY,
  counts  TEXT NOT NULL
) WITHOUT ROWID;
)sql",
};

// PostgreSQL: with kPostgresTo7 to kPostgresTo9, the same schema as SQLite's ninth version, created at once (a server
// store starts at this version; one made at version 4 to 8 is brought up to date by kPostgresTo5 to kPostgresTo9).
const char* kPostgresSchema = R"sql(
CREATE TABLE IF NOT EXISTS phishscope_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cases (
  sha256 TEXT PRIMARY KEY, message_id TEXT, subject TEXT, from_address TEXT, sender_ip TEXT, sender_domain TEXT,
  brand TEXT, verdict TEXT NOT NULL, score INTEGER NOT NULL, received_at TEXT, analyzed_at TEXT NOT NULL,
  first_seen TEXT NOT NULL, times_analyzed INTEGER NOT NULL DEFAULT 1, report_json TEXT NOT NULL,
  sender_asn BIGINT, sender_as_org TEXT, sender_country TEXT, sender_net TEXT, sender_domain_age_days BIGINT,
  body_simhash TEXT, purposes TEXT, report_zlib BYTEA,
  simhash_b0 BIGINT, simhash_b1 BIGINT, simhash_b2 BIGINT, simhash_b3 BIGINT, case_id BIGSERIAL UNIQUE
);
CREATE TABLE IF NOT EXISTS case_links (
  case_id BIGINT NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE, url TEXT NOT NULL, host TEXT,
  registrable_domain TEXT, host_ip TEXT, tld TEXT, domain_age_days BIGINT, asn BIGINT, country TEXT,
  official INTEGER NOT NULL DEFAULT 0, path_pattern TEXT, PRIMARY KEY (case_id, url)
);
CREATE TABLE IF NOT EXISTS case_findings (
  case_id BIGINT NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE, rule_id TEXT NOT NULL,
  PRIMARY KEY (case_id, rule_id)
);
CREATE TABLE IF NOT EXISTS case_reports (
  case_id BIGINT PRIMARY KEY REFERENCES cases(case_id) ON DELETE CASCADE, report BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_items (
  run TEXT NOT NULL, item TEXT NOT NULL, sha256 TEXT, status TEXT NOT NULL, out_end BIGINT, PRIMARY KEY (run, item)
);
CREATE INDEX IF NOT EXISTS cases_brand ON cases(brand);
CREATE INDEX IF NOT EXISTS cases_sender_ip ON cases(sender_ip);
CREATE INDEX IF NOT EXISTS case_links_domain ON case_links(registrable_domain);
CREATE INDEX IF NOT EXISTS cases_sender_net ON cases(sender_net);
CREATE INDEX IF NOT EXISTS case_links_host ON case_links(host);
CREATE INDEX IF NOT EXISTS case_links_path ON case_links(path_pattern);
CREATE INDEX IF NOT EXISTS cases_simhash_b0 ON cases(simhash_b0);
CREATE INDEX IF NOT EXISTS cases_simhash_b1 ON cases(simhash_b1);
CREATE INDEX IF NOT EXISTS cases_simhash_b2 ON cases(simhash_b2);
CREATE INDEX IF NOT EXISTS cases_simhash_b3 ON cases(simhash_b3);
)sql";

// A PostgreSQL store made at version 4: links and findings re-keyed by the case id (see SQLite's migration 5).
const char* kPostgresTo5 = R"sql(
ALTER TABLE cases ADD COLUMN case_id BIGSERIAL UNIQUE;
ALTER TABLE case_links ADD COLUMN case_id BIGINT;
UPDATE case_links l SET case_id = c.case_id FROM cases c WHERE c.sha256 = l.sha256;
ALTER TABLE case_links DROP CONSTRAINT case_links_pkey;
ALTER TABLE case_links DROP COLUMN sha256;
ALTER TABLE case_links ALTER COLUMN case_id SET NOT NULL;
ALTER TABLE case_links ADD PRIMARY KEY (case_id, url);
ALTER TABLE case_links ADD FOREIGN KEY (case_id) REFERENCES cases(case_id) ON DELETE CASCADE;
ALTER TABLE case_findings ADD COLUMN case_id BIGINT;
UPDATE case_findings f SET case_id = c.case_id FROM cases c WHERE c.sha256 = f.sha256;
ALTER TABLE case_findings DROP CONSTRAINT case_findings_pkey;
ALTER TABLE case_findings DROP COLUMN sha256;
ALTER TABLE case_findings ALTER COLUMN case_id SET NOT NULL;
ALTER TABLE case_findings ADD PRIMARY KEY (case_id, rule_id);
ALTER TABLE case_findings ADD FOREIGN KEY (case_id) REFERENCES cases(case_id) ON DELETE CASCADE;
DROP INDEX IF EXISTS cases_sender_asn;
DROP INDEX IF EXISTS case_findings_rule;
)sql";

// ... and at version 5: reports in a table of their own (see SQLite's migration 6).
const char* kPostgresTo6 = R"sql(
CREATE TABLE case_reports (
  case_id BIGINT PRIMARY KEY REFERENCES cases(case_id) ON DELETE CASCADE, report BYTEA NOT NULL
);
INSERT INTO case_reports SELECT case_id, COALESCE(report_zlib, convert_to(report_json, 'UTF8')) FROM cases
  WHERE report_zlib IS NOT NULL OR report_json <> '';
UPDATE cases SET report_zlib = NULL, report_json = '';
)sql";

// ... and at version 7: the time cases are placed at, indexed (see SQLite's migration 8).
const char* kPostgresTo8 = R"sql(
DROP INDEX IF EXISTS cases_received_at;
CREATE INDEX IF NOT EXISTS cases_seen_at ON cases ((COALESCE(received_at, analyzed_at)));  -- store/seen_at.h
)sql";

// ... and at version 8: the trends of whole days (see SQLite's migration 9); also part of a new store's schema.
const char* kPostgresTo9 = R"sql(
CREATE TABLE IF NOT EXISTS trend_days (day TEXT PRIMARY KEY, counts TEXT NOT NULL);
)sql";

// ... and at version 6: report dictionaries (see SQLite's migration 7); also part of a new store's schema.
const char* kPostgresTo7 = R"sql(
CREATE TABLE IF NOT EXISTS report_dicts (
  dict_id BIGINT PRIMARY KEY, dict BYTEA NOT NULL, tool_version TEXT NOT NULL, trained_through BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

std::string fmt_hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

core::Result<bool> migrate_sqlite(Db& db) {
  // An 8 MB page cache: a batch of 50,000 messages saves as fast as with 32 MB (the pages it keeps coming back to
  // are the upper levels of the indexes), and the process's memory stops growing once the store is past 8 MB
  // (about 2,500 cases) instead of 32 MB (about 10,000). See README, "Batch".
  auto configured = db.exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
                            "PRAGMA cache_size=-8192; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=8192;");
  if (!configured) return core::Error{"cannot configure case store: " + configured.error().what, db.where()};
  auto v = query_one(db, "PRAGMA user_version", {});
  if (!v) return v.error();
  int version = v->has_value() ? std::atoi((*v)->c_str()) : 0;
  if (version > static_cast<int>(kMigrations.size()))
    return core::Error{"case store schema version " + std::to_string(version) + " is newer than this phishscope", db.where()};
  for (int i = version; i < static_cast<int>(kMigrations.size()); ++i) {
    auto r = db.exec(std::string("BEGIN;") + kMigrations[i] + "PRAGMA user_version=" + std::to_string(i + 1) + ";COMMIT;");
    if (!r) {
      db.exec("ROLLBACK");
      return core::Error{"migration " + std::to_string(i + 1) + " failed: " + r.error().what, db.where()};
    }
  }
  if (version > 0 && version < 4) {
    // cases saved before schema 4: their SimHash bands and path patterns, computed from what they kept
    db.exec("BEGIN");
    std::vector<std::pair<std::string, uint64_t>> hashes;
    db.query("SELECT sha256, body_simhash FROM cases WHERE body_simhash IS NOT NULL", {}, [&](const Row& r) {
      if (r[0] && r[1]) hashes.push_back({*r[0], std::strtoull(r[1]->c_str(), nullptr, 16)});
      return true;
    });
    for (const auto& [sha, h] : hashes) {
      std::vector<Value> p = {Value::text(sha)};
      for (int b = 0; b < 4; ++b) p.push_back(Value::integer(static_cast<int64_t>((h >> (16 * b)) & 0xffff)));
      db.query("UPDATE cases SET simhash_b0 = ?2, simhash_b1 = ?3, simhash_b2 = ?4, simhash_b3 = ?5 WHERE sha256 = ?1", p);
    }
    std::vector<std::pair<std::string, std::string>> urls;
    db.query("SELECT case_id, url FROM case_links WHERE official = 0", {}, [&](const Row& r) {
      if (r[0] && r[1]) urls.push_back({*r[0], *r[1]});
      return true;
    });
    for (const auto& [id, url] : urls) {
      std::string p = path_pattern(url);
      if (!p.empty())
        db.query("UPDATE case_links SET path_pattern = ?3 WHERE case_id = ?1 AND url = ?2",
                 {Value::integer(std::atoll(id.c_str())), Value::text(url), Value::text(p)});
    }
    db.exec("COMMIT");
  }
  return true;
}

core::Result<bool> migrate_postgres(Db& db) {
  auto has = query_one(db, "SELECT MAX(version) FROM phishscope_schema", {});
  int version = 0;
  if (has && has->has_value()) version = std::atoi((*has)->c_str());
  if (version > 9)
    return core::Error{"case store schema version " + std::to_string(version) + " is newer than this phishscope", db.where()};
  const std::pair<int, const char*> steps[] = {{5, kPostgresTo5}, {6, kPostgresTo6}, {7, kPostgresTo7}, {8, kPostgresTo8}, {9, kPostgresTo9}};
  for (const auto& [to, sql] : steps) {
    if (version == 0 || version >= to) continue;
    auto r = db.exec(std::string("BEGIN;") + sql + "UPDATE phishscope_schema SET version = " + std::to_string(to) +
                     "; COMMIT;");
    if (!r) {
      db.exec("ROLLBACK");
      return core::Error{"migration " + std::to_string(to) + " failed: " + r.error().what, db.where()};
    }
    version = to;
  }
  auto r = db.exec(std::string(kPostgresSchema) + kPostgresTo7 + kPostgresTo8 + kPostgresTo9);
  if (!r) return core::Error{"cannot create the case store schema: " + r.error().what, db.where()};
  if (version == 0) db.exec("INSERT INTO phishscope_schema VALUES (9)");
  return true;
}

}  // namespace

CaseStore::~CaseStore() = default;

core::Result<std::unique_ptr<CaseStore>> CaseStore::open(const std::string& path) {
  std::unique_ptr<CaseStore> st(new CaseStore());
  auto db = Db::open(path);
  if (!db) return db.error();
  st->db_ = std::move(*db);
  st->path_ = st->db_->where();
  auto migrated = st->db_->postgres() ? migrate_postgres(*st->db_) : migrate_sqlite(*st->db_);
  if (!migrated) return migrated.error();
  st->schema_version_ = static_cast<int>(kMigrations.size());
  auto dict = st->load_report_dictionary();
  if (!dict) return dict.error();
  return st;
}

core::Result<bool> CaseStore::set_page_cache_mib(int mib) {
  if (db_->postgres()) return true;
  return db_->exec("PRAGMA cache_size=-" + std::to_string(std::max(1, mib) * 1024) + ";");
}

core::Result<bool> CaseStore::save(const core::Analysis& a, const std::string& report_json) {
  return save_packed(a, packer_->pack(report_json));
}

core::Result<std::string> CaseStore::resolve(const std::string& prefix) {
  if (prefix.size() < 6 || prefix.find_first_not_of("0123456789abcdef") != std::string::npos)
    return core::Error{"not a case id (6 to 64 lower-case hex digits of a SHA-256): '" + prefix + "'", path_};
  std::vector<std::string> found;
  auto r = db_->query("SELECT sha256 FROM cases WHERE sha256 >= ?1 AND sha256 < ?2 ORDER BY sha256 LIMIT 2",
                      {Value::text(prefix), Value::text(prefix + "g")}, [&](const Row& row) {
                        found.push_back(row[0].value_or(""));
                        return true;
                      });
  if (!r) return r.error();
  if (found.empty()) return core::Error{"no case " + prefix, path_};
  if (found.size() > 1) return core::Error{"case id " + prefix + " is ambiguous: give more digits", path_};
  return found.front();
}

core::Result<std::string> CaseStore::report(const std::string& sha256) {
  std::optional<std::string> packed, plain;
  bool found = false;
  auto r = db_->query("SELECT r.report, c.report_json FROM cases c LEFT JOIN case_reports r ON r.case_id = c.case_id "
                      "WHERE c.sha256 = ?1",
                      {Value::text(sha256)},
                      [&](const Row& row) {
                        found = true;
                        packed = row[0];
                        plain = row[1];
                        return false;
                      });
  if (!r) return r.error();
  if (!found) return core::Error{"no case " + sha256, path_};
  if (!packed) return plain.value_or("");
  return unpack(*packed, sha256);
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
  r.tool_version = a.tool_version;
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
                       l.public_suffix, f.domain_facts.age_days, f.ip_facts.asn, f.ip_facts.country, l.official,
                       l.official ? std::string() : path_pattern(l.url)});
  }
  return r;
}

core::Result<bool> CaseStore::save_packed(const core::Analysis& a, const std::string& packed_report) {
  return save_row(case_row(a, packed_report));
}

namespace {
// The statement that saves a case: inserted, or updated when the message was seen before. A new case's id is the
// next one (PostgreSQL: from the column's sequence, safe with several writers; SQLite has one writer at a time).
std::string case_upsert(bool postgres) {
  const std::string id_column = postgres ? "" : ", case_id";
  const std::string id_value = postgres ? "" : ", (SELECT COALESCE(MAX(case_id), 0) + 1 FROM cases)";
  return R"sql(
INSERT INTO cases (sha256, message_id, subject, from_address, sender_ip, sender_domain, brand, verdict, score,
                   received_at, analyzed_at, first_seen, report_json, sender_asn, sender_as_org, sender_country,
                   sender_net, sender_domain_age_days, body_simhash, purposes, report_zlib, simhash_b0, simhash_b1,
                   simhash_b2, simhash_b3)sql" + id_column + R"sql()
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, '', ?12, ?13, ?14, ?15, ?16, ?17, ?18, NULL, ?19, ?20, ?21, ?22)sql" +
                             id_value + R"sql()
ON CONFLICT(sha256) DO UPDATE SET
  message_id = excluded.message_id, subject = excluded.subject, from_address = excluded.from_address,
  sender_ip = excluded.sender_ip, sender_domain = excluded.sender_domain, brand = excluded.brand,
  verdict = excluded.verdict, score = excluded.score, received_at = excluded.received_at,
  analyzed_at = excluded.analyzed_at, report_json = '', report_zlib = NULL,
  sender_asn = excluded.sender_asn,
  sender_as_org = excluded.sender_as_org, sender_country = excluded.sender_country, sender_net = excluded.sender_net,
  sender_domain_age_days = excluded.sender_domain_age_days, body_simhash = excluded.body_simhash,
  purposes = excluded.purposes, simhash_b0 = excluded.simhash_b0, simhash_b1 = excluded.simhash_b1,
  simhash_b2 = excluded.simhash_b2, simhash_b3 = excluded.simhash_b3, times_analyzed = cases.times_analyzed + 1
RETURNING times_analyzed, case_id
)sql";
}
}  // namespace

core::Result<bool> CaseStore::save_row(const CaseRow& r) {
  static const std::string upsert_sqlite = case_upsert(false), upsert_postgres = case_upsert(true);
  const std::string& upsert = db_->postgres() ? upsert_postgres : upsert_sqlite;
  auto fail = [&](const core::Error& e) -> core::Result<bool> {
    bool batch = in_tx_;
    rollback();
    return core::Error{"save case: " + e.what + (batch ? " (the transaction begun for a batch was rolled back)" : ""),
                       path_};
  };
  // Two groups of statements (each one round trip to a PostgreSQL server): the case, whose id the rest needs, then
  // its report, findings and links. Its own transaction, or part of the one a batch opened with begin(), without a
  // savepoint of its own: SQLite copies every page a savepoint changes to undo it, which was half the cost of a
  // save. A failure rolls the batch's transaction back; a resumed batch does those messages again.
  bool seen_before = true;  // unless the upsert says it inserted the case
  int64_t case_id = 0;
  std::string old_seen;
  {
    std::vector<Value> p = {Value::text_or_null(r.sha256),       Value::text_or_null(r.message_id),
                            Value::text_or_null(r.subject),      Value::text_or_null(r.from_address),
                            Value::text_or_null(r.sender_ip),    Value::text_or_null(r.sender_domain),
                            Value::text_or_null(r.brand),        Value::text_or_null(r.verdict),
                            Value::integer(r.score),             Value::text_or_null(r.received_at),
                            Value::text_or_null(r.analyzed_at),
                            Value::opt(r.sender_asn),            Value::text_or_null(r.sender_as_org),
                            Value::text_or_null(r.sender_country), Value::text_or_null(r.sender_net),
                            Value::opt(r.sender_domain_age_days), Value::text_or_null(r.body_simhash),
                            Value::text_or_null(r.purposes)};
    uint64_t h = r.body_simhash.empty() ? 0 : std::strtoull(r.body_simhash.c_str(), nullptr, 16);
    for (int b = 0; b < 4; ++b)
      p.push_back(r.body_simhash.empty() ? Value::null() : Value::integer(static_cast<int64_t>((h >> (16 * b)) & 0xffff)));
    std::vector<Statement> first;
    if (!in_tx_) first.push_back({db_->postgres() ? "BEGIN" : "BEGIN IMMEDIATE", {}});
    // when the case was seen before this save (its day's trends change too when this save moves it to another day)
    first.push_back({"SELECT " + kSeenAt + " FROM cases WHERE sha256 = ?1", {Value::text_or_null(r.sha256)},
                     [&](const Row& row) {
                       old_seen = row[0].value_or("");
                       return false;
                     }});
    first.push_back({upsert, std::move(p), [&](const Row& row) {
                       seen_before = row[0] && std::atoll(row[0]->c_str()) > 1;
                       if (row[1]) case_id = std::atoll(row[1]->c_str());
                       return true;
                     }});
    auto q = db_->run_all(first);
    if (!q) return fail(q.error());
    if (case_id <= 0) return fail(core::Error{"no case id returned", path_});
  }
  const Value id = Value::integer(case_id);
  std::vector<Statement> rest;
  // the counts of the days this case was and is in are made again when next asked for (store/trends.cc); a time that
  // is not a date belongs to no day by its text: all days go
  {
    std::set<std::string> days;
    bool all = false;
    for (const std::string& seen : {r.received_at.empty() ? r.analyzed_at : r.received_at, old_seen}) {
      if (seen.empty()) continue;
      if (auto d = trend_day(seen)) days.insert(*d);
      else all = true;
    }
    if (all) rest.push_back({"DELETE FROM trend_days", {}});
    else
      for (const auto& d : days) rest.push_back({"DELETE FROM trend_days WHERE day = ?1", {Value::text(d)}});
  }
  rest.push_back({"INSERT INTO case_reports (case_id, report) VALUES (?1, ?2) ON CONFLICT (case_id) DO UPDATE SET "
                  "report = excluded.report",
                  {id, Value::blob(r.packed_report)}});
  // a case seen before: its old findings and links go (a new one has none: no lookups into the big indexes)
  if (seen_before) {
    rest.push_back({"DELETE FROM case_findings WHERE case_id = ?1", {id}});
    rest.push_back({"DELETE FROM case_links WHERE case_id = ?1", {id}});
  }
  // one statement for all the findings (a statement per arity is cached)
  if (!r.findings.empty()) {
    std::string sql = "INSERT INTO case_findings (case_id, rule_id) VALUES ";
    std::vector<Value> p = {id};
    for (size_t i = 0; i < r.findings.size(); ++i) {
      sql += (i ? ", (?1, ?" : "(?1, ?") + std::to_string(i + 2) + ")";
      p.push_back(Value::text(r.findings[i]));
    }
    rest.push_back({sql + " ON CONFLICT DO NOTHING", std::move(p)});
  }
  // 60 links per statement at most (SQLite's parameter limit is 32766, PostgreSQL's 65535)
  for (size_t start = 0; start < r.links.size(); start += 60) {
    std::string sql = "INSERT INTO case_links (case_id, url, host, registrable_domain, host_ip, tld, domain_age_days, "
                      "asn, country, official, path_pattern) VALUES ";
    std::vector<Value> p = {id};
    size_t end = std::min<size_t>(r.links.size(), start + 60);
    for (size_t i = start; i < end; ++i) {
      const auto& l = r.links[i];
      sql += i > start ? ", (?1" : "(?1";
      for (int k = 0; k < 10; ++k) sql += ", ?" + std::to_string(p.size() + k + 1);
      sql += ")";
      for (auto v : {Value::text(l.url), Value::text_or_null(l.host), Value::text_or_null(l.registrable_domain),
                     Value::text_or_null(l.host_ip), Value::text_or_null(l.tld), Value::opt(l.domain_age_days),
                     Value::opt(l.asn), Value::text_or_null(l.country), Value::integer(l.official ? 1 : 0),
                     Value::text_or_null(l.path_pattern)})
        p.push_back(std::move(v));
    }
    rest.push_back({sql + " ON CONFLICT DO NOTHING", std::move(p)});
  }
  if (!in_tx_) rest.push_back({"COMMIT", {}});
  auto q = db_->run_all(rest);
  if (!q) return fail(q.error());
  if (--saves_until_check_ <= 0) train_if_due(r.tool_version);
  return true;
}

core::Result<bool> CaseStore::begin() {
  auto r = db_->exec(db_->postgres() ? "BEGIN" : "BEGIN IMMEDIATE");
  if (!r) return core::Error{"cannot begin transaction: " + r.error().what, path_};
  in_tx_ = true;
  return true;
}

core::Result<bool> CaseStore::rollback() {
  bool open = in_tx_;
  in_tx_ = false;
  auto r = db_->exec("ROLLBACK");
  if (!r && open) return core::Error{"rollback failed: " + r.error().what, path_};
  if (dict_uncommitted_) {
    // the dictionary trained in that transaction is gone with it: pack with the newest one the store still has
    dict_uncommitted_ = false;
    saves_until_check_ = 1;
    return load_report_dictionary();
  }
  return true;
}

core::Result<bool> CaseStore::commit() {
  if (!in_tx_) return true;  // nothing begun, or rolled back by a failed save
  in_tx_ = false;
  dict_uncommitted_ = false;
  auto r = db_->exec("COMMIT");
  if (!r) {
    db_->exec("ROLLBACK");
    return core::Error{"commit failed: " + r.error().what, path_};
  }
  return true;
}

core::Result<bool> CaseStore::mark_item(const std::string& run, const std::string& item, const std::string& sha256,
                                        const std::string& status, int64_t out_end) {
  auto r = db_->query(
      "INSERT INTO batch_items VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (run, item) DO UPDATE SET sha256 = excluded.sha256, "
      "status = excluded.status, out_end = excluded.out_end",
      {Value::text(run), Value::text(item), Value::text_or_null(sha256), Value::text(status), Value::integer(out_end)});
  if (!r) {
    bool batch = in_tx_;
    rollback();
    return core::Error{"save batch item: " + r.error().what +
                           (batch ? " (the transaction begun for a batch was rolled back)" : ""),
                       path_};
  }
  return true;
}

core::Result<RunState> CaseStore::run_state(const std::string& run) {
  RunState st;
  auto r = db_->query("SELECT item, out_end FROM batch_items WHERE run = ?1", {Value::text(run)}, [&](const Row& row) {
    st.done.insert(row[0].value_or(""));
    st.out_end = std::max<int64_t>(st.out_end, row[1] ? std::atoll(row[1]->c_str()) : 0);
    return true;
  });
  if (!r) return core::Error{"read batch items: " + r.error().what, path_};
  return st;
}

core::Result<bool> CaseStore::forget_run(const std::string& run) {
  auto r = db_->query("DELETE FROM batch_items WHERE run = ?1", {Value::text(run)});
  if (!r) return core::Error{"forget run: " + r.error().what, path_};
  return true;
}

bool is_store_url(const std::string& where) { return Db::is_url(where); }

std::string default_store_path() {
  if (const char* p = std::getenv("PHISHSCOPE_STORE"); p && *p) return p;
  std::string base;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) base = x;
  else if (const char* h = std::getenv("HOME"); h && *h) base = std::string(h) + "/.local/share";
  else return "";
  return base + "/phishscope/cases.sqlite";
}

core::Result<CaseSummary> CaseStore::get(const std::string& sha256) {
  CaseSummary c;
  bool found = false;
  auto r = db_->query("SELECT sha256, subject, verdict, score, times_analyzed FROM cases WHERE sha256 = ?1",
                      {Value::text(sha256)}, [&](const Row& row) {
                        found = true;
                        c.sha256 = row[0].value_or("");
                        c.subject = row[1].value_or("");
                        c.verdict = row[2].value_or("");
                        c.score = row[3] ? std::atoi(row[3]->c_str()) : 0;
                        c.times_analyzed = row[4] ? std::atoi(row[4]->c_str()) : 0;
                        return false;
                      });
  if (!r) return r.error();
  if (!found) return core::Error{"no case " + sha256, path_};
  return c;
}

core::Result<int64_t> CaseStore::count() {
  auto v = query_one(*db_, "SELECT COUNT(*) FROM cases", {});
  if (!v) return core::Error{"count failed: " + v.error().what, path_};
  return static_cast<int64_t>(v->has_value() ? std::atoll((*v)->c_str()) : 0);
}

}  // namespace ps::store

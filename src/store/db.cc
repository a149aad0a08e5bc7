#include "store/db.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <map>
#include <unordered_map>

namespace ps::store {

namespace {

class SqliteDb : public Db {
 public:
  ~SqliteDb() override {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    if (db_) sqlite3_close(db_);
  }
  static core::Result<std::unique_ptr<Db>> open(const std::string& path) {
    // No memory statistics: with them every allocation SQLite makes takes a global lock. Set before SQLite starts
    // (afterwards sqlite3_config refuses, harmlessly).
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)configured;
    auto d = std::make_unique<SqliteDb>();
    d->where_ = path;
    // A connection is used by one thread at a time (a store belongs to its thread: the batch writer), so it needs no
    // lock of its own around each call.
    if (sqlite3_open_v2(path.c_str(), &d->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
      return core::Error{"cannot open case store: " + d->errmsg(), path};
    sqlite3_busy_timeout(d->db_, 5000);
    return std::unique_ptr<Db>(std::move(d));
  }
  core::Result<bool> exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string e = err ? err : errmsg();
      sqlite3_free(err);
      return core::Error{e, where_};
    }
    return true;
  }
  core::Result<bool> query(const std::string& sql, const std::vector<Value>& params,
                           const std::function<bool(const Row&)>& row) override {
    sqlite3_stmt*& st = cache_[sql];
    if (!st && sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      std::string e = errmsg();
      cache_.erase(sql);
      return core::Error{"prepare: " + e, where_};
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      int n = static_cast<int>(i + 1);
      switch (v.kind) {
        case Value::Kind::Null: sqlite3_bind_null(st, n); break;
        case Value::Kind::Text: sqlite3_bind_text(st, n, v.s.data(), static_cast<int>(v.s.size()), SQLITE_STATIC); break;
        case Value::Kind::Int: sqlite3_bind_int64(st, n, v.i); break;
        case Value::Kind::Blob: sqlite3_bind_blob(st, n, v.s.data(), static_cast<int>(v.s.size()), SQLITE_STATIC); break;
      }
    }
    int rc;
    Row r;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (!row) continue;
      int cols = sqlite3_column_count(st);
      r.assign(static_cast<size_t>(cols), std::nullopt);
      for (int c = 0; c < cols; ++c) {
        int type = sqlite3_column_type(st, c);
        if (type == SQLITE_NULL) continue;
        if (type == SQLITE_BLOB) {
          const char* b = static_cast<const char*>(sqlite3_column_blob(st, c));
          r[static_cast<size_t>(c)] = std::string(b, static_cast<size_t>(sqlite3_column_bytes(st, c)));
        } else {
          const unsigned char* t = sqlite3_column_text(st, c);
          r[static_cast<size_t>(c)] = std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st, c)));
        }
      }
      if (!row(r)) {
        rc = SQLITE_DONE;
        break;
      }
    }
    bool ok = rc == SQLITE_DONE;
    std::string e = ok ? "" : errmsg();
    sqlite3_reset(st);  // releases the parameters (bound without copies) and any read lock
    if (!ok) return core::Error{e, where_};
    return true;
  }
  bool postgres() const override { return false; }

 private:
  std::string errmsg() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// ?N -> $N outside quoted strings; INSERT OR IGNORE is written as ON CONFLICT DO NOTHING by the store already.
std::string to_postgres(const std::string& sql) {
  std::string out;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == '?' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '$';
      continue;
    }
    out += c;
  }
  return out;
}

class PgDb : public Db {
 public:
  ~PgDb() override {
    if (conn_) PQfinish(conn_);
  }
  static core::Result<std::unique_ptr<Db>> open(const std::string& url) {
    auto d = std::make_unique<PgDb>();
    d->where_ = redact(url);
    d->conn_ = PQconnectdb(url.c_str());
    if (!d->conn_ || PQstatus(d->conn_) != CONNECTION_OK)
      return core::Error{"cannot connect to the PostgreSQL case store: " +
                             trim(d->conn_ ? PQerrorMessage(d->conn_) : "out of memory"),
                         d->where_};
    PQsetNoticeProcessor(d->conn_, [](void*, const char*) {}, nullptr);  // "relation already exists, skipping"
    return std::unique_ptr<Db>(std::move(d));
  }
  core::Result<bool> exec(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    ExecStatusType st = PQresultStatus(r);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    std::string e = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) return core::Error{trim(e), where_};
    return true;
  }
  core::Result<bool> query(const std::string& sql, const std::vector<Value>& params,
                           const std::function<bool(const Row&)>& row) override {
    Params p(params);
    PGresult* r = PQexecParams(conn_, converted(sql).c_str(), static_cast<int>(params.size()), nullptr, p.values.data(),
                               p.lengths.data(), p.formats.data(), 0);
    return take(r, row);
  }
  // libpq's pipeline mode: every statement sent, then every result read
  core::Result<bool> run_all(const std::vector<Statement>& statements) override {
    if (statements.size() < 2 || PQenterPipelineMode(conn_) != 1) return Db::run_all(statements);
    std::optional<core::Error> error;
    size_t sent = 0;
    for (const auto& st : statements) {
      Params p(st.params);
      if (PQsendQueryParams(conn_, converted(st.sql).c_str(), static_cast<int>(st.params.size()), nullptr,
                            p.values.data(), p.lengths.data(), p.formats.data(), 0) != 1) {
        error = core::Error{trim(PQerrorMessage(conn_)), where_};
        break;
      }
      ++sent;
    }
    if (PQpipelineSync(conn_) != 1 && !error) error = core::Error{trim(PQerrorMessage(conn_)), where_};
    for (size_t i = 0; i < sent; ++i) {
      // one result, then nothing, per statement; an aborted one after an error
      PGresult* r = PQgetResult(conn_);
      if (!r) break;
      if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED) {
        PQclear(r);
      } else {
        auto taken = take(r, statements[i].row);
        if (!taken && !error) error = taken.error();
      }
      while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    }
    // the sync point
    while (PGresult* r = PQgetResult(conn_)) {
      bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
      PQclear(r);
      if (sync) break;
    }
    PQexitPipelineMode(conn_);
    if (error) return *error;
    return true;
  }
  bool postgres() const override { return true; }

 private:
  // a statement's parameters as libpq takes them (kept alive while it sends them)
  struct Params {
    std::vector<std::string> ints;
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    explicit Params(const std::vector<Value>& params)
        : ints(params.size()), values(params.size()), lengths(params.size()), formats(params.size()) {
      for (size_t i = 0; i < params.size(); ++i) {
        const Value& v = params[i];
        switch (v.kind) {
          case Value::Kind::Null: values[i] = nullptr; break;
          case Value::Kind::Text: values[i] = v.s.c_str(); break;
          case Value::Kind::Int:
            ints[i] = std::to_string(v.i);
            values[i] = ints[i].c_str();
            break;
          case Value::Kind::Blob:
            values[i] = v.s.data();
            lengths[i] = static_cast<int>(v.s.size());
            formats[i] = 1;
            break;
        }
      }
    }
  };
  const std::string& converted(const std::string& sql) {
    auto it = converted_.find(sql);
    if (it == converted_.end()) it = converted_.emplace(sql, to_postgres(sql)).first;
    return it->second;
  }
  // a statement's result: its rows to `row`, or its error; frees it
  core::Result<bool> take(PGresult* r, const std::function<bool(const Row&)>& row) {
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string e = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
      PQclear(r);
      return core::Error{trim(e), where_};
    }
    if (row) {
      int rows = PQntuples(r), cols = PQnfields(r);
      Row out;
      for (int i = 0; i < rows; ++i) {
        out.assign(static_cast<size_t>(cols), std::nullopt);
        for (int c = 0; c < cols; ++c) {
          if (PQgetisnull(r, i, c)) continue;
          const char* v = PQgetvalue(r, i, c);
          if (PQftype(r, c) == 17) {  // bytea, in its text form: the bytes
            size_t n = 0;
            unsigned char* b = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
            out[static_cast<size_t>(c)] = std::string(reinterpret_cast<const char*>(b), n);
            PQfreemem(b);
          } else {
            out[static_cast<size_t>(c)] = std::string(v, static_cast<size_t>(PQgetlength(r, i, c)));
          }
        }
        if (!row(out)) break;
      }
    }
    PQclear(r);
    return true;
  }
  static std::string trim(std::string e) {
    while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
    for (auto& ch : e)
      if (ch == '\n') ch = ' ';
    return e;
  }
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  static std::string redact(const std::string& url) {
    size_t scheme = url.find("://");
    size_t at = url.find('@');
    if (scheme == std::string::npos || at == std::string::npos) return url;
    size_t colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
  }
  PGconn* conn_ = nullptr;
  std::map<std::string, std::string> converted_;
};

}  // namespace

bool Db::is_url(const std::string& where) {
  return where.rfind("postgres://", 0) == 0 || where.rfind("postgresql://", 0) == 0;
}

core::Result<std::unique_ptr<Db>> Db::open(const std::string& where) {
  if (is_url(where)) return PgDb::open(where);
  return SqliteDb::open(where);
}

core::Result<std::optional<std::string>> query_one(Db& db, const std::string& sql, const std::vector<Value>& params) {
  std::optional<std::string> v;
  auto r = db.query(sql, params, [&](const Row& row) {
    if (!row.empty()) v = row[0];
    return false;
  });
  if (!r.ok()) return r.error();
  return v;
}

}  // namespace ps::store

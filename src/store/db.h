// The SQL engine under the case store: SQLite (a file, the default) or PostgreSQL (a server, for several machines
// writing one store). The store's SQL is written once, with ?N placeholders, in the dialect both understand.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ps::store {

// A statement parameter.
struct Value {
  enum class Kind { Null, Text, Int, Blob } kind = Kind::Null;
  std::string s;
  int64_t i = 0;
  static Value null() { return {}; }
  static Value text(std::string v) { return {Kind::Text, std::move(v), 0}; }
  static Value text_or_null(const std::string& v) { return v.empty() ? null() : text(v); }
  static Value integer(int64_t v) { return {Kind::Int, "", v}; }
  static Value opt(const std::optional<int64_t>& v) { return v ? integer(*v) : null(); }
  static Value blob(std::string v) { return {Kind::Blob, std::move(v), 0}; }
};

// A result row: each column as text (blobs as their bytes), nothing for NULL.
using Row = std::vector<std::optional<std::string>>;

// A statement of a group run with Db::run_all.
struct Statement {
  std::string sql;
  std::vector<Value> params;
  std::function<bool(const Row&)> row = {};
};

class Db {
 public:
  virtual ~Db() = default;
  // SQLite file path, or a postgres:// / postgresql:// connection URL.
  static core::Result<std::unique_ptr<Db>> open(const std::string& where);
  static bool is_url(const std::string& where);
  // Statements without parameters (several, separated by ';').
  virtual core::Result<bool> exec(const std::string& sql) = 0;
  // One statement; `row` is called for each result row and returns false to stop reading.
  virtual core::Result<bool> query(const std::string& sql, const std::vector<Value>& params,
                                   const std::function<bool(const Row&)>& row = {}) = 0;
  // Statements in order, sent together where the engine can (one round trip to a PostgreSQL server instead of
  // one per statement); the first error stops the group and is returned.
  virtual core::Result<bool> run_all(const std::vector<Statement>& statements) {
    for (const auto& st : statements) {
      auto r = query(st.sql, st.params, st.row);
      if (!r) return r;
    }
    return true;
  }
  virtual bool postgres() const = 0;
  const std::string& where() const { return where_; }  // for messages (a URL without its password)

 protected:
  std::string where_;
};

// First column of the first row, or nothing.
core::Result<std::optional<std::string>> query_one(Db& db, const std::string& sql, const std::vector<Value>& params);

}  // namespace ps::store

// A streaming JSON writer: the report is written straight into a string, in nlohmann-json's layout (indent 2, or
// compact with indent < 0), without building a DOM first. Strings are escaped and invalid UTF-8 is replaced by
// U+FFFD, so the output is always valid JSON.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ps::report {

class JsonWriter {
 public:
  explicit JsonWriter(int indent = 2) : indent_(indent) { out_.reserve(32 * 1024); }

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
  JsonWriter& value(int64_t v);
  JsonWriter& value(uint64_t v);
  JsonWriter& value(double v);
  JsonWriter& null();
  // An already serialised JSON value, inserted as it is (must be valid JSON).
  JsonWriter& raw(std::string_view json);

  // "" -> null
  JsonWriter& str_or_null(const std::string& s) { return s.empty() ? null() : value(s); }
  template <typename T>
  JsonWriter& opt(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  // key + value in one call
  template <typename T>
  JsonWriter& kv(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void newline_indent(size_t depth);
  struct Level {
    bool array;
    size_t count;
  };
  int indent_;
  std::string out_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

// Appends `s` as a JSON string literal (quotes included) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace ps::report

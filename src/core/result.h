// A small Result type (g++ 12 has no std::expected).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace ps::core {

struct Error {
  std::string what;   // the problem, in one line
  std::string where;  // file, header, byte offset... (may be empty)
  std::string str() const { return where.empty() ? what : where + ": " + what; }
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace ps::core

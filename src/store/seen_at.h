// When a case happened, for every time window of the store: when it was received, else when it was analysed. The
// schema indexes exactly this expression (cases_seen_at), and a window is served by that index only when its
// condition is written with the same expression.
#pragma once
#include <optional>
#include <string>

namespace ps::store {

inline const std::string kSeenAt = "COALESCE(received_at, analyzed_at)";
inline const std::string kCaseSeenAt = "COALESCE(c.received_at, c.analyzed_at)";  // cases named c

// "<seen> >= ?lo AND <seen> < ?lo+1"
inline std::string seen_in_window(const std::string& seen, size_t lo_param) {
  return seen + " >= ?" + std::to_string(lo_param) + " AND " + seen + " < ?" + std::to_string(lo_param + 1);
}

// The calendar day ("YYYY-MM-DD") of a time as the store writes it, whose day of trend_days counts it; nothing when
// the text does not start with a real date (store/trends.cc).
std::optional<std::string> trend_day(const std::string& iso);

}  // namespace ps::store

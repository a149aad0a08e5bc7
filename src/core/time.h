// Instants with the UTC offset they were written with.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace ps::core {

struct Timestamp {
  int64_t epoch = 0;       // seconds since 1970-01-01T00:00:00Z
  int offset_minutes = 0;  // offset of the original text, e.g. +540 for JST

  // ISO 8601 with the original offset: 2026-02-13T04:20:14+09:00
  std::string iso8601() const;
  // The same instant at another offset.
  Timestamp at_offset(int minutes) const { return {epoch, minutes}; }
  // "2026-02-13 04:20" (local to this offset)
  std::string local_minute() const;
  // "2026-02-13" (local to this offset)
  std::string local_date() const;
};

constexpr int kJstOffsetMinutes = 9 * 60;

// Parses ISO 8601 "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ss(Z|±hh:mm)". A date alone is midnight UTC.
std::optional<Timestamp> parse_iso8601(const std::string& s);

// Whole days from `earlier` to `later` counted on calendar dates at `offset_minutes`.
int64_t days_between(const Timestamp& earlier, const Timestamp& later, int offset_minutes);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace ps::core

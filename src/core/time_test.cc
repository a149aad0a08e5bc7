#include "core/time.h"

#include <gtest/gtest.h>

namespace ps::core {

TEST(Time, Iso8601RoundTripWithOffset) {
  auto t = parse_iso8601("2026-02-13T04:20:14+09:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->iso8601(), "2026-02-13T04:20:14+09:00");
  EXPECT_EQ(t->at_offset(0).iso8601(), "2026-02-12T19:20:14Z");
  EXPECT_EQ(t->local_minute(), "2026-02-13 04:20");
}

TEST(Time, DateOnlyIsMidnightUtc) {
  auto t = parse_iso8601("2026-03-10");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->epoch, days_from_civil(2026, 3, 10) * 86400);
}

TEST(Time, RejectsGarbage) {
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2026-13-01"));
  EXPECT_FALSE(parse_iso8601("2026-02-13T04:20:14+0900x"));
}

TEST(Time, DaysBetweenUsesLocalCalendar) {
  auto a = parse_iso8601("2026-03-10T23:30:00+09:00");
  auto b = parse_iso8601("2026-03-15T00:10:00+09:00");
  EXPECT_EQ(days_between(*a, *b, kJstOffsetMinutes), 5);
}

}  // namespace ps::core

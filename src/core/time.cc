#include "core/time.h"

#include <cstdio>
#include <fmt/format.h>

namespace ps::core {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {
struct Civil {
  int64_t y;
  unsigned m, d, hh, mm, ss;
};

Civil civil_from_epoch(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d, static_cast<unsigned>(secs / 3600), static_cast<unsigned>(secs % 3600 / 60),
          static_cast<unsigned>(secs % 60)};
}
}  // namespace

std::string Timestamp::iso8601() const {
  Civil c = civil_from_epoch(epoch + offset_minutes * 60);
  if (offset_minutes == 0) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.y, c.m, c.d, c.hh, c.mm, c.ss);
  }
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", c.y, c.m, c.d, c.hh, c.mm, c.ss,
                     offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
}

std::string Timestamp::local_minute() const {
  Civil c = civil_from_epoch(epoch + offset_minutes * 60);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", c.y, c.m, c.d, c.hh, c.mm);
}

std::string Timestamp::local_date() const {
  Civil c = civil_from_epoch(epoch + offset_minutes * 60);
  return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

std::optional<Timestamp> parse_iso8601(const std::string& s) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  int n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  int offset = 0;
  if (s.size() > 10) {
    if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
    int m = 0;
    if (std::sscanf(s.c_str() + 11, "%2d:%2d:%2d%n", &h, &mi, &se, &m) != 3) return std::nullopt;
    std::string rest = s.substr(11 + m);
    // skip fractional seconds
    size_t i = 0;
    if (!rest.empty() && rest[0] == '.') {
      i = 1;
      while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    }
    rest = rest.substr(i);
    if (rest == "Z" || rest.empty()) {
      offset = 0;
    } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
      int oh = std::atoi(rest.substr(1, 2).c_str()), om = std::atoi(rest.substr(4, 2).c_str());
      offset = (oh * 60 + om) * (rest[0] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  int64_t epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset * 60;
  return Timestamp{epoch, offset};
}

int64_t days_between(const Timestamp& earlier, const Timestamp& later, int offset_minutes) {
  auto day = [&](const Timestamp& t) {
    int64_t local = t.epoch + offset_minutes * 60;
    return local >= 0 ? local / 86400 : (local - 86399) / 86400;
  };
  return day(later) - day(earlier);
}

}  // namespace ps::core

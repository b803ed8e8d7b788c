// Date: a civil calendar date (proleptic Gregorian), stored as days since
// 1970-01-01. Parsed from and printed as YYYY-MM-DD. Value type.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace zapas {

class Date {
 public:
  // Strict "YYYY-MM-DD" with a real calendar day, years 1900..9999.
  static Result<Date> Parse(std::string_view text);
  static Date FromDays(int32_t days) { return Date(days); }
  static Date FromCivil(int year, unsigned month, unsigned day);
  // Later than every real date: the expiry of lots that do not expire.
  static Date Never() { return Date(std::numeric_limits<int32_t>::max()); }

  int32_t days() const { return days_; }
  // The civil calendar's year, month (1..12) and day (1..31).
  int year() const;
  unsigned month() const;
  unsigned day() const;
  std::string ToString() const;
  bool is_never() const { return days_ == std::numeric_limits<int32_t>::max(); }
  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // The last day of this date's month (2026-02-10 -> 2026-02-28).
  Date EndOfMonth() const;

  auto operator<=>(const Date&) const = default;

 private:
  explicit Date(int32_t days) : days_(days) {}
  int32_t days_;
};

// RFC 3339 timestamps ("2026-11-27T14:30:00Z", "2026-11-27T16:30:00.5+02:00"),
// as whole seconds since 1970-01-01T00:00:00Z (fractions are dropped).
// kInvalid for any other text, including a date without a time, and for an
// instant whose UTC date falls outside the years 1900..9999 (which Date::Parse
// could not read back from FormatTimestamp).
Result<int64_t> ParseTimestamp(std::string_view text);
// "2026-11-27T14:30:00Z"
std::string FormatTimestamp(int64_t seconds);
// The UTC date of a timestamp (seconds since 1970-01-01T00:00:00Z; earlier
// instants are negative and still fall on their own day).
Date DateOfTimestamp(int64_t seconds);

// The date in Kyiv (Europe/Kyiv) at an instant: UTC+2, and UTC+3 from 01:00
// UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
// (the EU's rule, Ukraine's since 1996). "Today" for a cluster is this date of
// now, which the caller reads from its clock: nothing in domain/ does.
Date KyivDateOf(int64_t seconds);
// Kyiv's offset from UTC at an instant, in seconds (7200 or 10800).
int KyivOffsetSeconds(int64_t seconds);
// The second of the day in Kyiv at an instant (0 to 86399).
int KyivSecondOfDay(int64_t seconds);

// A time of day "HH:MM" (00:00 to 23:59) as minutes after midnight; kInvalid
// for anything else.
Result<int> ParseTimeOfDay(std::string_view text);

}  // namespace zapas

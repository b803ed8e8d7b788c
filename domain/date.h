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
  // Today in UTC.
  static Date Today();
  // Later than every real date: the expiry of lots that do not expire.
  static Date Never() { return Date(std::numeric_limits<int32_t>::max()); }

  int32_t days() const { return days_; }
  int year() const;
  std::string ToString() const;
  bool is_never() const { return days_ == std::numeric_limits<int32_t>::max(); }
  Date AddDays(int32_t n) const { return Date(days_ + n); }

  auto operator<=>(const Date&) const = default;

 private:
  explicit Date(int32_t days) : days_(days) {}
  int32_t days_;
};

}  // namespace zapas

#include "domain/date.h"

#include <chrono>

namespace zapas {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(int32_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe) + era * 400 + (m <= 2);
}

void AppendTwoDigits(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10 % 10);
  out += static_cast<char>('0' + v % 10);
}

unsigned DaysInMonth(int y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

}  // namespace

Result<Date> Date::Parse(std::string_view t) {
  auto bad = [&] {
    return Status::Invalid("\"" + std::string(t.substr(0, 20)) + "\" is not a date (YYYY-MM-DD)");
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return bad();
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (int i = 0; i < lens[k]; ++i) {
      char c = t[starts[k] + i];
      if (c < '0' || c > '9') return bad();
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
      static_cast<unsigned>(v[2]) > DaysInMonth(v[0], static_cast<unsigned>(v[1]))) {
    return bad();
  }
  return FromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
}

Date Date::FromCivil(int year, unsigned month, unsigned day) {
  return Date(DaysFromCivil(year, month, day));
}

Date Date::EndOfMonth() const {
  int y;
  unsigned m, d;
  CivilFromDays(days_, y, m, d);
  return FromCivil(y, m, DaysInMonth(y, m));
}

int Date::year() const {
  int y;
  unsigned m, d;
  CivilFromDays(days_, y, m, d);
  return y;
}

unsigned Date::month() const {
  int y;
  unsigned m, d;
  CivilFromDays(days_, y, m, d);
  return m;
}

unsigned Date::day() const {
  int y;
  unsigned m, d;
  CivilFromDays(days_, y, m, d);
  return d;
}

std::string Date::ToString() const {
  if (is_never()) return "";
  int y;
  unsigned m, d;
  CivilFromDays(days_, y, m, d);
  unsigned yy = static_cast<unsigned>(y) % 10000;
  std::string out;
  out.reserve(10);
  AppendTwoDigits(out, yy / 100);
  AppendTwoDigits(out, yy % 100);
  out += '-';
  AppendTwoDigits(out, m);
  out += '-';
  AppendTwoDigits(out, d);
  return out;
}

namespace {

constexpr int64_t kSecondsPerDay = 86400;

bool Digits(std::string_view t, size_t at, size_t n, int& out) {
  out = 0;
  if (at + n > t.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (t[i] < '0' || t[i] > '9') return false;
    out = out * 10 + (t[i] - '0');
  }
  return true;
}

}  // namespace

Result<int64_t> ParseTimestamp(std::string_view t) {
  auto bad = [&] {
    return Status::Invalid("\"" + std::string(t.substr(0, 40)) +
                           "\" is not an RFC 3339 timestamp such as 2026-11-27T14:30:00Z");
  };
  if (t.size() < 20) return bad();
  auto date = Date::Parse(t.substr(0, 10));
  if (!date.ok() || (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':') return bad();
  int h, m, s;
  if (!Digits(t, 11, 2, h) || !Digits(t, 14, 2, m) || !Digits(t, 17, 2, s) || h > 23 || m > 59 ||
      s > 60) {
    return bad();
  }
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    size_t start = ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == start || i - start > 9) return bad();
  }
  int64_t offset = 0;
  if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
    ++i;
  } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    int oh, om;
    if (i + 6 != t.size() || !Digits(t, i + 1, 2, oh) || t[i + 3] != ':' ||
        !Digits(t, i + 4, 2, om) || oh > 23 || om > 59) {
      return bad();
    }
    offset = (t[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    i += 6;
  } else {
    return bad();
  }
  if (i != t.size()) return bad();
  const int64_t seconds =
      static_cast<int64_t>(date->days()) * kSecondsPerDay + h * 3600 + m * 60 + s - offset;
  // An offset (or a leap second) can carry the instant across a year boundary.
  const int utc_year = DateOfTimestamp(seconds).year();
  if (utc_year < 1900 || utc_year > 9999) return bad();
  return seconds;
}

Date DateOfTimestamp(int64_t seconds) {
  const int64_t days =
      seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
  return Date::FromDays(static_cast<int32_t>(days));
}

namespace {

// 01:00 UTC on the last Sunday of `month` of `year`, in seconds.
int64_t LastSundayOneUtc(int year, unsigned month) {
  const Date last = Date::FromCivil(year, month, 1).EndOfMonth();
  // 1970-01-01 was a Thursday: days % 7 == 3 is a Sunday.
  const int32_t weekday = ((last.days() % 7) + 7 + 4) % 7;  // 0 = Sunday
  return static_cast<int64_t>(last.days() - weekday) * kSecondsPerDay + 3600;
}

}  // namespace

int KyivOffsetSeconds(int64_t seconds) {
  const int year = DateOfTimestamp(seconds).year();
  const bool summer = seconds >= LastSundayOneUtc(year, 3) && seconds < LastSundayOneUtc(year, 10);
  return (summer ? 3 : 2) * 3600;
}

int KyivSecondOfDay(int64_t seconds) {
  const int64_t local = seconds + KyivOffsetSeconds(seconds);
  return static_cast<int>((local % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay);
}

Result<int> ParseTimeOfDay(std::string_view t) {
  auto digit = [&](size_t i) { return t[i] >= '0' && t[i] <= '9'; };
  if (t.size() != 5 || t[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return Status::Invalid("a time of day must be HH:MM");
  }
  const int hours = (t[0] - '0') * 10 + (t[1] - '0');
  const int minutes = (t[3] - '0') * 10 + (t[4] - '0');
  if (hours > 23 || minutes > 59) return Status::Invalid("a time of day must be 00:00 to 23:59");
  return hours * 60 + minutes;
}

Date KyivDateOf(int64_t seconds) { return DateOfTimestamp(seconds + KyivOffsetSeconds(seconds)); }

std::string FormatTimestamp(int64_t seconds) {
  const Date day = DateOfTimestamp(seconds);
  int64_t rest = seconds - static_cast<int64_t>(day.days()) * kSecondsPerDay;
  std::string out = day.ToString();
  out += 'T';
  AppendTwoDigits(out, static_cast<unsigned>(rest / 3600));
  out += ':';
  AppendTwoDigits(out, static_cast<unsigned>(rest / 60 % 60));
  out += ':';
  AppendTwoDigits(out, static_cast<unsigned>(rest % 60));
  out += 'Z';
  return out;
}

}  // namespace zapas

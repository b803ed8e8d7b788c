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

Date Date::Today() {
  auto now = std::chrono::system_clock::now();
  auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  return Date(static_cast<int32_t>(days));
}

int Date::year() const {
  int y;
  unsigned m, d;
  CivilFromDays(days_, y, m, d);
  return y;
}

std::string Date::ToString() const {
  if (is_never()) return "";
  int y;
  unsigned m, d;
  CivilFromDays(days_, y, m, d);
  char buf[10];
  unsigned yy = static_cast<unsigned>(y) % 10000;
  buf[0] = static_cast<char>('0' + yy / 1000);
  buf[1] = static_cast<char>('0' + yy / 100 % 10);
  buf[2] = static_cast<char>('0' + yy / 10 % 10);
  buf[3] = static_cast<char>('0' + yy % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + m / 10);
  buf[6] = static_cast<char>('0' + m % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + d / 10);
  buf[9] = static_cast<char>('0' + d % 10);
  return std::string(buf, sizeof buf);
}

}  // namespace zapas

#include "printing/format.h"

#include <cstdio>

namespace zapas::printing {

namespace {

// "-1250.50" -> "-1 250,50"
std::string GroupDecimal(std::string s) {
  std::string sign;
  if (!s.empty() && s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : s.substr(dot + 1);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ' ';
    grouped += whole[i];
  }
  return sign + grouped + (fraction.empty() ? "" : "," + fraction);
}

}  // namespace

std::string FormatAmount(const Money& money) { return GroupDecimal(money.AmountString()); }

std::string FormatQuantity(const Quantity& quantity) { return GroupDecimal(quantity.ToString()); }

namespace {

struct Civil {
  int year;
  int month;
  int day;
};

Civil ToCivil(Date date) {
  Civil c{0, 1, 1};
  std::sscanf(date.ToString().c_str(), "%d-%d-%d", &c.year, &c.month, &c.day);
  return c;
}

constexpr const char* kMonthsUkGenitive[] = {"січня",   "лютого", "березня",   "квітня",
                                             "травня",  "червня", "липня",     "серпня",
                                             "вересня", "жовтня", "листопада", "грудня"};
constexpr const char* kMonthsEn[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

}  // namespace

std::string FormatDateNumeric(Date date) {
  const Civil c = ToCivil(date);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", c.day, c.month, c.year);
  return buf;
}

std::string FormatDateLongUk(Date date) {
  const Civil c = ToCivil(date);
  char day[8];
  std::snprintf(day, sizeof day, "%02d", c.day);
  return std::string("«") + day + "» " + kMonthsUkGenitive[(c.month - 1) % 12] + " " +
         std::to_string(c.year) + " р.";
}

std::string FormatDateLongEn(Date date) {
  const Civil c = ToCivil(date);
  return std::to_string(c.day) + " " + kMonthsEn[(c.month - 1) % 12] + " " + std::to_string(c.year);
}

std::pair<std::string, std::string> UnitLabels(Unit unit) {
  switch (unit) {
    case Unit::kPcs:
      return {"шт.", "pcs"};
    case Unit::kKg:
      return {"кг", "kg"};
    case Unit::kL:
      return {"л", "l"};
    case Unit::kBox:
      return {"ящ.", "box"};
    case Unit::kSet:
      return {"компл.", "set"};
    case Unit::kPack:
      return {"уп.", "pack"};
    case Unit::kM:
      return {"м", "m"};
  }
  return {"", ""};
}

}  // namespace zapas::printing

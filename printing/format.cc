#include "printing/format.h"

#include <algorithm>
#include <cctype>
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
std::string FormatAmount(const MoneySum& money) { return GroupDecimal(money.AmountString()); }

std::string FormatQuantity(const Quantity& quantity) { return GroupDecimal(quantity.ToString()); }

std::string FormatCount(int64_t count) { return GroupDecimal(std::to_string(count)); }

namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";  // U+00A0
constexpr std::string_view kTimes = "×";

// Words that name a unit after a number: of measure (UnitLabels' among them),
// of power, and of money (as the amount in words ends: "62 центи").
constexpr std::string_view kUnitWords[] = {
    "г",    "кг",    "мг",      "т",       "л",       "мл",       "м",       "см",     "мм",
    "км",   "м²",    "м³",      "шт",      "шт.",     "пар",      "уп",      "уп.",    "ящ",
    "ящ.",  "компл", "компл.",  "Вт",      "кВт",     "кВА",      "кВт·год", "В",      "А",
    "мА",   "мАг",   "Аг",      "год",     "хв",      "%",        "°C",      "°С",     "грн",
    "грн.", "коп.",  "копійка", "копійки", "копійок", "цент",     "центи",   "центів", "g",
    "kg",   "mg",    "t",       "l",       "L",       "ml",       "mL",      "m",      "cm",
    "mm",   "km",    "m²",      "m³",      "pc",      "pcs",      "pcs.",    "pair",   "pairs",
    "pack", "packs", "box",     "boxes",   "set",     "sets",     "W",       "kW",     "kVA",
    "kWh",  "V",     "A",       "mA",      "mAh",     "Ah",       "h",       "min",    "EUR",
    "UAH",  "USD",   "cent",    "cents",   "kopiyka", "kopiykas",
};

// A unit word, also when punctuation follows it: "г,", "шт.)", "кг.".
bool IsUnitWord(std::string_view word) {
  while (!word.empty()) {
    if (std::find(std::begin(kUnitWords), std::end(kUnitWords), word) != std::end(kUnitWords)) {
      return true;
    }
    if (word.ends_with("»")) {
      word.remove_suffix(std::string_view("»").size());
    } else if (std::string_view(",.;:)!?").find(word.back()) != std::string_view::npos) {
      word.remove_suffix(1);
    } else {
      return false;
    }
  }
  return false;
}

bool EndsWithDigit(std::string_view word) {
  return !word.empty() && std::isdigit(static_cast<unsigned char>(word.back()));
}

bool StartsWithDigit(std::string_view word) {
  return !word.empty() && std::isdigit(static_cast<unsigned char>(word.front()));
}

}  // namespace

std::string KeepNumbersWithUnits(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t word_start = 0;  // of the word before the space at i
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') word_start = i + 1;
    if (c != ' ') {
      out += c;
      continue;
    }
    const std::string_view before = text.substr(word_start, i - word_start);
    const size_t next_end = text.find_first_of(" \n", i + 1);
    const std::string_view after =
        text.substr(i + 1, (next_end == std::string_view::npos ? text.size() : next_end) - i - 1);
    const bool keep = (EndsWithDigit(before) && IsUnitWord(after)) ||
                      (after == kTimes && (EndsWithDigit(before) || IsUnitWord(before))) ||
                      (before == kTimes && StartsWithDigit(after));
    out += keep ? kNoBreakSpace : std::string_view(" ");
    word_start = i + 1;
  }
  return out;
}

namespace {

struct Civil {
  int year;
  int month;
  int day;
};

Civil ToCivil(Date date) {
  if (date.is_never()) return Civil{0, 1, 1};
  return Civil{date.year(), static_cast<int>(date.month()), static_cast<int>(date.day())};
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

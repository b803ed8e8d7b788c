#include "domain/amount_in_words.h"

#include "domain/text.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace zapas {
namespace {

constexpr uint64_t kMaxWholeUnits = 999'999'999'999;

enum class Gender { kMasculine, kFeminine };

// The three Ukrainian noun forms after a numeral: 1 (одна гривня), 2-4 (дві гривні),
// 5-20 and 0 (п'ять гривень).
struct UkForms {
  std::string_view one;
  std::string_view few;
  std::string_view many;
};

struct EnForms {
  std::string_view one;
  std::string_view other;
};

struct CurrencyWords {
  std::string_view code;
  Gender gender_uk;
  UkForms major_uk;
  UkForms minor_uk;
  EnForms major_en;
  EnForms minor_en;
};

constexpr std::array<CurrencyWords, 3> kCurrencyWords = {{
    {"UAH",
     Gender::kFeminine,
     {"гривня", "гривні", "гривень"},
     {"копійка", "копійки", "копійок"},
     {"hryvnia", "hryvnias"},
     {"kopiyka", "kopiykas"}},
    // Євро is indeclinable and counted like a masculine noun: один євро, два євро.
    {"EUR",
     Gender::kMasculine,
     {"євро", "євро", "євро"},
     {"цент", "центи", "центів"},
     {"euro", "euros"},
     {"cent", "cents"}},
    {"USD",
     Gender::kMasculine,
     {"долар США", "долари США", "доларів США"},
     {"цент", "центи", "центів"},
     {"US dollar", "US dollars"},
     {"cent", "cents"}},
}};

// nullptr when the currency is written with its ISO code instead.
const CurrencyWords* FindWords(const Currency& currency) {
  if (currency.digits != 2) return nullptr;
  for (const auto& w : kCurrencyWords) {
    if (w.code == currency.code) return &w;
  }
  return nullptr;
}

std::string_view UkForm(const UkForms& forms, uint64_t n) {
  return UkrainianPlural(n, forms.one, forms.few, forms.many);
}

std::string_view EnForm(const EnForms& forms, uint64_t n) {
  return n == 1 ? forms.one : forms.other;
}

// ---- Ukrainian numerals ----

constexpr std::array<std::string_view, 20> kUkUnitsMasculine = {
    "нуль",        "один",        "два",        "три",          "чотири",
    "п'ять",       "шість",       "сім",        "вісім",        "дев'ять",
    "десять",      "одинадцять",  "дванадцять", "тринадцять",   "чотирнадцять",
    "п'ятнадцять", "шістнадцять", "сімнадцять", "вісімнадцять", "дев'ятнадцять",
};
constexpr std::array<std::string_view, 10> kUkTens = {
    "",          "",          "двадцять", "тридцять",   "сорок",
    "п'ятдесят", "шістдесят", "сімдесят", "вісімдесят", "дев'яносто",
};
constexpr std::array<std::string_view, 10> kUkHundreds = {
    "",        "сто",     "двісті", "триста",   "чотириста",
    "п'ятсот", "шістсот", "сімсот", "вісімсот", "дев'ятсот",
};

std::string_view UkUnit(uint64_t n, Gender gender) {
  if (gender == Gender::kFeminine) {
    if (n == 1) return "одна";
    if (n == 2) return "дві";
  }
  return kUkUnitsMasculine[n];
}

// Appends the words of 1..999 in the given gender.
void AppendUkTriple(uint64_t n, Gender gender, std::vector<std::string_view>& words) {
  if (n >= 100) words.push_back(kUkHundreds[n / 100]);
  const uint64_t rest = n % 100;
  if (rest >= 20) {
    words.push_back(kUkTens[rest / 10]);
    if (rest % 10 != 0) words.push_back(UkUnit(rest % 10, gender));
  } else if (rest != 0) {
    words.push_back(UkUnit(rest, gender));
  }
}

struct UkScale {
  uint64_t size;
  Gender gender;
  UkForms forms;
};

constexpr std::array<UkScale, 3> kUkScales = {{
    {1'000'000'000, Gender::kMasculine, {"мільярд", "мільярди", "мільярдів"}},
    {1'000'000, Gender::kMasculine, {"мільйон", "мільйони", "мільйонів"}},
    {1'000, Gender::kFeminine, {"тисяча", "тисячі", "тисяч"}},
}};

void AppendUkNumber(uint64_t n, Gender gender, std::vector<std::string_view>& words) {
  if (n == 0) {
    words.push_back("нуль");
    return;
  }
  for (const UkScale& scale : kUkScales) {
    const uint64_t group = n / scale.size % 1000;
    if (group == 0) continue;
    AppendUkTriple(group, scale.gender, words);
    words.push_back(UkForm(scale.forms, group));
  }
  AppendUkTriple(n % 1000, gender, words);
}

// ---- English numerals ----

constexpr std::array<std::string_view, 20> kEnUnits = {
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
};
constexpr std::array<std::string_view, 10> kEnTens = {
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

// Appends the words of 1..999; 21..99 come as one hyphenated word.
void AppendEnTriple(uint64_t n, std::vector<std::string>& words) {
  if (n >= 100) {
    words.emplace_back(kEnUnits[n / 100]);
    words.emplace_back("hundred");
  }
  const uint64_t rest = n % 100;
  if (rest >= 20) {
    std::string tens(kEnTens[rest / 10]);
    if (rest % 10 != 0) tens.append("-").append(kEnUnits[rest % 10]);
    words.push_back(std::move(tens));
  } else if (rest != 0) {
    words.emplace_back(kEnUnits[rest]);
  }
}

struct EnScale {
  uint64_t size;
  std::string_view word;
};

constexpr std::array<EnScale, 3> kEnScales = {{
    {1'000'000'000, "billion"},
    {1'000'000, "million"},
    {1'000, "thousand"},
}};

void AppendEnNumber(uint64_t n, std::vector<std::string>& words) {
  if (n == 0) {
    words.emplace_back("zero");
    return;
  }
  for (const EnScale& scale : kEnScales) {
    const uint64_t group = n / scale.size % 1000;
    if (group == 0) continue;
    AppendEnTriple(group, words);
    words.emplace_back(scale.word);
  }
  AppendEnTriple(n % 1000, words);
}

// ---- Shared ----

// The absolute amount split into whole and minor units, already range-checked.
struct Parts {
  bool negative;
  uint64_t whole;
  uint64_t minor;
  int digits;
};

Result<Parts> Split(const Money& amount) {
  const int digits = amount.currency().digits;
  if (digits < 0 || digits > 18) {
    return Status::Invalid("currency " + std::string(amount.currency_code()) +
                           " has an unsupported number of minor digits");
  }
  uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  const int64_t m = amount.minor_units();
  // 0 - x in unsigned arithmetic is exact for every int64, INT64_MIN included.
  const uint64_t abs = m < 0 ? uint64_t{0} - static_cast<uint64_t>(m) : static_cast<uint64_t>(m);
  Parts parts{m < 0, abs / scale, abs % scale, digits};
  if (parts.whole > kMaxWholeUnits) {
    return Status::Invalid("amount " + amount.AmountString() + " " +
                           std::string(amount.currency_code()) +
                           " is too large to write in words (at most 999999999999 whole units)");
  }
  return parts;
}

// The minor units as exactly `digits` decimal digits ("05").
std::string MinorDigits(uint64_t minor, int digits) {
  std::string s(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    s[static_cast<size_t>(i)] = static_cast<char>('0' + minor % 10);
    minor /= 10;
  }
  return s;
}

template <typename Words>
std::string Join(const Words& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out.push_back(' ');
    out.append(w);
  }
  return out;
}

}  // namespace

Result<std::string> AmountInWordsUk(const Money& amount) {
  ZAPAS_ASSIGN_OR_RETURN(const Parts p, Split(amount));
  const CurrencyWords* cw = FindWords(amount.currency());
  std::vector<std::string_view> words;
  if (p.negative) words.push_back("мінус");
  AppendUkNumber(p.whole, cw != nullptr ? cw->gender_uk : Gender::kMasculine, words);
  const std::string minor = MinorDigits(p.minor, p.digits);
  if (cw != nullptr) {
    words.push_back(UkForm(cw->major_uk, p.whole));
    words.push_back(minor);
    words.push_back(UkForm(cw->minor_uk, p.minor));
  } else {
    words.push_back(amount.currency_code());
    if (p.digits > 0) words.push_back(minor);
  }
  return Join(words);
}

Result<std::string> AmountInWordsEn(const Money& amount) {
  ZAPAS_ASSIGN_OR_RETURN(const Parts p, Split(amount));
  const CurrencyWords* cw = FindWords(amount.currency());
  std::vector<std::string> words;
  if (p.negative) words.emplace_back("minus");
  AppendEnNumber(p.whole, words);
  std::string minor = MinorDigits(p.minor, p.digits);
  if (cw != nullptr) {
    words.emplace_back(EnForm(cw->major_en, p.whole));
    words.push_back(std::move(minor));
    words.emplace_back(EnForm(cw->minor_en, p.minor));
  } else {
    words.emplace_back(amount.currency_code());
    if (p.digits > 0) words.push_back(std::move(minor));
  }
  return Join(words);
}

}  // namespace zapas

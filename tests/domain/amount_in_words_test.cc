// Tests of domain/amount_in_words.h: amounts written out in Ukrainian and English
// for UAH, EUR and USD (gender and plural agreement, minor units, zero, negatives,
// the largest amount), the ISO-code fallback for other currencies, the range
// limit, and CapitalizeFirstUtf8. Every expected string is written by hand.
#include "domain/amount_in_words.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>

#include "domain/money.h"
#include "domain/status.h"

namespace zapas {
namespace {

struct WordsCase {
  int64_t minor;
  const char* currency;
  const char* uk;
  const char* en;
};

std::ostream& operator<<(std::ostream& os, const WordsCase& c) {
  return os << c.minor << " " << c.currency;
}

Money M(int64_t minor, const char* code) { return Money::FromMinor(minor, *FindCurrency(code)); }

class AmountInWordsTableTest : public testing::TestWithParam<WordsCase> {};

TEST_P(AmountInWordsTableTest, Ukrainian) {
  const WordsCase& c = GetParam();
  Result<std::string> words = AmountInWordsUk(M(c.minor, c.currency));
  ASSERT_TRUE(words.ok()) << words.status().message();
  EXPECT_EQ(*words, c.uk);
}

TEST_P(AmountInWordsTableTest, English) {
  const WordsCase& c = GetParam();
  Result<std::string> words = AmountInWordsEn(M(c.minor, c.currency));
  ASSERT_TRUE(words.ok()) << words.status().message();
  EXPECT_EQ(*words, c.en);
}

// ---- UAH: whole hryvnias ----

INSTANTIATE_TEST_SUITE_P(
    AmountInWordsUah, AmountInWordsTableTest,
    testing::Values(
        WordsCase{0, "UAH", "нуль гривень 00 копійок", "zero hryvnias 00 kopiykas"},
        WordsCase{100, "UAH", "одна гривня 00 копійок", "one hryvnia 00 kopiykas"},
        WordsCase{200, "UAH", "дві гривні 00 копійок", "two hryvnias 00 kopiykas"},
        WordsCase{300, "UAH", "три гривні 00 копійок", "three hryvnias 00 kopiykas"},
        WordsCase{400, "UAH", "чотири гривні 00 копійок", "four hryvnias 00 kopiykas"},
        WordsCase{500, "UAH", "п'ять гривень 00 копійок", "five hryvnias 00 kopiykas"},
        WordsCase{1000, "UAH", "десять гривень 00 копійок", "ten hryvnias 00 kopiykas"},
        WordsCase{1100, "UAH", "одинадцять гривень 00 копійок", "eleven hryvnias 00 kopiykas"},
        WordsCase{1200, "UAH", "дванадцять гривень 00 копійок", "twelve hryvnias 00 kopiykas"},
        WordsCase{1300, "UAH", "тринадцять гривень 00 копійок", "thirteen hryvnias 00 kopiykas"},
        WordsCase{1400, "UAH", "чотирнадцять гривень 00 копійок", "fourteen hryvnias 00 kopiykas"},
        WordsCase{1500, "UAH", "п'ятнадцять гривень 00 копійок", "fifteen hryvnias 00 kopiykas"},
        WordsCase{1900, "UAH", "дев'ятнадцять гривень 00 копійок", "nineteen hryvnias 00 kopiykas"},
        WordsCase{2000, "UAH", "двадцять гривень 00 копійок", "twenty hryvnias 00 kopiykas"},
        WordsCase{2100, "UAH", "двадцять одна гривня 00 копійок",
                  "twenty-one hryvnias 00 kopiykas"},
        WordsCase{2200, "UAH", "двадцять дві гривні 00 копійок", "twenty-two hryvnias 00 kopiykas"},
        WordsCase{2500, "UAH", "двадцять п'ять гривень 00 копійок",
                  "twenty-five hryvnias 00 kopiykas"},
        WordsCase{4000, "UAH", "сорок гривень 00 копійок", "forty hryvnias 00 kopiykas"},
        WordsCase{9000, "UAH", "дев'яносто гривень 00 копійок", "ninety hryvnias 00 kopiykas"},
        WordsCase{10000, "UAH", "сто гривень 00 копійок", "one hundred hryvnias 00 kopiykas"},
        WordsCase{10100, "UAH", "сто одна гривня 00 копійок",
                  "one hundred one hryvnias 00 kopiykas"},
        WordsCase{11100, "UAH", "сто одинадцять гривень 00 копійок",
                  "one hundred eleven hryvnias 00 kopiykas"},
        WordsCase{11200, "UAH", "сто дванадцять гривень 00 копійок",
                  "one hundred twelve hryvnias 00 kopiykas"},
        WordsCase{12100, "UAH", "сто двадцять одна гривня 00 копійок",
                  "one hundred twenty-one hryvnias 00 kopiykas"},
        WordsCase{20000, "UAH", "двісті гривень 00 копійок", "two hundred hryvnias 00 kopiykas"},
        WordsCase{30200, "UAH", "триста дві гривні 00 копійок",
                  "three hundred two hryvnias 00 kopiykas"},
        WordsCase{45000, "UAH", "чотириста п'ятдесят гривень 00 копійок",
                  "four hundred fifty hryvnias 00 kopiykas"},
        WordsCase{67800, "UAH", "шістсот сімдесят вісім гривень 00 копійок",
                  "six hundred seventy-eight hryvnias 00 kopiykas"},
        WordsCase{76600, "UAH", "сімсот шістдесят шість гривень 00 копійок",
                  "seven hundred sixty-six hryvnias 00 kopiykas"},
        WordsCase{83300, "UAH", "вісімсот тридцять три гривні 00 копійок",
                  "eight hundred thirty-three hryvnias 00 kopiykas"},
        WordsCase{99900, "UAH", "дев'ятсот дев'яносто дев'ять гривень 00 копійок",
                  "nine hundred ninety-nine hryvnias 00 kopiykas"}));

// ---- UAH: thousands, millions, billions ----

INSTANTIATE_TEST_SUITE_P(
    AmountInWordsUahScales, AmountInWordsTableTest,
    testing::Values(
        WordsCase{100000, "UAH", "одна тисяча гривень 00 копійок",
                  "one thousand hryvnias 00 kopiykas"},
        WordsCase{100100, "UAH", "одна тисяча одна гривня 00 копійок",
                  "one thousand one hryvnias 00 kopiykas"},
        WordsCase{100200, "UAH", "одна тисяча дві гривні 00 копійок",
                  "one thousand two hryvnias 00 kopiykas"},
        WordsCase{100500, "UAH", "одна тисяча п'ять гривень 00 копійок",
                  "one thousand five hryvnias 00 kopiykas"},
        WordsCase{125000, "UAH", "одна тисяча двісті п'ятдесят гривень 00 копійок",
                  "one thousand two hundred fifty hryvnias 00 kopiykas"},
        WordsCase{200000, "UAH", "дві тисячі гривень 00 копійок",
                  "two thousand hryvnias 00 kopiykas"},
        WordsCase{202100, "UAH", "дві тисячі двадцять одна гривня 00 копійок",
                  "two thousand twenty-one hryvnias 00 kopiykas"},
        WordsCase{300000, "UAH", "три тисячі гривень 00 копійок",
                  "three thousand hryvnias 00 kopiykas"},
        WordsCase{500000, "UAH", "п'ять тисяч гривень 00 копійок",
                  "five thousand hryvnias 00 kopiykas"},
        WordsCase{1100000, "UAH", "одинадцять тисяч гривень 00 копійок",
                  "eleven thousand hryvnias 00 kopiykas"},
        WordsCase{1200000, "UAH", "дванадцять тисяч гривень 00 копійок",
                  "twelve thousand hryvnias 00 kopiykas"},
        WordsCase{2100000, "UAH", "двадцять одна тисяча гривень 00 копійок",
                  "twenty-one thousand hryvnias 00 kopiykas"},
        WordsCase{2200000, "UAH", "двадцять дві тисячі гривень 00 копійок",
                  "twenty-two thousand hryvnias 00 kopiykas"},
        WordsCase{10000000, "UAH", "сто тисяч гривень 00 копійок",
                  "one hundred thousand hryvnias 00 kopiykas"},
        WordsCase{11100000, "UAH", "сто одинадцять тисяч гривень 00 копійок",
                  "one hundred eleven thousand hryvnias 00 kopiykas"},
        WordsCase{100000000, "UAH", "один мільйон гривень 00 копійок",
                  "one million hryvnias 00 kopiykas"},
        WordsCase{100000100, "UAH", "один мільйон одна гривня 00 копійок",
                  "one million one hryvnias 00 kopiykas"},
        WordsCase{200000000, "UAH", "два мільйони гривень 00 копійок",
                  "two million hryvnias 00 kopiykas"},
        WordsCase{400000000, "UAH", "чотири мільйони гривень 00 копійок",
                  "four million hryvnias 00 kopiykas"},
        WordsCase{500000000, "UAH", "п'ять мільйонів гривень 00 копійок",
                  "five million hryvnias 00 kopiykas"},
        WordsCase{2100000000, "UAH", "двадцять один мільйон гривень 00 копійок",
                  "twenty-one million hryvnias 00 kopiykas"},
        WordsCase{1100000000, "UAH", "одинадцять мільйонів гривень 00 копійок",
                  "eleven million hryvnias 00 kopiykas"},
        WordsCase{100000000000, "UAH", "один мільярд гривень 00 копійок",
                  "one billion hryvnias 00 kopiykas"},
        WordsCase{200000000000, "UAH", "два мільярди гривень 00 копійок",
                  "two billion hryvnias 00 kopiykas"},
        WordsCase{500000000000, "UAH", "п'ять мільярдів гривень 00 копійок",
                  "five billion hryvnias 00 kopiykas"},
        WordsCase{2100000000000, "UAH", "двадцять один мільярд гривень 00 копійок",
                  "twenty-one billion hryvnias 00 kopiykas"},
        WordsCase{100100100100, "UAH",
                  "один мільярд один мільйон одна тисяча одна гривня 00 копійок",
                  "one billion one million one thousand one hryvnias 00 kopiykas"},
        WordsCase{1234567890123, "UAH",
                  "дванадцять мільярдів триста сорок п'ять мільйонів шістсот сімдесят вісім "
                  "тисяч дев'ятсот одна гривня 23 копійки",
                  "twelve billion three hundred forty-five million six hundred seventy-eight "
                  "thousand nine hundred one hryvnias 23 kopiykas"},
        WordsCase{99999999999999, "UAH",
                  "дев'ятсот дев'яносто дев'ять мільярдів дев'ятсот дев'яносто дев'ять мільйонів "
                  "дев'ятсот дев'яносто дев'ять тисяч дев'ятсот дев'яносто дев'ять гривень "
                  "99 копійок",
                  "nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred "
                  "ninety-nine thousand nine hundred ninety-nine hryvnias 99 kopiykas"}));

// ---- UAH: kopiykas and negatives ----

INSTANTIATE_TEST_SUITE_P(
    AmountInWordsUahMinor, AmountInWordsTableTest,
    testing::Values(
        WordsCase{1, "UAH", "нуль гривень 01 копійка", "zero hryvnias 01 kopiyka"},
        WordsCase{101, "UAH", "одна гривня 01 копійка", "one hryvnia 01 kopiyka"},
        WordsCase{2, "UAH", "нуль гривень 02 копійки", "zero hryvnias 02 kopiykas"},
        WordsCase{4, "UAH", "нуль гривень 04 копійки", "zero hryvnias 04 kopiykas"},
        WordsCase{5, "UAH", "нуль гривень 05 копійок", "zero hryvnias 05 kopiykas"},
        WordsCase{10, "UAH", "нуль гривень 10 копійок", "zero hryvnias 10 kopiykas"},
        WordsCase{11, "UAH", "нуль гривень 11 копійок", "zero hryvnias 11 kopiykas"},
        WordsCase{12, "UAH", "нуль гривень 12 копійок", "zero hryvnias 12 kopiykas"},
        WordsCase{14, "UAH", "нуль гривень 14 копійок", "zero hryvnias 14 kopiykas"},
        WordsCase{21, "UAH", "нуль гривень 21 копійка", "zero hryvnias 21 kopiykas"},
        WordsCase{222, "UAH", "дві гривні 22 копійки", "two hryvnias 22 kopiykas"},
        WordsCase{2125, "UAH", "двадцять одна гривня 25 копійок",
                  "twenty-one hryvnias 25 kopiykas"},
        WordsCase{2199, "UAH", "двадцять одна гривня 99 копійок",
                  "twenty-one hryvnias 99 kopiykas"},
        WordsCase{-100, "UAH", "мінус одна гривня 00 копійок", "minus one hryvnia 00 kopiykas"},
        WordsCase{-1, "UAH", "мінус нуль гривень 01 копійка", "minus zero hryvnias 01 kopiyka"},
        WordsCase{-125050, "UAH", "мінус одна тисяча двісті п'ятдесят гривень 50 копійок",
                  "minus one thousand two hundred fifty hryvnias 50 kopiykas"},
        WordsCase{-2202, "UAH", "мінус двадцять дві гривні 02 копійки",
                  "minus twenty-two hryvnias 02 kopiykas"},
        WordsCase{-99999999999999, "UAH",
                  "мінус дев'ятсот дев'яносто дев'ять мільярдів дев'ятсот дев'яносто дев'ять "
                  "мільйонів дев'ятсот дев'яносто дев'ять тисяч дев'ятсот дев'яносто дев'ять "
                  "гривень 99 копійок",
                  "minus nine hundred ninety-nine billion nine hundred ninety-nine million nine "
                  "hundred ninety-nine thousand nine hundred ninety-nine hryvnias 99 kopiykas"}));

// ---- EUR and USD: masculine numerals ----

INSTANTIATE_TEST_SUITE_P(
    AmountInWordsEurUsd, AmountInWordsTableTest,
    testing::Values(
        WordsCase{0, "EUR", "нуль євро 00 центів", "zero euros 00 cents"},
        WordsCase{100, "EUR", "один євро 00 центів", "one euro 00 cents"},
        WordsCase{200, "EUR", "два євро 00 центів", "two euros 00 cents"},
        WordsCase{500, "EUR", "п'ять євро 00 центів", "five euros 00 cents"},
        WordsCase{2150, "EUR", "двадцять один євро 50 центів", "twenty-one euros 50 cents"},
        WordsCase{2202, "EUR", "двадцять два євро 02 центи", "twenty-two euros 02 cents"},
        WordsCase{1, "EUR", "нуль євро 01 цент", "zero euros 01 cent"},
        WordsCase{1121, "EUR", "одинадцять євро 21 цент", "eleven euros 21 cents"},
        WordsCase{125000, "EUR", "одна тисяча двісті п'ятдесят євро 00 центів",
                  "one thousand two hundred fifty euros 00 cents"},
        WordsCase{200000000, "EUR", "два мільйони євро 00 центів", "two million euros 00 cents"},
        WordsCase{-100, "EUR", "мінус один євро 00 центів", "minus one euro 00 cents"},
        WordsCase{101, "USD", "один долар США 01 цент", "one US dollar 01 cent"},
        WordsCase{200, "USD", "два долари США 00 центів", "two US dollars 00 cents"},
        WordsCase{300, "USD", "три долари США 00 центів", "three US dollars 00 cents"},
        WordsCase{500, "USD", "п'ять доларів США 00 центів", "five US dollars 00 cents"},
        WordsCase{1111, "USD", "одинадцять доларів США 11 центів", "eleven US dollars 11 cents"},
        WordsCase{2105, "USD", "двадцять один долар США 05 центів",
                  "twenty-one US dollars 05 cents"},
        WordsCase{2222, "USD", "двадцять два долари США 22 центи",
                  "twenty-two US dollars 22 cents"},
        WordsCase{200100, "USD", "дві тисячі один долар США 00 центів",
                  "two thousand one US dollars 00 cents"},
        WordsCase{100000000, "USD", "один мільйон доларів США 00 центів",
                  "one million US dollars 00 cents"},
        WordsCase{0, "USD", "нуль доларів США 00 центів", "zero US dollars 00 cents"},
        WordsCase{-250, "USD", "мінус два долари США 50 центів", "minus two US dollars 50 cents"}));

// ---- Other currencies: the ISO code after the number words ----

INSTANTIATE_TEST_SUITE_P(AmountInWordsFallback, AmountInWordsTableTest,
                         testing::Values(WordsCase{10000, "PLN", "сто PLN 00",
                                                   "one hundred PLN 00"},
                                         WordsCase{105, "PLN", "один PLN 05", "one PLN 05"},
                                         WordsCase{200, "PLN", "два PLN 00", "two PLN 00"},
                                         WordsCase{-2101, "GBP", "мінус двадцять один GBP 01",
                                                   "minus twenty-one GBP 01"},
                                         WordsCase{0, "CHF", "нуль CHF 00", "zero CHF 00"},
                                         // JPY has no minor unit: no digits after the code.
                                         WordsCase{1500, "JPY", "одна тисяча п'ятсот JPY",
                                                   "one thousand five hundred JPY"},
                                         WordsCase{2, "JPY", "два JPY", "two JPY"}));

// ---- The cases of the issue, spelled out ----

TEST(AmountInWords, IssueExamples) {
  EXPECT_EQ(*AmountInWordsUk(M(125000, "UAH")), "одна тисяча двісті п'ятдесят гривень 00 копійок");
  EXPECT_EQ(*AmountInWordsEn(M(125000, "UAH")),
            "one thousand two hundred fifty hryvnias 00 kopiykas");
  EXPECT_EQ(*AmountInWordsUk(M(200, "UAH")), "дві гривні 00 копійок");
  EXPECT_EQ(*AmountInWordsUk(M(2100, "UAH")), "двадцять одна гривня 00 копійок");
}

TEST(AmountInWords, ApostropheIsAscii) {
  Result<std::string> words = AmountInWordsUk(M(99999999999999, "UAH"));
  ASSERT_TRUE(words.ok());
  EXPECT_NE(words->find("дев'ять"), std::string::npos);
  EXPECT_EQ(words->find("\u2019"), std::string::npos);  // RIGHT SINGLE QUOTATION MARK
  EXPECT_EQ(words->find("\u02BC"), std::string::npos);  // MODIFIER LETTER APOSTROPHE
  Result<std::string> five = AmountInWordsUk(M(1500, "UAH"));
  ASSERT_TRUE(five.ok());
  EXPECT_EQ(*five, "п\x27ятнадцять гривень 00 копійок");
}

TEST(AmountInWords, CurrencyOutsideTheTableFallsBackToItsCode) {
  static constexpr Currency kTest{"XTS", 963, 2, "Тестова валюта", "Test currency"};
  Money m = Money::FromMinor(2101, kTest);
  EXPECT_EQ(*AmountInWordsUk(m), "двадцять один XTS 01");
  EXPECT_EQ(*AmountInWordsEn(m), "twenty-one XTS 01");
  // A worded code with other than two minor digits is written with its code too.
  static constexpr Currency kOddUah{"UAH", 980, 3, "Гривня", "Hryvnia"};
  EXPECT_EQ(*AmountInWordsUk(Money::FromMinor(2001, kOddUah)), "два UAH 001");
}

TEST(AmountInWords, OutOfRangeIsInvalid) {
  for (int64_t minor : {int64_t{100000000000000}, int64_t{-100000000000000},
                        std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    Result<std::string> uk = AmountInWordsUk(M(minor, "UAH"));
    ASSERT_FALSE(uk.ok()) << minor;
    EXPECT_EQ(uk.status().code(), StatusCode::kInvalid);
    EXPECT_NE(uk.status().message().find("too large"), std::string::npos) << uk.status().message();
    Result<std::string> en = AmountInWordsEn(M(minor, "UAH"));
    ASSERT_FALSE(en.ok()) << minor;
    EXPECT_EQ(en.status().code(), StatusCode::kInvalid);
  }
  // JPY's limit is in whole yen.
  EXPECT_TRUE(AmountInWordsUk(M(999999999999, "JPY")).ok());
  EXPECT_FALSE(AmountInWordsUk(M(1000000000000, "JPY")).ok());
}

TEST(AmountInWords, BadMinorDigitsAreInvalid) {
  static constexpr Currency kBad{"XXX", 999, 19, "", ""};
  Result<std::string> r = AmountInWordsEn(Money::FromMinor(1, kBad));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
}

// ---- CapitalizeFirstUtf8 ----

TEST(AmountInWordsCapitalize, LeadingLetter) {
  EXPECT_EQ(CapitalizeFirstUtf8(*AmountInWordsUk(M(125000, "UAH"))),
            "Одна тисяча двісті п'ятдесят гривень 00 копійок");
  EXPECT_EQ(CapitalizeFirstUtf8(*AmountInWordsEn(M(125000, "UAH"))),
            "One thousand two hundred fifty hryvnias 00 kopiykas");
  EXPECT_EQ(CapitalizeFirstUtf8("п'ять"), "П'ять");
  EXPECT_EQ(CapitalizeFirstUtf8("мінус сто"), "Мінус сто");
  EXPECT_EQ(CapitalizeFirstUtf8("нуль"), "Нуль");
  EXPECT_EQ(CapitalizeFirstUtf8("а"), "А");
  EXPECT_EQ(CapitalizeFirstUtf8("яблуко"), "Яблуко");
  EXPECT_EQ(CapitalizeFirstUtf8("єдиний"), "Єдиний");
  EXPECT_EQ(CapitalizeFirstUtf8("іній"), "Іній");
  EXPECT_EQ(CapitalizeFirstUtf8("їжак"), "Їжак");
  EXPECT_EQ(CapitalizeFirstUtf8("ґанок"), "Ґанок");
  EXPECT_EQ(CapitalizeFirstUtf8("ёж"), "Ёж");
  EXPECT_EQ(CapitalizeFirstUtf8("zero"), "Zero");
  EXPECT_EQ(CapitalizeFirstUtf8("a"), "A");
  EXPECT_EQ(CapitalizeFirstUtf8("élan"), "Élan");
}

TEST(AmountInWordsCapitalize, AnythingElseIsUnchanged) {
  EXPECT_EQ(CapitalizeFirstUtf8(""), "");
  EXPECT_EQ(CapitalizeFirstUtf8("Одна"), "Одна");
  EXPECT_EQ(CapitalizeFirstUtf8("One"), "One");
  EXPECT_EQ(CapitalizeFirstUtf8("01 копійка"), "01 копійка");
  EXPECT_EQ(CapitalizeFirstUtf8("'ять"), "'ять");
  EXPECT_EQ(CapitalizeFirstUtf8(" одна"), " одна");
  EXPECT_EQ(CapitalizeFirstUtf8("ÿ"), "ÿ");                // its capital is outside Latin-1
  EXPECT_EQ(CapitalizeFirstUtf8("÷x"), "÷x");              // a sign between the letters
  EXPECT_EQ(CapitalizeFirstUtf8("αβ"), "αβ");              // Greek is not handled
  EXPECT_EQ(CapitalizeFirstUtf8("\xD0"), "\xD0");          // truncated sequence
  EXPECT_EQ(CapitalizeFirstUtf8("\xD0\x41"), "\xD0\x41");  // bad continuation byte
  // Only the first character changes.
  EXPECT_EQ(CapitalizeFirstUtf8("одна одна"), "Одна одна");
}

}  // namespace
}  // namespace zapas

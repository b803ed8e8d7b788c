#include "domain/date.h"

#include <gtest/gtest.h>

#include <string>

#include "domain/status.h"

namespace zapas {
namespace {

// ---- Parse: accepted ----

struct GoodCase {
  const char* text;
  int year;
  unsigned month;
  unsigned day;
};

class DateParseGoodTest : public testing::TestWithParam<GoodCase> {};

TEST_P(DateParseGoodTest, ParsesAndRoundTrips) {
  const GoodCase& c = GetParam();
  Result<Date> d = Date::Parse(c.text);
  ASSERT_TRUE(d.ok()) << c.text << ": " << d.status().message();
  EXPECT_EQ(*d, Date::FromCivil(c.year, c.month, c.day)) << c.text;
  EXPECT_EQ(d->year(), c.year) << c.text;
  EXPECT_EQ(d->month(), c.month) << c.text;
  EXPECT_EQ(d->day(), c.day) << c.text;
  EXPECT_EQ(d->ToString(), c.text);
  EXPECT_FALSE(d->is_never());
}

INSTANTIATE_TEST_SUITE_P(
    Table, DateParseGoodTest,
    testing::Values(GoodCase{"2024-02-29", 2024, 2, 29},  // leap year
                    GoodCase{"2000-02-29", 2000, 2, 29},  // 400-year leap
                    GoodCase{"2026-11-27", 2026, 11, 27}, GoodCase{"2026-01-01", 2026, 1, 1},
                    GoodCase{"2026-12-31", 2026, 12, 31}, GoodCase{"2026-04-30", 2026, 4, 30},
                    GoodCase{"1970-01-01", 1970, 1, 1}, GoodCase{"1900-01-01", 1900, 1, 1},
                    GoodCase{"1969-12-31", 1969, 12, 31}, GoodCase{"9999-12-31", 9999, 12, 31}));

// ---- Parse: refused ----

class DateParseBadTest : public testing::TestWithParam<const char*> {};

TEST_P(DateParseBadTest, IsInvalid) {
  Result<Date> d = Date::Parse(GetParam());
  ASSERT_FALSE(d.ok()) << "\"" << GetParam() << "\" was accepted";
  EXPECT_EQ(d.status().code(), StatusCode::kInvalid) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Table, DateParseBadTest,
                         testing::Values("2026-02-29",  // not a leap year
                                         "1900-02-29",  // century, not a leap year
                                         "2026-13-01",  // month 13
                                         "2026-00-10",  // month 0
                                         "2026-01-00",  // day 0
                                         "2026-01-32",  // day 32
                                         "2026-04-31",  // April has 30 days
                                         "2026-1-01",   // unpadded month
                                         "2026-01-1",   // unpadded day
                                         "27.11.2026",  // Ukrainian display form
                                         "2026/11/27",  // wrong separator
                                         "20261127",    // no separators
                                         "2026-11-27T00:00:00", "2026-11-27 ", " 2026-11-27",
                                         "1899-12-31",  // before 1900
                                         "+026-11-27", "-026-11-27", "2026-+1-01", "abcd-ef-gh",
                                         ""));

// ---- Other behaviour ----

TEST(DateTest, EpochAndDays) {
  EXPECT_EQ(Date::FromDays(0).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromCivil(1970, 1, 1).days(), 0);
  EXPECT_EQ(Date::FromCivil(1970, 1, 2).days(), 1);
  EXPECT_EQ(Date::FromCivil(1969, 12, 31).days(), -1);
  EXPECT_EQ(Date::FromCivil(2000, 3, 1).days(), 11017);
}

TEST(DateTest, AddDaysCrossesMonthsAndYears) {
  EXPECT_EQ(Date::FromCivil(2024, 2, 28).AddDays(1).ToString(), "2024-02-29");
  EXPECT_EQ(Date::FromCivil(2024, 2, 28).AddDays(2).ToString(), "2024-03-01");
  EXPECT_EQ(Date::FromCivil(2026, 2, 28).AddDays(1).ToString(), "2026-03-01");
  EXPECT_EQ(Date::FromCivil(2026, 12, 31).AddDays(1).ToString(), "2027-01-01");
  EXPECT_EQ(Date::FromCivil(2027, 1, 1).AddDays(-1).ToString(), "2026-12-31");
  EXPECT_EQ(Date::FromCivil(2024, 1, 1).AddDays(366).ToString(), "2025-01-01");
}

TEST(DateTest, EndOfMonth) {
  EXPECT_EQ(Date::FromCivil(2026, 2, 10).EndOfMonth().ToString(), "2026-02-28");
  EXPECT_EQ(Date::FromCivil(2024, 2, 1).EndOfMonth().ToString(), "2024-02-29");
  EXPECT_EQ(Date::FromCivil(2026, 10, 31).EndOfMonth().ToString(), "2026-10-31");
  // The last month there is: its next month's first day is past year 9999.
  EXPECT_EQ(Date::FromCivil(9999, 12, 1).EndOfMonth().ToString(), "9999-12-31");
}

TEST(DateTest, Ordering) {
  Date a = *Date::Parse("2026-01-31");
  Date b = *Date::Parse("2026-02-01");
  Date c = *Date::Parse("2027-01-01");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(a, c);
  EXPECT_GT(c, a);
  EXPECT_LE(a, a);
  EXPECT_EQ(a, *Date::Parse("2026-01-31"));
  EXPECT_NE(a, b);
  EXPECT_LT(*Date::Parse("1969-12-31"), Date::FromDays(0));
}

TEST(DateTest, NeverIsLaterThanEveryRealDate) {
  Date never = Date::Never();
  EXPECT_TRUE(never.is_never());
  EXPECT_GT(never, *Date::Parse("9999-12-31"));
  EXPECT_EQ(never.ToString(), "");
  EXPECT_FALSE(Date::FromCivil(9999, 12, 31).is_never());
}

TEST(DateTest, RoundTripOverManyDays) {
  // Every day of 1999..2101 prints and parses back to itself.
  Date d = Date::FromCivil(1999, 1, 1);
  const Date end = Date::FromCivil(2101, 1, 1);
  int count = 0;
  for (; d < end; d = d.AddDays(1), ++count) {
    std::string s = d.ToString();
    Result<Date> back = Date::Parse(s);
    ASSERT_TRUE(back.ok()) << s;
    ASSERT_EQ(*back, d) << s;
  }
  EXPECT_EQ(count, 37255);  // 102 years, 25 of them leap (2000 yes, 2100 no)
}

struct TimestampCase {
  const char* text;
  const char* utc;  // nullptr: refused
};

TEST(TimestampTest, ParsesRfc3339AndNormalisesToUtc) {
  const TimestampCase cases[] = {
      {"2026-11-27T14:30:00Z", "2026-11-27T14:30:00Z"},
      {"2026-11-27t14:30:00z", "2026-11-27T14:30:00Z"},
      {"2026-11-27T14:30:00.123Z", "2026-11-27T14:30:00Z"},
      {"2026-11-27T16:30:00+02:00", "2026-11-27T14:30:00Z"},
      {"2026-11-27T01:00:00+03:00", "2026-11-26T22:00:00Z"},
      {"2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00Z"},
      {"2026-11-27", nullptr},
      {"2026-11-27T14:30:00", nullptr},
      {"2026-11-27T24:00:00Z", nullptr},
      {"2026-11-27T14:60:00Z", nullptr},
      {"2026-11-27 14:30:00Z", nullptr},
      {"2026-11-27T14:30:00+0200", nullptr},
      {"2026-11-27T14:30:00.Z", nullptr},
      {"2026-02-30T14:30:00Z", nullptr},
      {"2026-11-27T14:30:00Zjunk", nullptr},
      // Instants whose UTC date leaves the years 1900..9999: formatted in UTC
      // they would no longer parse.
      {"1900-01-01T00:30:00+01:00", nullptr},
      {"9999-12-31T23:30:00-01:00", nullptr},
      {"9999-12-31T23:59:60Z", nullptr},
      {"1900-01-01T01:00:00+01:00", "1900-01-01T00:00:00Z"},
      {"1969-12-31T12:00:00Z", "1969-12-31T12:00:00Z"},
  };
  for (const auto& c : cases) {
    Result<int64_t> t = ParseTimestamp(c.text);
    if (c.utc == nullptr) {
      EXPECT_FALSE(t.ok()) << c.text;
      if (!t.ok()) {
        EXPECT_EQ(t.status().code(), StatusCode::kInvalid) << c.text;
      }
    } else {
      ASSERT_TRUE(t.ok()) << c.text << ": " << t.status().message();
      EXPECT_EQ(FormatTimestamp(*t), c.utc) << c.text;
    }
  }
}

TEST(TimestampTest, DateOfTimestampIsTheUtcDay) {
  EXPECT_EQ(DateOfTimestamp(0).ToString(), "1970-01-01");
  EXPECT_EQ(DateOfTimestamp(86399).ToString(), "1970-01-01");
  EXPECT_EQ(DateOfTimestamp(-1).ToString(), "1969-12-31");
  EXPECT_EQ(DateOfTimestamp(-86400).ToString(), "1969-12-31");
  EXPECT_EQ(DateOfTimestamp(-86401).ToString(), "1969-12-30");
}

TEST(KyivTimeTest, SecondOfDayFollowsSummerAndWinterTime) {
  // 2026-12-07T21:59:59Z is 23:59:59 in Kyiv (UTC+2); a second later, midnight.
  const int64_t winter = *ParseTimestamp("2026-12-07T21:59:59Z");
  EXPECT_EQ(KyivSecondOfDay(winter), 86399);
  EXPECT_EQ(KyivSecondOfDay(winter + 1), 0);
  EXPECT_EQ(KyivDateOf(winter + 1).ToString(), "2026-12-08");
  // 2026-07-01T00:30:00Z is 03:30 in Kyiv (UTC+3).
  EXPECT_EQ(KyivSecondOfDay(*ParseTimestamp("2026-07-01T00:30:00Z")), 3 * 3600 + 30 * 60);
  // Before 1970 too.
  EXPECT_EQ(KyivSecondOfDay(-1), 2 * 3600 - 1);
}

TEST(KyivTimeTest, TimeOfDayIsHoursAndMinutesOrRefused) {
  EXPECT_EQ(*ParseTimeOfDay("03:00"), 180);
  for (const char* bad : {"", "3:00", "03:0", "24:00", "23:60", "03-00", "０3:00", "03:00 "}) {
    EXPECT_FALSE(ParseTimeOfDay(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace zapas

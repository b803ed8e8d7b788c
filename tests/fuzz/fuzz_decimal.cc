// Decimal text (domain/decimal.h) and the values read from it: Quantity, Money,
// NBU rates, dates and timestamps. Whatever parses must format back to text
// that parses to the same value (parse(format(x)) == x), and arithmetic on
// parsed values must refuse overflow rather than wrap.
//
// The input is one text, or two joined by '|' ("1250.00|41.2569"): the second
// is used as a quantity and a rate applied to the first.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/decimal.h"
#include "domain/money.h"
#include "domain/quantity.h"
#include "domain/rates.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using zapas::fuzz::Check;

void ScaledRoundTrip(std::string_view text) {
  for (int scale = 0; scale <= 18; ++scale) {
    auto v = zapas::ParseScaledDecimal(text, scale);
    if (!v.ok()) {
      zapas::fuzz::CheckRefusal(v.status(), "ParseScaledDecimal");
      continue;
    }
    const std::string full = zapas::FormatScaledDecimal(*v, scale);
    const std::string trimmed = zapas::FormatScaledDecimalTrimmed(*v, scale);
    auto back = zapas::ParseScaledDecimal(full, scale);
    Check(back.ok() && *back == *v, "FormatScaledDecimal round trip", full);
    auto back_trimmed = zapas::ParseScaledDecimal(trimmed, scale);
    Check(back_trimmed.ok() && *back_trimmed == *v, "FormatScaledDecimalTrimmed round trip",
          trimmed);
  }
}

void QuantityRoundTrip(const zapas::Result<zapas::Quantity>& q) {
  if (!q.ok()) return;
  auto back = zapas::Quantity::Parse(q->ToString());
  Check(back.ok() && *back == *q, "Quantity round trip", q->ToString());
  (void)q->Add(*q);  // overflow is refused, never undefined
}

void MoneyRoundTrip(const zapas::Result<zapas::Money>& m) {
  if (!m.ok()) return;
  auto back = zapas::Money::Parse(m->AmountString(), m->currency_code());
  Check(back.ok() && *back == *m, "Money round trip", m->AmountString());
  (void)m->Add(*m);  // overflow is refused, never undefined
  (void)m->Subtract(*m);
  (void)m->Negate();
}

void DateRoundTrip(std::string_view text) {
  auto d = zapas::Date::Parse(text);
  if (d.ok()) Check(d->ToString() == text, "Date round trip", d->ToString());
  auto t = zapas::ParseTimestamp(text);
  if (t.ok()) {
    const std::string shown = zapas::FormatTimestamp(*t);
    auto back = zapas::ParseTimestamp(shown);
    Check(back.ok() && *back == *t, "timestamp round trip", shown);
  }
}

zapas::Result<zapas::Rate> RateOf(std::string_view text, const char* currency) {
  ZAPAS_ASSIGN_OR_RETURN(int64_t scaled, zapas::ParseRate(text));
  zapas::Rate rate{zapas::Date::FromCivil(2026, 11, 27), zapas::FindCurrency(currency), scaled};
  auto back = zapas::ParseRate(rate.RateString());
  Check(back.ok() && *back == scaled, "rate round trip", rate.RateString());
  return rate;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t bar = input.find('|');
  const std::string first = input.substr(0, bar);
  const std::string second = bar == std::string::npos ? first : input.substr(bar + 1);

  ScaledRoundTrip(first);
  DateRoundTrip(first);
  (void)zapas::Money::Parse("1.00", first);  // any text as a currency code
  auto quantity = zapas::Quantity::Parse(first);
  QuantityRoundTrip(quantity);
  auto uah = zapas::Money::Parse(first, "UAH");
  auto usd = zapas::Money::Parse(first, "USD");
  MoneyRoundTrip(uah);
  MoneyRoundTrip(usd);
  MoneyRoundTrip(zapas::Money::Parse(first, "JPY"));  // no minor digits

  auto times = zapas::Quantity::Parse(second);
  if (usd.ok() && times.ok()) (void)usd->Times(*times);
  auto rate = RateOf(second, "USD");
  if (rate.ok()) {
    if (usd.ok()) (void)zapas::ToUah(*usd, *rate);
    if (uah.ok()) (void)zapas::FromUah(*uah, *rate);
  }
  return 0;
}

// Values for the domain's tests, from their text: a currency, a date, an
// amount; and an amount as text ("12.34 EUR", or "<error: ...>"). Each throws
// (failing the test loudly) when its text is refused.
#pragma once

#include <stdexcept>
#include <string>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/status.h"

namespace zapas::test_values {

inline const Currency& Cur(const char* code) {
  const Currency* c = FindCurrency(code);
  if (c == nullptr) throw std::runtime_error(std::string("no currency ") + code);
  return *c;
}

inline Date D(const char* text) {
  auto d = Date::Parse(text);
  if (!d.ok()) throw std::runtime_error(d.status().message());
  return *d;
}

inline Money M(const char* amount, const char* currency) {
  auto m = Money::Parse(amount, currency);
  if (!m.ok()) throw std::runtime_error(m.status().message());
  return *m;
}

inline std::string Text(const Money& m) {
  return m.AmountString() + " " + std::string(m.currency_code());
}
inline std::string Text(const MoneySum& m) {
  return m.AmountString() + " " + std::string(m.currency_code());
}
inline std::string Text(const Result<Money>& m) {
  if (!m.ok()) return "<error: " + m.status().message() + ">";
  return Text(*m);
}

}  // namespace zapas::test_values

// The limits of what Zapas accepts, far above anything a cluster writes in
// good faith and low enough that everything computed from accepted data is
// exact: every amount and quantity that is stored fits in int64 with room to
// spare, every product (unit value x quantity, an amount x a rate) fits in
// 128 bits, and the sums of reports, kept in 128 bits (MoneySum), cannot
// overflow for any journal these limits allow.
//
//   a quantity on one line                      1,000,000,000 units
//   one amount (a unit value, a line's value,   1,000,000,000 units of its currency
//     a cash operation, an exchange's side,
//     a bank statement's balance)
//   a document's total, per currency           10,000,000,000 units
//   one lot's stock in one warehouse,       1,000,000,000,000 units
//     on any day
//   an NBU rate                             0.0001 .. 1,000,000 UAH per unit
//
// Each Check* returns kInvalid naming `field` with the limit, else kOk. Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "domain/money.h"
#include "domain/quantity.h"

namespace zapas {

inline constexpr int64_t kMaxLineQuantityUnits = 1'000'000'000;
inline constexpr int64_t kMaxAmountUnits = 1'000'000'000;
inline constexpr int64_t kMaxDocumentUnits = 10'000'000'000;
inline constexpr int64_t kMaxLotStockUnits = 1'000'000'000'000;
inline constexpr int64_t kMaxLotStockMilli = kMaxLotStockUnits * Quantity::kScale;

// "1000000000.00 EUR": the limit of one amount in `currency`.
std::string AmountLimitText(const Currency& currency);

// |quantity| <= kMaxLineQuantityUnits.
Status CheckLineQuantity(const Quantity& quantity, const std::string& field);
// |amount| <= kMaxAmountUnits of its currency.
Status CheckAmountLimit(const Money& amount, const std::string& field);
// |total| <= kMaxDocumentUnits of its currency.
Status CheckDocumentTotal(const MoneySum& total, const std::string& field);

}  // namespace zapas

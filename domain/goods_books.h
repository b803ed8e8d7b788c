// Goods in the books: the value of in-kind aid, derived from the stock journal.
//
// A receipt adds the declared value of its lots (in the lot's currency, with
// its UAH equivalent at the NBU rate of the lot's first receipt) to
// assets:goods:<donor>, against income:in-kind:<donor>. A delivery moves that
// value to expenses:distributed:<recipient kind>, a write-off to
// expenses:written-off:<reason>, a count that finds more back from
// income:stock-count:<donor>; transfers between warehouses change nothing.
// Values are cumulative per lot — the n-th unit out is worth
// value(n units) - value(n-1 units) — so a lot delivered in full leaves
// exactly zero, in its currency and in UAH.
//
// Each lot is valued at the NBU rate it was booked at when received
// (Lot::booked_rate), so its UAH values never change once written; a lot
// received before any rate of its currency was known takes the rate in force
// on its receipt. The valuation reads stored facts only, so it is the same on
// every run. Values are computed exactly in 128 bits: a step whose value does
// not fit an amount (an entry stored before the limits of domain/limits.h)
// fails with kOutOfRange and changes nothing. Thread-compatible.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/books.h"
#include "domain/catalog.h"
#include "domain/rates.h"
#include "domain/stock_index.h"

namespace zapas {

// Where value goes when goods leave (or comes from when they arrive): a
// ledger account name, or one of these markers, resolved per lot's donor.
inline constexpr const char* kInKindMarker = "@in-kind";          // income:in-kind:<donor>
inline constexpr const char* kStockCountMarker = "@stock-count";  // income:stock-count:<donor>

struct GoodsEvent {
  Date date = Date::FromDays(0);
  std::string in_counter = kStockCountMarker;  // the other side of goods arriving
  std::string out_counter;                     // the other side of goods leaving
  std::vector<Posting> postings;               // the stock postings of the entry
};

class GoodsValuation {
 public:
  GoodsValuation(const Catalog& catalog, const RateTable& rates)
      : catalog_(catalog), rates_(rates) {}

  // The money postings of one stock entry, in journal order. kNotFound when a
  // lot's rate is missing ("no NBU rate of EUR on or before ..."); kOutOfRange
  // when a value is too large (nothing of the entry is booked then).
  Result<std::vector<MoneyPosting>> Book(const GoodsEvent& event);

 private:
  struct LotState {
    __int128 in = 0;   // thousandths received so far
    __int128 out = 0;  // thousandths gone so far
    bool has_rate = false;
    Rate rate;  // booked, or at the first receipt
  };
  const Catalog& catalog_;
  const RateTable& rates_;
  std::map<int32_t, LotState> lots_;
};

std::string GoodsAccountName(const Donor& d);       // assets:goods:de-hilfe
std::string InKindAccountName(const Donor& d);      // income:in-kind:de-hilfe
std::string StockCountAccountName(const Donor& d);  // income:stock-count:de-hilfe

}  // namespace zapas

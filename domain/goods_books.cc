#include "domain/goods_books.h"

#include "domain/decimal.h"
#include "domain/text.h"

namespace zapas {

std::string GoodsAccountName(const Donor& d) { return "assets:goods:" + AsciiLower(d.code); }
std::string InKindAccountName(const Donor& d) { return "income:in-kind:" + AsciiLower(d.code); }
std::string StockCountAccountName(const Donor& d) {
  return "income:stock-count:" + AsciiLower(d.code);
}

namespace {

// The value of `milli` thousandths at `unit_minor` per unit, and its UAH at
// `rate`, both rounded half away from zero, in 128 bits.
struct Value {
  __int128 amount = 0;
  __int128 uah = 0;
};
Result<Value> ValueOf(const Lot& lot, __int128 milli, const Rate& rate) {
  Value v;
  ZAPAS_ASSIGN_OR_RETURN(
      v.amount,
      MultiplyDivideRound(milli, static_cast<uint64_t>(lot.unit_value_minor), Quantity::kScale));
  if (lot.currency->code == "UAH") {
    v.uah = v.amount;
    return v;
  }
  // minor * rate * 10^2 / (10^digits * 10^kRateDigits), as ToUah.
  const __int128 divisor =
      static_cast<__int128>(PowerOfTen(lot.currency->digits)) * PowerOfTen(kRateDigits);
  ZAPAS_ASSIGN_OR_RETURN(
      __int128 scaled, MultiplyDivideRound(v.amount, static_cast<uint64_t>(rate.uah_per_unit), 1));
  ZAPAS_ASSIGN_OR_RETURN(v.uah, MultiplyDivideRound(scaled, 100, static_cast<uint64_t>(divisor)));
  return v;
}

// A step's value as an amount: kOutOfRange when it does not fit in int64.
Result<Money> AmountOf(__int128 minor, const Currency& currency) {
  return MoneySum::FromMinor(minor, currency).ToMoney();
}

}  // namespace

Result<std::vector<MoneyPosting>> GoodsValuation::Book(const GoodsEvent& event) {
  // Net change per lot: a transfer's out and in cancel.
  std::map<int32_t, int64_t> net;
  for (const Posting& p : event.postings) net[p.lot_id] += p.delta;

  // Every step is computed before any lot's state changes, so an entry that
  // fails books nothing.
  struct Step {
    int32_t lot_id;
    bool in;
    __int128 after;
  };
  std::vector<Step> steps;
  std::vector<MoneyPosting> out;
  const Currency& uah_currency = *FindCurrency("UAH");
  for (const auto& [lot_id, delta] : net) {
    if (delta == 0) continue;
    const Lot* lot = catalog_.LotById(lot_id);
    if (lot == nullptr) return Status::Internal("goods valuation: unknown lot");
    const Donor* donor = catalog_.DonorById(lot->donor_id);
    if (donor == nullptr) return Status::Internal("goods valuation: unknown donor");
    LotState& state = lots_[lot_id];
    if (!state.has_rate) {
      if (lot->booked_rate > 0) {
        state.rate = Rate{lot->booked_rate_date, lot->currency, lot->booked_rate};
      } else {
        ZAPAS_ASSIGN_OR_RETURN(state.rate, rates_.InForce(*lot->currency, event.date));
      }
      state.has_rate = true;
    }
    // The value of this step: value(after) - value(before) on the running total.
    const bool in = delta > 0;
    const __int128 before = in ? state.in : state.out;
    const __int128 after = before + (in ? delta : -static_cast<__int128>(delta));
    ZAPAS_ASSIGN_OR_RETURN(Value v_before, ValueOf(*lot, before, state.rate));
    ZAPAS_ASSIGN_OR_RETURN(Value v_after, ValueOf(*lot, after, state.rate));
    steps.push_back(Step{lot_id, in, after});
    ZAPAS_ASSIGN_OR_RETURN(Money amount,
                           AmountOf(v_after.amount - v_before.amount, *lot->currency));
    ZAPAS_ASSIGN_OR_RETURN(Money uah, AmountOf(v_after.uah - v_before.uah, uah_currency));
    if (amount.is_zero() && uah.is_zero()) continue;

    const std::string goods = GoodsAccountName(*donor);
    std::string counter = in ? event.in_counter : event.out_counter;
    if (counter == kInKindMarker) counter = InKindAccountName(*donor);
    if (counter == kStockCountMarker || counter.empty()) counter = StockCountAccountName(*donor);
    const Money neg_amount = Money::FromMinor(-amount.minor_units(), amount.currency());
    const Money neg_uah = Money::FromMinor(-uah.minor_units(), uah_currency);
    if (in) {
      out.push_back(MoneyPosting{goods, 0, donor->id, amount, uah});
      out.push_back(MoneyPosting{counter, 0, donor->id, neg_amount, neg_uah});
    } else {
      out.push_back(MoneyPosting{counter, 0, donor->id, amount, uah});
      out.push_back(MoneyPosting{goods, 0, donor->id, neg_amount, neg_uah});
    }
  }
  for (const Step& s : steps) (s.in ? lots_[s.lot_id].in : lots_[s.lot_id].out) = s.after;
  return out;
}

}  // namespace zapas

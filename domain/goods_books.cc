#include "domain/goods_books.h"

#include <cctype>

namespace zapas {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string GoodsAccountName(const Donor& d) { return "assets:goods:" + Lower(d.code); }
std::string InKindAccountName(const Donor& d) { return "income:in-kind:" + Lower(d.code); }
std::string StockCountAccountName(const Donor& d) { return "income:stock-count:" + Lower(d.code); }

Result<std::vector<MoneyPosting>> GoodsValuation::Book(const GoodsEvent& event) {
  // Net change per lot: a transfer's out and in cancel.
  std::map<int32_t, int64_t> net;
  for (const Posting& p : event.postings) net[p.lot_id] += p.delta;

  std::vector<MoneyPosting> out;
  for (const auto& [lot_id, delta] : net) {
    if (delta == 0) continue;
    const Lot* lot = catalog_.LotById(lot_id);
    if (lot == nullptr) return Status::Internal("goods valuation: unknown lot");
    const Donor* donor = catalog_.DonorById(lot->donor_id);
    if (donor == nullptr) return Status::Internal("goods valuation: unknown donor");
    LotState& state = lots_[lot_id];
    if (!state.has_rate) {
      ZAPAS_ASSIGN_OR_RETURN(state.rate, rates_.InForce(*lot->currency, event.date));
      state.has_rate = true;
    }
    // The value of this step: value(after) - value(before) on the running total.
    int64_t& total = delta > 0 ? state.in : state.out;
    const int64_t before = total;
    const int64_t after = total + (delta > 0 ? delta : -delta);
    ZAPAS_ASSIGN_OR_RETURN(Money v_before, lot->unit_value().Times(Quantity::FromMilli(before)));
    ZAPAS_ASSIGN_OR_RETURN(Money v_after, lot->unit_value().Times(Quantity::FromMilli(after)));
    ZAPAS_ASSIGN_OR_RETURN(Money u_before, ToUah(v_before, state.rate));
    ZAPAS_ASSIGN_OR_RETURN(Money u_after, ToUah(v_after, state.rate));
    ZAPAS_ASSIGN_OR_RETURN(Money amount, v_after.Subtract(v_before));
    ZAPAS_ASSIGN_OR_RETURN(Money uah, u_after.Subtract(u_before));
    total = after;
    if (amount.is_zero() && uah.is_zero()) continue;

    const std::string goods = GoodsAccountName(*donor);
    std::string counter = delta > 0 ? event.in_counter : event.out_counter;
    if (counter == kInKindMarker) counter = InKindAccountName(*donor);
    if (counter == kStockCountMarker || counter.empty()) counter = StockCountAccountName(*donor);
    ZAPAS_ASSIGN_OR_RETURN(Money neg_amount, amount.Negate());
    ZAPAS_ASSIGN_OR_RETURN(Money neg_uah, uah.Negate());
    if (delta > 0) {
      out.push_back(MoneyPosting{goods, 0, donor->id, amount, uah});
      out.push_back(MoneyPosting{counter, 0, donor->id, neg_amount, neg_uah});
    } else {
      out.push_back(MoneyPosting{counter, 0, donor->id, amount, uah});
      out.push_back(MoneyPosting{goods, 0, donor->id, neg_amount, neg_uah});
    }
  }
  return out;
}

}  // namespace zapas

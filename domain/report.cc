#include "domain/report.h"

#include <algorithm>
#include <tuple>

#include "domain/decimal.h"

namespace zapas {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

constexpr std::string_view kPaymentsPrefix = "expenses:payments:";

Result<__int128> FromUahWide(const Money& uah, const Rate& rate);

bool IsGoods(std::string_view account) {
  return StartsWith(account, "assets:goods:") || StartsWith(account, "income:in-kind:") ||
         StartsWith(account, "expenses:distributed:") ||
         StartsWith(account, "expenses:written-off:");
}

// The factors of a conversion from `from_rate`'s currency to `to_rate`'s:
// minor * multiplier / divisor (the rates' 10^kRateDigits cancel).
struct Factors {
  uint64_t multiplier = 1, divisor = 1;
};
Result<Factors> FactorsOf(const Currency& from, const Rate& from_rate, const Rate& to_rate) {
  if (from_rate.currency != &from) {
    return Status::Internal("rate of " + std::string(from_rate.currency->code) + " applied to " +
                            std::string(from.code));
  }
  if (from_rate.uah_per_unit <= 0 || to_rate.uah_per_unit <= 0) {
    return Status::Internal("a rate is not positive");
  }
  const __int128 multiplier =
      static_cast<__int128>(from_rate.uah_per_unit) * PowerOfTen(to_rate.currency->digits);
  const __int128 divisor = static_cast<__int128>(PowerOfTen(from.digits)) * to_rate.uah_per_unit;
  if (multiplier > UINT64_MAX || divisor > UINT64_MAX) {
    return Status::OutOfRange("amount is too large to convert");
  }
  return Factors{static_cast<uint64_t>(multiplier), static_cast<uint64_t>(divisor)};
}

// A booked UAH amount in `rate`'s currency, as FromUah but in 128 bits: the
// equivalent of an amount at the limits in a currency of the lowest rate
// does not fit in int64.
Result<__int128> FromUahWide(const Money& uah, const Rate& rate) {
  const Rate one{rate.date, &uah.currency(), PowerOfTen(kRateDigits)};
  ZAPAS_ASSIGN_OR_RETURN(MoneySum wide, Convert(MoneySum::Of(uah), one, rate));
  return wide.minor_units();
}

}  // namespace

Result<Money> Convert(const Money& amount, const Rate& from_rate, const Rate& to_rate) {
  ZAPAS_ASSIGN_OR_RETURN(MoneySum wide, Convert(MoneySum::Of(amount), from_rate, to_rate));
  return wide.ToMoney();
}

Result<MoneySum> Convert(const MoneySum& amount, const Rate& from_rate, const Rate& to_rate) {
  const Currency& target = *to_rate.currency;
  if (from_rate.currency == &amount.currency() && &target == &amount.currency()) return amount;
  ZAPAS_ASSIGN_OR_RETURN(Factors f, FactorsOf(amount.currency(), from_rate, to_rate));
  auto minor = MultiplyDivideRound(amount.minor_units(), f.multiplier, f.divisor);
  if (!minor.ok()) return Status::OutOfRange("amount is too large to convert");
  return MoneySum::FromMinor(*minor, target);
}

Status MissingRate(const ReconciliationPeriod& period, const RateTable& rates,
                   const Currency& missing, Date day, const std::string& message) {
  std::string field = "to";
  if (&missing == period.currency) {
    // A report currency with rates, only none yet on `to`: the date is early.
    const bool has_rates = rates.InForce(missing, Date::Never()).ok();
    field = (day == period.to && has_rates) ? "to" : "currency";
  }
  return Status::Field(field, message);
}

// ---- money ----

Result<MoneyReconciliation> MoneyReconciliation::Start(const ReconciliationPeriod& period,
                                                       const RateTable& rates,
                                                       std::vector<Donor> donors) {
  if (period.currency == nullptr) return Status::Internal("no report currency");
  if (period.to < period.from) return Status::Field("to", "must not be before from");
  auto rate = rates.InForce(*period.currency, period.to);
  if (!rate.ok()) {
    return MissingRate(period, rates, *period.currency, period.to, rate.status().message());
  }
  return MoneyReconciliation(period, rates, std::move(donors), *rate);
}

MoneyReconciliation::MoneyReconciliation(const ReconciliationPeriod& period, const RateTable& rates,
                                         std::vector<Donor> donors, const Rate& to_rate)
    : period_(period), rates_(&rates), report_rate_on_to_(to_rate), donors_(std::move(donors)) {
  donor_index_.reserve(donors_.size());
  for (size_t i = 0; i < donors_.size(); ++i) donor_index_[donors_[i].id] = i;
}

Result<Rate> MoneyReconciliation::RateOn(const Currency& currency, Date day) {
  for (CachedRate& c : cache_) {
    if (c.currency != &currency) continue;
    if (c.day == day.days()) return c.rate;
    auto r = rates_->InForce(currency, day);
    if (!r.ok()) return MissingRate(period_, *rates_, currency, day, r.status().message());
    c.day = day.days();
    c.rate = *r;
    return c.rate;
  }
  auto r = rates_->InForce(currency, day);
  if (!r.ok()) return MissingRate(period_, *rates_, currency, day, r.status().message());
  cache_.push_back(CachedRate{&currency, day.days(), *r});
  return *r;
}

// The booked report-currency equivalent of a posting: its amount in the report
// currency, its booked UAH for a UAH report, else the booked UAH at the report
// currency's rate of the posting's date.
Result<__int128> MoneyReconciliation::Booked(Date date, const MoneyPosting& p) {
  const Currency& report = *period_.currency;
  if (&p.amount.currency() == &report) return p.amount.minor_units();
  if (report.code == "UAH") return p.uah.minor_units();
  ZAPAS_ASSIGN_OR_RETURN(Rate rate, RateOn(report, date));
  return FromUahWide(p.uah, rate);
}

Result<__int128> MoneyReconciliation::InDonorCurrency(Date date, const MoneyPosting& p,
                                                      const Currency& donor_currency) {
  if (&p.amount.currency() == &donor_currency) return p.amount.minor_units();
  ZAPAS_ASSIGN_OR_RETURN(Rate rate, RateOn(donor_currency, date));
  return FromUahWide(p.uah, rate);
}

// Everything a posting needs converted, or the failure: kOutOfRange for a
// value too large, a field error for a missing rate, kInternal for postings
// that do not fit the books.
Result<MoneyReconciliation::Effect> MoneyReconciliation::EffectOf(std::string_view kind,
                                                                  const MoneyPosting& p,
                                                                  Date date) {
  Effect e;
  e.posting = &p;
  if (p.account_id != 0) {
    AccountSums& a = accounts_[p.account_id];
    if (a.currency != nullptr && a.currency != &p.amount.currency()) {
      return Status::Internal("account " + std::to_string(p.account_id) + " has postings in " +
                              std::string(a.currency->code) + " and " +
                              std::string(p.amount.currency_code()));
    }
    ZAPAS_ASSIGN_OR_RETURN(e.booked, Booked(date, p));
  }
  if (p.donor_id != 0) {
    auto found = donor_index_.find(p.donor_id);
    if (found == donor_index_.end()) {
      return Status::Internal("a money posting names unknown donor " + std::to_string(p.donor_id));
    }
    e.donor = &donors_[found->second];
    if (e.donor->currency == nullptr) {
      return Status::Internal("donor " + e.donor->code + " has no currency");
    }
    const bool goods = IsGoods(p.ledger_account);
    const bool received = kind == "cash_donation" && p.account_id != 0;
    const bool spent = p.account_id == 0 && StartsWith(p.ledger_account, kPaymentsPrefix);
    if (goods || received || spent) {
      ZAPAS_ASSIGN_OR_RETURN(e.in_donor, InDonorCurrency(date, p, *e.donor->currency));
      ZAPAS_ASSIGN_OR_RETURN(e.booked, Booked(date, p));
    }
  }
  return e;
}

Result<bool> MoneyReconciliation::AddEntry(const EntryRef& entry,
                                           const std::vector<MoneyPosting>& postings) {
  if (!status_.ok()) return status_;
  if (entry.date > period_.to) return false;
  std::vector<Effect> effects;
  effects.reserve(postings.size());
  for (const MoneyPosting& p : postings) {
    auto effect = EffectOf(entry.kind, p, entry.date);
    if (!effect.ok()) {
      if (effect.status().code() == StatusCode::kOutOfRange) {
        excluded_.push_back(ExcludedEntry{entry, effect.status().message()});
        return false;
      }
      status_ = effect.status();
      return status_;
    }
    effects.push_back(*effect);
  }
  for (const Effect& e : effects) Apply(entry.kind, entry.date, e);
  return true;
}

Status MoneyReconciliation::Add(std::string_view kind, Date date, const MoneyPosting& posting) {
  auto added = AddEntry(EntryRef{0, "", std::string(kind), date}, {posting});
  return added.ok() ? Status::Ok() : added.status();
}

void MoneyReconciliation::Exclude(const EntryRef& entry, std::string reason) {
  if (entry.date <= period_.to) excluded_.push_back(ExcludedEntry{entry, std::move(reason)});
}

void MoneyReconciliation::Apply(std::string_view kind, Date date, const Effect& e) {
  const MoneyPosting& p = *e.posting;
  const bool before = date < period_.from;
  const Wide amount = p.amount.minor_units();

  if (p.account_id != 0) {
    AccountSums& a = accounts_[p.account_id];
    a.currency = &p.amount.currency();
    if (before) {
      a.opening += amount;
    } else if (amount > 0) {
      a.in += amount;
    } else {
      a.out -= amount;
    }
    a.booked += e.booked;
  }
  if (e.donor == nullptr) return;
  DonorSums& d = donor_sums_[p.donor_id];  // every donor with a posting is listed
  const std::string& account = p.ledger_account;
  if (IsGoods(account)) {
    if (StartsWith(account, "assets:goods:")) {
      d.goods_in_stock += e.in_donor;
      d.goods_in_stock_booked += e.booked;
    } else if (before) {
      // the period's flows only
    } else if (StartsWith(account, "income:in-kind:")) {
      d.goods_received -= e.in_donor;
    } else if (StartsWith(account, "expenses:written-off:")) {
      d.goods_written_off += e.in_donor;
    } else {
      d.goods_by_kind[account.substr(std::string("expenses:distributed:").size())] += e.in_donor;
      d.goods_distributed += e.in_donor;
    }
    return;
  }
  const bool received = kind == "cash_donation" && p.account_id != 0;
  const bool spent = p.account_id == 0 && StartsWith(account, kPaymentsPrefix);
  const Wide uah = p.uah.minor_units();
  if (received) {
    if (before) {
      d.opening += e.in_donor;
    } else {
      d.received += e.in_donor;
      d.received_booked += e.booked;
      d.received_uah += uah;
    }
    d.remaining_booked += e.booked;
    d.remaining_uah += uah;
  } else if (spent) {
    if (before) {
      d.opening -= e.in_donor;
    } else {
      d.spent += e.in_donor;
      d.spent_booked += e.booked;
      d.spent_uah += uah;
    }
    d.remaining_booked -= e.booked;
    d.remaining_uah -= uah;
  }
}

Result<MoneyReconciliationResult> MoneyReconciliation::Finish(std::vector<Account> accounts) const {
  ZAPAS_RETURN_IF_ERROR(status_);
  const Currency& report = *period_.currency;
  std::sort(accounts.begin(), accounts.end(),
            [](const Account& a, const Account& b) { return a.code < b.code; });
  MoneyReconciliationResult out(report);
  Wide total_booked = 0, total_revalued = 0, total_difference = 0;
  size_t matched = 0;
  for (Account& account : accounts) {
    if (account.currency == nullptr) {
      return Status::Internal("account " + account.code + " has no currency");
    }
    const Currency& c = *account.currency;
    AccountSums sums;
    if (auto it = accounts_.find(account.id); it != accounts_.end()) {
      sums = it->second;
      ++matched;
      if (sums.currency != nullptr && sums.currency != &c) {
        return Status::Internal("account " + account.code + " holds " + std::string(c.code) +
                                " but has postings in " + std::string(sums.currency->code));
      }
    }
    const MoneySum closing = MoneySum::FromMinor(sums.opening + sums.in - sums.out, c);
    MoneySum revalued = MoneySum::Zero(report);
    if (&c == &report) {
      revalued = closing;
    } else if (!closing.is_zero()) {
      auto rate = rates_->InForce(c, period_.to);
      if (!rate.ok()) return MissingRate(period_, *rates_, c, period_.to, rate.status().message());
      ZAPAS_ASSIGN_OR_RETURN(revalued, Convert(closing, *rate, report_rate_on_to_));
    }
    const Wide difference = revalued.minor_units() - sums.booked;
    total_booked += sums.booked;
    total_revalued += revalued.minor_units();
    total_difference += difference;
    AccountReconciliation line(std::move(account), report);
    line.opening = MoneySum::FromMinor(sums.opening, c);
    line.in = MoneySum::FromMinor(sums.in, c);
    line.out = MoneySum::FromMinor(sums.out, c);
    line.closing = closing;
    line.closing_booked = MoneySum::FromMinor(sums.booked, report);
    line.closing_revalued = revalued;
    line.exchange_difference = MoneySum::FromMinor(difference, report);
    out.accounts.push_back(std::move(line));
  }
  if (matched != accounts_.size()) {
    return Status::Internal("a money posting names an account that is not in the books");
  }
  out.totals.closing_booked = MoneySum::FromMinor(total_booked, report);
  out.totals.closing_revalued = MoneySum::FromMinor(total_revalued, report);
  out.totals.exchange_difference = MoneySum::FromMinor(total_difference, report);

  const Currency& uah = *FindCurrency("UAH");
  for (const auto& [id, d] : donor_sums_) {
    const Donor& donor = donors_[donor_index_.at(id)];
    const Currency& dc = *donor.currency;
    DonorReconciliation line(donor, report);
    line.opening_remaining = MoneySum::FromMinor(d.opening, dc);
    line.received = MoneySum::FromMinor(d.received, dc);
    line.spent = MoneySum::FromMinor(d.spent, dc);
    line.remaining = MoneySum::FromMinor(d.opening + d.received - d.spent, dc);
    line.received_booked = MoneySum::FromMinor(d.received_booked, report);
    line.spent_booked = MoneySum::FromMinor(d.spent_booked, report);
    line.remaining_booked = MoneySum::FromMinor(d.remaining_booked, report);
    line.received_uah = MoneySum::FromMinor(d.received_uah, uah);
    line.spent_uah = MoneySum::FromMinor(d.spent_uah, uah);
    line.remaining_uah = MoneySum::FromMinor(d.remaining_uah, uah);
    line.goods_received = MoneySum::FromMinor(d.goods_received, dc);
    line.goods_distributed = MoneySum::FromMinor(d.goods_distributed, dc);
    line.goods_written_off = MoneySum::FromMinor(d.goods_written_off, dc);
    line.goods_in_stock = MoneySum::FromMinor(d.goods_in_stock, dc);
    for (const auto& [kind, v] : d.goods_by_kind) {
      line.goods_distributed_by_kind.emplace_back(kind, MoneySum::FromMinor(v, dc));
    }
    line.goods_in_stock_booked = MoneySum::FromMinor(d.goods_in_stock_booked, report);
    out.donors.push_back(std::move(line));
  }
  std::sort(out.donors.begin(), out.donors.end(),
            [](const DonorReconciliation& a, const DonorReconciliation& b) {
              return a.donor.code < b.donor.code;
            });
  out.excluded = excluded_;
  return out;
}

// ---- stock ----

Result<std::vector<UndistributedLot>> Undistributed(const Catalog& catalog, const StockIndex& index,
                                                    Date to) {
  struct Candidate {
    int32_t warehouse_id, item_id, lot_id;
    int64_t quantity;
  };
  std::vector<Candidate> candidates;
  std::unordered_map<int32_t, int32_t> first_day;  // lot -> earliest day in any warehouse
  first_day.reserve(catalog.lot_count());
  index.ForEach([&](const LotBalance& b) {
    if (b.timeline.empty()) return true;
    const int32_t first = b.timeline.front().day;  // sorted by day
    auto [it, inserted] = first_day.emplace(b.lot_id, first);
    if (!inserted && first < it->second) it->second = first;
    int64_t on_to = 0;
    for (const DatedDelta& d : b.timeline) {
      if (d.day > to.days()) break;
      on_to += d.delta;
    }
    if (on_to > 0) candidates.push_back({b.warehouse_id, b.item_id, b.lot_id, on_to});
    return true;
  });

  std::vector<UndistributedLot> out;
  out.reserve(candidates.size());
  for (const Candidate& c : candidates) {
    const Warehouse* wh = catalog.WarehouseById(c.warehouse_id);
    const Item* item = catalog.ItemById(c.item_id);
    const Lot* lot = catalog.LotById(c.lot_id);
    if (wh == nullptr || item == nullptr || lot == nullptr) {
      return Status::Internal("a stock balance of an unknown warehouse, item or lot (lot " +
                              std::to_string(c.lot_id) + ")");
    }
    const Donor* donor = catalog.DonorById(lot->donor_id);
    // unit value x quantity, exact in 128 bits (a lot of an older journal may
    // hold more than any limit allows now).
    auto value = MultiplyDivideRound(lot->unit_value_minor, static_cast<uint64_t>(c.quantity),
                                     Quantity::kScale);
    if (!value.ok()) return value.status();
    const Date received = Date::FromDays(first_day.at(c.lot_id));
    const int32_t age_days = to.days() - received.days();
    UndistributedLot line{.warehouse = wh->code,
                          .sku = item->sku,
                          .lot = lot->batch,
                          .donor = donor ? donor->code : std::string(),
                          .received = received,
                          .age_days = age_days,
                          .quantity = Quantity::FromMilli(c.quantity),
                          .value = MoneySum::FromMinor(*value, *lot->currency),
                          .overdue = age_days > kDistributionDays};
    out.push_back(std::move(line));
  }
  std::sort(out.begin(), out.end(), [](const UndistributedLot& a, const UndistributedLot& b) {
    if (a.age_days != b.age_days) return a.age_days > b.age_days;
    return std::tie(a.warehouse, a.sku, a.lot) < std::tie(b.warehouse, b.sku, b.lot);
  });
  return out;
}

}  // namespace zapas

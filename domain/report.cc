#include "domain/report.h"

#include <algorithm>
#include <tuple>

#include "domain/decimal.h"

namespace zapas {
namespace {

Status Overflow() { return Status::Invalid("an amount of the report is too large"); }

// a += b, overflow-checked.
Status AddTo(int64_t& a, int64_t b) {
  if (__builtin_add_overflow(a, b, &a)) return Overflow();
  return Status::Ok();
}

// a -= b, overflow-checked.
Status SubtractFrom(int64_t& a, int64_t b) {
  if (__builtin_sub_overflow(a, b, &a)) return Overflow();
  return Status::Ok();
}

Result<int64_t> Sub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return Overflow();
  return r;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

constexpr std::string_view kPaymentsPrefix = "expenses:payments:";

}  // namespace

Result<Money> Convert(const Money& amount, const Rate& from_rate, const Rate& to_rate) {
  if (from_rate.currency != &amount.currency()) {
    return Status::Internal("rate of " + std::string(from_rate.currency->code) + " applied to " +
                            std::string(amount.currency_code()));
  }
  const Currency& target = *to_rate.currency;
  if (&target == &amount.currency()) return amount;
  if (from_rate.uah_per_unit <= 0 || to_rate.uah_per_unit <= 0) {
    return Status::Internal("a rate is not positive");
  }
  // minor * rate_from * 10^digits(to) / (10^digits(from) * rate_to); both rates
  // carry 10^kRateDigits, which cancels.
  __int128 numerator;
  if (__builtin_mul_overflow(
          static_cast<__int128>(amount.minor_units()),
          static_cast<__int128>(from_rate.uah_per_unit) * PowerOfTen(target.digits), &numerator)) {
    return Status::Invalid("amount is too large to convert");
  }
  __int128 denominator =
      static_cast<__int128>(PowerOfTen(amount.currency().digits)) * to_rate.uah_per_unit;
  if (denominator > INT64_MAX) return Status::Invalid("amount is too large to convert");
  ZAPAS_ASSIGN_OR_RETURN(int64_t minor,
                         DivideRoundHalfAwayFromZero(numerator, static_cast<int64_t>(denominator)));
  return Money::FromMinor(minor, target);
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

Status MoneyReconciliation::Fail(Status s) {
  if (status_.ok()) status_ = s;
  return status_;
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
Result<int64_t> MoneyReconciliation::Booked(Date date, const MoneyPosting& p) {
  const Currency& report = *period_.currency;
  if (&p.amount.currency() == &report) return p.amount.minor_units();
  if (report.code == "UAH") return p.uah.minor_units();
  ZAPAS_ASSIGN_OR_RETURN(Rate rate, RateOn(report, date));
  ZAPAS_ASSIGN_OR_RETURN(Money m, FromUah(p.uah, rate));
  return m.minor_units();
}

Result<int64_t> MoneyReconciliation::InDonorCurrency(Date date, const MoneyPosting& p,
                                                     const Currency& donor_currency) {
  if (&p.amount.currency() == &donor_currency) return p.amount.minor_units();
  ZAPAS_ASSIGN_OR_RETURN(Rate rate, RateOn(donor_currency, date));
  ZAPAS_ASSIGN_OR_RETURN(Money m, FromUah(p.uah, rate));
  return m.minor_units();
}

Status MoneyReconciliation::Add(std::string_view kind, Date date, const MoneyPosting& p) {
  if (!status_.ok()) return status_;
  if (date > period_.to) return Status::Ok();
  const bool before = date < period_.from;
  const int64_t amount = p.amount.minor_units();

  if (p.account_id != 0) {
    AccountSums& a = accounts_[p.account_id];
    if (a.currency == nullptr) {
      a.currency = &p.amount.currency();
    } else if (a.currency != &p.amount.currency()) {
      return Fail(Status::Internal("account " + std::to_string(p.account_id) + " has postings in " +
                                   std::string(a.currency->code) + " and " +
                                   std::string(p.amount.currency_code())));
    }
    Status s = Status::Ok();
    if (before) {
      s = AddTo(a.opening, amount);
    } else if (amount > 0) {
      s = AddTo(a.in, amount);
    } else {
      int64_t out;
      if (__builtin_sub_overflow(int64_t{0}, amount, &out)) return Fail(Overflow());
      s = AddTo(a.out, out);
    }
    if (!s.ok()) return Fail(s);
    auto booked = Booked(date, p);
    if (!booked.ok()) return Fail(booked.status());
    if (Status t = AddTo(a.booked, *booked); !t.ok()) return Fail(t);
  }

  if (p.donor_id != 0) {
    auto found = donor_index_.find(p.donor_id);
    if (found == donor_index_.end()) {
      return Fail(
          Status::Internal("a money posting names unknown donor " + std::to_string(p.donor_id)));
    }
    const Donor& donor = donors_[found->second];
    if (donor.currency == nullptr) {
      return Fail(Status::Internal("donor " + donor.code + " has no currency"));
    }
    DonorSums& d = donor_sums_[p.donor_id];  // every donor with a posting is listed
    if (StartsWith(p.ledger_account, "assets:goods:") ||
        StartsWith(p.ledger_account, "income:in-kind:") ||
        StartsWith(p.ledger_account, "expenses:distributed:") ||
        StartsWith(p.ledger_account, "expenses:written-off:")) {
      Status g = AddGoods(d, date, before, p, *donor.currency);
      return g.ok() ? g : Fail(g);
    }
    const bool received = kind == "cash_donation" && p.account_id != 0;
    const bool spent = p.account_id == 0 && StartsWith(p.ledger_account, kPaymentsPrefix);
    if (received || spent) {
      auto value = InDonorCurrency(date, p, *donor.currency);
      if (!value.ok()) return Fail(value.status());
      auto booked = Booked(date, p);
      if (!booked.ok()) return Fail(booked.status());
      Status s = Status::Ok();
      const int64_t uah = p.uah.minor_units();
      if (received) {
        if (before) {
          s = AddTo(d.opening, *value);
        } else {
          s = AddTo(d.received, *value);
          if (s.ok()) s = AddTo(d.received_booked, *booked);
          if (s.ok()) s = AddTo(d.received_uah, uah);
        }
        if (s.ok()) s = AddTo(d.remaining_booked, *booked);
        if (s.ok()) s = AddTo(d.remaining_uah, uah);
      } else {
        if (before) {
          s = SubtractFrom(d.opening, *value);
        } else {
          s = AddTo(d.spent, *value);
          if (s.ok()) s = AddTo(d.spent_booked, *booked);
          if (s.ok()) s = AddTo(d.spent_uah, uah);
        }
        if (s.ok()) s = SubtractFrom(d.remaining_booked, *booked);
        if (s.ok()) s = SubtractFrom(d.remaining_uah, uah);
      }
      if (!s.ok()) return Fail(s);
    }
  }
  return Status::Ok();
}

Status MoneyReconciliation::AddGoods(DonorSums& d, Date date, bool before, const MoneyPosting& p,
                                     const Currency& donor_currency) {
  ZAPAS_ASSIGN_OR_RETURN(int64_t value, InDonorCurrency(date, p, donor_currency));
  const std::string& account = p.ledger_account;
  if (StartsWith(account, "assets:goods:")) {
    ZAPAS_RETURN_IF_ERROR(AddTo(d.goods_in_stock, value));
    ZAPAS_ASSIGN_OR_RETURN(int64_t booked, Booked(date, p));
    return AddTo(d.goods_in_stock_booked, booked);
  }
  if (before) return Status::Ok();  // the period's flows only
  if (StartsWith(account, "income:in-kind:")) return SubtractFrom(d.goods_received, value);
  if (StartsWith(account, "expenses:written-off:")) return AddTo(d.goods_written_off, value);
  const std::string kind = account.substr(std::string("expenses:distributed:").size());
  ZAPAS_RETURN_IF_ERROR(AddTo(d.goods_by_kind[kind], value));
  return AddTo(d.goods_distributed, value);
}

Result<MoneyReconciliationResult> MoneyReconciliation::Finish(std::vector<Account> accounts) const {
  ZAPAS_RETURN_IF_ERROR(status_);
  const Currency& report = *period_.currency;
  std::sort(accounts.begin(), accounts.end(),
            [](const Account& a, const Account& b) { return a.code < b.code; });
  MoneyReconciliationResult out;
  int64_t total_booked = 0, total_revalued = 0, total_difference = 0;
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
      if (sums.currency != &c) {
        return Status::Internal("account " + account.code + " holds " + std::string(c.code) +
                                " but has postings in " + std::string(sums.currency->code));
      }
    }
    int64_t closing;
    if (__builtin_add_overflow(sums.opening, sums.in, &closing) ||
        __builtin_sub_overflow(closing, sums.out, &closing)) {
      return Overflow();
    }
    Money closing_money = Money::FromMinor(closing, c);
    Money revalued = Money::Zero(report);
    if (&c == &report) {
      revalued = closing_money;
    } else if (closing != 0) {
      auto rate = rates_->InForce(c, period_.to);
      if (!rate.ok()) return MissingRate(period_, *rates_, c, period_.to, rate.status().message());
      ZAPAS_ASSIGN_OR_RETURN(revalued, Convert(closing_money, *rate, report_rate_on_to_));
    }
    ZAPAS_ASSIGN_OR_RETURN(int64_t difference, Sub(revalued.minor_units(), sums.booked));
    ZAPAS_RETURN_IF_ERROR(AddTo(total_booked, sums.booked));
    ZAPAS_RETURN_IF_ERROR(AddTo(total_revalued, revalued.minor_units()));
    ZAPAS_RETURN_IF_ERROR(AddTo(total_difference, difference));
    AccountReconciliation line{std::move(account),
                               Money::FromMinor(sums.opening, c),
                               Money::FromMinor(sums.in, c),
                               Money::FromMinor(sums.out, c),
                               closing_money,
                               Money::FromMinor(sums.booked, report),
                               revalued,
                               Money::FromMinor(difference, report)};
    out.accounts.push_back(std::move(line));
  }
  if (matched != accounts_.size()) {
    return Status::Internal("a money posting names an account that is not in the books");
  }
  out.totals = MoneyReconciliationTotals{Money::FromMinor(total_booked, report),
                                         Money::FromMinor(total_revalued, report),
                                         Money::FromMinor(total_difference, report)};

  for (const auto& [id, d] : donor_sums_) {
    const Donor& donor = donors_[donor_index_.at(id)];
    const Currency& dc = *donor.currency;
    int64_t remaining;
    if (__builtin_add_overflow(d.opening, d.received, &remaining) ||
        __builtin_sub_overflow(remaining, d.spent, &remaining)) {
      return Overflow();
    }
    DonorReconciliation line{
        donor, Money::FromMinor(d.opening, dc), Money::FromMinor(d.received, dc),
        Money::FromMinor(d.spent, dc), Money::FromMinor(remaining, dc),
        Money::FromMinor(d.received_booked, report), Money::FromMinor(d.spent_booked, report),
        Money::FromMinor(d.remaining_booked, report)};
    const Currency& uah_currency = *FindCurrency("UAH");
    line.received_uah = Money::FromMinor(d.received_uah, uah_currency);
    line.spent_uah = Money::FromMinor(d.spent_uah, uah_currency);
    line.remaining_uah = Money::FromMinor(d.remaining_uah, uah_currency);
    line.goods_received = Money::FromMinor(d.goods_received, dc);
    line.goods_distributed = Money::FromMinor(d.goods_distributed, dc);
    line.goods_written_off = Money::FromMinor(d.goods_written_off, dc);
    line.goods_in_stock = Money::FromMinor(d.goods_in_stock, dc);
    for (const auto& [kind, v] : d.goods_by_kind) {
      line.goods_distributed_by_kind.emplace_back(kind, Money::FromMinor(v, dc));
    }
    line.goods_in_stock_booked = Money::FromMinor(d.goods_in_stock_booked, report);
    out.donors.push_back(std::move(line));
  }
  std::sort(out.donors.begin(), out.donors.end(),
            [](const DonorReconciliation& a, const DonorReconciliation& b) {
              return a.donor.code < b.donor.code;
            });
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
    UndistributedLot line;
    line.warehouse = wh->code;
    line.sku = item->sku;
    line.lot = lot->batch;
    line.donor = donor ? donor->code : std::string();
    line.received = Date::FromDays(first_day.at(c.lot_id));
    line.age_days = to.days() - line.received.days();
    line.quantity = Quantity::FromMilli(c.quantity);
    auto value = lot->unit_value().Times(line.quantity);
    if (!value.ok()) return Overflow();
    line.value = *value;
    line.overdue = line.age_days > kDistributionDays;
    out.push_back(std::move(line));
  }
  std::sort(out.begin(), out.end(), [](const UndistributedLot& a, const UndistributedLot& b) {
    if (a.age_days != b.age_days) return a.age_days > b.age_days;
    return std::tie(a.warehouse, a.sku, a.lot) < std::tie(b.warehouse, b.sku, b.lot);
  });
  return out;
}

}  // namespace zapas

#include "domain/donor_report.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace zapas {
namespace {

constexpr std::string_view kDistributed = "expenses:distributed:";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// One MoneyReconciliation per group key, over the one donor.
class GroupBooks {
 public:
  GroupBooks(const ReconciliationPeriod& period, const RateTable& rates, const Donor& donor)
      : period_(period), rates_(rates), donor_(donor) {}

  // The postings of one entry that belong to the group `key`; whether they
  // counted (false for an entry left out: its values cannot be computed).
  bool Add(const std::string& key, const EntryRef& entry,
           const std::vector<MoneyPosting>& postings) {
    if (!status_.ok() || postings.empty()) return false;
    auto it = books_.find(key);
    if (it == books_.end()) {
      auto started = MoneyReconciliation::Start(period_, rates_, {donor_});
      if (!started.ok()) {
        status_ = started.status();
        return false;
      }
      it = books_.emplace(key, std::move(started).value()).first;
    }
    auto counted = it->second.AddEntry(entry, postings);
    if (!counted.ok()) status_ = counted.status();
    return counted.ok() && *counted;
  }
  void Exclude(const EntryRef& entry, const std::string& reason) {
    excluded_.push_back(ExcludedEntry{entry, reason});
  }

  // The donor's figures per group.
  Result<std::map<std::string, DonorReconciliation>> Finish(
      const std::vector<Account>& accounts) const {
    ZAPAS_RETURN_IF_ERROR(status_);
    std::map<std::string, DonorReconciliation> out;
    for (const auto& [key, books] : books_) {
      ZAPAS_ASSIGN_OR_RETURN(MoneyReconciliationResult r, books.Finish(accounts));
      for (DonorReconciliation& d : r.donors) {
        if (d.donor.id == donor_.id) out.emplace(key, std::move(d));
      }
    }
    return out;
  }
  // Every entry left out of the figures, in journal order.
  Result<std::vector<ExcludedEntry>> Excluded(const std::vector<Account>& accounts) const {
    ZAPAS_RETURN_IF_ERROR(status_);
    std::vector<ExcludedEntry> out = excluded_;
    for (const auto& [key, books] : books_) {
      ZAPAS_ASSIGN_OR_RETURN(MoneyReconciliationResult r, books.Finish(accounts));
      out.insert(out.end(), r.excluded.begin(), r.excluded.end());
    }
    std::sort(out.begin(), out.end(), [](const ExcludedEntry& a, const ExcludedEntry& b) {
      return a.entry.id < b.entry.id;
    });
    return out;
  }

 private:
  const ReconciliationPeriod& period_;
  const RateTable& rates_;
  Donor donor_;
  std::map<std::string, MoneyReconciliation> books_;
  std::vector<ExcludedEntry> excluded_;
  Status status_ = Status::Ok();
};

int MonthIndex(Date d) { return d.year() * 12 + static_cast<int>(d.month()) - 1; }

// What one delivery of the donor's goods reached.
struct DeliveryReach {
  std::string recipient;  // code: only to count distinct recipients
  std::string group;      // kind + region
  __int128 quantity = 0;  // net thousandths of the donor's lots delivered
};

std::string GroupKey(const Recipient& r) {
  return std::string(RecipientKindName(r.kind)) + '\x1f' + r.region;
}

std::string BucketKey(int index) {
  char key[16];
  std::snprintf(key, sizeof key, "%06d", index);
  return key;
}

bool Zero(const DonorReconciliation& d) {
  return d.goods_received.is_zero() && d.goods_distributed.is_zero() &&
         d.goods_written_off.is_zero() && d.goods_in_stock.is_zero();
}

}  // namespace

ChartBuckets ChartBuckets::For(Date from, Date to) {
  const int start = MonthIndex(from), end = MonthIndex(to);
  ChartBuckets out;
  for (int per : {1, 3, 12}) {
    out.months_per_bucket = per;
    out.first = start - start % per;
    out.count = (end - end % per - out.first) / per + 1;
    if (out.count <= 24) break;
  }
  return out;
}

int ChartBuckets::IndexOf(Date d) const { return (MonthIndex(d) - first) / months_per_bucket; }

struct DonorReport::State {
  State(const ReconciliationPeriod& period, const RateTable& rates, const Catalog& catalog,
        const Donor& donor, std::string no_purpose)
      : period(period),
        catalog(catalog),
        donor(donor),
        no_purpose(std::move(no_purpose)),
        total(this->period, rates, donor),
        purposes(this->period, rates, donor),
        categories(this->period, rates, donor),
        deliveries(this->period, rates, donor),
        months(this->period, rates, donor),
        buckets(ChartBuckets::For(period.from, period.to)) {}

  const ReconciliationPeriod period;
  const Catalog& catalog;
  const Donor donor;
  const std::string no_purpose;
  GroupBooks total, purposes, categories, deliveries, months;
  const ChartBuckets buckets;
  std::map<std::string, std::set<int64_t>> payments_for;  // purpose -> entry ids
  std::map<int64_t, const Recipient*> delivered_to;       // delivery id -> recipient
  std::map<int64_t, DeliveryReach> reach;                 // delivery id -> what it reached
};

DonorReport::DonorReport(std::unique_ptr<State> state) : s_(std::move(state)) {}
DonorReport::DonorReport(DonorReport&&) noexcept = default;
DonorReport::~DonorReport() = default;

Result<DonorReport> DonorReport::Start(const ReconciliationPeriod& period, const RateTable& rates,
                                       const Catalog& catalog, const Donor& donor,
                                       std::string no_purpose) {
  ZAPAS_RETURN_IF_ERROR(MoneyReconciliation::Start(period, rates, {donor}).status());
  return DonorReport(std::make_unique<State>(period, rates, catalog, donor, std::move(no_purpose)));
}

Status DonorReport::AddMoney(
    const EntryRef& entry, const std::vector<MoneyPosting>& postings,
    const std::function<Result<std::string>(int64_t entry_id)>& purpose_of) {
  if (!s_->total.Add("", entry, postings)) return Status::Ok();
  std::vector<MoneyPosting> paid;
  for (const MoneyPosting& p : postings) {
    if (p.account_id == 0 && StartsWith(p.ledger_account, "expenses:payments:")) {
      paid.push_back(p);
    }
  }
  if (paid.empty() || entry.date < s_->period.from) return Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(std::string purpose, purpose_of(entry.id));
  if (purpose.empty()) purpose = s_->no_purpose;
  s_->purposes.Add(purpose, entry, paid);
  s_->payments_for[purpose].insert(entry.id);
  return Status::Ok();
}

void DonorReport::AddGoods(const DonorGoodsEntry& e, const std::vector<MoneyPosting>& postings) {
  const int32_t donor_id = s_->donor.id;
  const Catalog& catalog = s_->catalog;
  // The recipient of a delivery, or of the delivery a reversal undoes.
  const Recipient* recipient = e.recipient;
  int64_t delivery_id = e.ref.id;
  if (recipient != nullptr) {
    s_->delivered_to[e.ref.id] = recipient;
  } else if (auto it = s_->delivered_to.find(e.refers_to);
             e.refers_to != 0 && it != s_->delivered_to.end()) {
    recipient = it->second;
    delivery_id = e.refers_to;
  }
  // The lots moved, in lot order, as GoodsValuation books them: a pair of
  // postings per lot whose value moves, the goods account first when goods
  // arrive. Lots without value book nothing.
  std::map<int32_t, int64_t> net;
  for (const Posting& p : *e.stock) net[p.lot_id] += p.delta;
  std::vector<std::pair<const Lot*, int64_t>> moved;
  __int128 donor_quantity = 0;
  for (const auto& [lot_id, delta] : net) {
    const Lot* lot = catalog.LotById(lot_id);
    if (delta == 0 || lot == nullptr) continue;
    moved.emplace_back(lot, delta);
    if (lot->donor_id == donor_id) donor_quantity -= delta;
  }
  // The donor's postings of the entry, and the groups each pair belongs to.
  std::vector<MoneyPosting> mine;
  std::map<std::string, std::vector<MoneyPosting>> by_category, by_group, by_month;
  size_t next = 0;
  for (size_t i = 0; i + 1 < postings.size(); i += 2) {
    const MoneyPosting& a = postings[i];
    const bool arriving = StartsWith(a.ledger_account, "assets:goods:");
    const Lot* lot = nullptr;
    for (size_t k = next; k < moved.size(); ++k) {
      const Lot* c = moved[k].first;
      if (c->donor_id == a.donor_id && c->currency == &a.amount.currency() &&
          c->unit_value_minor != 0 && (moved[k].second > 0) == arriving) {
        lot = c;
        next = k + 1;
        break;
      }
    }
    if (a.donor_id != donor_id) continue;
    const Item* item = lot ? catalog.ItemById(lot->item_id) : nullptr;
    const std::string category = item ? item->category : "";
    const bool distributed = StartsWith(postings[i].ledger_account, kDistributed) ||
                             StartsWith(postings[i + 1].ledger_account, kDistributed);
    for (const MoneyPosting* p : {&postings[i], &postings[i + 1]}) {
      if (p->donor_id != donor_id) continue;
      mine.push_back(*p);
      by_category[category].push_back(*p);
      if (recipient != nullptr && distributed) {
        by_group[GroupKey(*recipient)].push_back(*p);
        if (e.ref.date >= s_->period.from) {
          by_month[BucketKey(s_->buckets.IndexOf(e.ref.date))].push_back(*p);
        }
      }
    }
  }
  if (mine.empty() || !s_->total.Add("", e.ref, mine)) return;  // none of the donor's, or left out
  for (const auto& [key, part] : by_category) s_->categories.Add(key, e.ref, part);
  for (const auto& [key, part] : by_group) s_->deliveries.Add(key, e.ref, part);
  for (const auto& [key, part] : by_month) s_->months.Add(key, e.ref, part);
  if (recipient != nullptr && e.ref.date >= s_->period.from && donor_quantity != 0) {
    DeliveryReach& r = s_->reach[delivery_id];
    r.recipient = recipient->code;
    r.group = GroupKey(*recipient);
    r.quantity += donor_quantity;
  }
}

void DonorReport::ExcludeGoods(const EntryRef& entry, const std::vector<Posting>& stock,
                               const std::string& reason) {
  for (const Posting& p : stock) {
    const Lot* lot = s_->catalog.LotById(p.lot_id);
    if (lot != nullptr && lot->donor_id == s_->donor.id) {
      s_->total.Exclude(entry, reason);
      return;
    }
  }
}

Result<DonorFigures> DonorReport::Finish(
    const std::vector<Account>& accounts,
    const std::map<std::string, int64_t>& household_sizes) const {
  ZAPAS_ASSIGN_OR_RETURN(auto totals, s_->total.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_purpose, s_->purposes.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_category, s_->categories.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_group, s_->deliveries.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_month, s_->months.Finish(accounts));
  const Currency& currency = *s_->period.currency;
  // No posting at all: every figure zero, in the report currency.
  DonorFigures out(totals.count("") ? totals.at("") : DonorReconciliation(s_->donor, currency));
  ZAPAS_ASSIGN_OR_RETURN(out.excluded, s_->total.Excluded(accounts));

  for (const auto& [purpose, d] : by_purpose) {
    out.purposes.push_back({purpose, static_cast<int>(s_->payments_for[purpose].size()), d.spent});
  }
  std::stable_sort(out.purposes.begin(), out.purposes.end(), [](const auto& a, const auto& b) {
    return a.spent.minor_units() > b.spent.minor_units();
  });

  for (const auto& [category, d] : by_category) {
    if (Zero(d)) continue;
    out.categories.push_back(
        {category, d.goods_received, d.goods_distributed, d.goods_written_off, d.goods_in_stock});
  }
  std::stable_sort(out.categories.begin(), out.categories.end(), [](const auto& a, const auto& b) {
    if (a.received.minor_units() != b.received.minor_units()) {
      return a.received.minor_units() > b.received.minor_units();
    }
    return a.in_stock.minor_units() > b.in_stock.minor_units();
  });

  // Reach: recipients with a net positive delivery in the period.
  std::map<std::string, __int128> net_by_recipient;
  std::map<std::string, std::pair<std::set<std::string>, int>> reached_in_group;
  for (const auto& [id, r] : s_->reach) {
    net_by_recipient[r.recipient] += r.quantity;
    if (r.quantity > 0) ++reached_in_group[r.group].second;
  }
  for (const auto& [id, r] : s_->reach) {
    if (net_by_recipient[r.recipient] > 0) reached_in_group[r.group].first.insert(r.recipient);
  }
  for (const auto& [code, quantity] : net_by_recipient) {
    if (quantity <= 0) continue;
    const Recipient* r = s_->catalog.RecipientByCode(code);
    if (r == nullptr) continue;
    if (r->kind != RecipientKind::kIdpHousehold) {
      ++out.organisations;
      continue;
    }
    ++out.households;
    if (auto it = household_sizes.find(code); it != household_sizes.end()) {
      out.people += it->second;
    } else {
      ++out.households_without_size;
    }
  }
  for (const auto& [key, d] : by_group) {
    const auto& reached = reached_in_group[key];
    if (d.goods_distributed.is_zero() && reached.second == 0) continue;
    const size_t sep = key.find('\x1f');
    out.deliveries.push_back({key.substr(0, sep), key.substr(sep + 1),
                              static_cast<int>(reached.first.size()), reached.second,
                              d.goods_distributed});
  }
  std::stable_sort(out.deliveries.begin(), out.deliveries.end(), [](const auto& a, const auto& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.value.minor_units() > b.value.minor_units();
  });

  out.buckets = s_->buckets;
  for (int i = 0; i < out.buckets.count; ++i) {
    auto it = by_month.find(BucketKey(i));
    out.delivered_per_bucket.push_back(it != by_month.end() ? it->second.goods_distributed
                                                            : MoneySum::Zero(currency));
  }
  return out;
}

}  // namespace zapas

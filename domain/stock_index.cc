#include "domain/stock_index.h"

#include <algorithm>
#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <tuple>
#include <vector>

namespace zapas {

namespace bmi = boost::multi_index;

namespace {
struct ByWarehouseItemLot {};
struct ByItemExpiry {};

using Container = bmi::multi_index_container<
    LotBalance,
    bmi::indexed_by<
        bmi::ordered_unique<
            bmi::tag<ByWarehouseItemLot>,
            bmi::composite_key<LotBalance,
                               bmi::member<LotBalance, int32_t, &LotBalance::warehouse_id>,
                               bmi::member<LotBalance, int32_t, &LotBalance::item_id>,
                               bmi::member<LotBalance, int32_t, &LotBalance::lot_id>>>,
        bmi::ordered_non_unique<
            bmi::tag<ByItemExpiry>,
            bmi::composite_key<LotBalance, bmi::member<LotBalance, int32_t, &LotBalance::item_id>,
                               bmi::member<LotBalance, int32_t, &LotBalance::expiry_day>,
                               bmi::member<LotBalance, int32_t, &LotBalance::warehouse_id>,
                               bmi::member<LotBalance, int32_t, &LotBalance::lot_id>>>>>;

void AddToTimeline(Timeline& t, int32_t day, int64_t delta) {
  auto it = std::lower_bound(t.begin(), t.end(), day,
                             [](const DatedDelta& d, int32_t v) { return d.day < v; });
  if (it != t.end() && it->day == day) {
    it->delta += delta;
  } else {
    t.insert(it, DatedDelta{day, delta});
  }
}
}  // namespace

BalanceRange RangeFrom(const Timeline* committed, const DatedDelta* extra, size_t extra_count,
                       Date date) {
  // Merge into per-day deltas.
  boost::container::small_vector<DatedDelta, 8> days;
  if (committed != nullptr) days.assign(committed->begin(), committed->end());
  for (size_t i = 0; i < extra_count; ++i) {
    auto it = std::lower_bound(days.begin(), days.end(), extra[i].day,
                               [](const DatedDelta& d, int32_t v) { return d.day < v; });
    if (it != days.end() && it->day == extra[i].day) {
      it->delta += extra[i].delta;
    } else {
      days.insert(it, extra[i]);
    }
  }
  const int32_t from = date.days();
  int64_t running = 0;
  BalanceRange range{std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
  auto see = [&range](int64_t balance) {
    range.lowest = std::min(range.lowest, balance);
    range.highest = std::max(range.highest, balance);
  };
  bool reached = false;
  for (const DatedDelta& d : days) {
    if (!reached && d.day > from) {
      see(running);  // the balance on `date` itself
      reached = true;
    }
    running += d.delta;
    if (d.day >= from) {
      see(running);
      reached = true;
    }
  }
  if (!reached) see(running);
  return range;
}

int64_t AvailableFrom(const Timeline* committed, const DatedDelta* extra, size_t extra_count,
                      Date date) {
  return RangeFrom(committed, extra, extra_count, date).lowest;
}

struct StockIndex::Impl {
  Container balances;
};

StockIndex::StockIndex() : impl_(std::make_unique<Impl>()) {}
StockIndex::~StockIndex() = default;

void StockIndex::Apply(const Posting& p, int32_t item_id, Date expiry) {
  auto& index = impl_->balances.get<ByWarehouseItemLot>();
  // One traversal when the balance is new (the common case at start-up).
  LotBalance fresh{p.warehouse_id, item_id, p.lot_id, expiry.days(), p.delta, {}};
  fresh.timeline.push_back(DatedDelta{p.date.days(), p.delta});
  auto [it, inserted] = index.insert(std::move(fresh));
  if (inserted) return;
  // quantity and timeline are not part of any key: modify in place is safe.
  index.modify(it, [&](LotBalance& b) {
    b.quantity += p.delta;
    AddToTimeline(b.timeline, p.date.days(), p.delta);
  });
}

const LotBalance* StockIndex::Find(int32_t warehouse_id, int32_t item_id, int32_t lot_id) const {
  const auto& index = impl_->balances.get<ByWarehouseItemLot>();
  auto it = index.find(std::make_tuple(warehouse_id, item_id, lot_id));
  return it == index.end() ? nullptr : &*it;
}

void StockIndex::ForEach(const Visitor& visit) const {
  for (const auto& b : impl_->balances.get<ByWarehouseItemLot>()) {
    if (!visit(b)) return;
  }
}

void StockIndex::ForEachInWarehouse(int32_t warehouse_id, const Visitor& visit) const {
  const auto& index = impl_->balances.get<ByWarehouseItemLot>();
  auto range = index.equal_range(std::make_tuple(warehouse_id));
  for (auto it = range.first; it != range.second; ++it) {
    if (!visit(*it)) return;
  }
}

void StockIndex::ForEachOfItem(int32_t item_id, Date from, const Visitor& visit) const {
  const auto& index = impl_->balances.get<ByItemExpiry>();
  auto it = index.lower_bound(std::make_tuple(item_id, from.days()));
  auto end = index.upper_bound(std::make_tuple(item_id));
  for (; it != end; ++it) {
    if (!visit(*it)) return;
  }
}

size_t StockIndex::size() const { return impl_->balances.size(); }

}  // namespace zapas

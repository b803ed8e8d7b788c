// StockIndex: the in-memory balances of every lot in every warehouse, kept in a
// Boost.MultiIndex with two orders:
//   - by (warehouse, item, lot): exact look-ups, and every lot of a warehouse
//     (the "by warehouse" order is the prefix of this key);
//   - by (item, expiry, warehouse, lot): first-expiry-first-out picking and
//     `GET /stock?sku=`.
// Each balance keeps its dated history as per-day deltas, so a back-dated
// movement can be checked against every later date.
//
// The index is derived state: rebuilt from the journal's postings at start and
// updated only with postings whose transaction has committed.
// Thread-compatible: the owner serialises Apply() against readers.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>

#include "domain/date.h"

namespace zapas {

// One line of a committed movement: `delta` thousandths of the lot's unit enter
// (positive) or leave (negative) `warehouse_id` on `date`.
struct Posting {
  int32_t warehouse_id = 0;
  int32_t lot_id = 0;
  Date date = Date::FromDays(0);
  int64_t delta = 0;
};

struct DatedDelta {
  int32_t day;
  int64_t delta;
};

using Timeline = boost::container::small_vector<DatedDelta, 1>;

struct LotBalance {
  int32_t warehouse_id;
  int32_t item_id;
  int32_t lot_id;
  int32_t expiry_day;  // Date::Never().days() when the lot does not expire
  int64_t quantity;    // current balance, thousandths
  Timeline timeline;   // per-day deltas, sorted by day, days unique
};

// The lowest and highest balance (thousandths) of a lot on `date` and every
// later day, from its committed per-day deltas and `extra` not-yet-committed
// ones (any order).
struct BalanceRange {
  int64_t lowest = 0;
  int64_t highest = 0;
};
BalanceRange RangeFrom(const Timeline* committed, const DatedDelta* extra, size_t extra_count,
                       Date date);

// The amount (thousandths) that can leave a lot on `date` without its balance
// going negative on that date or any later one: RangeFrom(...).lowest.
int64_t AvailableFrom(const Timeline* committed, const DatedDelta* extra, size_t extra_count,
                      Date date);

class StockIndex {
 public:
  StockIndex();
  ~StockIndex();
  StockIndex(const StockIndex&) = delete;
  StockIndex& operator=(const StockIndex&) = delete;

  // Adds a committed posting (in any order). item_id and expiry describe the lot.
  void Apply(const Posting& posting, int32_t item_id, Date expiry);

  // nullptr when the lot never was in the warehouse.
  const LotBalance* Find(int32_t warehouse_id, int32_t item_id, int32_t lot_id) const;

  // Visit balances in an order; the callback returns false to stop.
  using Visitor = std::function<bool(const LotBalance&)>;
  // All, by (warehouse, item, lot).
  void ForEach(const Visitor& visit) const;
  // One warehouse, by (item, lot).
  void ForEachInWarehouse(int32_t warehouse_id, const Visitor& visit) const;
  // One item, by expiry (lots without expiry last), starting at expiry >= from.
  void ForEachOfItem(int32_t item_id, Date from, const Visitor& visit) const;

  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zapas

// The alerts kept up to date by UpdateAlerts are the alerts ComputeAlerts
// computes afresh, after every step of random movements.
#include "services/app/alerts.h"

#include <gtest/gtest.h>

#include <random>

namespace zapas {
namespace {

bool operator==(const AlertRow& a, const AlertRow& b) {
  return std::tie(a.kind, a.since, a.warehouse_id, a.item_id, a.lot_id, a.day, a.quantity, a.ref) ==
         std::tie(b.kind, b.since, b.warehouse_id, b.item_id, b.lot_id, b.day, b.quantity, b.ref);
}

TEST(AlertsTest, KeptUpToDateTheyEqualThoseComputedAfresh) {
  const Date today = *Date::Parse("2027-01-15");
  Catalog catalog;
  StockIndex index;
  for (int32_t i = 1; i <= 5; ++i) {
    catalog.AddItem(Item{i, "SKU-" + std::to_string(i), "Товар", "Item", Unit::kPcs, "c", true});
  }
  for (int32_t w = 1; w <= 3; ++w) {
    catalog.AddWarehouse(Warehouse{w, "WH-" + std::to_string(w), "Склад", "Область"});
  }
  catalog.AddDonor(Donor{1, "D", "D", "UA", FindCurrency("UAH")});
  std::mt19937 random(5);
  for (int32_t id = 1; id <= 60; ++id) {
    Lot lot;
    lot.id = id;
    lot.item_id = 1 + static_cast<int32_t>(random() % 5);
    lot.batch = "L-" + std::to_string(id);
    lot.expiry = id % 7 == 0 ? Date::Never() : today.AddDays(static_cast<int>(random() % 200) - 60);
    lot.unit_value_minor = 100;
    lot.currency = FindCurrency("UAH");
    lot.donor_id = 1;
    catalog.AddLot(lot);
  }
  JournalFacts facts;
  facts.minimums = {{"WH-1", "SKU-1", 30000}, {"WH-2", "SKU-2", 5000}, {"WH-3", "SKU-5", 1}};
  Config::Alerts settings;
  std::vector<AlertRow> kept = ComputeAlerts(catalog, index, facts, settings, today);
  for (int step = 0; step < 400; ++step) {
    std::vector<std::pair<int32_t, int32_t>> changed;
    const int moves = 1 + static_cast<int>(random() % 3);
    for (int m = 0; m < moves; ++m) {
      const int32_t wh = 1 + static_cast<int32_t>(random() % 3);
      const Lot* lot = catalog.LotById(1 + static_cast<int32_t>(random() % 60));
      const LotBalance* b = index.Find(wh, lot->item_id, lot->id);
      const int64_t have = b ? b->quantity : 0;
      int64_t delta = static_cast<int64_t>(random() % 20000) - 8000;
      if (have + delta < 0) delta = -have;
      const Date day = today.AddDays(-static_cast<int>(random() % 150));
      index.Apply(Posting{wh, lot->id, day, delta}, lot->item_id, lot->expiry);
      changed.emplace_back(wh, lot->id);
    }
    UpdateAlerts(kept, changed, false, catalog, index, facts, settings, today);
    const std::vector<AlertRow> fresh = ComputeAlerts(catalog, index, facts, settings, today);
    ASSERT_EQ(kept.size(), fresh.size()) << "step " << step;
    for (size_t i = 0; i < kept.size(); ++i) ASSERT_TRUE(kept[i] == fresh[i]) << "step " << step;
  }
  EXPECT_FALSE(kept.empty());
}

}  // namespace
}  // namespace zapas

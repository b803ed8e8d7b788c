// Kits in the domain: the share rule, the stored composition, the expansion
// the books use, and the Ledger's assembly and disassembly plans.
#include "domain/kits.h"

#include <gtest/gtest.h>

#include <random>

#include "domain/ledger.h"

namespace zapas {
namespace {

Quantity Q(const char* text) { return *Quantity::Parse(text); }
Date D(const char* text) { return *Date::Parse(text); }

TEST(KitShareTest, FloorsAndClamps) {
  EXPECT_EQ(KitShare(3000, 10000, 10000), 3000);
  EXPECT_EQ(KitShare(3000, 10000, 5000), 1500);
  EXPECT_EQ(KitShare(1000, 3000, 1000), 333);   // a third of a unit, floored
  EXPECT_EQ(KitShare(1000, 3000, 5000), 1000);  // found kits carry nothing more
  EXPECT_EQ(KitShare(1000, 3000, -5), 0);
  // No overflow at the limits: 10^15 thousandths x 10^15.
  EXPECT_EQ(KitShare(1'000'000'000'000'000, 1'000'000'000'000'000, 999'999'999'999'999),
            999'999'999'999'999);
}

TEST(KitCompositionTest, EncodesAndDecodesAndRefusesGarbage) {
  KitComposition k{10000, {{12, 10000}, {7, 20000}}};
  EXPECT_EQ(EncodeKitComposition(k), "10000:12=10000,7=20000");
  auto back = DecodeKitComposition("10000:12=10000,7=20000");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->of, 10000);
  ASSERT_EQ(back->parts.size(), 2u);
  EXPECT_EQ(back->parts[1].lot_id, 7);
  EXPECT_EQ(back->parts[1].milli, 20000);
  for (const char* bad : {"", ":", "10:", "10:1", "10:1=", "x:1=2", "10:1=2,", "10:1=-2", "0:1=2",
                          "10:99999999999=1", "10:1=2;3=4"}) {
    EXPECT_FALSE(DecodeKitComposition(bad).ok()) << bad;
  }
}

class KitLedgerTest : public testing::Test {
 protected:
  void SetUp() override {
    catalog_.AddItem(Item{1, "TQ", "Турнікет", "Tourniquet", Unit::kPcs, "medical", true});
    catalog_.AddItem(Item{2, "BND", "Бинт", "Bandage", Unit::kPcs, "medical", true});
    catalog_.AddItem(Item{3, "IFAK", "Аптечка", "First-aid kit", Unit::kSet, "kit", true});
    catalog_.AddWarehouse(Warehouse{1, "KYIV", "Київ", "Київська"});
    catalog_.AddDonor(Donor{1, "A", "A", "DE", FindCurrency("UAH")});
    catalog_.AddDonor(Donor{2, "B", "B", "UA", FindCurrency("UAH")});
    catalog_.AddRecipient(Recipient{1, "MU", RecipientKind::kMilitaryUnit, "В/ч", "Київська", ""});
  }
  // A received lot with `milli` in stock on 2026-11-01.
  void Lot_(int32_t id, int32_t item, const char* batch, const char* expiry, int64_t value,
            int32_t donor, int64_t milli) {
    Lot l;
    l.id = id;
    l.item_id = item;
    l.batch = batch;
    l.expiry = D(expiry);
    l.unit_value_minor = value;
    l.currency = FindCurrency("UAH");
    l.donor_id = donor;
    catalog_.AddLot(l);
    index_.Apply(Posting{1, id, D("2026-11-01"), milli}, item, l.expiry);
  }
  void Commit(const MovementPlan& plan, int32_t new_id = 0) {
    for (Lot l : plan.new_lots) {
      l.id = new_id;
      catalog_.AddLot(l);
    }
    for (const PlannedPosting& p : plan.postings) {
      const int32_t id = p.new_lot >= 0 ? new_id : p.lot_id;
      const Lot* lot = catalog_.LotById(id);
      index_.Apply(Posting{p.warehouse_id, id, plan.date, p.delta}, lot->item_id, lot->expiry);
    }
  }
  int64_t Held(int32_t lot) {
    const LotBalance* b = index_.Find(1, catalog_.LotById(lot)->item_id, lot);
    return b ? b->quantity : 0;
  }
  AssemblyRequest Assembly(const char* quantity) {
    return AssemblyRequest{.warehouse = "KYIV",
                           .date = D("2026-11-05"),
                           .kit = "IFAK",
                           .quantity = Q(quantity),
                           .components = {{"TQ", Q("1")}, {"BND", Q("2")}},
                           .default_lot = "KIT-2026-000001"};
  }
  Ledger ledger() { return Ledger(catalog_, index_, pending_); }

  Catalog catalog_;
  StockIndex index_;
  PendingChanges pending_;
};

TEST_F(KitLedgerTest, TakesComponentsFirstExpiryFirstOutNeverExpired) {
  Lot_(1, 1, "TQ-OLD", "2026-10-01", 3000, 1, 50000);  // expired: never taken
  Lot_(2, 1, "TQ-LATE", "2029-01-01", 3000, 1, 50000);
  Lot_(3, 1, "TQ-SOON", "2027-03-01", 3100, 2, 4000);
  Lot_(4, 2, "BND-1", "2027-06-30", 550, 2, 20000);
  auto plan = ledger().PlanAssembly(Assembly("10"));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->new_lots.size(), 1u);
  const Lot& kit = plan->new_lots[0];
  EXPECT_EQ(kit.batch, "KIT-2026-000001");
  EXPECT_EQ(kit.expiry, D("2027-03-01"));  // the earliest of the lots used
  ASSERT_NE(kit.kit, nullptr);
  EXPECT_EQ(EncodeKitComposition(*kit.kit), "10000:3=4000,2=6000,4=20000");
  // 4 x 31.00 + 6 x 30.00 + 20 x 5.50 = 414.00 for 10 kits.
  EXPECT_EQ(kit.unit_value_minor, 4140);
  // Not enough bandages for 11: kConflict, the request's quantity named.
  auto refused = ledger().PlanAssembly(Assembly("11"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(refused.status().errors().at(0).field, "quantity");
  // A thousandth of a kit takes 0.002 bandages; half a tourniquet per kit would
  // take a part of a thousandth.
  EXPECT_TRUE(ledger().PlanAssembly(Assembly("0.001")).ok());
  AssemblyRequest odd = Assembly("0.001");
  odd.components = {{"TQ", Q("0.5")}};
  EXPECT_FALSE(ledger().PlanAssembly(odd).ok());  // 0.0005 of a tourniquet
}

TEST_F(KitLedgerTest, ExpansionAndDisassemblyAddUpToTheParts) {
  Lot_(1, 1, "TQ-A", "2028-01-01", 3000, 1, 7000);
  Lot_(2, 2, "BND-A", "2027-06-30", 550, 1, 5000);
  Lot_(3, 2, "BND-B", "2027-08-31", 600, 2, 20000);
  auto plan = ledger().PlanAssembly(Assembly("7"));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  Commit(*plan, 10);
  KitHoldings books(catalog_);
  std::vector<Posting> assembly;
  for (const PlannedPosting& p : plan->postings) {
    assembly.push_back(Posting{1, p.new_lot >= 0 ? 10 : p.lot_id, plan->date, p.delta});
  }
  // The assembly nets to nothing per component lot.
  std::map<int32_t, int64_t> net;
  for (const Posting& p : books.Expand(assembly)) net[p.lot_id] += p.delta;
  for (const auto& [lot, delta] : net) EXPECT_EQ(delta, 0) << "lot " << lot;

  // Deliveries of odd sizes, then a disassembly of the rest: every part
  // comes back whole, and what left went out of the right lots.
  std::map<int32_t, int64_t> delivered;
  for (int64_t d : {1000, 2500, 333}) {
    for (const Posting& p : books.Expand({Posting{1, 10, D("2026-11-06"), -d}})) {
      delivered[p.lot_id] -= p.delta;
    }
    Commit(MovementPlan{.kind = MovementKind::kDelivery,
                        .date = D("2026-11-06"),
                        .postings = {PlannedPosting{1, 10, -1, -d, 0}}});
  }
  const int64_t left = Held(10);
  EXPECT_EQ(left, 7000 - 3833);
  auto apart = ledger().PlanDisassembly(DisassemblyRequest{
      "KYIV", D("2026-11-07"), "IFAK", "KIT-2026-000001", Quantity::FromMilli(left)});
  ASSERT_TRUE(apart.ok()) << apart.status().message();
  std::vector<Posting> real;
  for (const PlannedPosting& p : apart->postings) {
    real.push_back(Posting{1, p.lot_id, apart->date, p.delta});
  }
  net.clear();
  for (const Posting& p : books.Expand(real)) net[p.lot_id] += p.delta;
  for (const auto& [lot, delta] : net) EXPECT_EQ(delta, 0) << "lot " << lot;
  Commit(*apart);
  EXPECT_EQ(Held(10), 0);
  EXPECT_EQ(delivered[1] + Held(1), 7000);
  EXPECT_EQ(delivered[2] + Held(2), 5000);
  EXPECT_EQ(delivered[3] + Held(3), 20000);
}

TEST_F(KitLedgerTest, RandomMovementsNeverLoseOrInventAPart) {
  std::mt19937 random(17);
  for (int round = 0; round < 200; ++round) {
    const int64_t of = 1 + random() % 50000;
    KitComposition k{of,
                     {{1, static_cast<int64_t>(1 + random() % 90000)},
                      {2, static_cast<int64_t>(1 + random() % 90000)}}};
    int64_t held = 0, parts[2] = {0, 0};
    auto step = [&](int64_t delta) {
      for (int i = 0; i < 2; ++i) {
        parts[i] +=
            KitShare(k.parts[i].milli, of, held + delta) - KitShare(k.parts[i].milli, of, held);
      }
      held += delta;
    };
    step(of);
    while (held > 0) step(-std::min<int64_t>(held, 1 + random() % 7000));
    EXPECT_EQ(parts[0], 0);
    step(of);
    EXPECT_EQ(parts[0], k.parts[0].milli);
    EXPECT_EQ(parts[1], k.parts[1].milli);
  }
}

}  // namespace
}  // namespace zapas

#include "domain/ledger.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "domain/catalog.h"
#include "domain/date.h"
#include "domain/entities.h"
#include "domain/money.h"
#include "domain/quantity.h"
#include "domain/status.h"
#include "domain/stock_index.h"

namespace zapas {
namespace {

// ---- Fixture data ----

constexpr int32_t kRice = 1;     // expiry-tracked
constexpr int32_t kBlanket = 2;  // not expiry-tracked
constexpr int32_t kWater = 3;    // expiry-tracked, never received in most tests
constexpr int32_t kKyiv = 1;
constexpr int32_t kLviv = 2;
constexpr int32_t kDonorA = 1;  // EUR
constexpr int32_t kDonorB = 2;  // UAH

Date D(const char* text) {
  Result<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return *d;
}

Quantity Q(const char* text) {
  Result<Quantity> q = Quantity::Parse(text);
  EXPECT_TRUE(q.ok()) << text;
  return *q;
}

Money UAH(const char* amount) {
  Result<Money> m = Money::Parse(amount, "UAH");
  EXPECT_TRUE(m.ok()) << amount;
  return *m;
}

ReceiptLine RLine(std::string sku, const char* qty, std::string lot, std::optional<Date> expiry,
                  const char* value = "10.00") {
  ReceiptLine l;
  l.sku = std::move(sku);
  l.quantity = Q(qty);
  l.lot = std::move(lot);
  l.expiry = expiry;
  l.unit_value = UAH(value);
  return l;
}

OutLine OLine(std::string sku, const char* qty, std::string lot = "") {
  OutLine l;
  l.sku = std::move(sku);
  l.quantity = Q(qty);
  l.lot = std::move(lot);
  return l;
}

// (warehouse_id, lot_id, new_lot, delta, line) of every posting, in plan order.
using P = std::tuple<int32_t, int32_t, int32_t, int64_t, int>;
std::vector<P> Postings(const MovementPlan& plan) {
  std::vector<P> out;
  for (const PlannedPosting& p : plan.postings) {
    out.emplace_back(p.warehouse_id, p.lot_id, p.new_lot, p.delta, p.line);
  }
  return out;
}

// Asserts a refusal with `code` naming `field` first.
void ExpectRefused(const Result<MovementPlan>& plan, StatusCode code, const std::string& field) {
  ASSERT_FALSE(plan.ok()) << "expected a refusal on " << field;
  EXPECT_EQ(plan.status().code(), code) << plan.status().message();
  ASSERT_FALSE(plan.status().errors().empty()) << plan.status().message();
  EXPECT_EQ(plan.status().errors()[0].field, field) << plan.status().message();
}

class LedgerTest : public testing::Test {
 protected:
  void SetUp() override {
    catalog_.AddItem(Item{kRice, "RICE-1KG", "Рис 1 кг", "Rice 1 kg", Unit::kPcs, "food", true});
    catalog_.AddItem(Item{kBlanket, "BLANKET", "Ковдра", "Blanket", Unit::kPcs, "nfi", false});
    catalog_.AddItem(Item{kWater, "WATER-5L", "Вода 5 л", "Water 5 l", Unit::kL, "water", true});
    catalog_.AddWarehouse(Warehouse{kKyiv, "KYIV-1", "Київ, склад 1", "Kyivska"});
    catalog_.AddWarehouse(Warehouse{kLviv, "LVIV-1", "Львів, склад 1", "Lvivska"});
    catalog_.AddDonor(Donor{kDonorA, "DONOR-A", "Donor A", "DE", FindCurrency("EUR")});
    catalog_.AddDonor(Donor{kDonorB, "DONOR-B", "Donor B", "UA", FindCurrency("UAH")});
    catalog_.AddRecipient(Recipient{1, "HOSP-1", RecipientKind::kHospital, "Лікарня 1",
                                    "Kharkivska", R"({"contact":"secret"})"});
    catalog_.AddRecipient(
        Recipient{2, "MU-A0001", RecipientKind::kMilitaryUnit, "В/ч А0001", "Donetska", ""});
  }

  Ledger ledger() const { return Ledger(catalog_, index_, pending_); }

  int32_t NextLotId() const {
    return static_cast<int32_t>(catalog_.lot_count()) + pending_lots_ + 1;
  }

  const Lot* AnyLot(int32_t id) const {
    const Lot* l = catalog_.LotById(id);
    return l != nullptr ? l : pending_.LotById(id);
  }

  // Stores the plan's new lots with fresh ids and returns the lot id of every
  // posting, in plan order.
  std::vector<int32_t> AssignLots(const MovementPlan& plan, bool pending) {
    std::vector<int32_t> new_ids;
    for (Lot lot : plan.new_lots) {
      lot.id = NextLotId();
      new_ids.push_back(lot.id);
      if (pending) {
        pending_.AddLot(lot);
        ++pending_lots_;
      } else {
        catalog_.AddLot(lot);
      }
    }
    std::vector<int32_t> ids;
    for (const PlannedPosting& p : plan.postings) {
      ids.push_back(p.lot_id != 0 ? p.lot_id : new_ids.at(static_cast<size_t>(p.new_lot)));
    }
    return ids;
  }

  // "Commits" a plan: new lots into the catalog, postings into the index.
  // Returns the ids given to plan.new_lots.
  std::vector<int32_t> Commit(const MovementPlan& plan) {
    const int32_t first = NextLotId();
    std::vector<int32_t> ids = AssignLots(plan, /*pending=*/false);
    for (size_t i = 0; i < plan.postings.size(); ++i) {
      const PlannedPosting& p = plan.postings[i];
      const Lot* lot = AnyLot(ids[i]);
      EXPECT_NE(lot, nullptr);
      if (lot == nullptr) continue;
      index_.Apply(Posting{p.warehouse_id, ids[i], plan.date, p.delta}, lot->item_id, lot->expiry);
    }
    std::vector<int32_t> new_ids;
    for (size_t i = 0; i < plan.new_lots.size(); ++i) {
      new_ids.push_back(first + static_cast<int32_t>(i));
    }
    return new_ids;
  }

  // Records a plan as written in the open batch but not committed.
  void AddToPending(const MovementPlan& plan) {
    std::vector<int32_t> ids = AssignLots(plan, /*pending=*/true);
    for (size_t i = 0; i < plan.postings.size(); ++i) {
      const PlannedPosting& p = plan.postings[i];
      const Lot* lot = AnyLot(ids[i]);
      EXPECT_NE(lot, nullptr);
      if (lot == nullptr) continue;
      pending_.AddPosting(Posting{p.warehouse_id, ids[i], plan.date, p.delta}, lot->item_id,
                          lot->expiry);
    }
  }

  // Plans and commits a receipt; fails the test if it is refused.
  std::vector<int32_t> Receive(const std::string& warehouse, const std::string& donor,
                               const char* date, std::vector<ReceiptLine> lines) {
    ReceiptRequest r;
    r.warehouse = warehouse;
    r.donor = donor;
    r.date = D(date);
    r.reference = "test";
    r.default_lot_prefix = "RCPT";
    r.lines = std::move(lines);
    Result<MovementPlan> plan = ledger().PlanReceipt(r);
    EXPECT_TRUE(plan.ok()) << plan.status().message();
    if (!plan.ok()) return {};
    return Commit(*plan);
  }

  static DeliveryRequest Delivery(const char* date, std::vector<OutLine> lines,
                                  std::string warehouse = "KYIV-1",
                                  std::string recipient = "HOSP-1") {
    DeliveryRequest r;
    r.warehouse = std::move(warehouse);
    r.recipient = std::move(recipient);
    r.date = D(date);
    r.lines = std::move(lines);
    return r;
  }

  static TransferRequest Transfer(const char* date, std::vector<OutLine> lines,
                                  std::string from = "KYIV-1", std::string to = "LVIV-1") {
    TransferRequest r;
    r.from = std::move(from);
    r.to = std::move(to);
    r.date = D(date);
    r.lines = std::move(lines);
    return r;
  }

  static AdjustmentRequest Adjustment(const char* date, std::vector<OutLine> lines,
                                      AdjustmentReason reason = AdjustmentReason::kCount,
                                      std::string warehouse = "KYIV-1") {
    AdjustmentRequest r;
    r.warehouse = std::move(warehouse);
    r.date = D(date);
    r.reason = reason;
    r.lines = std::move(lines);
    return r;
  }

  // Committed balance in thousandths, or -1 when the lot never was in the warehouse.
  int64_t Balance(int32_t warehouse_id, int32_t item_id, int32_t lot_id) const {
    const LotBalance* b = index_.Find(warehouse_id, item_id, lot_id);
    return b == nullptr ? -1 : b->quantity;
  }

  // Two rice lots in KYIV-1 on 2026-01-10: lot 1 "R-LATE" (10, expires 2026-06-01),
  // lot 2 "R-EARLY" (5, expires 2026-03-01). The later expiry has the lower id.
  void ReceiveTwoRiceLots() {
    std::vector<int32_t> ids = Receive("KYIV-1", "DONOR-B", "2026-01-10",
                                       {RLine("RICE-1KG", "10", "R-LATE", D("2026-06-01")),
                                        RLine("RICE-1KG", "5", "R-EARLY", D("2026-03-01"))});
    ASSERT_EQ(ids, (std::vector<int32_t>{1, 2}));
  }

  Catalog catalog_;
  StockIndex index_;
  PendingChanges pending_;
  int32_t pending_lots_ = 0;
};

// ======================= Receipts =======================

TEST_F(LedgerTest, ReceiptCreatesNewLotsWithTheirAttributes) {
  ReceiptRequest r;
  r.warehouse = "KYIV-1";
  r.donor = "DONOR-A";
  r.date = D("2026-01-10");
  r.default_lot_prefix = "RCPT-7";
  r.lines = {RLine("RICE-1KG", "10", "R-1", D("2026-06-01"), "42.50"),
             RLine("BLANKET", "2.5", "", std::nullopt, "300.00")};
  Result<MovementPlan> plan = ledger().PlanReceipt(r);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->kind, MovementKind::kReceipt);
  EXPECT_EQ(plan->date, D("2026-01-10"));
  ASSERT_EQ(plan->new_lots.size(), 2u);

  const Lot& rice = plan->new_lots[0];
  EXPECT_EQ(rice.id, 0);
  EXPECT_EQ(rice.item_id, kRice);
  EXPECT_EQ(rice.batch, "R-1");
  EXPECT_EQ(rice.expiry, D("2026-06-01"));
  EXPECT_EQ(rice.unit_value_minor, 4250);
  EXPECT_EQ(rice.currency, FindCurrency("UAH"));
  EXPECT_EQ(rice.donor_id, kDonorA);
  EXPECT_EQ(rice.unit_value(), UAH("42.50"));

  const Lot& blanket = plan->new_lots[1];
  EXPECT_EQ(blanket.item_id, kBlanket);
  EXPECT_EQ(blanket.batch, "RCPT-7/2");  // default name: prefix + "/" + line number
  EXPECT_TRUE(blanket.expiry.is_never());
  EXPECT_EQ(blanket.donor_id, kDonorA);

  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 0, 0, 10000, 0}, {kKyiv, 0, 1, 2500, 1}}));

  std::vector<int32_t> ids = Commit(*plan);
  ASSERT_EQ(ids, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(Balance(kKyiv, kRice, 1), 10000);
  EXPECT_EQ(Balance(kKyiv, kBlanket, 2), 2500);
  ASSERT_NE(catalog_.LotByBatch(kBlanket, "RCPT-7/2"), nullptr);
  EXPECT_EQ(catalog_.LotByBatch(kBlanket, "RCPT-7/2")->id, 2);
}

TEST_F(LedgerTest, ReceiptReusingALotWithTheSameAttributesAddsToIt) {
  Receive("KYIV-1", "DONOR-B", "2026-01-10",
          {RLine("RICE-1KG", "10", "R-1", D("2026-06-01"), "10.00")});
  ReceiptRequest r;
  r.warehouse = "LVIV-1";
  r.donor = "DONOR-B";
  r.date = D("2026-01-12");
  r.lines = {RLine("RICE-1KG", "4", "R-1", D("2026-06-01"), "10.00")};
  Result<MovementPlan> plan = ledger().PlanReceipt(r);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_TRUE(plan->new_lots.empty());
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kLviv, 1, -1, 4000, 0}}));
  Commit(*plan);
  EXPECT_EQ(catalog_.lot_count(), 1u);
  EXPECT_EQ(Balance(kKyiv, kRice, 1), 10000);
  EXPECT_EQ(Balance(kLviv, kRice, 1), 4000);
}

TEST_F(LedgerTest, ReceiptReusingALotWithOtherAttributesIsConflict) {
  Receive("KYIV-1", "DONOR-B", "2026-01-10",
          {RLine("RICE-1KG", "10", "R-1", D("2026-06-01"), "10.00")});
  struct Case {
    const char* name;
    std::string donor;
    ReceiptLine line;
  };
  const Case cases[] = {
      {"other expiry", "DONOR-B", RLine("RICE-1KG", "1", "R-1", D("2026-07-01"), "10.00")},
      {"other unit value", "DONOR-B", RLine("RICE-1KG", "1", "R-1", D("2026-06-01"), "11.00")},
      {"other donor", "DONOR-A", RLine("RICE-1KG", "1", "R-1", D("2026-06-01"), "10.00")},
  };
  for (const Case& c : cases) {
    ReceiptRequest r;
    r.warehouse = "KYIV-1";
    r.donor = c.donor;
    r.date = D("2026-01-11");
    r.lines = {RLine("BLANKET", "1", "B-1", std::nullopt), c.line};
    SCOPED_TRACE(c.name);
    ExpectRefused(ledger().PlanReceipt(r), StatusCode::kConflict, "lines[1].lot");
  }
  // The same batch name on another SKU is another lot.
  ReceiptRequest other_sku;
  other_sku.warehouse = "KYIV-1";
  other_sku.donor = "DONOR-B";
  other_sku.date = D("2026-01-11");
  other_sku.lines = {RLine("BLANKET", "1", "R-1", std::nullopt)};
  Result<MovementPlan> plan = ledger().PlanReceipt(other_sku);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->new_lots.size(), 1u);
}

TEST_F(LedgerTest, ReceiptNamingOneNewLotTwiceMakesOneLot) {
  ReceiptRequest r;
  r.warehouse = "KYIV-1";
  r.donor = "DONOR-B";
  r.date = D("2026-01-10");
  r.lines = {RLine("RICE-1KG", "3", "R-1", D("2026-06-01")),
             RLine("RICE-1KG", "4", "R-1", D("2026-06-01"))};
  Result<MovementPlan> plan = ledger().PlanReceipt(r);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->new_lots.size(), 1u);
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 0, 0, 3000, 0}, {kKyiv, 0, 0, 4000, 1}}));

  r.lines[1].expiry = D("2026-06-02");
  ExpectRefused(ledger().PlanReceipt(r), StatusCode::kConflict, "lines[1].lot");
}

TEST_F(LedgerTest, ReceiptValidation) {
  struct Case {
    const char* name;
    std::function<void(ReceiptRequest&)> mutate;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"unknown warehouse", [](ReceiptRequest& r) { r.warehouse = "ODESA-9"; }, "warehouse"},
      {"unknown donor", [](ReceiptRequest& r) { r.donor = "NOBODY"; }, "donor"},
      {"no lines", [](ReceiptRequest& r) { r.lines.clear(); }, "lines"},
      {"unknown sku", [](ReceiptRequest& r) { r.lines[1].sku = "NOPE"; }, "lines[1].sku"},
      {"zero quantity", [](ReceiptRequest& r) { r.lines[0].quantity = Quantity::Zero(); },
       "lines[0].quantity"},
      {"negative quantity", [](ReceiptRequest& r) { r.lines[1].quantity = Q("-1"); },
       "lines[1].quantity"},
      {"missing unit value", [](ReceiptRequest& r) { r.lines[0].unit_value.reset(); },
       "lines[0].unit_value"},
      {"negative unit value", [](ReceiptRequest& r) { r.lines[0].unit_value = UAH("-0.01"); },
       "lines[0].unit_value"},
      {"tracked item without expiry", [](ReceiptRequest& r) { r.lines[0].expiry.reset(); },
       "lines[0].expiry"},
  };
  for (const Case& c : cases) {
    ReceiptRequest r;
    r.warehouse = "KYIV-1";
    r.donor = "DONOR-B";
    r.date = D("2026-01-10");
    r.lines = {RLine("RICE-1KG", "10", "R-1", D("2026-06-01")),
               RLine("BLANKET", "2", "B-1", std::nullopt)};
    ASSERT_TRUE(ledger().PlanReceipt(r).ok()) << "baseline request must be valid";
    c.mutate(r);
    SCOPED_TRACE(c.name);
    ExpectRefused(ledger().PlanReceipt(r), StatusCode::kInvalid, c.field);
  }
}

TEST_F(LedgerTest, ReceiptOfUntrackedItemWithoutExpiryIsFine) {
  ReceiptRequest r;
  r.warehouse = "KYIV-1";
  r.donor = "DONOR-B";
  r.date = D("2026-01-10");
  r.lines = {RLine("BLANKET", "2", "B-1", std::nullopt, "0.00")};  // zero value is allowed
  Result<MovementPlan> plan = ledger().PlanReceipt(r);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->new_lots.size(), 1u);
  EXPECT_TRUE(plan->new_lots[0].expiry.is_never());
  EXPECT_EQ(plan->new_lots[0].unit_value_minor, 0);
}

// ======================= Deliveries: FEFO =======================

TEST_F(LedgerTest, DeliverySpanningTwoLotsPicksTheEarlierExpiryFirst) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "8")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->kind, MovementKind::kDelivery);
  EXPECT_TRUE(plan->new_lots.empty());
  // Lot 2 (expires 2026-03-01) is emptied first, then 3 from lot 1.
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 2, -1, -5000, 0}, {kKyiv, 1, -1, -3000, 0}}));
  Commit(*plan);
  EXPECT_EQ(Balance(kKyiv, kRice, 1), 7000);
  EXPECT_EQ(Balance(kKyiv, kRice, 2), 0);
}

TEST_F(LedgerTest, DeliveryWithinOneLotTakesOnlyTheEarliest) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "2.5")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 2, -1, -2500, 0}}));
}

TEST_F(LedgerTest, FefoNeverPicksExpiredLots) {
  ReceiveTwoRiceLots();
  // On 2026-03-02 lot 2 (expired 2026-03-01) is out; only lot 1 is picked.
  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-03-02", {OLine("RICE-1KG", "8")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 1, -1, -8000, 0}}));

  // 15 are on the shelf but only 10 are not expired.
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-03-02", {OLine("RICE-1KG", "11")})),
                StatusCode::kConflict, "lines[0].quantity");
  Result<MovementPlan> all =
      ledger().PlanDelivery(Delivery("2026-03-02", {OLine("RICE-1KG", "10")}));
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(Postings(*all), (std::vector<P>{{kKyiv, 1, -1, -10000, 0}}));
}

TEST_F(LedgerTest, LotExpiringOnTheDeliveryDateIsStillPicked) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-03-01", {OLine("RICE-1KG", "6")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 2, -1, -5000, 0}, {kKyiv, 1, -1, -1000, 0}}));
}

TEST_F(LedgerTest, ExplicitExpiredLotOnADeliveryIsInvalid) {
  ReceiveTwoRiceLots();
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-03-02", {OLine("RICE-1KG", "1", "R-EARLY")})),
                StatusCode::kInvalid, "lines[0].lot");
  // Before it expires, the same lot may be named.
  Result<MovementPlan> ok =
      ledger().PlanDelivery(Delivery("2026-03-01", {OLine("RICE-1KG", "1", "R-EARLY")}));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(Postings(*ok), (std::vector<P>{{kKyiv, 2, -1, -1000, 0}}));
}

TEST_F(LedgerTest, ExplicitLotOverridesFefo) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "7", "R-LATE")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 1, -1, -7000, 0}}));
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "6", "R-EARLY")})),
                StatusCode::kConflict, "lines[0].quantity");
}

TEST_F(LedgerTest, LotsWithoutExpiryGoLast) {
  // The lot without expiry is received first and so has the lower id.
  Receive("KYIV-1", "DONOR-B", "2026-01-10", {RLine("BLANKET", "10", "B-NOEXP", std::nullopt)});
  Receive("KYIV-1", "DONOR-B", "2026-01-11", {RLine("BLANKET", "10", "B-EXP", D("2027-01-01"))});
  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "12")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 2, -1, -10000, 0}, {kKyiv, 1, -1, -2000, 0}}));
}

TEST_F(LedgerTest, DeliveryOnlyTakesFromItsOwnWarehouse) {
  ReceiveTwoRiceLots();  // all in KYIV-1
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "1")}, "LVIV-1")),
                StatusCode::kConflict, "lines[0].quantity");
  // A lot named explicitly must be in the delivering warehouse.
  ExpectRefused(
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "1", "R-LATE")}, "LVIV-1")),
      StatusCode::kConflict, "lines[0].quantity");
  // An item never received anywhere.
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("WATER-5L", "1")})),
                StatusCode::kConflict, "lines[0].quantity");
}

// ======================= Deliveries: all-or-nothing =======================

TEST_F(LedgerTest, OverDeliveryIsConflict) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "15.001")}));
  ExpectRefused(plan, StatusCode::kConflict, "lines[0].quantity");
}

TEST_F(LedgerTest, PlanIsRefusedAsAWholeWhenTheLastLineFails) {
  ReceiveTwoRiceLots();
  Receive("KYIV-1", "DONOR-B", "2026-01-10", {RLine("BLANKET", "3", "B-1", std::nullopt)});
  const size_t balances_before = index_.size();
  Result<MovementPlan> plan = ledger().PlanDelivery(
      Delivery("2026-02-01", {OLine("RICE-1KG", "4"), OLine("BLANKET", "5")}));
  ExpectRefused(plan, StatusCode::kConflict, "lines[1].quantity");
  // Nothing was planned, so nothing can be committed; the index is untouched.
  EXPECT_EQ(index_.size(), balances_before);
  EXPECT_EQ(Balance(kKyiv, kRice, 1), 10000);
  EXPECT_EQ(Balance(kKyiv, kRice, 2), 5000);
  EXPECT_EQ(Balance(kKyiv, kBlanket, 3), 3000);
  // The first line alone would have been fine.
  EXPECT_TRUE(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "4")})).ok());
}

TEST_F(LedgerTest, TwoLinesOfOneSkuDoNotTakeTheSameUnitsTwice) {
  Receive("KYIV-1", "DONOR-B", "2026-01-10", {RLine("BLANKET", "10", "B-1", std::nullopt)});
  ExpectRefused(
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "6"), OLine("BLANKET", "6")})),
      StatusCode::kConflict, "lines[1].quantity");
  ExpectRefused(ledger().PlanDelivery(Delivery(
                    "2026-02-01", {OLine("BLANKET", "6", "B-1"), OLine("BLANKET", "6", "B-1")})),
                StatusCode::kConflict, "lines[1].quantity");
  ExpectRefused(ledger().PlanDelivery(
                    Delivery("2026-02-01", {OLine("BLANKET", "6", "B-1"), OLine("BLANKET", "6")})),
                StatusCode::kConflict, "lines[1].quantity");

  Result<MovementPlan> plan =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "6"), OLine("BLANKET", "4")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 1, -1, -6000, 0}, {kKyiv, 1, -1, -4000, 1}}));
}

TEST_F(LedgerTest, TwoLinesOfOneSkuContinueFefoWhereTheFirstStopped) {
  ReceiveTwoRiceLots();  // lot 2: 5 (earlier), lot 1: 10
  Result<MovementPlan> plan = ledger().PlanDelivery(
      Delivery("2026-02-01", {OLine("RICE-1KG", "3"), OLine("RICE-1KG", "4")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan),
            (std::vector<P>{
                {kKyiv, 2, -1, -3000, 0}, {kKyiv, 2, -1, -2000, 1}, {kKyiv, 1, -1, -2000, 1}}));
}

// ======================= Deliveries: dates =======================

TEST_F(LedgerTest, BackDatedDeliveryMayNotMakeALaterBalanceNegative) {
  Receive("KYIV-1", "DONOR-B", "2026-01-01", {RLine("BLANKET", "10", "B-1", std::nullopt)});
  Result<MovementPlan> later =
      ledger().PlanDelivery(Delivery("2026-01-10", {OLine("BLANKET", "8")}));
  ASSERT_TRUE(later.ok()) << later.status().message();
  Commit(*later);

  // On 2026-01-05 there were 10, but 8 leave on 2026-01-10: only 2 may go.
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-05", {OLine("BLANKET", "5")})),
                StatusCode::kConflict, "lines[0].quantity");
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-05", {OLine("BLANKET", "5", "B-1")})),
                StatusCode::kConflict, "lines[0].quantity");
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-05", {OLine("BLANKET", "2.001")})),
                StatusCode::kConflict, "lines[0].quantity");

  Result<MovementPlan> ok = ledger().PlanDelivery(Delivery("2026-01-05", {OLine("BLANKET", "2")}));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(Postings(*ok), (std::vector<P>{{kKyiv, 1, -1, -2000, 0}}));
  Commit(*ok);
  EXPECT_EQ(Balance(kKyiv, kBlanket, 1), 0);
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-20", {OLine("BLANKET", "0.001")})),
                StatusCode::kConflict, "lines[0].quantity");
}

TEST_F(LedgerTest, DeliveryBeforeTheReceiptDateIsRefused) {
  Receive("KYIV-1", "DONOR-B", "2026-01-10", {RLine("BLANKET", "10", "B-1", std::nullopt)});
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-09", {OLine("BLANKET", "1")})),
                StatusCode::kConflict, "lines[0].quantity");
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-09", {OLine("BLANKET", "1", "B-1")})),
                StatusCode::kConflict, "lines[0].quantity");
  Result<MovementPlan> same_day =
      ledger().PlanDelivery(Delivery("2026-01-10", {OLine("BLANKET", "10")}));
  ASSERT_TRUE(same_day.ok()) << same_day.status().message();
  EXPECT_EQ(Postings(*same_day), (std::vector<P>{{kKyiv, 1, -1, -10000, 0}}));
}

// ======================= Deliveries: validation =======================

TEST_F(LedgerTest, DeliveryValidation) {
  ReceiveTwoRiceLots();
  struct Case {
    const char* name;
    std::function<void(DeliveryRequest&)> mutate;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"unknown warehouse", [](DeliveryRequest& r) { r.warehouse = "ODESA-9"; }, "warehouse"},
      {"unknown recipient", [](DeliveryRequest& r) { r.recipient = "NOBODY"; }, "recipient"},
      {"no lines", [](DeliveryRequest& r) { r.lines.clear(); }, "lines"},
      {"unknown sku", [](DeliveryRequest& r) { r.lines[0].sku = "NOPE"; }, "lines[0].sku"},
      {"unknown sku on line 2", [](DeliveryRequest& r) { r.lines.push_back(OLine("NOPE", "1")); },
       "lines[1].sku"},
      {"zero quantity", [](DeliveryRequest& r) { r.lines[0].quantity = Quantity::Zero(); },
       "lines[0].quantity"},
      {"negative quantity", [](DeliveryRequest& r) { r.lines[0].quantity = Q("-1"); },
       "lines[0].quantity"},
      {"unknown lot", [](DeliveryRequest& r) { r.lines[0].lot = "R-NONE"; }, "lines[0].lot"},
      {"lot of another sku",
       [](DeliveryRequest& r) {
         r.lines[0].sku = "BLANKET";
         r.lines[0].lot = "R-LATE";
       },
       "lines[0].lot"},
  };
  for (const Case& c : cases) {
    DeliveryRequest r = Delivery("2026-02-01", {OLine("RICE-1KG", "1")});
    ASSERT_TRUE(ledger().PlanDelivery(r).ok()) << "baseline request must be valid";
    c.mutate(r);
    SCOPED_TRACE(c.name);
    ExpectRefused(ledger().PlanDelivery(r), StatusCode::kInvalid, c.field);
  }
}

// ======================= Transfers =======================

TEST_F(LedgerTest, TransferMovesTheLotAndSoTheDonor) {
  Receive("KYIV-1", "DONOR-A", "2026-01-10", {RLine("RICE-1KG", "10", "R-1", D("2026-06-01"))});
  Result<MovementPlan> plan =
      ledger().PlanTransfer(Transfer("2026-01-15", {OLine("RICE-1KG", "4")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->kind, MovementKind::kTransfer);
  EXPECT_TRUE(plan->new_lots.empty());
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 1, -1, -4000, 0}, {kLviv, 1, -1, 4000, 0}}));
  Commit(*plan);

  EXPECT_EQ(Balance(kKyiv, kRice, 1), 6000);
  EXPECT_EQ(Balance(kLviv, kRice, 1), 4000);
  const Lot* lot = catalog_.LotById(1);
  ASSERT_NE(lot, nullptr);
  EXPECT_EQ(lot->donor_id, kDonorA);  // the donor follows the lot to LVIV-1

  // LVIV-1 can now deliver exactly what arrived, from the same lot, not before it arrived.
  Result<MovementPlan> out =
      ledger().PlanDelivery(Delivery("2026-01-20", {OLine("RICE-1KG", "4")}, "LVIV-1", "MU-A0001"));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(Postings(*out), (std::vector<P>{{kLviv, 1, -1, -4000, 0}}));
  ExpectRefused(
      ledger().PlanDelivery(Delivery("2026-01-20", {OLine("RICE-1KG", "5")}, "LVIV-1", "MU-A0001")),
      StatusCode::kConflict, "lines[0].quantity");
  ExpectRefused(
      ledger().PlanDelivery(Delivery("2026-01-14", {OLine("RICE-1KG", "1")}, "LVIV-1", "MU-A0001")),
      StatusCode::kConflict, "lines[0].quantity");
}

TEST_F(LedgerTest, TransferSpanningLotsMovesEachLot) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan =
      ledger().PlanTransfer(Transfer("2026-02-01", {OLine("RICE-1KG", "7")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 2, -1, -5000, 0},
                                             {kKyiv, 1, -1, -2000, 0},
                                             {kLviv, 2, -1, 5000, 0},
                                             {kLviv, 1, -1, 2000, 0}}));
}

TEST_F(LedgerTest, TransferMayNameAnExpiredLot) {
  ReceiveTwoRiceLots();
  // FEFO skips the expired lot...
  Result<MovementPlan> fefo =
      ledger().PlanTransfer(Transfer("2026-03-02", {OLine("RICE-1KG", "1")}));
  ASSERT_TRUE(fefo.ok()) << fefo.status().message();
  EXPECT_EQ(Postings(*fefo), (std::vector<P>{{kKyiv, 1, -1, -1000, 0}, {kLviv, 1, -1, 1000, 0}}));
  // ...but an expired lot may be moved when named (e.g. to a disposal site).
  Result<MovementPlan> named =
      ledger().PlanTransfer(Transfer("2026-03-02", {OLine("RICE-1KG", "5", "R-EARLY")}));
  ASSERT_TRUE(named.ok()) << named.status().message();
  EXPECT_EQ(Postings(*named), (std::vector<P>{{kKyiv, 2, -1, -5000, 0}, {kLviv, 2, -1, 5000, 0}}));
}

TEST_F(LedgerTest, TransferValidation) {
  ReceiveTwoRiceLots();
  ExpectRefused(ledger().PlanTransfer(Transfer("2026-02-01", {OLine("RICE-1KG", "1")}, "NOPE")),
                StatusCode::kInvalid, "from");
  ExpectRefused(
      ledger().PlanTransfer(Transfer("2026-02-01", {OLine("RICE-1KG", "1")}, "KYIV-1", "NOPE")),
      StatusCode::kInvalid, "to");
  ExpectRefused(
      ledger().PlanTransfer(Transfer("2026-02-01", {OLine("RICE-1KG", "1")}, "KYIV-1", "KYIV-1")),
      StatusCode::kInvalid, "to");
  ExpectRefused(ledger().PlanTransfer(Transfer("2026-02-01", {})), StatusCode::kInvalid, "lines");
  ExpectRefused(ledger().PlanTransfer(Transfer("2026-02-01", {OLine("NOPE", "1")})),
                StatusCode::kInvalid, "lines[0].sku");
  ExpectRefused(ledger().PlanTransfer(Transfer("2026-02-01", {OLine("RICE-1KG", "16")})),
                StatusCode::kConflict, "lines[0].quantity");
  // The other direction: LVIV-1 holds nothing.
  ExpectRefused(
      ledger().PlanTransfer(Transfer("2026-02-01", {OLine("RICE-1KG", "1")}, "LVIV-1", "KYIV-1")),
      StatusCode::kConflict, "lines[0].quantity");
}

// ======================= Adjustments =======================

TEST_F(LedgerTest, NegativeAdjustmentNeedsAvailableStock) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan = ledger().PlanAdjustment(
      Adjustment("2026-02-01", {OLine("RICE-1KG", "-3", "R-LATE")}, AdjustmentReason::kDamaged));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->kind, MovementKind::kAdjustment);
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 1, -1, -3000, 0}}));

  ExpectRefused(
      ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("RICE-1KG", "-10.001", "R-LATE")})),
      StatusCode::kConflict, "lines[0].quantity");
  // Before the receipt there is nothing to write off.
  ExpectRefused(
      ledger().PlanAdjustment(Adjustment("2026-01-09", {OLine("RICE-1KG", "-1", "R-LATE")})),
      StatusCode::kConflict, "lines[0].quantity");
  // A write-off must name its lot.
  ExpectRefused(ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("RICE-1KG", "-1")})),
                StatusCode::kInvalid, "lines[0].lot");
  // Two lines on one lot do not take the same units twice.
  ExpectRefused(
      ledger().PlanAdjustment(Adjustment(
          "2026-02-01", {OLine("RICE-1KG", "-6", "R-LATE"), OLine("RICE-1KG", "-6", "R-LATE")})),
      StatusCode::kConflict, "lines[1].quantity");
}

TEST_F(LedgerTest, ExpiredLotCanBeWrittenOff) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan = ledger().PlanAdjustment(
      Adjustment("2026-03-02", {OLine("RICE-1KG", "-5", "R-EARLY")}, AdjustmentReason::kExpired));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 2, -1, -5000, 0}}));
}

TEST_F(LedgerTest, PositiveAdjustmentAddsToAnExistingLot) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> plan =
      ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("RICE-1KG", "2", "R-LATE")}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_TRUE(plan->new_lots.empty());
  EXPECT_EQ(Postings(*plan), (std::vector<P>{{kKyiv, 1, -1, 2000, 0}}));
  Commit(*plan);
  EXPECT_EQ(Balance(kKyiv, kRice, 1), 12000);
  EXPECT_EQ(catalog_.lot_count(), 2u);

  ExpectRefused(ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("RICE-1KG", "2")})),
                StatusCode::kInvalid, "lines[0].lot");
  ExpectRefused(
      ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("RICE-1KG", "2", "R-NONE")})),
      StatusCode::kInvalid, "lines[0].lot");
  ExpectRefused(ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("NOPE", "2", "R-LATE")})),
                StatusCode::kInvalid, "lines[0].sku");
}

TEST_F(LedgerTest, AdjustmentValidation) {
  ReceiveTwoRiceLots();
  ExpectRefused(
      ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("RICE-1KG", "0", "R-LATE")})),
      StatusCode::kInvalid, "lines[0].quantity");
  ExpectRefused(
      ledger().PlanAdjustment(Adjustment(
          "2026-02-01", {OLine("RICE-1KG", "1", "R-LATE"), OLine("RICE-1KG", "0", "R-LATE")})),
      StatusCode::kInvalid, "lines[1].quantity");
  ExpectRefused(ledger().PlanAdjustment(Adjustment("2026-02-01", {})), StatusCode::kInvalid,
                "lines");
  ExpectRefused(ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("RICE-1KG", "1", "R-LATE")},
                                                   AdjustmentReason::kCount, "NOPE")),
                StatusCode::kInvalid, "warehouse");
  ExpectRefused(ledger().PlanAdjustment(Adjustment("2026-02-01", {OLine("NOPE", "-1", "R-LATE")})),
                StatusCode::kInvalid, "lines[0].sku");
}

// ======================= Pending changes =======================

TEST_F(LedgerTest, PendingDeliveryUnitsAreNotTakenAgain) {
  Receive("KYIV-1", "DONOR-B", "2026-01-10", {RLine("BLANKET", "10", "B-1", std::nullopt)});
  Result<MovementPlan> first =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "7")}));
  ASSERT_TRUE(first.ok()) << first.status().message();
  AddToPending(*first);
  EXPECT_FALSE(pending_.empty());

  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "5")})),
                StatusCode::kConflict, "lines[0].quantity");
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "5", "B-1")})),
                StatusCode::kConflict, "lines[0].quantity");
  // A back-dated one sees the pending later delivery too.
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-20", {OLine("BLANKET", "4")})),
                StatusCode::kConflict, "lines[0].quantity");

  Result<MovementPlan> second =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "3")}));
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(Postings(*second), (std::vector<P>{{kKyiv, 1, -1, -3000, 0}}));
  AddToPending(*second);

  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("BLANKET", "0.001")})),
                StatusCode::kConflict, "lines[0].quantity");

  // The committed index has not moved yet; committing the batch moves it.
  EXPECT_EQ(Balance(kKyiv, kBlanket, 1), 10000);
  pending_.CommitTo(catalog_, index_);
  pending_lots_ = 0;
  EXPECT_TRUE(pending_.empty());
  EXPECT_EQ(Balance(kKyiv, kBlanket, 1), 0);
}

TEST_F(LedgerTest, PendingDeliveryOfTheEarliestLotMovesFefoToTheNext) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> first =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "5")}));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(Postings(*first), (std::vector<P>{{kKyiv, 2, -1, -5000, 0}}));
  AddToPending(*first);

  Result<MovementPlan> second =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "5")}));
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(Postings(*second), (std::vector<P>{{kKyiv, 1, -1, -5000, 0}}));
}

TEST_F(LedgerTest, PendingReceiptIsDeliverableAndItsLotsAreKnown) {
  ReceiptRequest r;
  r.warehouse = "KYIV-1";
  r.donor = "DONOR-B";
  r.date = D("2026-01-10");
  r.lines = {RLine("RICE-1KG", "6", "R-P", D("2026-05-01"))};
  Result<MovementPlan> receipt = ledger().PlanReceipt(r);
  ASSERT_TRUE(receipt.ok()) << receipt.status().message();
  AddToPending(*receipt);  // lot 1, only in the pending batch
  ASSERT_EQ(catalog_.lot_count(), 0u);

  // A committed lot with a later expiry: FEFO takes the pending lot first.
  Result<MovementPlan> committed = ledger().PlanReceipt([&] {
    ReceiptRequest c = r;
    c.lines = {RLine("RICE-1KG", "10", "R-C", D("2026-09-01"))};
    return c;
  }());
  ASSERT_TRUE(committed.ok()) << committed.status().message();
  std::vector<int32_t> ids = Commit(*committed);
  ASSERT_EQ(ids, (std::vector<int32_t>{2}));

  Result<MovementPlan> out =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "8")}));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(Postings(*out), (std::vector<P>{{kKyiv, 1, -1, -6000, 0}, {kKyiv, 2, -1, -2000, 0}}));

  // Named pending lot works too, and is limited to what the pending receipt brought.
  Result<MovementPlan> named =
      ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "6", "R-P")}));
  ASSERT_TRUE(named.ok()) << named.status().message();
  EXPECT_EQ(Postings(*named), (std::vector<P>{{kKyiv, 1, -1, -6000, 0}}));
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-01", {OLine("RICE-1KG", "7", "R-P")})),
                StatusCode::kConflict, "lines[0].quantity");

  // A second receipt in the batch reusing the pending lot's name is checked against it.
  r.lines[0].expiry = D("2026-05-02");
  ExpectRefused(ledger().PlanReceipt(r), StatusCode::kConflict, "lines[0].lot");
  r.lines[0].expiry = D("2026-05-01");
  Result<MovementPlan> again = ledger().PlanReceipt(r);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->new_lots.empty());
  EXPECT_EQ(Postings(*again), (std::vector<P>{{kKyiv, 1, -1, 6000, 0}}));

  EXPECT_EQ(ledger().FindLot(1)->batch, "R-P");
  EXPECT_EQ(ledger().FindLot(2)->batch, "R-C");
  EXPECT_EQ(ledger().FindLot(3), nullptr);

  pending_.CommitTo(catalog_, index_);
  pending_lots_ = 0;
  ASSERT_NE(catalog_.LotById(1), nullptr);
  EXPECT_EQ(catalog_.LotById(1)->batch, "R-P");
  EXPECT_EQ(Balance(kKyiv, kRice, 1), 6000);
}

TEST_F(LedgerTest, PendingTransferMakesStockDeliverableAtTheDestination) {
  ReceiveTwoRiceLots();
  Result<MovementPlan> transfer =
      ledger().PlanTransfer(Transfer("2026-02-01", {OLine("RICE-1KG", "6")}));
  ASSERT_TRUE(transfer.ok()) << transfer.status().message();
  AddToPending(*transfer);  // LVIV-1 gets 5 of lot 2 and 1 of lot 1, not committed yet
  ASSERT_EQ(index_.Find(kLviv, kRice, 1), nullptr);

  Result<MovementPlan> out =
      ledger().PlanDelivery(Delivery("2026-02-02", {OLine("RICE-1KG", "6")}, "LVIV-1", "MU-A0001"));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(Postings(*out), (std::vector<P>{{kLviv, 2, -1, -5000, 0}, {kLviv, 1, -1, -1000, 0}}));
  ExpectRefused(ledger().PlanDelivery(
                    Delivery("2026-02-02", {OLine("RICE-1KG", "6.001")}, "LVIV-1", "MU-A0001")),
                StatusCode::kConflict, "lines[0].quantity");
  // Not before it was transferred.
  ExpectRefused(
      ledger().PlanDelivery(Delivery("2026-01-31", {OLine("RICE-1KG", "1")}, "LVIV-1", "MU-A0001")),
      StatusCode::kConflict, "lines[0].quantity");
  // And KYIV-1 has only 9 left.
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-02-02", {OLine("RICE-1KG", "9.001")})),
                StatusCode::kConflict, "lines[0].quantity");
  Result<MovementPlan> rest =
      ledger().PlanDelivery(Delivery("2026-02-02", {OLine("RICE-1KG", "9")}));
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ(Postings(*rest), (std::vector<P>{{kKyiv, 1, -1, -9000, 0}}));
}

TEST_F(LedgerTest, ExpiredPendingLotIsNotPicked) {
  ReceiptRequest r;
  r.warehouse = "KYIV-1";
  r.donor = "DONOR-B";
  r.date = D("2026-01-10");
  r.lines = {RLine("RICE-1KG", "6", "R-OLD", D("2026-01-20")),
             RLine("RICE-1KG", "4", "R-NEW", D("2026-12-01"))};
  Result<MovementPlan> receipt = ledger().PlanReceipt(r);
  ASSERT_TRUE(receipt.ok()) << receipt.status().message();
  AddToPending(*receipt);  // lots 1 (R-OLD) and 2 (R-NEW), pending only

  Result<MovementPlan> before =
      ledger().PlanDelivery(Delivery("2026-01-20", {OLine("RICE-1KG", "7")}));
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_EQ(Postings(*before),
            (std::vector<P>{{kKyiv, 1, -1, -6000, 0}, {kKyiv, 2, -1, -1000, 0}}));

  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-21", {OLine("RICE-1KG", "5")})),
                StatusCode::kConflict, "lines[0].quantity");
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-21", {OLine("RICE-1KG", "1", "R-OLD")})),
                StatusCode::kInvalid, "lines[0].lot");
  Result<MovementPlan> after =
      ledger().PlanDelivery(Delivery("2026-01-21", {OLine("RICE-1KG", "4")}));
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(Postings(*after), (std::vector<P>{{kKyiv, 2, -1, -4000, 0}}));
}

TEST_F(LedgerTest, CatalogDropsRecipientsPersonalData) {
  const Recipient* r = catalog_.RecipientByCode("HOSP-1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->id, 1);
  EXPECT_EQ(r->kind, RecipientKind::kHospital);
  EXPECT_TRUE(r->personal_json.empty());
  EXPECT_EQ(catalog_.RecipientByCode("NOBODY"), nullptr);
  EXPECT_EQ(catalog_.ItemBySku("RICE-1KG")->id, kRice);
  EXPECT_EQ(catalog_.ItemById(kWater)->sku, "WATER-5L");
  EXPECT_EQ(catalog_.ItemById(99), nullptr);
  EXPECT_EQ(catalog_.WarehouseById(kLviv)->code, "LVIV-1");
  EXPECT_EQ(catalog_.DonorById(kDonorA)->currency, FindCurrency("EUR"));
}

TEST(MovementKindTest, Names) {
  EXPECT_EQ(MovementKindName(MovementKind::kReceipt), "receipt");
  EXPECT_EQ(MovementKindName(MovementKind::kTransfer), "transfer");
  EXPECT_EQ(MovementKindName(MovementKind::kDelivery), "delivery");
  EXPECT_EQ(MovementKindName(MovementKind::kAdjustment), "adjustment");
}

// ======================= AvailableFrom =======================

struct AvailableCase {
  const char* name;
  std::vector<DatedDelta> committed;  // sorted, unique days; empty = no balance
  std::vector<DatedDelta> extra;
  int32_t day;
  int64_t expected;
};

class AvailableFromTest : public testing::TestWithParam<AvailableCase> {};

TEST_P(AvailableFromTest, MinimumRunningBalanceFromTheDate) {
  const AvailableCase& c = GetParam();
  Timeline timeline(c.committed.begin(), c.committed.end());
  const Timeline* committed = c.committed.empty() ? nullptr : &timeline;
  EXPECT_EQ(AvailableFrom(committed, c.extra.data(), c.extra.size(), Date::FromDays(c.day)),
            c.expected)
      << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, AvailableFromTest,
    testing::Values(
        AvailableCase{"nothing at all", {}, {}, 5, 0},
        AvailableCase{"before the receipt", {{10, 10000}}, {}, 9, 0},
        AvailableCase{"on the receipt day", {{10, 10000}}, {}, 10, 10000},
        AvailableCase{"after the receipt", {{10, 10000}}, {}, 11, 10000},
        AvailableCase{"before a later delivery", {{1, 10000}, {10, -8000}}, {}, 5, 2000},
        AvailableCase{"on the later delivery day", {{1, 10000}, {10, -8000}}, {}, 10, 2000},
        AvailableCase{"after everything", {{1, 10000}, {10, -8000}}, {}, 20, 2000},
        AvailableCase{"dip then refill", {{1, 10000}, {5, -10000}, {7, 4000}}, {}, 1, 0},
        AvailableCase{"inside the dip", {{1, 10000}, {5, -10000}, {7, 4000}}, {}, 6, 0},
        AvailableCase{"after the refill", {{1, 10000}, {5, -10000}, {7, 4000}}, {}, 7, 4000},
        AvailableCase{"extra in any order", {{1, 10000}}, {{3, -4000}, {2, -1000}}, 1, 5000},
        AvailableCase{"extra on a committed day", {{1, 10000}}, {{1, -3000}}, 1, 7000},
        AvailableCase{"extra before the date counts", {{1, 10000}}, {{2, -3000}}, 5, 7000},
        AvailableCase{
            "extra on the same day twice", {{1, 10000}}, {{4, -3000}, {4, -2000}}, 4, 5000},
        AvailableCase{"only extra, before it", {}, {{5, 6000}}, 3, 0},
        AvailableCase{"only extra, on it", {}, {{5, 6000}}, 5, 6000},
        AvailableCase{"extra receipt later does not help earlier",
                      {{1, 1000}},
                      {{8, 5000}, {9, -5500}},
                      2,
                      500}));

// ======================= StockIndex =======================

TEST(StockIndexTest, ApplyAccumulatesAndOrdersByExpiry) {
  StockIndex index;
  const Date jan1 = Date::FromCivil(2026, 1, 1);
  index.Apply(Posting{1, 1, jan1, 10000}, kRice, Date::FromCivil(2026, 6, 1));
  index.Apply(Posting{1, 2, jan1, 5000}, kRice, Date::FromCivil(2026, 3, 1));
  index.Apply(Posting{1, 3, jan1, 1000}, kRice, Date::Never());
  index.Apply(Posting{2, 1, jan1.AddDays(1), 2000}, kRice, Date::FromCivil(2026, 6, 1));
  index.Apply(Posting{1, 1, jan1.AddDays(5), -4000}, kRice, Date::FromCivil(2026, 6, 1));
  index.Apply(Posting{1, 1, jan1.AddDays(5), -1000}, kRice, Date::FromCivil(2026, 6, 1));
  index.Apply(Posting{1, 4, jan1, 1000}, kBlanket, Date::Never());
  EXPECT_EQ(index.size(), 5u);

  const LotBalance* b = index.Find(1, kRice, 1);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->quantity, 5000);
  ASSERT_EQ(b->timeline.size(), 2u);  // same-day deltas are merged
  EXPECT_EQ(b->timeline[0].day, jan1.days());
  EXPECT_EQ(b->timeline[1].day, jan1.days() + 5);
  EXPECT_EQ(b->timeline[1].delta, -5000);
  EXPECT_EQ(index.Find(3, kRice, 1), nullptr);

  std::vector<std::pair<int32_t, int32_t>> order;  // (warehouse, lot)
  index.ForEachOfItem(kRice, Date::FromCivil(2026, 1, 1), [&](const LotBalance& x) {
    order.emplace_back(x.warehouse_id, x.lot_id);
    return true;
  });
  EXPECT_EQ(order, (std::vector<std::pair<int32_t, int32_t>>{{1, 2}, {1, 1}, {2, 1}, {1, 3}}));

  order.clear();
  index.ForEachOfItem(kRice, Date::FromCivil(2026, 3, 2), [&](const LotBalance& x) {
    order.emplace_back(x.warehouse_id, x.lot_id);
    return true;
  });
  EXPECT_EQ(order, (std::vector<std::pair<int32_t, int32_t>>{{1, 1}, {2, 1}, {1, 3}}));

  order.clear();
  index.ForEachInWarehouse(1, [&](const LotBalance& x) {
    order.emplace_back(x.item_id, x.lot_id);
    return true;
  });
  EXPECT_EQ(order, (std::vector<std::pair<int32_t, int32_t>>{
                       {kRice, 1}, {kRice, 2}, {kRice, 3}, {kBlanket, 4}}));
}

TEST(StockIndexTest, OutOfOrderPostingsKeepTheTimelineSortedAndMerged) {
  // Bulk load at start may replay postings in any order.
  StockIndex index;
  const Date base = Date::FromCivil(2026, 1, 1);
  const int days[] = {10, 5, 1, 7, 5, 12, 1, 3};
  const int64_t deltas[] = {-2000, -1000, 10000, 500, -500, 100, 1000, -3000};
  for (size_t i = 0; i < std::size(days); ++i) {
    index.Apply(Posting{1, 1, base.AddDays(days[i]), deltas[i]}, kBlanket, Date::Never());
  }
  const LotBalance* b = index.Find(1, kBlanket, 1);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->quantity, 5100);
  std::vector<std::pair<int32_t, int64_t>> timeline;
  for (const DatedDelta& d : b->timeline) timeline.emplace_back(d.day - base.days(), d.delta);
  EXPECT_EQ(timeline, (std::vector<std::pair<int32_t, int64_t>>{
                          {1, 11000}, {3, -3000}, {5, -1500}, {7, 500}, {10, -2000}, {12, 100}}));
  // Running balances: 11000, 8000, 6500, 7000, 5000, 5100.
  EXPECT_EQ(AvailableFrom(&b->timeline, nullptr, 0, base.AddDays(2)), 5000);
  EXPECT_EQ(AvailableFrom(&b->timeline, nullptr, 0, base.AddDays(11)), 5000);
  EXPECT_EQ(AvailableFrom(&b->timeline, nullptr, 0, base.AddDays(12)), 5100);
  EXPECT_EQ(AvailableFrom(&b->timeline, nullptr, 0, base), 0);
}

// Postings as stored: what PlanReversal receives.
std::vector<Posting> Stored(const MovementPlan& plan, const std::vector<int32_t>& lot_ids) {
  std::vector<Posting> out;
  for (const PlannedPosting& p : plan.postings) {
    int32_t lot = p.lot_id != 0 ? p.lot_id : lot_ids[static_cast<size_t>(p.new_lot)];
    out.push_back(Posting{p.warehouse_id, lot, plan.date, p.delta});
  }
  return out;
}

TEST_F(LedgerTest, ReversalOfADeliveryGivesTheGoodsBack) {
  Receive("KYIV-1", "DONOR-B", "2026-01-01", {RLine("BLANKET", "10", "B-1", std::nullopt)});
  Result<MovementPlan> delivery =
      ledger().PlanDelivery(Delivery("2026-01-10", {OLine("BLANKET", "4")}));
  ASSERT_TRUE(delivery.ok());
  Commit(*delivery);
  Result<MovementPlan> reversal = ledger().PlanReversal(
      Stored(*delivery, {}), *Date::Parse("2026-01-10"), *Date::Parse("2026-01-10"));
  ASSERT_TRUE(reversal.ok()) << reversal.status().message();
  EXPECT_EQ(reversal->kind, MovementKind::kReversal);
  EXPECT_EQ(Postings(*reversal), (std::vector<P>{{kKyiv, 1, -1, 4000, 0}}));
  Commit(*reversal);
  EXPECT_EQ(Balance(kKyiv, kBlanket, 1), 10000);
}

TEST_F(LedgerTest, ReversalOfAReceiptWhoseGoodsLeftIsConflict) {
  MovementPlan receipt;
  {
    ReceiptRequest r;
    r.warehouse = "KYIV-1";
    r.donor = "DONOR-B";
    r.date = *Date::Parse("2026-01-01");
    r.lines = {RLine("BLANKET", "10", "B-1", std::nullopt)};
    Result<MovementPlan> plan = ledger().PlanReceipt(r);
    ASSERT_TRUE(plan.ok());
    receipt = *plan;
  }
  std::vector<int32_t> ids = Commit(receipt);
  Commit(*ledger().PlanDelivery(Delivery("2026-01-10", {OLine("BLANKET", "3")})));
  // Undoing the receipt on its own date would leave -3 from 2026-01-10 on.
  ExpectRefused(ledger().PlanReversal(Stored(receipt, ids), receipt.date, receipt.date),
                StatusCode::kConflict, "date");
  // Before the original's date is not a reversal.
  ExpectRefused(
      ledger().PlanReversal(Stored(receipt, ids), receipt.date, *Date::Parse("2025-12-31")),
      StatusCode::kInvalid, "date");
}

// ---- Limits (domain/limits.h) ----

ReceiptRequest ReceiptOf(std::vector<ReceiptLine> lines, const char* date = "2026-01-05") {
  ReceiptRequest r;
  r.warehouse = "KYIV-1";
  r.donor = "DONOR-B";
  r.date = *Date::Parse(date);
  r.default_lot_prefix = "RCPT";
  r.lines = std::move(lines);
  return r;
}

TEST_F(LedgerTest, AReceiptBeyondTheLimitsIsRefusedNamingTheField) {
  // A quantity on one line.
  ExpectRefused(ledger().PlanReceipt(
                    ReceiptOf({RLine("BLANKET", "1000000000.001", "B-1", std::nullopt, "0.01")})),
                StatusCode::kInvalid, "lines[0].quantity");
  ExpectRefused(ledger().PlanReceipt(ReceiptOf(
                    {RLine("BLANKET", "1", "B-1", std::nullopt),
                     RLine("BLANKET", "9223372036854775.807", "B-1", std::nullopt, "0.00")})),
                StatusCode::kInvalid, "lines[1].quantity");
  // A unit value.
  ExpectRefused(ledger().PlanReceipt(
                    ReceiptOf({RLine("BLANKET", "1", "B-1", std::nullopt, "1000000000.01")})),
                StatusCode::kInvalid, "lines[0].unit_value.amount");
  // A line's value: each factor within its limit, the product not.
  Result<MovementPlan> line = ledger().PlanReceipt(
      ReceiptOf({RLine("BLANKET", "1000", "B-1", std::nullopt, "4820000.00")}));
  ExpectRefused(line, StatusCode::kInvalid, "lines[0].quantity");
  EXPECT_NE(line.status().message().find("4820000000.00 UAH"), std::string::npos)
      << line.status().message();
  // A document's total: eleven lines at the limit of one amount.
  std::vector<ReceiptLine> lines;
  for (int i = 0; i < 11; ++i) {
    lines.push_back(RLine("BLANKET", "1", "B-" + std::to_string(i), std::nullopt, "1000000000.00"));
  }
  ExpectRefused(ledger().PlanReceipt(ReceiptOf(lines)), StatusCode::kInvalid, "lines");
  lines.pop_back();
  EXPECT_TRUE(ledger().PlanReceipt(ReceiptOf(lines)).ok());
}

TEST_F(LedgerTest, OutgoingQuantitiesBeyondTheLimitAre422Not409) {
  Receive("KYIV-1", "DONOR-B", "2026-01-01", {RLine("BLANKET", "10", "B-1", std::nullopt)});
  ExpectRefused(ledger().PlanDelivery(Delivery("2026-01-10", {OLine("BLANKET", "1000000000.001")})),
                StatusCode::kInvalid, "lines[0].quantity");
  ExpectRefused(ledger().PlanTransfer(Transfer("2026-01-10", {OLine("BLANKET", "1000000001")})),
                StatusCode::kInvalid, "lines[0].quantity");
  ExpectRefused(ledger().PlanAdjustment(
                    Adjustment("2026-01-10", {OLine("BLANKET", "1000000000.001", "B-1")})),
                StatusCode::kInvalid, "lines[0].quantity");
  ExpectRefused(ledger().PlanAdjustment(
                    Adjustment("2026-01-10", {OLine("BLANKET", "-1000000000.001", "B-1")})),
                StatusCode::kInvalid, "lines[0].quantity");
}

TEST_F(LedgerTest, ALotsStockInAWarehouseStaysWithinItsLimitOnEveryDay) {
  // A thousand lines at the limit of one line: exactly the limit of a lot.
  std::vector<ReceiptLine> full;
  for (int i = 0; i < 1000; ++i) {
    full.push_back(RLine("BLANKET", "1000000000", "B-1", std::nullopt, "0.00"));
  }
  Receive("KYIV-1", "DONOR-B", "2026-01-10", full);
  // One more thousandth into it, on any day, is refused; into another lot not.
  for (const char* date : {"2026-01-10", "2026-01-05", "2026-02-01"}) {
    ExpectRefused(ledger().PlanReceipt(
                      ReceiptOf({RLine("BLANKET", "0.001", "B-1", std::nullopt, "0.00")}, date)),
                  StatusCode::kInvalid, "lines[0].quantity");
  }
  EXPECT_TRUE(ledger()
                  .PlanReceipt(ReceiptOf({RLine("BLANKET", "0.001", "B-2", std::nullopt, "0.00")}))
                  .ok());
  ExpectRefused(ledger().PlanAdjustment(Adjustment("2026-01-20", {OLine("BLANKET", "1", "B-1")})),
                StatusCode::kInvalid, "lines[0].quantity");
  // A new lot of one receipt cannot be filled past it either.
  std::vector<ReceiptLine> over(1001, RLine("BLANKET", "1000000000", "N-1", std::nullopt, "0.00"));
  ExpectRefused(ledger().PlanReceipt(ReceiptOf(over)), StatusCode::kInvalid,
                "lines[1000].quantity");
  // After some of it left, there is room again from that day on.
  Commit(*ledger().PlanDelivery(Delivery("2026-01-15", {OLine("BLANKET", "5", "B-1")})));
  EXPECT_TRUE(ledger()
                  .PlanReceipt(
                      ReceiptOf({RLine("BLANKET", "5", "B-1", std::nullopt, "0.00")}, "2026-01-15"))
                  .ok());
  ExpectRefused(ledger().PlanReceipt(
                    ReceiptOf({RLine("BLANKET", "5", "B-1", std::nullopt, "0.00")}, "2026-01-14")),
                StatusCode::kInvalid, "lines[0].quantity");
}

}  // namespace
}  // namespace zapas

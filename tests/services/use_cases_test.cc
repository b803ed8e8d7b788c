// The write use cases in process: a Store over a real SQLite file, and the
// write jobs the endpoints run once a request is decoded (services/app/requests.h)
// — receipts, deliveries, reversals and money operations — without a server.
// What they store is read back through the repository and the typed journal
// documents; the end-to-end tests (http_test.cc and the others) check the
// same over HTTP.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "domain/journal_document.h"
#include "services/app/requests.h"
#include "services/app/store.h"

namespace zapas::testing {
namespace {

Money M(const char* amount, const char* currency) { return *Money::Parse(amount, currency); }
Date D(const char* text) { return *Date::Parse(text); }
Quantity Q(const char* text) { return *Quantity::Parse(text); }

class UseCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("zapas-use-cases-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    options_.path = (dir_ / "zapas.db").string();
    options_.key = std::string(32, '\x5a');
    // The master data, straight through the repository.
    auto repo = OpenDatabase(options_);
    ASSERT_TRUE(repo.ok()) << repo.status().message();
    Repository& r = **repo;
    ASSERT_TRUE(r.Migrate().ok());
    ASSERT_TRUE(r.InsertWarehouse(Warehouse{0, "KYIV-1", "Склад Київ", "Київська область"}).ok());
    ASSERT_TRUE(r.InsertDonor(Donor{0, "DE-HILFE", "Hilfe e.V.", "DE", FindCurrency("EUR")}).ok());
    Item item;
    item.sku = "MED-IFAK";
    item.name_uk = "Аптечка";
    item.name_en = "First-aid kit";
    item.expiry_tracked = true;
    ASSERT_TRUE(r.InsertItem(item).ok());
    Recipient unit;
    unit.code = "MU-A1234";
    unit.kind = RecipientKind::kMilitaryUnit;
    unit.name = "Військова частина А1234";
    unit.region = "Донецька область";
    ASSERT_TRUE(r.InsertRecipient(unit).ok());
    for (const char* code : {"BK-EUR", "BK-UAH"}) {
      Account a{0, code, code, FindCurrency(code + 3), AccountKind::kBank};
      ASSERT_TRUE(r.InsertAccount(a).ok());
    }
    ASSERT_TRUE(r.InsertRates({Rate{D("2026-10-01"), FindCurrency("EUR"), 472'000'000'000}}).ok());
    // The Store takes the connection it writes on, and more for readers.
    auto store = Store::Open(std::move(*repo), [this] { return OpenDatabase(options_); });
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<Written> Write(WriteWork work, Role role = Role::kWarehouse) {
    return store_->Write(Principal{"sklad", role, ""}, "", "", std::move(work));
  }

  // The stock of MED-IFAK lot `lot` in KYIV-1, in thousandths.
  int64_t Stock(const std::string& lot) {
    return store_->Read([&](const Catalog& catalog, const StockIndex& index) -> int64_t {
      const Item* item = catalog.ItemBySku("MED-IFAK");
      const Lot* l = catalog.LotByBatch(item->id, lot);
      if (l == nullptr) return 0;
      const LotBalance* b = index.Find(catalog.WarehouseByCode("KYIV-1")->id, item->id, l->id);
      return b == nullptr ? 0 : b->quantity;
    });
  }

  std::vector<JournalEntry> Journal() {
    std::vector<JournalEntry> out;
    auto conn = store_->Reader();
    EXPECT_TRUE(conn.ok());
    EXPECT_TRUE((*conn)
                    ->ForEachEntry(0,
                                   [&](const JournalEntry& e) {
                                     out.push_back(e);
                                     return true;
                                   })
                    .ok());
    return out;
  }

  Status Receive(const char* quantity) {
    ReceiptCommand receipt;
    receipt.request = ReceiptRequest{"KYIV-1", "DE-HILFE", D("2026-11-02"), "Invoice 7", {}, ""};
    receipt.request.lines.push_back(
        ReceiptLine{"MED-IFAK", Q(quantity), "L1", D("2027-06-30"), M("14.50", "EUR")});
    return Write(CreateReceiptWork(receipt)).status();
  }

  Result<Written> Deliver(const char* quantity) {
    return Write(CreateDeliveryWork(DeliveryRequest{
        "KYIV-1", "MU-A1234", D("2026-11-05"), {OutLine{"MED-IFAK", Q(quantity), ""}}}));
  }

  std::filesystem::path dir_;
  DatabaseOptions options_;
  std::unique_ptr<Store> store_;
};

TEST_F(UseCasesTest, ADeliveryTakesStockAndStoresItsTypedDocument) {
  ASSERT_TRUE(Receive("40").ok());
  auto delivered = Deliver("30");
  ASSERT_TRUE(delivered.ok()) << delivered.status().message();
  EXPECT_TRUE(delivered->created);
  EXPECT_EQ(Stock("L1"), 10'000);

  const std::vector<JournalEntry> journal = Journal();
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[1].kind, "delivery");
  EXPECT_EQ(journal[1].number, "WB-2026-000001");
  auto doc = DecodeMovement("delivery", journal[1].document);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->recipient, "MU-A1234");
  ASSERT_EQ(doc->lines.size(), 1u);
  EXPECT_EQ(doc->lines[0].lot, "L1");
  EXPECT_EQ(doc->lines[0].quantity, Q("30"));
  EXPECT_EQ(*doc->lines[0].value, M("435.00", "EUR"));
  EXPECT_EQ(doc->totals, std::vector<Money>{M("435.00", "EUR")});
  EXPECT_EQ(doc->recorded_by, "sklad");
  // The reply is the stored document with its id.
  EXPECT_EQ(delivered->json,
            "{\"id\":\"" + std::to_string(journal[1].id) + "\"," + journal[1].document.substr(1));
}

TEST_F(UseCasesTest, ADeliveryBeyondTheStockIsAConflictAndStoresNothing) {
  ASSERT_TRUE(Receive("40").ok());
  auto refused = Deliver("40.001");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(Stock("L1"), 40'000);
  EXPECT_EQ(Journal().size(), 1u);
  // The number was not used.
  ASSERT_TRUE(Deliver("1").ok());
  EXPECT_EQ(Journal().back().number, "WB-2026-000001");
}

TEST_F(UseCasesTest, AReversalPutsTheGoodsBackOnceOnly) {
  ASSERT_TRUE(Receive("40").ok());
  ASSERT_TRUE(Deliver("25").ok());
  const int64_t delivery = Journal().back().id;
  auto reversed = Write(ReverseMovementWork(ReversalRequest{delivery, std::nullopt, "Помилка"}));
  ASSERT_TRUE(reversed.ok()) << reversed.status().message();
  EXPECT_EQ(Stock("L1"), 40'000);
  const JournalEntry rev = Journal().back();
  EXPECT_EQ(rev.kind, "reversal");
  EXPECT_EQ(rev.refers_to, delivery);
  auto doc = DecodeMovement("reversal", rev.document);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->reverses_number, "WB-2026-000001");
  EXPECT_EQ(doc->reason, "Помилка");
  EXPECT_EQ(doc->lines.at(0).warehouse, "KYIV-1");
  EXPECT_EQ(doc->lines.at(0).quantity, Q("25"));  // what comes back, signed

  auto again = Write(ReverseMovementWork(ReversalRequest{delivery, std::nullopt, "ще раз"}));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  auto nothing = Write(ReverseMovementWork(ReversalRequest{9999, std::nullopt, "?"}));
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Journal().size(), 3u);
}

TEST_F(UseCasesTest, AReceiptAlreadyDeliveredCannotBeReversed) {
  ASSERT_TRUE(Receive("40").ok());
  const int64_t receipt = Journal().back().id;
  ASSERT_TRUE(Deliver("1").ok());
  auto refused = Write(ReverseMovementWork(ReversalRequest{receipt, std::nullopt, "?"}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(Stock("L1"), 39'000);
}

TEST_F(UseCasesTest, MoneyOperationsAreBalancedEntriesAtTheNbuRate) {
  auto donated =
      Write(CashDonationWork(CashDonationRequest{"DE-HILFE", D("2026-11-03"), M("1000.00", "EUR"),
                                                 "BK-EUR", "Генератори"}),
            Role::kTreasurer);
  ASSERT_TRUE(donated.ok()) << donated.status().message();
  auto paid = Write(CashPaymentWork(CashPaymentRequest{D("2026-11-04"), M("250.00", "EUR"),
                                                       "BK-EUR", "Пальне", "DE-HILFE"}),
                    Role::kTreasurer);
  ASSERT_TRUE(paid.ok()) << paid.status().message();
  auto exchanged =
      Write(CashExchangeWork(CashExchangeRequest{D("2026-11-05"), "BK-EUR", "BK-UAH",
                                                 M("100.00", "EUR"), M("4750.00", "UAH")}),
            Role::kTreasurer);
  ASSERT_TRUE(exchanged.ok()) << exchanged.status().message();
  auto fee = Write(BankFeeWork(BankFeeRequest{D("2026-11-05"), M("35.00", "UAH"), "BK-UAH", ""}),
                   Role::kTreasurer);
  ASSERT_TRUE(fee.ok()) << fee.status().message();

  const std::vector<JournalEntry> journal = Journal();
  ASSERT_EQ(journal.size(), 4u);
  for (const JournalEntry& e : journal) {
    auto doc = DecodeCash(e.kind, e.document);
    ASSERT_TRUE(doc.ok()) << e.kind << ": " << doc.status().message();
    MoneyTotals uah;
    for (const CashDocumentPosting& p : doc->postings) ASSERT_TRUE(uah.Add(p.uah).ok());
    ASSERT_EQ(uah.sums().size(), 1u);
    EXPECT_TRUE(uah.sums()[0].is_zero()) << e.kind << " is not balanced";
  }
  auto payment = DecodeCash("payment", journal[1].document);
  EXPECT_EQ(*payment->amount, M("250.00", "EUR"));
  EXPECT_EQ(payment->rate, "47.2");
  EXPECT_EQ(payment->postings.at(0).uah, M("11800.00", "UAH"));  // 250 × 47.2
}

TEST_F(UseCasesTest, AMoneyOperationNamingNothingStoresNothing) {
  auto unknown = Write(CashPaymentWork(CashPaymentRequest{D("2026-11-04"), M("1.00", "EUR"),
                                                          "BK-NONE", "Пальне", ""}),
                       Role::kTreasurer);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalid);
  ASSERT_FALSE(unknown.status().errors().empty());
  EXPECT_EQ(unknown.status().errors()[0].field, "account");
  // No rate of USD is known: the transfer cannot be booked.
  auto no_rate = Write(
      CashTransferWork(CashTransferRequest{D("2026-11-04"), "BK-EUR", "BK-UAH", M("1.00", "USD")}),
      Role::kTreasurer);
  ASSERT_FALSE(no_rate.ok());
  EXPECT_TRUE(Journal().empty());
}

// No commit copies SQLite's write-ahead log into the database: a thread of
// the Store does, beside the writer, and the log starts over again and again
// under a steady load, so it stays bounded however many writes come; every
// acknowledged write is in the database.
TEST_F(UseCasesTest, TheWriteAheadLogIsCopiedBesideTheWriterAndStartsOver) {
  ASSERT_TRUE(Receive("100000").ok());
  constexpr int kThreads = 8, kEach = 1200;
  std::atomic<int> failed{0};
  std::atomic<bool> done{false};
  int64_t most = 0;
  int restarts = 0;
  std::thread watcher([&] {
    int64_t last = 0;
    while (!done.load()) {
      const int64_t pages = store_->log_pages();
      most = std::max(most, pages);
      if (pages < last) ++restarts;
      last = pages;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        if (!Deliver("1").ok()) ++failed;
      }
    });
  }
  for (std::thread& w : writers) w.join();
  done = true;
  watcher.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GE(restarts, 1) << "the log never started over (at most " << most << " pages)";
  // No commit copied it at SQLite's 1,000 pages: it started over past 4,096,
  // from what the thread left behind.
  EXPECT_GE(most, 4096);
  EXPECT_LT(most, 4096 + 2000);
  std::printf("the log: at most %lld pages, started over %d times\n", static_cast<long long>(most),
              restarts);
  EXPECT_LT(std::filesystem::file_size(options_.path + "-wal"), 64u << 20);
  EXPECT_EQ(Journal().size(), 1u + kThreads * kEach);
  EXPECT_EQ(Stock("L1"), (100000 - kThreads * kEach) * 1000);
}

}  // namespace
}  // namespace zapas::testing

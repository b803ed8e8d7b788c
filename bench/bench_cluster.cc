#include "bench/bench_cluster.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>

#include "bench/postgres_support.h"
#include "domain/entities.h"
#include "domain/money.h"

namespace zapas::bench {
namespace {

using zapas::Date;

constexpr int kLotsPerEntry = 100;
constexpr int kLotsPerTransaction = 50000;
constexpr int64_t kLotQuantityMilli = 1000 * 1000;  // 1000 units per lot

// splitmix64: spreads lot attributes without patterns shared with k % kItems.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Whether item i (0-based) tracks expiry: two items in three.
bool TracksExpiry(int item) { return item % 3 != 0; }

int64_t CountSqliteRows(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      n = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

}  // namespace

std::string Sku(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "BENCH-%03d", i + 1);
  return buf;
}

LotPlan PlanLot(int64_t k) {
  LotPlan p;
  p.item = static_cast<int>(k % kItems);
  p.warehouse = static_cast<int>((k / kItems) % 2);
  char batch[24];
  std::snprintf(batch, sizeof batch, "B%08lld", static_cast<long long>(k));
  p.batch = batch;
  if (TracksExpiry(p.item)) {
    const uint64_t h = Mix(static_cast<uint64_t>(k));
    const int32_t days = static_cast<int32_t>((h >> 8) % 1500);
    p.expired = h % 20 == 0;
    p.expiry = p.expired ? Date::FromCivil(2026, 2, 1).AddDays(days % 250)
                         : Date::FromCivil(2026, 12, 1).AddDays(days);
  }
  return p;
}

BuildStats BuildDatabase(const std::string& db, int64_t lots) {
  auto start = Clock::now();
  auto repo = OpenForBulkLoad(db);

  const zapas::Currency* eur = zapas::FindCurrency("EUR");
  if (eur == nullptr) Die("no EUR in the currency table");

  Must(repo->Begin(), "begin");
  int32_t warehouse_ids[2];
  const char* regions[] = {"Kyivska", "Lvivska"};
  for (int w = 0; w < 2; ++w) {
    warehouse_ids[w] =
        Must(repo->InsertWarehouse(
                 {0, kWarehouses[w], std::string("Bench warehouse ") + kWarehouses[w], regions[w]}),
             "insert warehouse");
  }
  std::vector<int32_t> item_ids;
  const zapas::Unit units[] = {zapas::Unit::kPcs, zapas::Unit::kKg, zapas::Unit::kBox,
                               zapas::Unit::kL, zapas::Unit::kPack};
  for (int i = 0; i < kItems; ++i) {
    zapas::Item item;
    item.sku = Sku(i);
    item.name_uk = "Тестовий товар " + std::to_string(i + 1);
    item.name_en = "Bench item " + std::to_string(i + 1);
    item.unit = units[i % 5];
    item.category = i % 2 ? "food" : "hygiene";
    item.expiry_tracked = TracksExpiry(i);
    item_ids.push_back(Must(repo->InsertItem(item), "insert item"));
  }
  zapas::Donor donor{0, "EU-ECHO", "European Civil Protection and Humanitarian Aid", "BE", eur};
  const int32_t donor_id = Must(repo->InsertDonor(donor), "insert donor");
  zapas::Recipient recipient;
  recipient.code = kRecipient;
  recipient.kind = zapas::RecipientKind::kMilitaryUnit;
  recipient.name = "Military unit A1234";
  recipient.region = "Kharkivska";
  Must(repo->InsertRecipient(recipient), "insert recipient");
  Must(repo->Commit(), "commit master data");

  const Date receipt_date = Date::FromCivil(2026, 1, 12);
  BuildStats stats;
  zapas::JournalEntry entry;
  entry.kind = "receipt";
  entry.date = receipt_date;
  entry.recorded_at = "2026-01-12T09:00:00Z";
  entry.recorded_by = "bench";
  entry.document = "{}";
  auto flush_entry = [&] {
    if (entry.postings.empty()) return;
    int64_t n = Must(repo->NextNumber("GRN", receipt_date.year()), "number");
    char number[48];
    std::snprintf(number, sizeof number, "GRN-%04d-%06lld", receipt_date.year(),
                  static_cast<long long>(n));
    entry.number = number;
    Must(repo->InsertEntry(entry), "insert entry");
    stats.postings += static_cast<int64_t>(entry.postings.size());
    ++stats.entries;
    entry.postings.clear();
  };

  int64_t next_report = 0;
  for (int64_t k = 0; k < lots; ++k) {
    if (k % kLotsPerTransaction == 0) {
      if (k > 0) {
        flush_entry();
        Must(repo->Commit(), "commit lots");
      }
      if (k >= next_report) {
        Say("  ... %lld / %lld lots (%.1f s)", static_cast<long long>(k),
            static_cast<long long>(lots), Since(start));
        next_report += std::max<int64_t>(lots / 5, kLotsPerTransaction);
      }
      Must(repo->Begin(), "begin lots");
    }
    const LotPlan plan = PlanLot(k);
    zapas::Lot lot;
    lot.item_id = item_ids[static_cast<size_t>(plan.item)];
    lot.batch = plan.batch;
    lot.expiry = plan.expiry;
    lot.unit_value_minor = 250 + (k % 50) * 10;
    lot.currency = eur;
    lot.donor_id = donor_id;
    lot.id = Must(repo->InsertLot(lot), "insert lot");
    entry.postings.push_back(
        zapas::Posting{warehouse_ids[plan.warehouse], lot.id, receipt_date, kLotQuantityMilli});
    if (static_cast<int>(entry.postings.size()) == kLotsPerEntry) flush_entry();
  }
  flush_entry();
  Must(repo->Commit(), "commit lots");
  repo.reset();  // closes the connection (SQLite: checkpoints and removes the WAL)
  stats.lots = lots;
  stats.seconds = Since(start);
  stats.file_mb = zapas::IsPostgresUrl(db)
                      ? PostgresNumber(db, "SELECT pg_database_size(current_database())") / 1e6
                      : FileMegabytes(db);
  return stats;
}

void Build(const std::string& path, int64_t lots, const char* what) {
  Say("building %sDB with %lld lots ...", what, static_cast<long long>(lots));
  BuildStats b = BuildDatabase(path, lots);
  Say("  built: %lld lots, %lld receipts, %lld postings in %.2f s (%.0f lots/s), %.1f MB",
      static_cast<long long>(b.lots), static_cast<long long>(b.entries),
      static_cast<long long>(b.postings), b.seconds, b.lots / b.seconds, b.file_mb);
}

void AwaitServer(Server& server) {
  server.WaitReadyOrDie(300);
  Say("  %s", server.rebuild_line().c_str());
  Say("  ready on port %d after %.2f s", server.port(), server.ready_seconds());
}

int64_t CountDeliveries(const std::string& db) {
  const char* sql = "SELECT COUNT(*) FROM journal WHERE kind = 'delivery'";
  return zapas::IsPostgresUrl(db) ? PostgresNumber(db, sql) : CountSqliteRows(db, sql);
}

Request Delivery(const char* warehouse, const std::string& sku, const std::string& lot) {
  std::string line = "{\"sku\":\"" + sku + "\",\"quantity\":\"1\"";
  if (!lot.empty()) line += ",\"lot\":\"" + lot + "\"";
  return Request{"POST", "/api/v1/deliveries",
                 std::string("{\"warehouse\":\"") + warehouse + "\",\"recipient\":\"" + kRecipient +
                     "\",\"date\":\"2026-11-27\",\"lines\":[" + line + "}]}"};
}

Request SpreadDelivery(std::mt19937_64& rng, int64_t lots) {
  LotPlan lot;
  do {
    lot = PlanLot(static_cast<int64_t>(rng() % static_cast<uint64_t>(lots)));
  } while (lot.expired);  // lot 0 never expires (item 0 tracks no expiry)
  return Delivery(kWarehouses[lot.warehouse], Sku(lot.item), lot.batch);
}
}  // namespace zapas::bench

// What an older version of Zapas accepted and today's refuses, written
// straight through the repository as that version wrote it: a receipt of a
// lot worth 4,820,000,000,000.00 EUR a unit, beyond the limits of
// domain/limits.h. For tests of how reports and `zapas migrate` treat such a
// journal. The server on the database must be stopped (SQLite takes one).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "config/config.h"
#include "persistence/repository.h"
#include "services/database_key.h"

namespace zapas::testing {

// Writes receipt `number` dated `date` of 1000 units of `sku` from `donor` into
// `warehouse`. `env` ("NAME=value", e.g. ZAPAS_KEY) is set first, as the
// server's children get it.
inline ::testing::AssertionResult WriteOverLimitReceipt(
    const std::string& location, const std::vector<std::string>& env, const std::string& number,
    const std::string& date, const std::string& warehouse, const std::string& sku,
    const std::string& donor) {
  for (const std::string& e : env) {
    const size_t eq = e.find('=');
    ::setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
  }
  Config config;
  config.db_path = location;
  auto key = DatabaseKey(config, KeyCreation::kNever);
  if (!key.ok()) return ::testing::AssertionFailure() << key.status().message();
  DatabaseOptions options;
  options.path = location;
  options.key = *key;
  auto repo = OpenDatabase(options);
  if (!repo.ok()) return ::testing::AssertionFailure() << repo.status().message();
  Catalog catalog;
  Status s = (*repo)->LoadCatalog(catalog);
  const Item* item = catalog.ItemBySku(sku);
  const Donor* from = catalog.DonorByCode(donor);
  const Warehouse* into = catalog.WarehouseByCode(warehouse);
  if (!s.ok() || item == nullptr || from == nullptr || into == nullptr) {
    return ::testing::AssertionFailure() << "no " << sku << ", " << donor << " or " << warehouse;
  }
  if (s = (*repo)->Begin(); !s.ok()) return ::testing::AssertionFailure() << s.message();
  Lot lot;
  lot.item_id = item->id;
  lot.batch = "OLD-" + number;
  lot.unit_value_minor = 482'000'000'000'000;  // 4,820,000,000,000.00 EUR
  lot.currency = FindCurrency("EUR");
  lot.donor_id = from->id;
  auto lot_id = (*repo)->InsertLot(lot);
  if (!lot_id.ok()) return ::testing::AssertionFailure() << lot_id.status().message();
  JournalEntry e;
  e.kind = "receipt";
  e.number = number;
  e.date = *Date::Parse(date);
  e.recorded_at = date + "T10:00:00Z";
  e.recorded_by = "sklad";
  e.document = R"({"number":")" + number + R"(","warehouse":")" + warehouse + R"(","donor":")" +
               donor + R"(","reference":"old","date":")" + date + R"(","lines":[],"totals":[]})";
  e.postings.push_back(Posting{into->id, *lot_id, e.date, 1'000'000});
  if (auto id = (*repo)->InsertEntry(e); !id.ok()) {
    return ::testing::AssertionFailure() << id.status().message();
  }
  if (s = (*repo)->Commit(); !s.ok()) return ::testing::AssertionFailure() << s.message();
  return ::testing::AssertionSuccess();
}

}  // namespace zapas::testing

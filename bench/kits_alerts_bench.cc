// kits_alerts_bench: GET /alerts on a large stock, and a large assembly.
//
// A program run by hand, not a test:
//   build/bench/kits_alerts_bench [--lots N] [--deliveries N] [--dir DIR] [--keep]
//
// 1. builds a SQLite database through the Repository API: 1,000 items over 10
//    warehouses, --lots lots (default 1,000,000; a tenth expired, a tenth
//    expiring within 60 days, received over the last half year), --deliveries
//    deliveries (default 100,000; one in ten confirmed), a reorder level on
//    every item in every warehouse, and 10 component items of 20,000 units
//    each in warehouse KITS;
// 2. starts `zapas serve` on it and times from one client on loopback
//    GET /api/v1/alerts (a first page, and ?kind=below_minimum) — p50, p99,
//    max — and the first GET after a write, which recomputes;
// 3. times POST /api/v1/assemblies of 1,000 kits of 10 components as one
//    document (and its preview).
#include <Poco/Net/HTTPClientSession.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "domain/journal_document.h"
#include "persistence/repository.h"

namespace {

using namespace zapas::bench;
using zapas::Date;

struct Options {
  int lots = 1000000;
  int deliveries = 100000;
  std::string dir;
  bool keep = false;
};

void Build(zapas::Repository& repo, const Options& opt) {
  const auto started = Clock::now();
  const Date today = *Date::Parse("2026-12-07");
  Must(repo.Begin(), "begin");
  std::vector<std::string> warehouses;
  for (int w = 0; w < 10; ++w) {
    warehouses.push_back("WH-" + std::to_string(w));
    Must(repo.InsertWarehouse({0, warehouses.back(), "Склад " + std::to_string(w), "Область"})
             .status(),
         "warehouse");
  }
  Must(repo.InsertWarehouse({0, "KITS", "Склад наборів", "Київська область"}).status(), "kits");
  zapas::Donor donor{0, "DE-HILFE", "Ukraine-Hilfe", "DE", zapas::FindCurrency("UAH")};
  const int32_t donor_id = Must(repo.InsertDonor(donor), "donor");
  zapas::Recipient unit;
  unit.code = "MU-1";
  unit.kind = zapas::RecipientKind::kMilitaryUnit;
  unit.name = "В/ч 1";
  unit.region = "Донецька область";
  Must(repo.InsertRecipient(unit).status(), "recipient");
  std::vector<int32_t> items;
  for (int i = 0; i < 1011; ++i) {
    zapas::Item item;
    item.sku = i < 1000 ? "SKU-" + std::to_string(i)
                        : (i < 1010 ? "PART-" + std::to_string(i - 1000) : "KIT-BIG");
    item.name_uk = "Товар " + std::to_string(i);
    item.name_en = "Item " + std::to_string(i);
    item.unit = zapas::Unit::kPcs;
    item.category = "bench";
    item.expiry_tracked = true;
    items.push_back(Must(repo.InsertItem(item), "item"));
  }
  std::vector<zapas::KitComponent> parts;
  for (int p = 0; p < 10; ++p) {
    parts.push_back({"PART-" + std::to_string(p), zapas::Quantity::FromMilli(1000)});
  }
  Must(repo.InsertKit(items[1010], parts), "kit");
  for (int w = 0; w < 10; ++w) {
    for (int i = 0; i < 1000; ++i) Must(repo.SetMinimum(w + 1, items[i], 50000), "minimum");
  }
  std::mt19937 rng(11);
  int64_t entry_no = 0;
  std::vector<std::pair<int32_t, int32_t>> lots;  // (warehouse id, lot id)
  auto receive = [&](int first, int count, auto lot_of) {
    const Date day = today.AddDays(-static_cast<int>(rng() % 180));
    zapas::JournalEntry e{.kind = "receipt",
                          .number = zapas::DocumentNumber("GRN", 2026, ++entry_no),
                          .date = day,
                          .recorded_at = "2026-12-01T00:00:00Z",
                          .recorded_by = "bench"};
    zapas::MovementDocument doc{.number = e.number,
                                .warehouse = "WH-0",
                                .donor = "DE-HILFE",
                                .reference = "bench",
                                .date = day};
    e.document = zapas::EncodeDocument(doc);
    for (int i = first; i < first + count; ++i) {
      auto [lot, warehouse, milli] = lot_of(i);
      lot.donor_id = donor_id;
      lot.currency = zapas::FindCurrency("UAH");
      lot.unit_value_minor = 100;
      const int32_t id = Must(repo.InsertLot(lot), "lot");
      e.postings.push_back({warehouse, id, day, milli});
      lots.emplace_back(warehouse, id);
    }
    Must(repo.InsertEntry(e).status(), "receipt");
  };
  for (int first = 0; first < opt.lots; first += 1000) {
    receive(first, std::min(1000, opt.lots - first), [&](int i) {
      zapas::Lot lot;
      lot.item_id = items[static_cast<size_t>(i % 1000)];
      lot.batch = "L-" + std::to_string(i);
      const int kind = static_cast<int>(rng() % 10);
      lot.expiry = today.AddDays(kind == 0   ? -static_cast<int>(1 + rng() % 300)
                                 : kind == 1 ? static_cast<int>(rng() % 60)
                                             : static_cast<int>(61 + rng() % 1000));
      return std::tuple<zapas::Lot, int32_t, int64_t>{lot, 1 + i % 10, 100000};
    });
    if ((first + 1000) % 200000 == 0) Say("  %d lots\n", first + 1000);
  }
  receive(0, 10, [&](int i) {
    zapas::Lot lot;
    lot.item_id = items[static_cast<size_t>(1000 + i)];
    lot.batch = "P-" + std::to_string(i);
    lot.expiry = today.AddDays(400 + i);
    return std::tuple<zapas::Lot, int32_t, int64_t>{lot, 11, 20000000};
  });
  for (int d = 0; d < opt.deliveries; ++d) {
    const auto [warehouse, lot] = lots[rng() % (lots.size() - 10)];
    const Date day = today.AddDays(-static_cast<int>(rng() % 60));
    zapas::JournalEntry e{.kind = "delivery",
                          .number = zapas::DocumentNumber("WB", 2026, d + 1),
                          .date = day,
                          .recorded_at = "2026-12-01T00:00:00Z",
                          .recorded_by = "bench"};
    zapas::MovementDocument doc{.kind = zapas::MovementKind::kDelivery,
                                .number = e.number,
                                .warehouse = "WH-" + std::to_string(warehouse - 1),
                                .recipient = "MU-1",
                                .date = day};
    e.document = zapas::EncodeDocument(doc);
    e.postings.push_back({warehouse, lot, day, -1000});
    const int64_t id = Must(repo.InsertEntry(e), "delivery");
    if (d % 10 == 0) {
      zapas::JournalEntry c{.kind = "confirmation",
                            .date = day,
                            .recorded_at = "2026-12-01T00:00:00Z",
                            .recorded_by = "bench",
                            .refers_to = id,
                            .document = "{\"delivery\":\"" + std::to_string(id) + "\"}"};
      Must(repo.InsertEntry(c).status(), "confirmation");
    }
    if ((d + 1) % 50000 == 0) Say("  %d deliveries\n", d + 1);
  }
  Must(repo.SetCounter({"WB", 2026, opt.deliveries}), "counter");
  Must(repo.SetCounter({"GRN", 2026, entry_no}), "counter");
  Must(repo.Commit(), "commit");
  Say("built %d lots, %d deliveries and 10,000 reorder levels in %.1f s\n", opt.lots,
      opt.deliveries, Since(started));
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("kits_alerts_bench");
  Options opt;
  OptionReader in(argc, argv,
                  "usage: kits_alerts_bench [--lots N] [--deliveries N] [--dir DIR] [--keep]");
  while (in.Next()) {
    if (in.option() == "--lots") {
      opt.lots = static_cast<int>(in.Number());
    } else if (in.option() == "--deliveries") {
      opt.deliveries = static_cast<int>(in.Number());
    } else if (in.option() == "--dir") {
      opt.dir = in.Value();
    } else if (in.option() == "--keep") {
      opt.keep = true;
    } else {
      Die("unknown option " + in.option());
    }
  }
  if (opt.lots < 1000) Die("--lots must be at least 1000");
  const std::string dir =
      MakeWorkDir(opt.dir.empty() ? DefaultTempParent() : opt.dir, "zapas-kits-bench");
  const std::string db = dir + "/kits.db", config = dir + "/zapas.properties";
  {
    auto repo = OpenForBulkLoad(db);
    Build(*repo, opt);
  }
  WriteServerConfig(config, "");
  AddUser(config, db, "warehouse");
  Server server(config, db);
  server.WaitReadyOrDie(600);
  Say("server ready in %.1f s (%s)\n", server.ready_seconds(), server.rebuild_line().c_str());
  Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
  s.setKeepAlive(true);
  s.setTimeout(Poco::Timespan(300, 0));
  const std::string token = Login(s);

  auto start = Clock::now();
  HttpReply first = Send(s, {"GET", "/api/v1/alerts?limit=1", ""}, token);
  if (first.status != 200) Die("alerts: " + first.body.substr(0, 300));
  Say("first GET /alerts (reads the journal's facts, computes): %.1f ms\n", Since(start) * 1000);
  ReportLatencies("GET /alerts (first page of 100)", TimeGets(s, token, {"/api/v1/alerts"}, 1000));
  ReportLatencies("GET /alerts?kind=below_minimum&limit=1000",
                  TimeGets(s, token, {"/api/v1/alerts?kind=below_minimum&limit=1000"}, 200));

  // A write, then the first GET: the alerts are computed again.
  Latencies after;
  for (int i = 0; i < 20; ++i) {
    HttpReply d = Send(
        s,
        {"POST", "/api/v1/deliveries",
         R"({"warehouse":"KITS","recipient":"MU-1","date":"2026-12-07","lines":[{"sku":"PART-0","quantity":"1"}]})"},
        token);
    if (d.status != 201) Die("delivery: " + d.body.substr(0, 300));
    const auto t = Clock::now();
    Send(s, {"GET", "/api/v1/alerts", ""}, token);
    after.ms.push_back(Since(t) * 1000);
  }
  ReportLatencies("GET /alerts right after a write (recomputed)", after);

  const std::string assembly =
      R"({"warehouse":"KITS","date":"2026-12-07","kit":"KIT-BIG","quantity":"1000"})";
  start = Clock::now();
  HttpReply preview = Send(s, {"POST", "/api/v1/assemblies/preview", assembly}, token);
  const double preview_ms = Since(start) * 1000;
  if (preview.status != 200) Die("preview: " + preview.body.substr(0, 300));
  start = Clock::now();
  HttpReply made = Send(s, {"POST", "/api/v1/assemblies", assembly}, token);
  const double made_ms = Since(start) * 1000;
  if (made.status != 201) Die("assembly: " + made.body.substr(0, 300));
  Say("assembly of 1,000 kits of 10 components: preview %.1f ms, stored %.1f ms (one document, "
      "%zu bytes)\n",
      preview_ms, made_ms, made.body.size());
  Say("server: %s\n", server.Stop().c_str());
  FinishWorkDir(dir, opt.keep);
  return 0;
}

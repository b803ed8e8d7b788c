// work_bench: requests, the needs board and stocktakes at the size of a
// large alliance.
//
// A program run by hand, not a test:
//   build/bench/work_bench [--requests N] [--lots N] [--dir DIR] [--keep]
//
// 1. builds a SQLite database through the Repository API: 1,000 items, 2,000
//    recipients over 24 regions and the five kinds, --requests requests
//    (default 100,000) of 10 lines each (a quarter partly delivered, a tenth
//    cancelled), each a journal entry with the request's state beside it, and
//    the needs board's sums; and --lots lots (default 10,000) received into
//    one warehouse;
// 2. starts `zapas serve` on it and times, from one client on loopback,
//    GET /api/v1/requests?status=open (first pages and pages further on) and
//    GET /api/v1/reports/needs: p50, p99 and max in ms;
// 3. opens a stocktake of the lots' warehouse, counts every lot (in rounds
//    of 1,000, a tenth of them differing) and times its closing.
#include <Poco/Net/HTTPClientSession.h>

#include <algorithm>
#include <cstdio>
#include <map>
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
  int requests = 100000;
  int lots = 10000;
  std::string dir;
  bool keep = false;
};

const char* const kKinds[] = {"military_unit", "idp_household", "idp_shelter", "hospital",
                              "community"};

void Build(zapas::Repository& repo, const Options& opt) {
  const auto started = Clock::now();
  Must(repo.Begin(), "begin");
  Must(repo.InsertWarehouse({0, "KYIV-1", "Склад Київ", "Київська область"}).status(), "warehouse");
  Must(repo.InsertWarehouse({0, "COUNT-1", "Склад обліку", "Львівська область"}).status(),
       "warehouse");
  zapas::Donor donor;
  donor.code = "DE-HILFE";
  donor.name = "Ukraine-Hilfe";
  donor.country = "DE";
  donor.currency = zapas::FindCurrency("EUR");
  const int32_t donor_id = Must(repo.InsertDonor(donor), "donor");
  std::vector<int32_t> item_ids;
  for (int i = 0; i < 1000; ++i) {
    zapas::Item item;
    item.sku = "SKU-" + std::to_string(i);
    item.name_uk = "Товар " + std::to_string(i);
    item.name_en = "Item " + std::to_string(i);
    item.unit = zapas::Unit::kPcs;
    item.category = "bench";
    item_ids.push_back(Must(repo.InsertItem(item), "item"));
  }
  for (int i = 0; i < 2000; ++i) {
    zapas::Recipient r;
    r.code = "R-" + std::to_string(i);
    r.kind = *zapas::ParseRecipientKind(kKinds[i % 5]);
    r.name = "Отримувач " + std::to_string(i);
    r.region = "Область " + std::to_string(i % 24);
    Must(repo.InsertRecipient(r).status(), "recipient");
  }
  std::mt19937 rng(7);
  std::map<std::tuple<std::string, std::string, std::string>, zapas::WorkStore::NeedRow> needs;
  for (int n = 1; n <= opt.requests; ++n) {
    const int recipient = static_cast<int>(rng() % 2000);
    zapas::WorkStore::StoredRequest q;
    q.number = zapas::DocumentNumber("RQ", 2026, n);
    q.recipient = "R-" + std::to_string(recipient);
    q.date = Date::FromDays(Date::Parse("2026-01-01")->days() + static_cast<int>(rng() % 330));
    if (rng() % 2) q.needed_by = Date::FromDays(q.date.days() + 7 + static_cast<int>(rng() % 30));
    q.priority = static_cast<zapas::RequestPriority>(rng() % 3);
    q.reference = "лист " + std::to_string(n);
    const int fate = static_cast<int>(rng() % 20);  // 0-4 partly delivered, 5-6 cancelled
    const int first = static_cast<int>(rng() % 990);
    for (int l = 0; l < 10; ++l) {
      zapas::RequestLine line{"SKU-" + std::to_string(first + l),
                              static_cast<int64_t>(1000 * (1 + rng() % 50)), 0, 0, ""};
      if (fate < 5) line.delivered = line.requested / 2;
      if (fate == 5 || fate == 6) line.cancelled = line.requested;
      q.lines.push_back(line);
      auto& need =
          needs[{line.sku, "Область " + std::to_string(recipient % 24), kKinds[recipient % 5]}];
      need.sku = line.sku;
      need.region = "Область " + std::to_string(recipient % 24);
      need.kind = kKinds[recipient % 5];
      need.requested += line.requested;
      need.delivered += line.delivered;
      need.cancelled += line.cancelled;
    }
    q.status = zapas::StatusOf(q.lines);
    zapas::RequestDocument doc{.kind = "request",
                               .number = q.number,
                               .recipient = q.recipient,
                               .priority = std::string(zapas::RequestPriorityName(q.priority)),
                               .reference = q.reference,
                               .date = q.date,
                               .needed_by = q.needed_by,
                               .recorded_at = "2026-12-01T00:00:00Z",
                               .recorded_by = "bench"};
    for (const auto& l : q.lines) {
      doc.lines.push_back({l.sku, zapas::Quantity::FromMilli(l.requested), ""});
    }
    zapas::JournalEntry e{.kind = "request",
                          .number = q.number,
                          .date = q.date,
                          .recorded_at = doc.recorded_at,
                          .recorded_by = "bench",
                          .document = zapas::EncodeDocument(doc)};
    q.id = Must(repo.InsertEntry(e), "request entry");
    Must(repo.InsertRequest(q), "request");
    if (n % 20000 == 0) Say("  %d requests\n", n);
  }
  Must(repo.NextNumber("RQ", 2026).status(), "counter");
  for (const auto& [key, row] : needs) Must(repo.AddNeeds(row), "needs");
  // The lots to count, received into COUNT-1 a thousand to an entry.
  for (int first = 0; first < opt.lots; first += 1000) {
    zapas::JournalEntry e{.kind = "receipt",
                          .number = zapas::DocumentNumber("GRN", 2026, first / 1000 + 1),
                          .date = *Date::Parse("2026-11-01"),
                          .recorded_at = "2026-12-01T00:00:00Z",
                          .recorded_by = "bench"};
    zapas::MovementDocument doc{.number = e.number,
                                .warehouse = "COUNT-1",
                                .donor = "DE-HILFE",
                                .reference = "bench",
                                .date = e.date};
    e.document = zapas::EncodeDocument(doc);
    for (int i = first; i < std::min(opt.lots, first + 1000); ++i) {
      zapas::Lot lot;
      lot.item_id = item_ids[static_cast<size_t>(i % 1000)];
      lot.batch = "L-" + std::to_string(i);
      lot.unit_value_minor = 100;
      lot.currency = zapas::FindCurrency("EUR");
      lot.donor_id = donor_id;
      const int32_t id = Must(repo.InsertLot(lot), "lot");
      e.postings.push_back({2, id, e.date, 100000});
    }
    Must(repo.InsertEntry(e).status(), "receipt");
  }
  Must(repo.Commit(), "commit");
  Say("built %d requests (%d lines), %zu needs rows and %d lots in %.1f s\n", opt.requests,
      opt.requests * 10, needs.size(), opt.lots, Since(started));
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("work_bench");
  Options opt;
  OptionReader in(argc, argv, "usage: work_bench [--requests N] [--lots N] [--dir DIR] [--keep]");
  while (in.Next()) {
    if (in.option() == "--requests") {
      opt.requests = static_cast<int>(in.Number());
    } else if (in.option() == "--lots") {
      opt.lots = static_cast<int>(in.Number());
    } else if (in.option() == "--dir") {
      opt.dir = in.Value();
    } else if (in.option() == "--keep") {
      opt.keep = true;
    } else {
      Die("unknown option " + in.option());
    }
  }
  const std::string dir =
      MakeWorkDir(opt.dir.empty() ? DefaultTempParent() : opt.dir, "zapas-work-bench");
  const std::string db = dir + "/work.db", config = dir + "/zapas.properties";
  {
    auto repo = OpenForBulkLoad(db);
    Build(*repo, opt);
  }
  WriteServerConfig(config, "");
  AddUser(config, db, "warehouse");
  Server server(config, db);
  server.WaitReadyOrDie(300);
  Say("server ready in %.1f s (%s)\n", server.ready_seconds(), server.rebuild_line().c_str());
  Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
  s.setKeepAlive(true);
  s.setTimeout(Poco::Timespan(120, 0));
  const std::string token = Login(s);

  // Pages further on: the cursors of the first ten pages of open requests.
  std::vector<std::string> pages = {"/api/v1/requests?status=open"};
  for (int i = 0; i < 10; ++i) {
    auto page = ParseObject(Send(s, {"GET", pages.back(), ""}, token).body, "requests");
    if (page->isNull("next")) break;
    pages.push_back("/api/v1/requests?status=open&after=" + page->getValue<std::string>("next"));
  }
  TimeGets(s, token, pages, 50);  // warm-up
  ReportLatencies("GET /requests?status=open (first page)",
                  TimeGets(s, token, {pages.front()}, 1000));
  ReportLatencies("GET /requests?status=open (pages 1-11)", TimeGets(s, token, pages, 1000));
  ReportLatencies("GET /requests?status=open,partial&limit=1000",
                  TimeGets(s, token, {"/api/v1/requests?status=open,partial&limit=1000"}, 100));
  ReportLatencies("GET /reports/needs", TimeGets(s, token, {"/api/v1/reports/needs"}, 200));
  ReportLatencies("GET /reports/needs?kind=idp_shelter",
                  TimeGets(s, token, {"/api/v1/reports/needs?kind=idp_shelter"}, 200));
  ReportLatencies(
      "GET /reports/needs?region=...&kind=...",
      TimeGets(s, token,
               {"/api/v1/reports/needs?region=%D0%9E%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C%207&kind="
                "hospital"},
               200));
  ReportLatencies("GET /export/hxl/needs (every item, region, kind)",
                  TimeGets(s, token, {"/api/v1/export/hxl/needs"}, 20));

  // A stocktake of every lot of COUNT-1.
  auto start = Clock::now();
  HttpReply opened = Send(s,
                          {"POST", "/api/v1/stocktakes",
                           R"({"warehouse":"COUNT-1","date":"2026-11-30","blind":false})"},
                          token);
  if (opened.status != 201) Die("open: " + opened.body.substr(0, 300));
  const double open_s = Since(start);
  const std::string id = ParseObject(opened.body, "stocktake")->getValue<std::string>("id");
  start = Clock::now();
  for (int first = 0; first < opt.lots; first += 1000) {
    std::string body = "{\"lines\":[";
    for (int i = first; i < std::min(opt.lots, first + 1000); ++i) {
      if (i > first) body += ',';
      body += "{\"sku\":\"SKU-" + std::to_string(i % 1000) + "\",\"lot\":\"L-" + std::to_string(i) +
              "\",\"counted\":\"" + (i % 10 == 0 ? "99" : "100") + "\"}";
    }
    body += "]}";
    HttpReply r = Send(s, {"POST", "/api/v1/stocktakes/" + id + "/counts", body}, token);
    if (r.status != 200) Die("counts: " + r.body.substr(0, 300));
  }
  const double count_s = Since(start);
  start = Clock::now();
  HttpReply closed = Send(s, {"POST", "/api/v1/stocktakes/" + id + "/close", "{}"}, token);
  const double close_s = Since(start);
  if (closed.status != 201) Die("close: " + closed.body.substr(0, 300));
  Say("stocktake of %d lots: opened in %.2f s, counted in %.2f s (%d rounds), closed in %.2f s "
      "(%d differences)\n",
      opt.lots, open_s, count_s, (opt.lots + 999) / 1000, close_s, (opt.lots + 9) / 10);
  Say("server: %s\n", server.Stop().c_str());
  FinishWorkDir(dir, opt.keep);
  return 0;
}

#include "services/app/stocktakes.h"

#include <algorithm>
#include <map>

#include "domain/journal_document.h"
#include "domain/ledger.h"
#include "domain/limits.h"
#include "printing/count_sheet.h"
#include "printing/format.h"
#include "services/app/periods.h"
#include "services/app/requests.h"
#include "services/app/scope.h"

namespace zapas {

using StoredStocktake = WorkStore::StoredStocktake;
using StocktakeLot = WorkStore::StocktakeLot;

namespace {

std::string Qty(int64_t milli) { return Quantity::FromMilli(milli).ToString(); }

// The per-day deltas of a lot in a warehouse: committed, and (in a write
// job) those of the batch's earlier jobs; sorted by day.
std::vector<DatedDelta> DeltasOf(const StockIndex& index, const PendingChanges* pending,
                                 int32_t warehouse_id, const Lot& lot) {
  std::vector<DatedDelta> out;
  if (const LotBalance* b = index.Find(warehouse_id, lot.item_id, lot.id)) {
    out.assign(b->timeline.begin(), b->timeline.end());
  }
  if (pending != nullptr) {
    if (const auto* extra = pending->Deltas(warehouse_id, lot.id)) {
      out.insert(out.end(), extra->begin(), extra->end());
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DatedDelta& a, const DatedDelta& b) { return a.day < b.day; });
  return out;
}

int64_t BalanceOn(const std::vector<DatedDelta>& deltas, Date date) {
  int64_t sum = 0;
  for (const DatedDelta& d : deltas) {
    if (d.day <= date.days()) sum += d.delta;
  }
  return sum;
}

// The first day from `date` on when the balance would fall below zero if
// `change` were added on `date`; nullopt when none.
std::optional<Date> FirstNegativeDay(const std::vector<DatedDelta>& deltas, Date date,
                                     int64_t change) {
  int64_t balance = BalanceOn(deltas, date) + change;
  if (balance < 0) return date;
  for (const DatedDelta& d : deltas) {
    if (d.day <= date.days()) continue;
    balance += d.delta;
    if (balance < 0) return Date::FromDays(d.day);
  }
  return std::nullopt;
}

// The stocktake `id`, or kNotFound.
Result<StoredStocktake> Find(Repository& repo, int64_t id) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<StoredStocktake> s, repo.FindStocktake(id));
  if (!s) return Status::NotFound("no stocktake " + std::to_string(id));
  return std::move(*s);
}

// Lots as the sheet orders them: by SKU, then expiry, then lot.
template <typename T, typename LotOf>
void SortLots(std::vector<T>& rows, const Catalog& catalog, LotOf lot_of) {
  auto key = [&](const T& row) {
    const Lot* lot = lot_of(row);
    const Item* item = lot ? catalog.ItemById(lot->item_id) : nullptr;
    return std::make_tuple(item ? item->sku : std::string(), lot ? lot->expiry.days() : 0,
                           lot ? lot->batch : std::string());
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const T& a, const T& b) { return key(a) < key(b); });
}

StocktakeDocumentLine DocumentLineOf(const Catalog& catalog, const Lot& lot) {
  const Item* item = catalog.ItemById(lot.item_id);
  StocktakeDocumentLine l{item ? item->sku : "", lot.batch, std::nullopt, std::nullopt,
                          std::nullopt};
  if (!lot.expiry.is_never()) l.expiry = lot.expiry;
  return l;
}

// The document of a step of stocktake `s` (a round of counts, its closing).
StocktakeDocument StepOf(const StoredStocktake& s, const char* kind, const WriteContext& ctx) {
  return StocktakeDocument{.kind = kind,
                           .stocktake = std::to_string(s.id),
                           .stocktake_number = s.number,
                           .warehouse = s.warehouse,
                           .date = s.date,
                           .recorded_at = ctx.recorded_at,
                           .recorded_by = ctx.who.username};
}

Status CheckOpen(const StoredStocktake& s) {
  if (s.closed) return Status::Conflict("stocktake " + s.number + " is closed");
  return Status::Ok();
}

}  // namespace

std::optional<StocktakeCommand> ReadStocktake(FieldReader& in) {
  StocktakeCommand c;
  c.warehouse = in.Code("warehouse");
  c.date = in.DateValue("date").value_or(Date::FromDays(0));
  c.blind = in.Bool("blind").value_or(false);
  return c;
}

WriteWork OpenStocktakeWork(const StocktakeCommand& c) {
  return [c](WriteContext& ctx) -> Result<Written> {
    const Warehouse* wh = ctx.catalog.WarehouseByCode(c.warehouse);
    if (wh == nullptr) {
      return Status::Field("warehouse", ctx.catalog.Unknown(CodeKind::kWarehouse, c.warehouse));
    }
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, wh->code));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseOwned(ctx.catalog, wh->code));
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, c.date));
    // Every lot with stock in the warehouse on the date.
    std::vector<std::pair<const Lot*, int64_t>> lots;
    ctx.index.ForEachInWarehouse(wh->id, [&](const LotBalance& b) {
      const Lot* lot = ctx.catalog.LotById(b.lot_id);
      if (lot == nullptr) return true;
      const int64_t on_date = BalanceOn(DeltasOf(ctx.index, &ctx.pending, wh->id, *lot), c.date);
      if (on_date != 0) lots.emplace_back(lot, on_date);
      return true;
    });
    SortLots(lots, ctx.catalog, [](const auto& row) { return row.first; });
    const std::string prefix(NumberPrefix("stocktake"));
    ZAPAS_ASSIGN_OR_RETURN(std::string number, ctx.NextNumber(prefix, c.date.year()));
    StocktakeDocument doc{.kind = "stocktake",
                          .number = std::move(number),
                          .warehouse = wh->code,
                          .date = c.date,
                          .blind = c.blind,
                          .recorded_at = ctx.recorded_at,
                          .recorded_by = ctx.who.username};
    std::vector<StocktakeLot> stored;
    for (const auto& [lot, quantity] : lots) {
      StocktakeDocumentLine l = DocumentLineOf(ctx.catalog, *lot);
      if (!c.blind) l.expected = Quantity::FromMilli(quantity);
      doc.lines.push_back(std::move(l));
      stored.push_back(StocktakeLot{lot->id, quantity, std::nullopt, true});
    }
    JournalEntry entry = ctx.NewEntry("stocktake", c.date, doc.number);
    entry.document = EncodeDocument(doc);
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertEntry(entry));
    std::sort(stored.begin(), stored.end(),
              [](const StocktakeLot& a, const StocktakeLot& b) { return a.lot_id < b.lot_id; });
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertStocktake(
        StoredStocktake{id, doc.number, wh->code, c.date, c.blind, false, 0}, stored));
    // The answer is the stored document: without `expected` when blind.
    return Written{EntryJson(id, entry.document)};
  };
}

Result<CountCommand> DecodeCounts(int64_t id, const std::string& body) {
  return DecodeJson(body, [id](FieldReader& in) -> std::optional<CountCommand> {
    CountCommand c{id, {}};
    for (FieldReader& l : in.Objects("lines")) {
      CountLine line{l.Code("sku"), l.Lot("lot"), Quantity::Zero()};
      if (std::optional<Quantity> q = l.QuantityValue("counted")) {
        if (q->is_negative()) {
          l.Fail("counted", "must not be negative");
        } else if (Status s = CheckLineQuantity(*q, l.Path("counted")); !s.ok()) {
          l.Fail("counted", s.errors().empty() ? s.message() : s.errors().front().message);
        }
        line.counted = *q;
      }
      c.lines.push_back(std::move(line));
    }
    return c;
  });
}

WriteWork RecordCountsWork(const CountCommand& c) {
  return [c](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(StoredStocktake s, Find(ctx.repo, c.stocktake));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, s.warehouse));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseOwned(ctx.catalog, s.warehouse));
    ZAPAS_RETURN_IF_ERROR(CheckOpen(s));
    const Warehouse* wh = ctx.catalog.WarehouseByCode(s.warehouse);
    if (wh == nullptr) return Status::Internal("a stocktake names an unknown warehouse");
    StocktakeDocument doc = StepOf(s, "stocktake_count", ctx);
    std::map<int32_t, StocktakeLot> counts;  // the last count of a lot in the body wins
    for (size_t i = 0; i < c.lines.size(); ++i) {
      const CountLine& l = c.lines[i];
      const std::string at = "lines[" + std::to_string(i) + "]";
      const Item* item = ctx.catalog.ItemBySku(l.sku);
      if (item == nullptr) {
        return Status::Field(at + ".sku", ctx.catalog.Unknown(CodeKind::kItem, l.sku));
      }
      const Lot* lot = ctx.catalog.LotByBatch(item->id, l.lot);
      if (lot == nullptr) {
        return Status::Field(at + ".lot", "unknown lot \"" + l.lot + "\" of SKU " + l.sku +
                                              ": goods that arrived without a lot are received");
      }
      const int64_t books = BalanceOn(DeltasOf(ctx.index, &ctx.pending, wh->id, *lot), s.date);
      counts[lot->id] = StocktakeLot{lot->id, books, l.counted.milli(), false};
      StocktakeDocumentLine line = DocumentLineOf(ctx.catalog, *lot);
      line.counted = l.counted;
      doc.lines.push_back(std::move(line));
    }
    JournalEntry entry = ctx.NewEntry("stocktake_count", s.date, "", s.id);
    entry.document = EncodeDocument(doc);
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertEntry(entry).status());
    std::vector<StocktakeLot> rows;
    for (const auto& [lot_id, row] : counts) rows.push_back(row);
    ZAPAS_RETURN_IF_ERROR(ctx.repo.RecordCounts(s.id, rows));
    ZAPAS_ASSIGN_OR_RETURN(std::string json, StocktakeJson(ctx.repo, ctx.catalog, ctx.index, s.id));
    return Written{std::move(json), false};
  };
}

WriteWork CloseStocktakeWork(int64_t id) {
  return [id](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(StoredStocktake s, Find(ctx.repo, id));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, s.warehouse));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseOwned(ctx.catalog, s.warehouse));
    ZAPAS_RETURN_IF_ERROR(CheckOpen(s));
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, s.date));
    const Warehouse* wh = ctx.catalog.WarehouseByCode(s.warehouse);
    if (wh == nullptr) return Status::Internal("a stocktake names an unknown warehouse");
    ZAPAS_ASSIGN_OR_RETURN(std::vector<StocktakeLot> lots, ctx.repo.StocktakeLots(id));
    SortLots(lots, ctx.catalog,
             [&](const StocktakeLot& l) { return ctx.catalog.LotById(l.lot_id); });
    AdjustmentRequest adjustment{
        .warehouse = wh->code, .date = s.date, .reason = AdjustmentReason::kCount};
    StocktakeDocument closing = StepOf(s, "stocktake_close", ctx);
    for (const StocktakeLot& l : lots) {
      if (!l.counted) continue;  // never counted: left as it is
      const Lot* lot = ctx.catalog.LotById(l.lot_id);
      const Item* item = lot ? ctx.catalog.ItemById(lot->item_id) : nullptr;
      if (item == nullptr) return Status::Internal("a stocktake names an unknown lot");
      const std::vector<DatedDelta> deltas = DeltasOf(ctx.index, &ctx.pending, wh->id, *lot);
      const int64_t books = BalanceOn(deltas, s.date);
      const int64_t difference = *l.counted - books;
      StocktakeDocumentLine line = DocumentLineOf(ctx.catalog, *lot);
      line.expected = Quantity::FromMilli(books);
      line.counted = Quantity::FromMilli(*l.counted);
      closing.lines.push_back(std::move(line));
      if (difference == 0) continue;
      if (std::optional<Date> day = FirstNegativeDay(deltas, s.date, difference)) {
        return Status::Conflict("lot " + lot->batch + " (SKU " + item->sku + ") in warehouse " +
                                wh->code + " would fall below zero on " + day->ToString() +
                                ": counted " + Qty(*l.counted) + " on " + s.date.ToString() +
                                ", the books hold " + Qty(books) +
                                " then, and later movements take out more");
      }
      adjustment.lines.push_back(OutLine{item->sku, Quantity::FromMilli(difference), lot->batch});
    }
    std::string answer;
    int64_t adjustment_id = 0;
    if (!adjustment.lines.empty()) {
      Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
      ZAPAS_ASSIGN_OR_RETURN(MovementPlan plan, ledger.PlanAdjustment(adjustment));
      ZAPAS_ASSIGN_OR_RETURN(
          StoredAdjustment adjusted,
          StoreAdjustment(ctx, std::move(plan), wh->code, "count", s.number, s.id));
      answer = std::move(adjusted.json);
      adjustment_id = adjusted.id;
      closing.adjustment = std::to_string(adjusted.id);
      closing.adjustment_number = adjusted.number;
    }
    JournalEntry entry = ctx.NewEntry("stocktake_close", s.date, "", s.id);
    entry.document = EncodeDocument(closing);
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertEntry(entry).status());
    ZAPAS_RETURN_IF_ERROR(ctx.repo.CloseStocktake(s.id, adjustment_id));
    if (answer.empty()) {
      // Nothing differed: an adjustment with no lines, that nothing stored.
      JsonWriter w;
      w.BeginObject()
          .Key("id")
          .Null()
          .Key("number")
          .Null()
          .Field("warehouse", wh->code)
          .Field("reason", "count")
          .Field("source", s.number)
          .Field("date", s.date.ToString());
      w.Key("lines").BeginArray().EndArray().Key("totals").BeginArray().EndArray();
      answer = w.EndObject().Take();
    }
    answer.pop_back();
    // 201 when it made an adjustment, 200 when nothing differed.
    return Written{answer + ",\"stocktake\":\"" + std::to_string(s.id) +
                       "\",\"stocktake_number\":\"" + s.number + "\"}",
                   adjustment_id != 0};
  };
}

Result<std::string> StocktakeJson(Repository& repo, const Catalog& catalog, const StockIndex& index,
                                  int64_t id) {
  ZAPAS_ASSIGN_OR_RETURN(StoredStocktake s, Find(repo, id));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<StocktakeLot> lots, repo.StocktakeLots(id));
  SortLots(lots, catalog, [&](const StocktakeLot& l) { return catalog.LotById(l.lot_id); });
  const Warehouse* wh = catalog.WarehouseByCode(s.warehouse);
  JsonWriter w;
  w.BeginObject();
  WriteStocktakeSummary(w, s);
  w.Key("lines").BeginArray();
  for (const StocktakeLot& l : lots) {
    const Lot* lot = catalog.LotById(l.lot_id);
    const Item* item = lot ? catalog.ItemById(lot->item_id) : nullptr;
    if (item == nullptr || wh == nullptr) continue;
    w.BeginObject().Field("sku", item->sku).Field("lot", lot->batch);
    w.NullableField("expiry", lot->expiry.is_never() ? "" : lot->expiry.ToString());
    const int64_t books = BalanceOn(DeltasOf(index, nullptr, wh->id, *lot), s.date);
    if (!s.blind) w.Field("expected", Qty(books));
    w.NullableField("counted", l.counted ? Qty(*l.counted) : "");
    if (!s.blind) w.NullableField("difference", l.counted ? Qty(*l.counted - books) : "");
    w.Field("on_sheet", l.on_sheet).EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

void WriteStocktakeSummary(JsonWriter& w, const StoredStocktake& s) {
  w.Field("id", std::to_string(s.id))
      .Field("number", s.number)
      .Field("warehouse", s.warehouse)
      .Field("date", s.date.ToString())
      .Field("blind", s.blind)
      .Field("status", s.closed ? "closed" : "open")
      .NullableField("adjustment", s.adjustment_id ? std::to_string(s.adjustment_id) : "");
}

Result<std::vector<StoredStocktake>> ListStocktakes(Repository& repo, int64_t before, int limit) {
  return repo.ListStocktakes(before, limit);
}

Result<std::string> CountSheetPdf(Repository& repo, const Catalog& catalog, int64_t id,
                                  const DocumentSettings& settings) {
  ZAPAS_ASSIGN_OR_RETURN(StoredStocktake s, Find(repo, id));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<StocktakeLot> lots, repo.StocktakeLots(id));
  SortLots(lots, catalog, [&](const StocktakeLot& l) { return catalog.LotById(l.lot_id); });
  const Warehouse* wh = catalog.WarehouseByCode(s.warehouse);
  printing::CountSheetData data;
  data.number = s.number;
  data.date = s.date;
  data.place = wh ? wh->region : "";
  data.organisation = settings.org_name;
  data.warehouse = wh ? wh->code + " " + wh->name + ", " + wh->region : s.warehouse;
  data.blind = s.blind;
  for (const StocktakeLot& l : lots) {
    if (!l.on_sheet) continue;  // found during the count: not on the printed sheet
    const Lot* lot = catalog.LotById(l.lot_id);
    const Item* item = lot ? catalog.ItemById(lot->item_id) : nullptr;
    if (item == nullptr) continue;
    auto [unit_uk, unit_en] = printing::UnitLabels(item->unit);
    printing::CountSheetLine line{
        item->name_uk, item->name_en,
        unit_uk,       unit_en,
        item->sku,     lot->batch,
        std::nullopt,  printing::FormatQuantity(Quantity::FromMilli(l.expected))};
    if (!lot->expiry.is_never()) line.expiry = lot->expiry;
    data.lines.push_back(std::move(line));
  }
  return printing::RenderCountSheet(data, PrintOptionsOf(settings));
}

}  // namespace zapas

// Stocktakes (CNT-): a count of one warehouse's lots as they stood on a date.
//
// POST /stocktakes opens one (the lots with stock on that date, and what the
// books hold of each, which a blind count never shows); counts come in one or
// several rounds (the last count of a lot wins; lots found that are not on
// the sheet are added); closing makes one adjustment, reason `count`, dated
// the stocktake's date, of counted − stock on that date for every counted
// lot that differs — planned by the Ledger, so a difference that would take a
// later day below zero is refused (409 naming the lot and day). Lots never
// counted stay as they are. A closed stocktake takes no more counts.
//
// Each step is a journal entry (stocktake, stocktake_count, stocktake_close,
// and the adjustment), and where the stocktake stands is kept beside it
// (Repository's WorkStore).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/json.h"
#include "domain/quantity.h"
#include "services/app/documents.h"
#include "services/app/json_input.h"
#include "services/app/store.h"

namespace zapas {

struct StocktakeCommand {
  std::string warehouse;
  Date date = Date::FromDays(0);
  bool blind = false;
};
std::optional<StocktakeCommand> ReadStocktake(FieldReader& in);
WriteWork OpenStocktakeWork(const StocktakeCommand& command);

struct CountLine {
  std::string sku, lot;
  Quantity counted = Quantity::Zero();
};
struct CountCommand {
  int64_t stocktake = 0;
  std::vector<CountLine> lines;
};
Result<CountCommand> DecodeCounts(int64_t id, const std::string& body);
WriteWork RecordCountsWork(const CountCommand& command);
WriteWork CloseStocktakeWork(int64_t id);

// GET /stocktakes/{id}: {"id", "number", "warehouse", "date", "blind",
// "status", "adjustment", "lines": [{"sku", "lot", "expiry", "expected"
// (not when blind), "counted" (null until counted), "difference" (not when
// blind; null until counted), "on_sheet"}]}. kNotFound when none.
Result<std::string> StocktakeJson(Repository& repo, const Catalog& catalog, const StockIndex& index,
                                  int64_t id);
// GET /stocktakes: newest first, a page at a time.
Result<std::vector<WorkStore::StoredStocktake>> ListStocktakes(Repository& repo, int64_t before,
                                                               int limit);
void WriteStocktakeSummary(JsonWriter& w, const WorkStore::StoredStocktake& s);
// The count sheet as PDF.
Result<std::string> CountSheetPdf(Repository& repo, const Catalog& catalog, int64_t id,
                                  const DocumentSettings& settings);

}  // namespace zapas

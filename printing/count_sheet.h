// The stocktake's count sheet (інвентаризаційний опис) and the needs board
// a donor is sent ("what we need now"), as bilingual A4 PDFs in the
// documents' visual language (printing/blocks.h).
//
// The count sheet lists every lot of the warehouse on the stocktake's date —
// item, unit, lot, expiry, what the books hold (left out of a blind count)
// and an empty column to write the count in — continuing on further pages
// with its header repeated; "сторінка N з M / page N of M" in every footer;
// and the count commission's signatures.
//
// The needs board is one page: the items most asked for and not yet
// delivered, with what is in stock; aggregates only, never a recipient.
//
// Thread-safe: nothing is shared between calls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/status.h"
#include "printing/pdf_document.h"
#include "printing/waybill.h"

namespace zapas::printing {

struct CountSheetLine {
  std::string name_uk, name_en, unit, unit_en, sku, lot;
  std::optional<Date> expiry;  // none prints "—"
  std::string expected;        // as printed (FormatQuantity); ignored when blind
};

struct CountSheetData {
  std::string number;  // "CNT-2026-000004"
  Date date = Date::FromDays(0);
  std::string place;
  std::string organisation;
  std::string warehouse;  // "KYIV-1 Склад №1, Київська"
  bool blind = false;
  std::vector<CountSheetLine> lines;  // may be empty: an empty warehouse
};

Result<std::string> RenderCountSheet(const CountSheetData& data, const PrintOptions& options);

struct NeedsSheetLine {
  std::string name_uk, name_en, unit, unit_en;
  std::string requested, delivered, outstanding, available;  // as printed
};

struct NeedsSheetData {
  std::string number;  // names the sheet in its footer: "NEEDS-2026-12-07"
  Date date = Date::FromDays(0);
  std::string organisation;
  std::string scope_uk, scope_en;  // "усі регіони", "Харківська, idp_shelter"
  std::vector<NeedsSheetLine> lines;  // most outstanding first
  size_t more = 0;                    // items left off to keep one page
};

Result<std::string> RenderNeedsSheet(const NeedsSheetData& data, const PrintOptions& options);

}  // namespace zapas::printing

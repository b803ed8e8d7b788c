// Lot labels: one per lot and copy, each with a Data Matrix, the item's
// Ukrainian name, SKU, lot and expiry in text. The code is a GS1 Data Matrix
// of (01) GTIN, (17) expiry, (10) lot when the item has a GTIN and the lot
// fits (10) — any scanner and any GS1 system reads it — and otherwise a plain
// Data Matrix of Zapas' own lot code (domain/gs1/scan.h LotLabelText), which
// POST /scan reads back to the same item and lot.
//
// Layouts: a sheet of A4 with 3 x 8 labels of 70 x 37 mm (the common office
// label sheet), and one label of 100 x 150 mm per page for thermal printers.
//
// Thread-safe: nothing is shared between calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/status.h"
#include "printing/pdf_document.h"

namespace zapas::printing {

enum class LabelLayout { kA4Sheet3x8, kThermal100x150 };
// "a4-3x8", "thermal-100x150"; nullopt for anything else.
std::optional<LabelLayout> ParseLabelLayout(std::string_view name);

struct LotLabel {
  std::string sku, name_uk, lot;
  std::optional<Date> expiry;  // none: the lot does not expire
  std::string gtin;            // 14 digits, "" when the item has none
};

// What the label's Data Matrix holds: the GS1 element string in bracketed
// form ("(01)...(17)...(10)..."), or the Zapas lot code; `gs1` says which.
struct LabelCode {
  std::string text;
  bool gs1 = false;
};
LabelCode CodeOfLabel(const LotLabel& label);

// The labels, each `copies` times in a row (1..1000). kInvalid for a bad
// copies count or an empty list.
Result<std::string> RenderLabels(const std::vector<LotLabel>& labels, int copies,
                                 LabelLayout layout, const PrintOptions& options);

}  // namespace zapas::printing

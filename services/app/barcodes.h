// Barcodes. POST /scan: what a barcode scanner read, in Zapas' terms — the
// item whose GTIN it is, how many units the scanned pack holds, lot, expiry,
// serial — beside the GS1 elements themselves (domain/gs1/scan.h); writes
// nothing. GET /stock/labels.pdf and `zapas print labels`: lot labels
// (printing/labels.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/catalog.h"
#include "domain/date.h"
#include "domain/status.h"
#include "domain/stock_index.h"
#include "services/app/documents.h"

namespace zapas {

// {"data", "partial"?}: the raw text a scanner gives (GS as ASCII 29, any
// symbology identifier), at most 8,190 bytes after the identifier; `partial`
// (default false) reads a code whose AIs need others beside them (a pack's
// lot and expiry on a code of their own) instead of refusing it.
struct ScanRequest {
  std::string data;
  bool partial = false;
};
Result<ScanRequest> DecodeScan(const std::string& body);

// The reply: {"gtin", "sku", "quantity", "lot", "expiry", "serial",
// "elements": [{"ai", "value"}], "kind", "name", "per_pack", "count",
// "produced", "net_weight_kg", "gross_weight_kg", "sscc", "missing"}. `kind` says what was read:
// "gs1" (elements, or an EAN/UPC), "lot_label" (Zapas' own label of a lot), "text" (anything else).
// `quantity` is the units the scan stands for: the pack's units times the count (30/37) when there
// is one, the net weight (310n) for an item counted in kg, 1 for a lot label; null when the item is
// unknown. `missing` names the AIs the elements need beside them that were not there (a pack's
// other code may carry them). kInvalid naming the AI for malformed GS1 data.
Result<std::string> ScanReply(const Catalog& catalog, const ScanRequest& request, Date today);

// Lot labels of the query {"warehouse", "sku", "lot", "copies", "layout"}
// (each optional; copies 1 by default, layout "a4-3x8" or "thermal-100x150").
// A SKU and lot together name that lot, stock or not; otherwise every lot
// with stock that the filters match, once each, by SKU and lot. `scope`
// limits the stock to those warehouses (codes; empty: all). kNotFound when
// nothing matches; kInvalid naming the parameter for a bad one.
Result<std::string> LabelsPdf(const Catalog& catalog, const StockIndex& index,
                              const std::map<std::string, std::string>& query,
                              const std::vector<std::string>& scope,
                              const DocumentSettings& settings);

}  // namespace zapas

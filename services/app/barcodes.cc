// POST /scan and lot labels (services/app/barcodes.h).
#include "services/app/barcodes.h"

#include <algorithm>
#include <set>

#include "domain/gs1/scan.h"
#include "domain/json.h"
#include "printing/labels.h"
#include "services/app/requests.h"

namespace zapas {
namespace {

void WriteOptional(JsonWriter& w, std::string_view key, const std::optional<std::string>& value) {
  w.Key(key);
  value ? w.String(*value) : w.Null();
}

// The units a scan stands for, given the item its GTIN names.
std::optional<Quantity> UnitsOf(const gs1::ScanFacts& facts, const Item& item, Quantity per_pack) {
  if (item.unit == Unit::kKg && facts.net_kg) return *facts.net_kg;
  int64_t packs = facts.count.value_or(1);
  // A pack's units times the count: at most 10^8 x 10^15 thousandths would
  // overflow, so a count beyond the limits of a line is left to the person.
  if (packs <= 0 || per_pack.milli() > INT64_MAX / packs) return std::nullopt;
  return Quantity::FromMilli(per_pack.milli() * packs);
}

}  // namespace

Result<ScanRequest> DecodeScan(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<ScanRequest> {
    // Taken as it is, GS and all: the 8,190 bytes a barcode can hold, its
    // symbology identifier and a scanner's line end.
    return ScanRequest{.data = in.Secret("data", 8195),
                       .partial = in.Bool("partial").value_or(false)};
  });
}

Result<std::string> ScanReply(const Catalog& catalog, const ScanRequest& request, Date today) {
  const gs1::ParseOptions options{.this_year = today.year(), .partial = request.partial};
  ZAPAS_ASSIGN_OR_RETURN(gs1::Scan scan, gs1::ReadScan(request.data, options));
  gs1::ScanFacts facts = gs1::Interpret(scan, options);
  const Item* item = nullptr;
  std::optional<Quantity> quantity, per_pack;
  std::string kind = scan.text.empty() ? "gs1" : "text";
  if (!facts.gtin.empty()) {
    if (auto match = catalog.ItemByGtin(facts.gtin)) {
      item = match->item;
      per_pack = match->per_pack;
      quantity = UnitsOf(facts, *item, match->per_pack);
    }
  } else if (auto label = gs1::ReadLotLabel(scan.text)) {
    kind = "lot_label";
    facts.lot = label->second;
    item = catalog.ItemBySku(label->first);
    if (item != nullptr) {
      quantity = Quantity::FromMilli(1000);
      const Lot* lot = catalog.LotByBatch(item->id, label->second);
      if (lot != nullptr && lot->expiry != Date::Never()) facts.expiry = lot->expiry;
    }
  }
  JsonWriter w;
  w.BeginObject();
  WriteOptional(w, "gtin", facts.gtin.empty() ? std::nullopt : std::optional(facts.gtin));
  WriteOptional(w, "sku", item ? std::optional(item->sku) : std::nullopt);
  WriteOptional(w, "quantity", quantity ? std::optional(quantity->ToString()) : std::nullopt);
  WriteOptional(w, "lot", facts.lot);
  WriteOptional(w, "expiry", facts.expiry ? std::optional(facts.expiry->ToString()) : std::nullopt);
  WriteOptional(w, "serial", facts.serial);
  w.Key("elements").BeginArray();
  for (const gs1::Element& e : scan.elements) {
    w.BeginObject().Field("ai", e.ai).Field("value", e.value).EndObject();
  }
  w.EndArray().Field("kind", kind);
  if (item != nullptr) {
    w.Key("name").BeginObject().Field("uk", item->name_uk).Field("en", item->name_en).EndObject();
    w.Field("unit", UnitName(item->unit));
  }
  WriteOptional(w, "per_pack", per_pack ? std::optional(per_pack->ToString()) : std::nullopt);
  w.Key("count");
  facts.count ? w.Int(*facts.count) : w.Null();
  WriteOptional(w, "produced",
                facts.produced ? std::optional(facts.produced->ToString()) : std::nullopt);
  WriteOptional(w, "net_weight_kg",
                facts.net_kg ? std::optional(facts.net_kg->ToString()) : std::nullopt);
  WriteOptional(w, "gross_weight_kg",
                facts.gross_kg ? std::optional(facts.gross_kg->ToString()) : std::nullopt);
  WriteOptional(w, "sscc", facts.sscc);
  if (kind == "text") w.Field("text", scan.text);
  w.Key("missing").BeginArray();
  for (const std::string& m : gs1::MissingPartners(scan.elements)) w.String(m);
  w.EndArray().EndObject();
  return w.Take();
}

namespace {

std::string Param(const std::map<std::string, std::string>& query, const char* name) {
  auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

printing::LotLabel LabelOf(const Item& item, const Lot& lot) {
  printing::LotLabel label{.sku = item.sku, .name_uk = item.name_uk, .lot = lot.batch};
  if (lot.expiry != Date::Never()) label.expiry = lot.expiry;
  // The GTIN of the smallest pack: a label names one unit of the lot.
  const ItemGtin* unit = nullptr;
  for (const ItemGtin& g : item.gtins) {
    if (unit == nullptr || g.quantity < unit->quantity) unit = &g;
  }
  if (unit != nullptr) {
    if (auto gtin14 = gs1::NormalizeGtin(unit->gtin); gtin14.ok()) label.gtin = *gtin14;
  }
  return label;
}

}  // namespace

Result<std::string> LabelsPdf(const Catalog& catalog, const StockIndex& index,
                              const std::map<std::string, std::string>& query,
                              const std::vector<std::string>& scope,
                              const DocumentSettings& settings) {
  const std::string warehouse_code = Param(query, "warehouse"), sku = Param(query, "sku"),
                    lot_name = Param(query, "lot"), copies_text = Param(query, "copies"),
                    layout_name = Param(query, "layout");
  int copies = 1;
  if (!copies_text.empty()) {
    if (copies_text.size() > 4 ||
        copies_text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(copies_text) < 1 || std::stoi(copies_text) > 1000) {
      return Status::Field("copies", "must be a whole number from 1 to 1000");
    }
    copies = std::stoi(copies_text);
  }
  auto layout = printing::ParseLabelLayout(layout_name.empty() ? "a4-3x8" : layout_name);
  if (!layout) return Status::Field("layout", "must be a4-3x8 or thermal-100x150");
  const Warehouse* warehouse = nullptr;
  if (!warehouse_code.empty()) {
    warehouse = catalog.WarehouseByCode(warehouse_code);
    if (warehouse == nullptr) {
      return Status::Field("warehouse", catalog.Unknown(CodeKind::kWarehouse, warehouse_code));
    }
  }
  const Item* item = nullptr;
  if (!sku.empty()) {
    item = catalog.ItemBySku(sku);
    if (item == nullptr) return Status::Field("sku", catalog.Unknown(CodeKind::kItem, sku));
  }
  std::vector<printing::LotLabel> labels;
  if (item != nullptr && !lot_name.empty() && warehouse == nullptr) {
    const Lot* lot = catalog.LotByBatch(item->id, lot_name);
    if (lot == nullptr) return Status::NotFound("no lot " + lot_name + " of " + sku);
    labels.push_back(LabelOf(*item, *lot));
  } else {
    std::set<int32_t> in_scope;
    for (const std::string& code : scope) {
      if (const Warehouse* w = catalog.WarehouseByCode(code)) in_scope.insert(w->id);
    }
    std::set<int32_t> seen;
    auto visit = [&](const LotBalance& b) {
      if (b.quantity <= 0 || (warehouse && b.warehouse_id != warehouse->id)) return true;
      if (!scope.empty() && !in_scope.count(b.warehouse_id)) return true;
      if (item && b.item_id != item->id) return true;
      const Lot* lot = catalog.LotById(b.lot_id);
      const Item* of = catalog.ItemById(b.item_id);
      if (lot == nullptr || of == nullptr || (!lot_name.empty() && lot->batch != lot_name))
        return true;
      if (seen.insert(lot->id).second) labels.push_back(LabelOf(*of, *lot));
      return true;
    };
    if (item != nullptr) {
      index.ForEachOfItem(item->id, Date::FromDays(std::numeric_limits<int32_t>::min()), visit);
    } else if (warehouse != nullptr) {
      index.ForEachInWarehouse(warehouse->id, visit);
    } else {
      index.ForEach(visit);
    }
    std::sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) {
      return std::tie(a.sku, a.lot) < std::tie(b.sku, b.lot);
    });
  }
  if (labels.empty()) return Status::NotFound("no lot in stock matches; nothing to label");
  constexpr size_t kMostLabels = 10000;
  if (labels.size() * static_cast<size_t>(copies) > kMostLabels) {
    return Status::Field("copies", "would print more than 10000 labels; narrow the query");
  }
  return printing::RenderLabels(labels, copies, *layout, PrintOptionsOf(settings));
}

}  // namespace zapas

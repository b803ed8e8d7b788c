// The endpoints of kits (definitions, assembly and its preview,
// disassembly), reorder levels and alerts.
#include "services/app/kits.h"
#include "services/app/periods.h"
#include "services/app/scope.h"
#include "services/clock.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::ListKits(Call& c) {
  (void)c;
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto kits, conn->ListKits());
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  store_.Read([&](const Catalog& catalog, const StockIndex&) {
    for (const auto& k : kits) WriteKit(w, k, catalog);
  });
  w.EndArray().Key("next").Null().EndObject();
  return Reply{200, w.Take()};
}

Result<Reply> Api::GetKit(Call& c) {
  const std::string& sku = c.params.at(0);
  const int32_t id = store_.Read([&](const Catalog& catalog, const StockIndex&) {
    const Item* item = catalog.ItemBySku(sku);
    return item ? item->id : 0;
  });
  if (id == 0) return Status::NotFound("no item " + sku);
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto kit, conn->FindKit(id));
  if (!kit) return Status::NotFound(sku + " is not a kit");
  JsonWriter w;
  store_.Read([&](const Catalog& catalog, const StockIndex&) { WriteKit(w, *kit, catalog); });
  return Reply{200, w.Take()};
}

// The component lots an assembly would take, planned by the same Ledger
// against the committed stock, with the same errors; nothing is written.
Result<Reply> Api::PreviewAssembly(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(AssemblyRequest r, DecodeAssembly(c.request.body));
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(*conn, store_.LatestWritableDate(), r.date));
    ZAPAS_ASSIGN_OR_RETURN(r.components,
                           store_.Read([&](const Catalog& catalog, const StockIndex&) {
                             return KitComponentsOf(*conn, catalog, r.kit);
                           }));
  }
  r.default_lot = "KIT-" + std::to_string(r.date.year()) + "-…";
  ZAPAS_ASSIGN_OR_RETURN(
      MovementDocument doc,
      store_.Read([&](const Catalog& catalog, const StockIndex& index) -> Result<MovementDocument> {
        ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(c.who, catalog, r.warehouse));
        return zapas::PreviewAssembly(catalog, index, r);
      }));
  return Reply{200, EncodeDocument(doc)};
}

Result<Reply> Api::GetAssembly(Call& c) { return GetEntry(c, "assembly"); }
Result<Reply> Api::GetDisassembly(Call& c) { return GetEntry(c, "disassembly"); }

Result<Reply> Api::SetMinimum(Call& c) {
  const std::string warehouse = c.params.at(0), sku = c.params.at(1);
  ZAPAS_ASSIGN_OR_RETURN(Quantity quantity,
                         DecodeJson(c.request.body, [](FieldReader& in) -> std::optional<Quantity> {
                           auto q = in.QuantityValue("quantity");
                           if (q && q->is_negative()) in.Fail("quantity", "must not be negative");
                           return q.value_or(Quantity::Zero());
                         }));
  ZAPAS_RETURN_IF_ERROR(CheckLineQuantity(quantity, "quantity"));
  WriteWork work = [=](WriteContext& ctx) -> Result<Written> {
    const Warehouse* wh = ctx.catalog.WarehouseByCode(warehouse);
    if (wh == nullptr)
      return Status::NotFound(ctx.catalog.Unknown(CodeKind::kWarehouse, warehouse));
    const Item* item = ctx.catalog.ItemBySku(sku);
    if (item == nullptr) return Status::NotFound(ctx.catalog.Unknown(CodeKind::kItem, sku));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, warehouse));
    ZAPAS_RETURN_IF_ERROR(ctx.repo.SetMinimum(wh->id, item->id, quantity.milli()));
    JsonWriter w;
    w.BeginObject()
        .Field("warehouse", wh->code)
        .Field("sku", item->sku)
        .Field("quantity", quantity.ToString())
        .EndObject();
    return Written{w.Take(), false};
  };
  ZAPAS_ASSIGN_OR_RETURN(Reply reply, Write(c, std::move(work)));
  alerts_->MinimumsChanged();
  return reply;
}

Result<Reply> Api::ListMinimums(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto rows, conn->ListMinimums());
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& m : rows) {
    if (!c.who.MayUseWarehouse(m.warehouse)) continue;
    w.BeginObject()
        .Field("warehouse", m.warehouse)
        .Field("sku", m.sku)
        .Field("quantity", Quantity::FromMilli(m.milli).ToString())
        .EndObject();
  }
  w.EndArray().Key("next").Null().EndObject();
  return Reply{200, w.Take()};
}

Result<Reply> Api::ListAlerts(Call& c) {
  auto param = [&](const char* name) {
    auto it = c.request.query.find(name);
    return it == c.request.query.end() ? std::string() : it->second;
  };
  const std::string kind_text = param("kind"), warehouse = param("warehouse"),
                    after = param("after");
  std::optional<AlertKind> kind;
  if (!kind_text.empty()) {
    kind = ParseAlertKind(kind_text);
    if (!kind) {
      return Status::Field("kind",
                           "must be one of expired, expiring, below_minimum, undistributed, "
                           "unconfirmed_delivery, request_overdue");
    }
  }
  int32_t warehouse_id = 0;
  if (!warehouse.empty()) {
    warehouse_id = store_.Read([&](const Catalog& catalog, const StockIndex&) {
      const Warehouse* w = catalog.WarehouseByCode(warehouse);
      return w ? w->id : 0;
    });
    if (warehouse_id == 0) return Status::Field("warehouse", "unknown warehouse " + warehouse);
  }
  size_t skip = 0;
  if (!after.empty()) {
    if (after.size() > 9 || after.find_first_not_of("0123456789") != std::string::npos) {
      return Status::Field("after", "must be the cursor of a previous page");
    }
    skip = std::stoul(after);
  }
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  const Principal& who = c.who;
  AlertFilter keep = [&](const AlertRow& row, const Catalog& catalog) {
    if (warehouse_id != 0 && row.warehouse_id != warehouse_id) return false;
    if (row.warehouse_id == 0 || who.warehouses.empty()) return true;
    const Warehouse* w = catalog.WarehouseById(row.warehouse_id);
    return w != nullptr && who.MayUseWarehouse(w->code);
  };
  ZAPAS_ASSIGN_OR_RETURN(AlertSelection page, alerts_->Select(store_, Today(), kind, keep, skip,
                                                              static_cast<size_t>(limit)));
  const std::string language = c.request.accept_language.rfind("en", 0) == 0 ? "en" : "uk";
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const Alert& a : page.alerts) WriteAlert(w, a, language);
  w.EndArray().Key("next");
  if (page.total > skip + page.alerts.size()) {
    w.String(std::to_string(skip + page.alerts.size()));
  } else {
    w.Null();
  }
  w.EndObject();
  return Reply{200, w.Take()};
}

}  // namespace zapas

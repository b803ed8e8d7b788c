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
    const int32_t id = store_.Read([&](const Catalog& catalog, const StockIndex&) {
      const Item* item = catalog.ItemBySku(r.kit);
      return item ? item->id : 0;
    });
    if (id == 0) return Status::Field("kit", "unknown SKU " + r.kit);
    ZAPAS_ASSIGN_OR_RETURN(auto kit, conn->FindKit(id));
    if (!kit) return Status::Field("kit", r.kit + " is not a kit: define its components first");
    r.components = kit->components;
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
  const std::string kind = param("kind"), warehouse = param("warehouse"), after = param("after");
  if (!kind.empty()) {
    const auto& kinds = AlertKinds();
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      return Status::Field("kind",
                           "must be one of expired, expiring, below_minimum, undistributed, "
                           "unconfirmed_delivery, request_overdue");
    }
  }
  if (!warehouse.empty()) {
    const bool known = store_.Read([&](const Catalog& catalog, const StockIndex&) {
      return catalog.WarehouseByCode(warehouse) != nullptr;
    });
    if (!known) return Status::Field("warehouse", "unknown warehouse " + warehouse);
  }
  size_t skip = 0;
  if (!after.empty()) {
    if (after.size() > 9 || after.find_first_not_of("0123456789") != std::string::npos) {
      return Status::Field("after", "must be the cursor of a previous page");
    }
    skip = std::stoul(after);
  }
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Alert> all, alerts_->Current(store_, Today()));
  const std::string language = c.request.accept_language.rfind("en", 0) == 0 ? "en" : "uk";
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  size_t seen = 0, written = 0;
  bool more = false;
  for (const Alert& a : all) {
    if (!kind.empty() && a.kind != kind) continue;
    if (!warehouse.empty() && a.warehouse != warehouse) continue;
    if (!a.warehouse.empty() && !c.who.MayUseWarehouse(a.warehouse)) continue;
    if (seen++ < skip) continue;
    if (written == static_cast<size_t>(limit)) {
      more = true;
      break;
    }
    WriteAlert(w, a, language);
    ++written;
  }
  w.EndArray().Key("next");
  if (more) {
    w.String(std::to_string(skip + written));
  } else {
    w.Null();
  }
  w.EndObject();
  return Reply{200, w.Take()};
}

}  // namespace zapas

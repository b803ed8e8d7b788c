// GET /stock: lot balances, read from the in-memory index (never from SQL).
#include "services/api.h"

namespace zapas {

Result<Reply> Api::GetStock(Call& c) {
  const auto& q = c.request.query;
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(q));
  size_t offset = 0;
  if (auto it = q.find("after"); it != q.end() && !it->second.empty()) {
    const std::string& s = it->second;
    if (s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) {
      return Status::Field("after", "is not a cursor returned by this endpoint");
    }
    offset = std::stoull(s);
  }
  std::optional<Date> expiring_before;
  if (auto it = q.find("expiring_before"); it != q.end() && !it->second.empty()) {
    auto d = Date::Parse(it->second);
    if (!d.ok()) return Status::Field("expiring_before", d.status().message());
    expiring_before = *d;
  }
  auto param = [&](const char* name) {
    auto it = q.find(name);
    return it == q.end() ? std::string() : it->second;
  };
  const std::string warehouse_code = param("warehouse");
  const std::string sku = param("sku");

  return store_.Read([&](const Catalog& catalog, const StockIndex& index) -> Result<Reply> {
    int32_t warehouse_id = 0;
    if (!warehouse_code.empty()) {
      const Warehouse* w = catalog.WarehouseByCode(warehouse_code);
      if (w == nullptr) return Status::NotFound("unknown warehouse \"" + warehouse_code + "\"");
      warehouse_id = w->id;
    }
    const Item* item = nullptr;
    if (!sku.empty()) {
      item = catalog.ItemBySku(sku);
      if (item == nullptr) return Status::NotFound("unknown SKU \"" + sku + "\"");
    }
    JsonWriter w;
    w.BeginObject().Key("items").BeginArray();
    size_t seen = 0;
    int written = 0;
    bool more = false;
    auto visit = [&](const LotBalance& b) {
      if (b.quantity == 0) return true;
      if (warehouse_id != 0 && b.warehouse_id != warehouse_id) return true;
      if (item != nullptr && b.item_id != item->id) return true;
      if (expiring_before && !(b.expiry_day < expiring_before->days())) return true;
      if (seen++ < offset) return true;
      if (written == limit) {
        more = true;
        return false;
      }
      const Lot* lot = catalog.LotById(b.lot_id);
      const Item* it = catalog.ItemById(b.item_id);
      const Warehouse* wh = catalog.WarehouseById(b.warehouse_id);
      const Donor* donor = lot ? catalog.DonorById(lot->donor_id) : nullptr;
      if (lot == nullptr || it == nullptr || wh == nullptr) return true;
      Quantity qty = Quantity::FromMilli(b.quantity);
      w.BeginObject()
          .Field("warehouse", wh->code)
          .Field("sku", it->sku)
          .Field("lot", lot->batch)
          .NullableField("expiry", lot->expiry.ToString())
          .Field("quantity", qty.ToString());
      auto value = lot->unit_value().Times(qty);
      if (value.ok()) w.Field("value", *value);
      w.Field("unit", UnitName(it->unit)).Field("donor", donor ? donor->code : "").EndObject();
      ++written;
      return true;
    };
    if (item != nullptr) {
      index.ForEachOfItem(item->id, Date::FromDays(std::numeric_limits<int32_t>::min()), visit);
    } else if (warehouse_id != 0) {
      index.ForEachInWarehouse(warehouse_id, visit);
    } else {
      index.ForEach(visit);
    }
    w.EndArray().Key("next");
    if (more) {
      w.String(std::to_string(offset + static_cast<size_t>(written)));
    } else {
      w.Null();
    }
    w.EndObject();
    return Reply{200, w.Take()};
  });
}

}  // namespace zapas

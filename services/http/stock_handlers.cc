// GET /stock: lot balances, read from the in-memory index (never from SQL).
#include "domain/decimal.h"
#include "services/app/scope.h"
#include "services/http/api.h"

#include <algorithm>

namespace zapas {
namespace {

// {"warehouse","in_transit"?,"site"?,"sku","lot","expiry","quantity","value",
// "unit","donor"}: "site" when the warehouse is an alliance site's; goods on
// their way to a warehouse of another site (its transit location) are listed
// under that warehouse with "in_transit": true.
void AppendStockLine(std::string& out, bool comma, const Warehouse& wh, const Item& item,
                     const Lot& lot, const Donor* donor, int64_t milli) {
  if (comma) out += ',';
  out += "{\"warehouse\":";
  AppendJsonString(out, TransitDestination(wh));
  if (IsTransit(wh)) out += ",\"in_transit\":true";
  if (!wh.site.empty()) {
    out += ",\"site\":";
    AppendJsonString(out, wh.site);
  }
  out += ",\"sku\":";
  AppendJsonString(out, item.sku);
  out += ",\"lot\":";
  AppendJsonString(out, lot.batch);
  out += ",\"expiry\":";
  if (lot.expiry.is_never()) {
    out += "null";
  } else {
    out += '"';
    out += lot.expiry.ToString();
    out += '"';
  }
  out += ",\"quantity\":\"";
  out += Quantity::FromMilli(milli).ToString();
  out += '"';
  out += ",\"value\":{\"amount\":\"";
  if (auto value = lot.unit_value().Times(Quantity::FromMilli(milli)); value.ok()) {
    AppendScaledDecimal(out, value->minor_units(), lot.currency->digits);
  } else {
    // A lot of an older journal, beyond today's limits: exact in 128 bits.
    auto wide =
        MultiplyDivideRound(milli, static_cast<uint64_t>(lot.unit_value_minor), Quantity::kScale);
    AppendScaledDecimal(out, wide.ok() ? *wide : __int128{0}, lot.currency->digits);
  }
  out += "\",\"currency\":\"";
  out += lot.currency->code;
  out += "\"}";
  out += ",\"unit\":\"";
  out += UnitName(item.unit);
  out += "\",\"donor\":";
  AppendJsonString(out, donor ? donor->code : std::string());
  out += '}';
}

}  // namespace

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
  const std::string site = param("site");

  return store_.Read([&](const Catalog& catalog, const StockIndex& index) -> Result<Reply> {
    int32_t warehouse_id = 0;
    if (!warehouse_code.empty()) {
      const Warehouse* w = catalog.WarehouseByCode(warehouse_code);
      if (w == nullptr)
        return Status::Field("warehouse", catalog.Unknown(CodeKind::kWarehouse, warehouse_code));
      warehouse_id = w->id;
      ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(c.who, catalog, w->code));
    }
    // A user limited to some warehouses sees only their stock.
    std::vector<int32_t> in_scope;
    for (const std::string& code : c.who.warehouses) {
      if (const Warehouse* w = catalog.WarehouseByCode(code)) in_scope.push_back(w->id);
    }
    if (c.who.scoped() && in_scope.empty()) in_scope.push_back(0);  // none left: no stock
    // ?site=: the warehouses of one site of the alliance.
    std::vector<int32_t> of_site;
    if (!site.empty()) {
      for (const Warehouse& w : catalog.warehouses()) {
        if (w.id != 0 && w.site == site) of_site.push_back(w.id);
      }
      if (of_site.empty()) return Status::Field("site", "no warehouse of site " + site);
    }
    const Item* item = nullptr;
    if (!sku.empty()) {
      item = catalog.ItemBySku(sku);
      if (item == nullptr) return Status::Field("sku", catalog.Unknown(CodeKind::kItem, sku));
    }
    // This is the hottest read of the server: the page is appended directly
    // (same output as JsonWriter, without its per-token bookkeeping).
    std::string out;
    out.reserve(static_cast<size_t>(limit) * 240 + 64);
    out += "{\"items\":[";
    size_t seen = 0;
    int written = 0;
    bool more = false;
    auto visit = [&](const LotBalance& b) {
      if (b.quantity == 0) return true;
      if (warehouse_id != 0 && b.warehouse_id != warehouse_id) return true;
      if (!in_scope.empty() &&
          std::find(in_scope.begin(), in_scope.end(), b.warehouse_id) == in_scope.end()) {
        return true;
      }
      if (!of_site.empty() &&
          std::find(of_site.begin(), of_site.end(), b.warehouse_id) == of_site.end()) {
        return true;
      }
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
      if (lot == nullptr || it == nullptr || wh == nullptr) return true;
      const Donor* donor = catalog.DonorById(lot->donor_id);
      AppendStockLine(out, written > 0, *wh, *it, *lot, donor, b.quantity);
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
    out += "],\"next\":";
    if (more) {
      AppendJsonString(out, std::to_string(offset + static_cast<size_t>(written)));
    } else {
      out += "null";
    }
    out += '}';
    return Reply{200, std::move(out)};
  });
}

}  // namespace zapas

// Kits' components, reorder levels and the notifications sent: the
// statements both databases share.
#include "persistence/sql_repository.h"

namespace zapas {

Status SqlRepository::InsertKit(int32_t kit_item_id, const std::vector<KitComponent>& components) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<KitRow> existing, FindKit(kit_item_id));
  if (existing) return Status::Conflict(existing->kit + " is a kit already");
  for (size_t i = 0; i < components.size(); ++i) {
    ZAPAS_RETURN_IF_ERROR(Query("INSERT INTO kit_components (kit_item_id, line, item_id, quantity) "
                                "VALUES ($1, $2, (SELECT id FROM items WHERE sku = $3), $4)",
                                SqlParams()
                                    .Int(kit_item_id)
                                    .Int(static_cast<int64_t>(i))
                                    .Text(components[i].sku)
                                    .Int(components[i].quantity.milli()),
                                nullptr, "kit component " + components[i].sku)
                              .status());
  }
  return Status::Ok();
}

namespace {

// Rows of (kit SKU, component SKU, quantity) in kit and line order, as kits.
std::vector<KitStore::KitRow> KitsOf(
    const std::vector<std::tuple<std::string, std::string, int64_t>>& rows) {
  std::vector<KitStore::KitRow> kits;
  for (const auto& [kit, sku, milli] : rows) {
    if (kits.empty() || kits.back().kit != kit) kits.push_back(KitStore::KitRow{kit, {}});
    kits.back().components.push_back(KitComponent{sku, Quantity::FromMilli(milli)});
  }
  return kits;
}

constexpr const char* kKitRows =
    "SELECT k.sku, i.sku, c.quantity FROM kit_components c "
    "JOIN items k ON k.id = c.kit_item_id JOIN items i ON i.id = c.item_id ";

std::tuple<std::string, std::string, int64_t> KitRowFrom(const SqlRow& r) {
  return {r.Text(0), r.Text(1), r.Int(2)};
}

}  // namespace

Result<std::optional<KitStore::KitRow>> SqlRepository::FindKit(int32_t kit_item_id) {
  using Row = std::tuple<std::string, std::string, int64_t>;
  ZAPAS_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      Rows<Row>(std::string(kKitRows) + "WHERE c.kit_item_id = $1 ORDER BY c.line",
                SqlParams().Int(kit_item_id), KitRowFrom, "reading a kit"));
  std::vector<KitRow> kits = KitsOf(rows);
  if (kits.empty()) return std::optional<KitRow>();
  return std::optional<KitRow>(std::move(kits.front()));
}

Result<std::vector<KitStore::KitRow>> SqlRepository::ListKits() {
  using Row = std::tuple<std::string, std::string, int64_t>;
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Row> rows, Rows<Row>(std::string(kKitRows) + "ORDER BY k.sku" +
                                                              dialect_.bytewise + ", c.line",
                                                          SqlParams(), KitRowFrom, "listing kits"));
  return KitsOf(rows);
}

Status SqlRepository::SetMinimum(int32_t warehouse_id, int32_t item_id, int64_t milli) {
  return Query(
             "INSERT INTO minimums (warehouse_id, item_id, quantity) VALUES ($1, $2, $3) "
             "ON CONFLICT (warehouse_id, item_id) DO UPDATE SET quantity = excluded.quantity",
             SqlParams().Int(warehouse_id).Int(item_id).Int(milli), nullptr, "reorder level")
      .status();
}

Result<std::vector<KitStore::MinimumRow>> SqlRepository::ListMinimums() {
  return Rows<MinimumRow>(
      "SELECT w.code, i.sku, m.quantity FROM minimums m JOIN warehouses w ON w.id = "
      "m.warehouse_id JOIN items i ON i.id = m.item_id ORDER BY w.code, i.sku",
      SqlParams(),
      [](const SqlRow& r) {
        return MinimumRow{r.Text(0), r.Text(1), r.Int(2)};
      },
      "reading reorder levels");
}

Result<bool> SqlRepository::NotificationSent(const std::string& kind, const std::string& subject,
                                             const std::string& channel) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<int64_t> row,
                         First<int64_t>(
                             "SELECT 1 FROM notifications WHERE kind = $1 AND subject = $2 AND "
                             "channel = $3",
                             SqlParams().Text(kind).Text(subject).Text(channel),
                             [](const SqlRow& r) { return r.Int(0); }, "reading notifications"));
  return row.has_value();
}

Status SqlRepository::RecordNotification(const std::string& kind, const std::string& subject,
                                         const std::string& channel, const std::string& sent_at) {
  return Query(
             "INSERT INTO notifications (kind, subject, channel, sent_at) VALUES ($1, $2, $3, $4)",
             SqlParams().Text(kind).Text(subject).Text(channel).Text(sent_at), nullptr,
             "notification " + kind + " " + subject)
      .status();
}

Result<std::vector<KitStore::NotificationRow>> SqlRepository::ListNotifications() {
  return Rows<NotificationRow>(
      "SELECT kind, subject, channel, sent_at FROM notifications ORDER BY kind, subject, channel",
      SqlParams(),
      [](const SqlRow& r) {
        return NotificationRow{r.Text(0), r.Text(1), r.Text(2), r.Text(3)};
      },
      "reading notifications");
}

}  // namespace zapas

// Kits, reorder levels and the notifications sent: the rows beside the
// journal that kits, alerts and notifications keep (persistence/sql_kits.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/ledger.h"
#include "domain/status.h"

namespace zapas {

class KitStore {
 public:
  virtual ~KitStore() = default;
  // Kits: what one kit of an item holds.
  struct KitRow {
    std::string kit;  // the kit's SKU
    std::vector<KitComponent> components;
  };
  // kConflict when the item is a kit already.
  virtual Status InsertKit(int32_t kit_item_id, const std::vector<KitComponent>& components) = 0;
  // The kit of an item, if it is one.
  virtual Result<std::optional<KitRow>> FindKit(int32_t kit_item_id) = 0;
  // Every kit, by SKU.
  virtual Result<std::vector<KitRow>> ListKits() = 0;

  // Reorder levels: the stock of an item in a warehouse below which it is short.
  struct MinimumRow {
    std::string warehouse, sku;  // codes
    int64_t milli = 0;
    bool operator==(const MinimumRow&) const = default;
  };
  // Sets (replaces) one level; 0 keeps a row that alerts nothing.
  virtual Status SetMinimum(int32_t warehouse_id, int32_t item_id, int64_t milli) = 0;
  virtual Result<std::vector<MinimumRow>> ListMinimums() = 0;

  // Notifications sent: a digest of a day, a donor's report of a month, to
  // one channel. RecordNotification is kConflict when it was recorded already.
  virtual Result<bool> NotificationSent(const std::string& kind, const std::string& subject,
                                        const std::string& channel) = 0;
  virtual Status RecordNotification(const std::string& kind, const std::string& subject,
                                    const std::string& channel, const std::string& sent_at) = 0;
  // Every notification remembered: kind, subject, channel, sent_at.
  struct NotificationRow {
    std::string kind, subject, channel, sent_at;
  };
  virtual Result<std::vector<NotificationRow>> ListNotifications() = 0;
};

}  // namespace zapas

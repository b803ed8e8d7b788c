// Catalog: the master data and lots known to a running Zapas, looked up by code
// or id. Holds no personal data (recipients' `personal` stays in the database).
// Thread-compatible: the owner serialises writers against readers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/entities.h"

namespace zapas {

class Catalog {
 public:
  Catalog();
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  void AddItem(Item item);
  void AddWarehouse(Warehouse w);
  void AddDonor(Donor d);
  void AddRecipient(Recipient r);  // personal_json is dropped
  void AddLot(Lot lot);
  // Sizes the lot table for `lots` lots, so a bulk load does not rehash.
  void ReserveLots(size_t lots);

  // nullptr when unknown.
  const Item* ItemBySku(std::string_view sku) const;
  // The item whose packs carry `gtin14` (the 14 digits of gs1::NormalizeGtin),
  // and how many units one pack holds; nullopt when no item does.
  struct GtinMatch {
    const Item* item = nullptr;
    Quantity per_pack;
  };
  std::optional<GtinMatch> ItemByGtin(std::string_view gtin14) const;
  const Item* ItemById(int32_t id) const;
  const Warehouse* WarehouseByCode(std::string_view code) const;
  const Warehouse* WarehouseById(int32_t id) const;
  const Donor* DonorByCode(std::string_view code) const;
  const Donor* DonorById(int32_t id) const;
  const Recipient* RecipientByCode(std::string_view code) const;
  // The stored code of `kind` that equals `code` ignoring ASCII case, or ""
  // when there is none (always "" for accounts, which the catalog does not
  // hold). For telling a request naming "de-hilfe" that "DE-HILFE" exists.
  std::string CodeLike(CodeKind kind, std::string_view code) const;
  // UnknownCodeMessage(kind, code, CodeLike(kind, code)).
  std::string Unknown(CodeKind kind, std::string_view code) const;

  // Every item, recipient and warehouse, in id order (a row of id 0 is a gap in
  // the ids, not a record).
  const std::vector<Item>& items() const { return items_.rows; }
  const std::vector<Recipient>& recipients() const { return recipients_.rows; }
  const std::vector<Warehouse>& warehouses() const { return warehouses_.rows; }

  const Lot* LotById(int32_t id) const;
  // This server's own lot of that name (not another site's).
  const Lot* LotByBatch(int32_t item_id, std::string_view batch) const;
  // Another site's lot as held here, by its id at that site.
  const Lot* LotOfSite(std::string_view site, int32_t site_lot) const;
  size_t lot_count() const;

  // The alliance site this server is ("KYIV"), or "" when it is none (a hub,
  // or a cluster on its own). Only warehouses and accounts whose `site` is
  // this are written here.
  const std::string& site() const { return site_; }
  void SetSite(std::string site) { site_ = std::move(site); }
  bool Owns(const Warehouse& w) const { return w.site == site_; }

 private:
  template <typename T>
  struct Table {
    std::vector<T> rows;  // id - 1 -> row; ids are dense in the database
    std::unordered_map<std::string, size_t> by_code;
    // FoldCodeCase(code) -> the first row with it (older databases may hold
    // codes that differ only in case).
    std::unordered_map<std::string, size_t> by_folded_code;
  };
  Table<Item> items_;
  // GTIN-14 -> the item whose packs carry it, and the units of one pack.
  std::unordered_map<std::string, std::pair<int32_t, Quantity>> item_by_gtin_;
  Table<Warehouse> warehouses_;
  Table<Donor> donors_;
  Table<Recipient> recipients_;
  struct LotTable;
  std::unique_ptr<LotTable> lots_;
  std::string site_;
};

}  // namespace zapas

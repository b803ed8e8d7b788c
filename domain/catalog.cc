#include "domain/catalog.h"

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/global_fun.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index_container.hpp>
#include <string_view>

#include "domain/gs1/scan.h"

namespace zapas {

namespace bmi = boost::multi_index;

namespace {
// Another site's lot by its id there; this server's own by minus its id here,
// so the key is unique.
int32_t SiteLotKey(const Lot& lot) { return lot.site.empty() ? -lot.id : lot.site_lot; }
}  // namespace

struct Catalog::LotTable {
  struct ById {};
  struct ByBatch {};
  struct BySiteLot {};
  using Container = bmi::multi_index_container<
      Lot, bmi::indexed_by<
               bmi::hashed_unique<bmi::tag<ById>, bmi::member<Lot, int32_t, &Lot::id>>,
               bmi::hashed_unique<bmi::tag<ByBatch>,
                                  bmi::composite_key<Lot, bmi::member<Lot, std::string, &Lot::site>,
                                                     bmi::member<Lot, int32_t, &Lot::item_id>,
                                                     bmi::member<Lot, std::string, &Lot::batch>>>,
               bmi::hashed_unique<
                   bmi::tag<BySiteLot>,
                   bmi::composite_key<Lot, bmi::member<Lot, std::string, &Lot::site>,
                                      bmi::global_fun<const Lot&, int32_t, &SiteLotKey>>>>>;
  Container lots;
};

Catalog::Catalog() : lots_(std::make_unique<LotTable>()) {}
Catalog::~Catalog() = default;

namespace {

template <typename T, typename Table>
void Put(Table& table, T row, const std::string& code) {
  size_t index = static_cast<size_t>(row.id - 1);
  if (table.rows.size() <= index) table.rows.resize(index + 1);
  table.by_code[code] = index;
  table.by_folded_code.emplace(FoldCodeCase(code), index);
  table.rows[index] = std::move(row);
}

template <typename T, typename Table>
const T* ByCode(const Table& table, std::string_view code) {
  auto it = table.by_code.find(std::string(code));
  return it == table.by_code.end() ? nullptr : &table.rows[it->second];
}

template <typename Table, typename CodeOf>
std::string CodeLikeIn(const Table& table, std::string_view code, CodeOf code_of) {
  auto it = table.by_folded_code.find(FoldCodeCase(code));
  return it == table.by_folded_code.end() ? std::string() : code_of(table.rows[it->second]);
}

template <typename T, typename Table>
const T* ById(const Table& table, int32_t id) {
  if (id < 1 || static_cast<size_t>(id) > table.rows.size()) return nullptr;
  const T* row = &table.rows[static_cast<size_t>(id - 1)];
  return row->id == id ? row : nullptr;
}

}  // namespace

void Catalog::AddItem(Item item) {
  if (const Item* old = ById<Item>(items_, item.id)) {
    for (const ItemGtin& g : old->gtins) {
      if (auto gtin14 = gs1::NormalizeGtin(g.gtin); gtin14.ok()) item_by_gtin_.erase(*gtin14);
    }
  }
  for (const ItemGtin& g : item.gtins) {
    if (auto gtin14 = gs1::NormalizeGtin(g.gtin); gtin14.ok()) {
      item_by_gtin_.insert_or_assign(*gtin14, std::make_pair(item.id, g.quantity));
    }
  }
  std::string c = item.sku;
  Put(items_, std::move(item), c);
}

std::optional<Catalog::GtinMatch> Catalog::ItemByGtin(std::string_view gtin14) const {
  auto it = item_by_gtin_.find(std::string(gtin14));
  if (it == item_by_gtin_.end()) return std::nullopt;
  const Item* item = ItemById(it->second.first);
  if (item == nullptr) return std::nullopt;
  return GtinMatch{.item = item, .per_pack = it->second.second};
}

void Catalog::AddWarehouse(Warehouse w) {
  std::string c = w.code;
  Put(warehouses_, std::move(w), c);
}
void Catalog::AddDonor(Donor d) {
  std::string c = d.code;
  Put(donors_, std::move(d), c);
}
void Catalog::AddRecipient(Recipient r) {
  r.personal_json.clear();
  std::string c = r.code;
  Put(recipients_, std::move(r), c);
}
void Catalog::AddLot(Lot lot) { lots_->lots.insert(std::move(lot)); }
void Catalog::ReserveLots(size_t lots) {
  lots_->lots.get<LotTable::ById>().reserve(lots);
  lots_->lots.get<LotTable::ByBatch>().reserve(lots);
  lots_->lots.get<LotTable::BySiteLot>().reserve(lots);
}

const Item* Catalog::ItemBySku(std::string_view sku) const { return ByCode<Item>(items_, sku); }
const Item* Catalog::ItemById(int32_t id) const { return ById<Item>(items_, id); }
const Warehouse* Catalog::WarehouseByCode(std::string_view code) const {
  return ByCode<Warehouse>(warehouses_, code);
}
const Warehouse* Catalog::WarehouseById(int32_t id) const {
  return ById<Warehouse>(warehouses_, id);
}
const Donor* Catalog::DonorByCode(std::string_view code) const {
  return ByCode<Donor>(donors_, code);
}
const Donor* Catalog::DonorById(int32_t id) const { return ById<Donor>(donors_, id); }
const Recipient* Catalog::RecipientByCode(std::string_view code) const {
  return ByCode<Recipient>(recipients_, code);
}

std::string Catalog::CodeLike(CodeKind kind, std::string_view code) const {
  switch (kind) {
    case CodeKind::kItem:
      return CodeLikeIn(items_, code, [](const Item& i) { return i.sku; });
    case CodeKind::kWarehouse:
      return CodeLikeIn(warehouses_, code, [](const Warehouse& w) { return w.code; });
    case CodeKind::kDonor:
      return CodeLikeIn(donors_, code, [](const Donor& d) { return d.code; });
    case CodeKind::kRecipient:
      return CodeLikeIn(recipients_, code, [](const Recipient& r) { return r.code; });
    case CodeKind::kAccount:
      return "";
  }
  return "";
}

std::string Catalog::Unknown(CodeKind kind, std::string_view code) const {
  return UnknownCodeMessage(kind, code, CodeLike(kind, code));
}

const Lot* Catalog::LotById(int32_t id) const {
  const auto& index = lots_->lots.get<LotTable::ById>();
  auto it = index.find(id);
  return it == index.end() ? nullptr : &*it;
}

const Lot* Catalog::LotByBatch(int32_t item_id, std::string_view batch) const {
  const auto& index = lots_->lots.get<LotTable::ByBatch>();
  auto it = index.find(std::make_tuple(std::string(), item_id, std::string(batch)));
  return it == index.end() ? nullptr : &*it;
}

const Lot* Catalog::LotOfSite(std::string_view site, int32_t site_lot) const {
  const auto& index = lots_->lots.get<LotTable::BySiteLot>();
  auto it = index.find(std::make_tuple(std::string(site), site_lot));
  return it == index.end() ? nullptr : &*it;
}

size_t Catalog::lot_count() const { return lots_->lots.size(); }

}  // namespace zapas

#include "services/app/scope.h"

#include <string>

namespace zapas {
namespace {

Status OutOfScope(const Principal& who, std::string_view code) {
  return Status::Forbidden("the user " + who.username + " may not use the warehouse " +
                           std::string(code));
}

// Who writes what `site` owns, in both languages.
Status NotOwned(const Catalog& catalog, std::string_view what_uk, std::string_view what_en,
                const std::string& code, const std::string& site) {
  const std::string owner_uk = site.empty() ? "хабу альянсу" : "майданчику " + site;
  const std::string owner_en = site.empty() ? "the alliance hub" : "site " + site;
  const std::string here = catalog.site().empty() ? "the hub" : "site " + catalog.site();
  return Status::Conflict(std::string(what_uk) + " " + code + " належить " + owner_uk +
                          ": лише там його змінюють / " + std::string(what_en) + " " + code +
                          " belongs to " + owner_en + ", which alone writes it, not " + here);
}

}  // namespace

Status CheckWarehouseOwned(const Catalog& catalog, std::string_view code) {
  const Warehouse* w = code.empty() ? nullptr : catalog.WarehouseByCode(code);
  if (w == nullptr || catalog.Owns(*w)) return Status::Ok();
  return NotOwned(catalog, "склад", "the warehouse", w->code, w->site);
}

Status CheckPostingsOwned(const Catalog& catalog, const std::vector<Posting>& postings) {
  for (const Posting& p : postings) {
    const Warehouse* w = catalog.WarehouseById(p.warehouse_id);
    if (w != nullptr && !catalog.Owns(*w)) {
      return NotOwned(catalog, "склад", "the warehouse", w->code, w->site);
    }
  }
  return Status::Ok();
}

Status CheckAccountOwned(const Catalog& catalog, const Account& account) {
  if (account.site == catalog.site()) return Status::Ok();
  return NotOwned(catalog, "рахунок", "the account", account.code, account.site);
}

Status CheckWrittenHere(const Catalog& catalog, std::string_view what_uk, std::string_view what_en,
                        CodeKind kind, std::string_view code) {
  const std::string& site = catalog.site();
  if (site.empty()) return Status::Ok();
  if (kind == CodeKind::kRecipient) {
    const std::string prefix = site + "-";
    if (code.substr(0, prefix.size()) == prefix && code.size() > prefix.size()) {
      return Status::Ok();
    }
    return Status::Field("code", "на майданчику " + site + " код нового отримувача починається з " +
                                     prefix + " / at site " + site +
                                     " a new recipient's code starts with " + prefix);
  }
  return Status::Conflict(std::string(what_uk) + " змінюють на хабі альянсу, звідки вони " +
                          "надходять на майданчики / " + std::string(what_en) +
                          " are written at the alliance hub and flow to the sites: not at site " +
                          site);
}

Status CheckWarehouseInScope(const Principal& who, const Catalog& catalog, std::string_view code) {
  if (!who.scoped() || code.empty()) return Status::Ok();
  const Warehouse* w = catalog.WarehouseByCode(code);
  if (w == nullptr || who.MayUseWarehouse(w->code)) return Status::Ok();
  return OutOfScope(who, w->code);
}

Status CheckPostingsInScope(const Principal& who, const Catalog& catalog,
                            const std::vector<Posting>& postings, bool change) {
  if (!who.scoped() || postings.empty()) return Status::Ok();
  std::string_view outside;
  for (const Posting& p : postings) {
    const Warehouse* w = catalog.WarehouseById(p.warehouse_id);
    const std::string_view code = w != nullptr ? std::string_view(w->code) : std::string_view();
    if (who.MayUseWarehouse(code)) {
      if (!change) return Status::Ok();
    } else if (outside.empty()) {
      outside = code;
    }
  }
  return outside.empty() ? Status::Ok() : OutOfScope(who, outside);
}

}  // namespace zapas

#include "services/app/history.h"

#include <algorithm>
#include <array>

#include "domain/text.h"
#include "services/app/scope.h"

namespace zapas {
namespace {

struct KindReaders {
  const char* kind;
  bool movement;  // read by the staff and the auditor; else by the treasury and the auditor
};
constexpr std::array<KindReaders, 16> kKinds = {{
    {"receipt", true},
    {"transfer", true},
    {"delivery", true},
    {"adjustment", true},
    {"reversal", true},
    {"return", true},
    {"assembly", true},
    {"disassembly", true},
    {"arrival", true},
    {"request", true},
    {"stocktake", true},
    {"cash_donation", false},
    {"payment", false},
    {"cash_transfer", false},
    {"exchange", false},
    {"bank_fee", false},
}};

bool Reads(Role role, bool movement) {
  if (role == Role::kAdmin || role == Role::kAuditor) return true;
  return movement ? role == Role::kWarehouse : role == Role::kTreasurer;
}

std::string Param(const std::map<std::string, std::string>& query, const char* name) {
  auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

}  // namespace

Result<Repository::DocumentQuery> ReadHistoryQuery(const std::map<std::string, std::string>& query,
                                                   const Principal& who, const Catalog& catalog) {
  Repository::DocumentQuery q;
  for (const std::string& kind : SplitOn(Param(query, "kind"), ',')) {
    auto known = std::find_if(kKinds.begin(), kKinds.end(),
                              [&](const KindReaders& k) { return kind == k.kind; });
    if (known == kKinds.end()) {
      return Status::Field("kind", "unknown kind \"" + kind.substr(0, 40) +
                                       "\": receipt, transfer, delivery, adjustment, reversal, "
                                       "return, request, stocktake, cash_donation, payment, "
                                       "cash_transfer, exchange, bank_fee");
    }
    if (!Reads(who.role, known->movement)) {
      return Status::Forbidden("the role " + std::string(RoleName(who.role)) + " may not read " +
                               kind + " documents");
    }
    q.kinds.push_back(kind);
  }
  if (q.kinds.empty()) {
    for (const KindReaders& k : kKinds) {
      if (Reads(who.role, k.movement)) q.kinds.push_back(k.kind);
    }
  }
  for (auto [name, bound] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    const std::string text = Param(query, name);
    if (text.empty()) continue;
    auto date = Date::Parse(text);
    if (!date.ok()) return Status::Field(name, date.status().message());
    *bound = date->ToString();
  }
  for (auto [name, bound] : {std::pair{"recipient", &q.recipient}, std::pair{"donor", &q.donor}}) {
    *bound = Param(query, name);
    if (!bound->empty()) ZAPAS_RETURN_IF_ERROR(ValidateCodeReference(*bound, name));
  }
  q.number = Param(query, "number");
  if (q.number.size() > 40 ||
      q.number.find_first_not_of(
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    return Status::Field("number", "may hold only letters, digits and -, at most 40");
  }
  for (char& ch : q.number) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  for (auto [name, bound] :
       {std::pair{"confirmed", &q.confirmed}, std::pair{"reversed", &q.reversed}}) {
    const std::string text = Param(query, name);
    if (text.empty()) continue;
    if (text != "true" && text != "false") return Status::Field(name, "must be true or false");
    *bound = text == "true";
  }
  if (const std::string code = Param(query, "warehouse"); !code.empty()) {
    const Warehouse* w = catalog.WarehouseByCode(code);
    if (w == nullptr)
      return Status::Field("warehouse", catalog.Unknown(CodeKind::kWarehouse, code));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(who, catalog, w->code));
    q.warehouses = {w->code};
  } else {
    // A scoped user's own (movements only: cash touches no warehouse);
    // empty: any document.
    q.warehouses = who.warehouses;
  }
  return q;
}

void WriteDocumentSummary(JsonWriter& w, const Repository::DocumentSummary& d) {
  w.BeginObject()
      .Field("id", std::to_string(d.id))
      .Field("kind", d.kind)
      .Field("number", d.number)
      .Field("date", d.date.ToString());
  for (auto [name, value] : {std::pair{"warehouse", &d.warehouse}, std::pair{"from", &d.from},
                             std::pair{"to", &d.to}, std::pair{"recipient", &d.recipient},
                             std::pair{"donor", &d.donor}, std::pair{"account", &d.account}}) {
    if (!value->empty()) w.Field(name, *value);
  }
  w.Field("reversed", d.reversed);
  if (d.kind == "delivery") w.Field("confirmed", d.confirmed);
  w.EndObject();
}

}  // namespace zapas

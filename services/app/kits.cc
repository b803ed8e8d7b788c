#include "services/app/kits.h"

#include <algorithm>

#include "services/app/json_input.h"
#include "services/app/requests.h"
#include "services/app/scope.h"

namespace zapas {

Result<KitCommand> DecodeKit(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<KitCommand> {
    KitCommand c;
    c.item.sku = in.Code("sku");
    if (in.Has("name")) {
      FieldReader name = in.Object("name");
      c.item.name_uk = name.Text("uk");
      c.item.name_en = name.Text("en", false);
    }
    if (in.Has("unit")) {
      const std::string unit = in.Text("unit", true, 10);
      if (auto u = ParseUnit(unit)) {
        c.item.unit = *u;
      } else if (!unit.empty()) {
        in.Fail("unit", "must be one of pcs, kg, l, box, set, pack, m");
      }
    } else {
      c.item.unit = Unit::kSet;
    }
    c.item.category = in.Has("category") ? in.Text("category", false, 100) : "kit";
    std::vector<FieldReader> components = in.Objects("components");
    if (components.empty() && in.Has("components")) {
      in.Fail("components", "must hold at least one component");
    }
    if (components.size() > 100) in.Fail("components", "at most 100 components");
    for (FieldReader& r : components) {
      KitComponent k{r.Code("sku"), r.QuantityValue("quantity").value_or(Quantity::Zero())};
      if (r.Has("quantity") && !k.quantity.is_positive()) {
        r.Fail("quantity", "must be greater than zero");
      }
      const bool twice = std::any_of(c.components.begin(), c.components.end(),
                                     [&](const KitComponent& x) { return x.sku == k.sku; });
      if (twice) r.Fail("sku", k.sku + " is named twice: give its whole quantity once");
      if (k.sku == c.item.sku && !k.sku.empty()) r.Fail("sku", "a kit cannot hold itself");
      c.components.push_back(std::move(k));
    }
    return c;
  });
}

WriteWork CreateKitWork(const KitCommand& command) {
  return [command](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Набори", "Kits"));
    Item item = command.item;
    const Item* stored = ctx.catalog.ItemBySku(item.sku);
    for (size_t i = 0; i < command.components.size(); ++i) {
      const KitComponent& k = command.components[i];
      const std::string field = "components[" + std::to_string(i) + "].sku";
      const Item* part = ctx.catalog.ItemBySku(k.sku);
      if (part == nullptr) return Status::Field(field, ctx.catalog.Unknown(CodeKind::kItem, k.sku));
      ZAPAS_ASSIGN_OR_RETURN(auto nested, ctx.repo.FindKit(part->id));
      if (nested) return Status::Field(field, k.sku + " is a kit: a kit holds items, not kits");
      ZAPAS_RETURN_IF_ERROR(
          CheckLineQuantity(k.quantity, "components[" + std::to_string(i) + "].quantity"));
      if (part->expiry_tracked) item.expiry_tracked = true;
    }
    bool created = false;
    if (stored != nullptr) {
      item = *stored;
    } else {
      ZAPAS_RETURN_IF_ERROR(ValidateCode(item.sku, "sku"));
      ZAPAS_RETURN_IF_ERROR(CheckCodeFree(ctx.repo, CodeKind::kItem, item.sku));
      if (item.name_uk.empty()) item.name_uk = item.sku;
      if (item.name_en.empty()) item.name_en = item.name_uk;
      ZAPAS_ASSIGN_OR_RETURN(item.id, ctx.repo.InsertItem(item));
      created = true;
    }
    if (Status s = ctx.repo.InsertKit(item.id, command.components); !s.ok()) {
      if (s.code() != StatusCode::kConflict) return s;
      return Status(StatusCode::kConflict, s.message(), {FieldError{"sku", s.message()}});
    }
    if (created) ctx.OnCommit([item](Catalog& catalog) { catalog.AddItem(item); });
    JsonWriter w;
    WriteKit(w, item.sku, &item, command.components);
    return Written{w.Take()};
  };
}

void WriteKit(JsonWriter& w, const std::string& sku, const Item* item,
              const std::vector<KitComponent>& components) {
  w.BeginObject().Field("sku", sku);
  if (item != nullptr) {
    w.Key("name")
        .BeginObject()
        .Field("uk", item->name_uk)
        .Field("en", item->name_en)
        .EndObject()
        .Field("unit", UnitName(item->unit))
        .Field("expiry_tracked", item->expiry_tracked);
  }
  w.Key("components").BeginArray();
  for (const KitComponent& k : components) {
    w.BeginObject().Field("sku", k.sku).Field("quantity", k.quantity.ToString()).EndObject();
  }
  w.EndArray().EndObject();
}

void WriteKit(JsonWriter& w, const KitStore::KitRow& kit, const Catalog& catalog) {
  WriteKit(w, kit.kit, catalog.ItemBySku(kit.kit), kit.components);
}

Result<std::vector<KitComponent>> KitComponentsOf(Repository& repo, const Catalog& catalog,
                                                  const std::string& sku) {
  const Item* item = catalog.ItemBySku(sku);
  if (item == nullptr) return Status::Field("kit", catalog.Unknown(CodeKind::kItem, sku));
  ZAPAS_ASSIGN_OR_RETURN(auto kit, repo.FindKit(item->id));
  if (!kit) return Status::Field("kit", sku + " is not a kit: define its components first");
  return kit->components;
}

Result<AssemblyRequest> DecodeAssembly(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<AssemblyRequest> {
    AssemblyRequest r;
    r.warehouse = in.Code("warehouse");
    r.date = in.DateValue("date").value_or(Date::FromDays(0));
    r.kit = in.Code("kit");
    r.quantity = in.QuantityValue("quantity").value_or(Quantity::Zero());
    r.lot = in.Lot("lot", false);
    return r;
  });
}

Result<DisassemblyRequest> DecodeDisassembly(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<DisassemblyRequest> {
    DisassemblyRequest r;
    r.warehouse = in.Code("warehouse");
    r.date = in.DateValue("date").value_or(Date::FromDays(0));
    r.kit = in.Code("kit");
    r.lot = in.Lot("lot", true);
    r.quantity = in.QuantityValue("quantity").value_or(Quantity::Zero());
    return r;
  });
}

}  // namespace zapas

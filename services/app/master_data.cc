// Items, warehouses, donors and recipients: reading a new one from a request,
// the write job that creates it, and the JSON of each.
#include "services/app/requests.h"

#include <set>

#include "domain/gs1/scan.h"
#include "services/app/scope.h"

namespace zapas {

void WriteItem(JsonWriter& w, const Item& i) {
  w.BeginObject()
      .Field("id", std::to_string(i.id))
      .Field("sku", i.sku)
      .Key("name")
      .BeginObject()
      .Field("uk", i.name_uk)
      .Field("en", i.name_en)
      .EndObject()
      .Field("unit", UnitName(i.unit))
      .Field("category", i.category)
      .Field("expiry_tracked", i.expiry_tracked)
      .Key("gtins")
      .BeginArray();
  for (const ItemGtin& g : i.gtins) {
    w.BeginObject().Field("gtin", g.gtin).Field("quantity", g.quantity.ToString()).EndObject();
  }
  w.EndArray().EndObject();
}

void WriteWarehouse(JsonWriter& w, const Warehouse& x) {
  w.BeginObject()
      .Field("id", std::to_string(x.id))
      .Field("code", x.code)
      .Field("name", x.name)
      .Field("region", x.region);
  if (!x.site.empty()) w.Field("site", x.site);
  w.EndObject();
}

void WriteDonor(JsonWriter& w, const Donor& d) {
  w.BeginObject()
      .Field("id", std::to_string(d.id))
      .Field("code", d.code)
      .Field("name", d.name)
      .Field("country", d.country)
      .Field("currency", d.currency ? d.currency->code : "");
  if (!d.email.empty()) w.Field("email", d.email);
  w.Field("language", d.language).EndObject();
}

void WriteRecipient(JsonWriter& w, const Recipient& r, bool with_personal) {
  w.BeginObject()
      .Field("id", std::to_string(r.id))
      .Field("code", r.code)
      .Field("kind", RecipientKindName(r.kind))
      .Field("name", r.name)
      .Field("region", r.region);
  if (with_personal && !r.personal_json.empty()) w.Key("personal").Raw(r.personal_json);
  w.EndObject();
}

const std::string& CodeOf(const Item& x) { return x.sku; }
const std::string& CodeOf(const Warehouse& x) { return x.code; }
const std::string& CodeOf(const Donor& x) { return x.code; }
const std::string& CodeOf(const Recipient& x) { return x.code; }
const std::string& CodeOf(const Account& x) { return x.code; }

namespace {

// Runs `insert` in a write job, unless the row's code is taken (ignoring
// case) by a stored `kind`; on success publishes `publish` and answers 201
// with the stored row rendered by `render`.
template <typename T, typename Insert, typename Publish, typename Render>
WriteWork CreateWork(T row, CodeKind kind, Insert insert, Publish publish, Render render) {
  return [row, kind, insert, publish, render](WriteContext& ctx) mutable -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(
        CheckWrittenHere(ctx.catalog, "Довідники", "Master data", kind, CodeOf(row)));
    ZAPAS_RETURN_IF_ERROR(CheckCodeFree(ctx.repo, kind, CodeOf(row)));
    ZAPAS_ASSIGN_OR_RETURN(row.id, insert(ctx.repo, row));
    ctx.OnCommit([row, publish](Catalog& catalog) { publish(catalog, row); });
    JsonWriter w;
    render(w, row);
    return Written{w.Take()};
  };
}

}  // namespace

namespace {

// "gtins": [{"gtin", "quantity"}]: GTIN-8/12/13/14 with their check digits,
// each once; how many units a pack holds, more than zero (1 when not given).
// nullopt when the field is not there.
std::optional<std::vector<ItemGtin>> ReadGtins(FieldReader& in) {
  if (!in.Has("gtins")) return std::nullopt;
  std::vector<ItemGtin> gtins;
  std::set<std::string> seen;
  for (FieldReader& g : in.Objects("gtins", true)) {
    ItemGtin gtin{.gtin = g.Text("gtin", true, 14), .quantity = Quantity::FromMilli(1000)};
    if (!gtin.gtin.empty()) {
      auto normal = gs1::NormalizeGtin(gtin.gtin);
      if (!normal.ok()) {
        g.Fail("gtin", gtin.gtin + " " + normal.status().errors().front().message);
      } else if (!seen.insert(*normal).second) {
        g.Fail("gtin", "is given twice");
      }
    }
    if (g.Has("quantity")) {
      auto q = g.QuantityValue("quantity");
      if (q && !q->is_positive()) g.Fail("quantity", "must be more than zero");
      if (q) gtin.quantity = *q;
    }
    gtins.push_back(std::move(gtin));
  }
  return gtins;
}

// Stores `item`'s GTINs, unless another item has one of them (409).
Status StoreGtins(WriteContext& ctx, const Item& item) {
  for (size_t i = 0; i < item.gtins.size(); ++i) {
    auto gtin14 = gs1::NormalizeGtin(item.gtins[i].gtin);
    if (!gtin14.ok()) return gtin14.status();
    auto owner = ctx.catalog.ItemByGtin(*gtin14);
    if (owner && owner->item->id != item.id) {
      std::string message =
          "GTIN " + item.gtins[i].gtin + " is on item " + owner->item->sku + " already";
      return Status(StatusCode::kConflict, message,
                    {FieldError{"gtins[" + std::to_string(i) + "].gtin", message}});
    }
  }
  return ctx.repo.SetItemGtins(item.id, item.gtins);
}

}  // namespace

Status CheckCodeFree(Repository& repo, CodeKind kind, const std::string& code) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<std::string> taken, repo.CodeTakenIgnoringCase(kind, code));
  if (!taken) return Status::Ok();
  const std::string field = kind == CodeKind::kItem ? "sku" : "code";
  const std::string noun(CodeKindName(kind));
  const std::string message =
      *taken == code ? noun + " " + code + " already exists"
                     : noun + " \"" + *taken +
                           "\" exists already (codes that differ only in case are one code)";
  // The detail is the message alone; the error names the field.
  return Status(StatusCode::kConflict, message, {FieldError{field, message}});
}

std::optional<Item> ReadItem(FieldReader& in) {
  Item item;
  item.sku = in.NewCode("sku");
  if (in.Has("name") && in.IsString("name")) {
    item.name_uk = in.Text("name");
    item.name_en = item.name_uk;
  } else {
    FieldReader name = in.Object("name");
    item.name_uk = name.Text("uk");
    item.name_en = name.Text("en", false);
    if (item.name_en.empty()) item.name_en = item.name_uk;
  }
  std::string unit = in.Text("unit", true, 10);
  if (!unit.empty()) {
    auto u = ParseUnit(unit);
    if (!u) {
      in.Fail("unit", "must be one of pcs, kg, l, box, set, pack, m");
    } else {
      item.unit = *u;
    }
  }
  item.category = in.Text("category", false, 100);
  item.expiry_tracked = in.Bool("expiry_tracked").value_or(false);
  item.gtins = ReadGtins(in).value_or(std::vector<ItemGtin>{});
  return item;
}

WriteWork CreateItemWork(const Item& item) {
  return [row = item](WriteContext& ctx) mutable -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Товари", "Items"));
    ZAPAS_RETURN_IF_ERROR(CheckCodeFree(ctx.repo, CodeKind::kItem, row.sku));
    ZAPAS_ASSIGN_OR_RETURN(row.id, ctx.repo.InsertItem(row));
    if (!row.gtins.empty()) ZAPAS_RETURN_IF_ERROR(StoreGtins(ctx, row));
    ctx.OnCommit([row](Catalog& catalog) { catalog.AddItem(row); });
    JsonWriter w;
    WriteItem(w, row);
    return Written{w.Take()};
  };
}

std::optional<ItemChange> ReadItemChange(FieldReader& in) {
  ItemChange change;
  for (const char* unchangeable : {"sku", "unit", "expiry_tracked"}) {
    if (in.Has(unchangeable)) in.Fail(unchangeable, "cannot change: it is part of every record");
  }
  if (in.Has("name")) {
    FieldReader name = in.Object("name");
    if (name.Has("uk")) change.name_uk = name.Text("uk");
    if (name.Has("en")) change.name_en = name.Text("en");
  }
  if (in.Has("category")) change.category = in.Text("category", false, 100);
  change.gtins = ReadGtins(in);
  if (!change.name_uk && !change.name_en && !change.category && !change.gtins) {
    in.Fail("name", "give at least one of name.uk, name.en, category, gtins");
  }
  return change;
}

WriteWork ChangeItemWork(std::string sku, ItemChange change) {
  return [sku, change](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Товари", "Items"));
    const Item* stored = ctx.catalog.ItemBySku(sku);
    if (stored == nullptr) return Status::NotFound(ctx.catalog.Unknown(CodeKind::kItem, sku));
    Item item = *stored;
    item.name_uk = change.name_uk.value_or(item.name_uk);
    item.name_en = change.name_en.value_or(item.name_en);
    item.category = change.category.value_or(item.category);
    ZAPAS_RETURN_IF_ERROR(ctx.repo.UpdateItem(item));
    if (change.gtins) {
      item.gtins = *change.gtins;
      ZAPAS_RETURN_IF_ERROR(StoreGtins(ctx, item));
    }
    ctx.OnCommit([item](Catalog& catalog) { catalog.AddItem(item); });
    JsonWriter w;
    WriteItem(w, item);
    return Written{w.Take(), false};
  };
}

std::optional<Recipient> ReadRecipient(FieldReader& in) {
  Recipient r;
  r.code = in.NewCode("code");
  std::string kind = in.Text("kind", true, 20);
  if (!kind.empty()) {
    auto k = ParseRecipientKind(kind);
    if (!k) {
      in.Fail("kind",
              "must be one of military_unit, idp_household, idp_shelter, hospital, community");
    } else {
      r.kind = *k;
    }
  }
  r.name = in.Text("name");
  r.region = in.Text("region", true, 100);
  r.personal_json = in.ObjectText("personal");
  if (r.personal_json == "{}") r.personal_json.clear();
  return r;
}

WriteWork CreateRecipientWork(const Recipient& recipient) {
  return CreateWork(
      recipient, CodeKind::kRecipient,
      [](Repository& repo, const Recipient& x) -> Result<int32_t> {
        // A code in a registered site's prefix is that site's to make (it
        // may have made it offline already).
        const std::string prefix = x.code.substr(0, x.code.find('-'));
        if (prefix != x.code && IsSiteCode(prefix)) {
          ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteRecord> site, repo.FindSite(prefix));
          if (site) {
            return Status::Field("code", "codes " + prefix + "-… are made at site " + prefix +
                                             " / коди " + prefix + "-… створює майданчик " +
                                             prefix);
          }
        }
        return repo.InsertRecipient(x);
      },
      [](Catalog& cat, const Recipient& x) { cat.AddRecipient(x); },
      [](JsonWriter& w, const Recipient& x) { WriteRecipient(w, x, true); });
}

std::optional<Warehouse> ReadWarehouse(FieldReader& in) {
  Warehouse w;
  w.code = in.NewCode("code");
  w.name = in.Text("name");
  w.region = in.Text("region", true, 100);
  return w;
}

WriteWork CreateWarehouseWork(const Warehouse& warehouse) {
  if (IsTransit(warehouse)) {
    return [](WriteContext&) -> Result<Written> {
      return Status::Field("code", "must not start with ~, which marks goods in transit");
    };
  }
  return CreateWork(
      warehouse, CodeKind::kWarehouse,
      [](Repository& r, const Warehouse& x) { return r.InsertWarehouse(x); },
      [](Catalog& cat, const Warehouse& x) { cat.AddWarehouse(x); }, WriteWarehouse);
}

std::optional<Donor> ReadDonor(FieldReader& in) {
  Donor d;
  d.code = in.NewCode("code");
  d.name = in.Text("name");
  d.country = in.Text("country", false, 100);
  std::string currency = in.Text("currency", true, 3);
  if (!currency.empty()) {
    d.currency = FindCurrency(currency);
    if (d.currency == nullptr) in.Fail("currency", "unknown currency \"" + currency + "\"");
  }
  d.email = in.Text("email", false, 254);
  if (!d.email.empty() && !LooksLikeEmail(d.email)) {
    in.Fail("email", "must be an e-mail address (name@example.org)");
  }
  d.language = in.Text("language", false, 2);
  if (d.language.empty()) d.language = "uk";
  if (d.language != "uk" && d.language != "en") in.Fail("language", "must be uk or en");
  return d;
}

WriteWork CreateDonorWork(const Donor& donor) {
  return CreateWork(
      donor, CodeKind::kDonor, [](Repository& r, const Donor& x) { return r.InsertDonor(x); },
      [](Catalog& cat, const Donor& x) { cat.AddDonor(x); }, WriteDonor);
}

WriteWork LogPersonalReadsWork(std::vector<int32_t> recipients) {
  return [recipients = std::move(recipients)](WriteContext& ctx) -> Result<Written> {
    for (int32_t id : recipients) {
      ZAPAS_RETURN_IF_ERROR(ctx.repo.LogPersonalRead(id, ctx.who.username, ctx.recorded_at));
    }
    return Written{"", false};
  };
}

}  // namespace zapas

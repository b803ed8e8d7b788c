// Items, warehouses, donors and recipients: create and list.
#include "services/api.h"
#include "services/app/requests.h"

namespace zapas {
namespace {

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
      .EndObject();
}

void WriteWarehouse(JsonWriter& w, const Warehouse& x) {
  w.BeginObject()
      .Field("id", std::to_string(x.id))
      .Field("code", x.code)
      .Field("name", x.name)
      .Field("region", x.region)
      .EndObject();
}

void WriteDonor(JsonWriter& w, const Donor& d) {
  w.BeginObject()
      .Field("id", std::to_string(d.id))
      .Field("code", d.code)
      .Field("name", d.name)
      .Field("country", d.country)
      .Field("currency", d.currency ? d.currency->code : "")
      .EndObject();
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

// Runs `insert` in a write job, unless the row's code is taken (ignoring
// case) by a stored `kind`; on success publishes `publish` and answers 201
// with the stored row rendered by `render`.
template <typename T, typename Insert, typename Publish, typename Render>
WriteWork CreateWork(T row, CodeKind kind, Insert insert, Publish publish, Render render) {
  return [row, kind, insert, publish, render](WriteContext& ctx) mutable -> Result<Reply> {
    ZAPAS_RETURN_IF_ERROR(CheckCodeFree(ctx.repo, kind, CodeOf(row)));
    ZAPAS_ASSIGN_OR_RETURN(row.id, insert(ctx.repo, row));
    ctx.OnCommit([row, publish](Catalog& catalog) { publish(catalog, row); });
    JsonWriter w;
    render(w, row);
    return Reply{201, w.Take()};
  };
}

// Lists a page of rows ordered by code.
template <typename T, typename Fetch, typename Render, typename Code>
Result<Reply> ListPage(const std::map<std::string, std::string>& query, Fetch fetch, Render render,
                       Code code_of) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(query));
  PageRequest page;
  page.limit = limit + 1;  // one more tells whether another page follows
  if (auto it = query.find("after"); it != query.end()) page.after = it->second;
  ZAPAS_ASSIGN_OR_RETURN(std::vector<T> rows, fetch(page));
  const bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.pop_back();
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const T& row : rows) render(w, row);
  w.EndArray().Key("next");
  if (more) {
    w.String(code_of(rows.back()));
  } else {
    w.Null();
  }
  w.EndObject();
  return Reply{200, w.Take()};
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
  return item;
}

WriteWork CreateItemWork(const Item& item) {
  return CreateWork(
      item, CodeKind::kItem, [](Repository& r, const Item& x) { return r.InsertItem(x); },
      [](Catalog& cat, const Item& x) { cat.AddItem(x); }, WriteItem);
}

Result<Reply> Api::CreateItem(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(WriteWork work, JsonWork(c.request.body, ReadItem, CreateItemWork));
  return Write(c, std::move(work));
}

Result<Reply> Api::ListItems(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  return ListPage<Item>(
      c.request.query, [&](const PageRequest& p) { return conn->ListItems(p); }, WriteItem,
      [](const Item& i) { return i.sku; });
}

Result<Reply> Api::CreateWarehouse(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  Warehouse w;
  w.code = in.NewCode("code");
  w.name = in.Text("name");
  w.region = in.Text("region", true, 100);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c,
               CreateWork(
                   w, CodeKind::kWarehouse,
                   [](Repository& r, const Warehouse& x) { return r.InsertWarehouse(x); },
                   [](Catalog& cat, const Warehouse& x) { cat.AddWarehouse(x); }, WriteWarehouse));
}

Result<Reply> Api::ListWarehouses(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  return ListPage<Warehouse>(
      c.request.query, [&](const PageRequest& p) { return conn->ListWarehouses(p); },
      WriteWarehouse, [](const Warehouse& x) { return x.code; });
}

Result<Reply> Api::CreateDonor(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  Donor d;
  d.code = in.NewCode("code");
  d.name = in.Text("name");
  d.country = in.Text("country", false, 100);
  std::string currency = in.Text("currency", true, 3);
  if (!currency.empty()) {
    d.currency = FindCurrency(currency);
    if (d.currency == nullptr) in.Fail("currency", "unknown currency \"" + currency + "\"");
  }
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(
      c, CreateWork(
             d, CodeKind::kDonor, [](Repository& r, const Donor& x) { return r.InsertDonor(x); },
             [](Catalog& cat, const Donor& x) { cat.AddDonor(x); }, WriteDonor));
}

Result<Reply> Api::ListDonors(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  return ListPage<Donor>(
      c.request.query, [&](const PageRequest& p) { return conn->ListDonors(p); }, WriteDonor,
      [](const Donor& d) { return d.code; });
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
      [](Repository& repo, const Recipient& x) { return repo.InsertRecipient(x); },
      [](Catalog& cat, const Recipient& x) { cat.AddRecipient(x); },
      [](JsonWriter& w, const Recipient& x) { WriteRecipient(w, x, true); });
}

Result<Reply> Api::CreateRecipient(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(WriteWork work,
                         JsonWork(c.request.body, ReadRecipient, CreateRecipientWork));
  return Write(c, std::move(work));
}

Result<Reply> Api::ListRecipients(Call& c) {
  // ?personal=false asks for the list without personal data (a form that only
  // needs names), so nothing is read and nothing is logged.
  bool wanted = true;
  if (auto it = c.request.query.find("personal"); it != c.request.query.end()) {
    if (it->second != "true" && it->second != "false") {
      return Status::Field("personal", "must be true or false");
    }
    wanted = it->second == "true";
  }
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  const bool personal = wanted && SeesPersonalData(c.who.role);
  std::vector<int32_t> shown;  // recipients whose personal data this answer holds
  ZAPAS_ASSIGN_OR_RETURN(
      Reply reply,
      ListPage<Recipient>(
          c.request.query, [&](const PageRequest& p) { return conn->ListRecipients(p); },
          [&](JsonWriter& w, const Recipient& r) {
            WriteRecipient(w, r, personal);
            if (personal && !r.personal_json.empty()) shown.push_back(r.id);
          },
          [](const Recipient& r) { return r.code; }));
  // Every read of personal data is logged (who, when, which recipient)
  // before the data leaves the server; no log, no data.
  ZAPAS_RETURN_IF_ERROR(LogPersonalReads(c.who, shown));
  return reply;
}

Status Api::LogPersonalReads(const Principal& who, const std::vector<int32_t>& recipients) {
  if (recipients.empty()) return Status::Ok();
  return store_
      .Write(who, "", "",
             [&](WriteContext& ctx) -> Result<Reply> {
               for (int32_t id : recipients) {
                 ZAPAS_RETURN_IF_ERROR(
                     ctx.repo.LogPersonalRead(id, ctx.who.username, ctx.recorded_at));
               }
               return Reply{};
             })
      .status();
}

Result<Reply> Api::ListPersonalReads(Call& c) {
  std::string code;
  if (auto it = c.request.query.find("recipient"); it != c.request.query.end()) code = it->second;
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto reads, conn->PersonalReads(code));
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& r : reads) {
    w.BeginObject()
        .Field("recipient", r.recipient_code)
        .Field("read_by", r.read_by)
        .Field("read_at", r.read_at)
        .EndObject();
  }
  w.EndArray().Key("next").Null().EndObject();
  return Reply{200, w.Take()};
}

}  // namespace zapas

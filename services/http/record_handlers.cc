// The list of recipients, with their personal data for the roles that may
// read it, and the log of such reads. (The other lists of records are
// ListOf in the route table; creating records is DecodeAndWrite.)
#include "domain/catalog_search.h"
#include "services/app/requests.h"
#include "services/http/api.h"

namespace zapas {

// A user limited to some warehouses sees only those.
Result<Reply> Api::ListWarehouses(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  return ListPage<Warehouse>(
      c.request.query,
      [&](const PageRequest& p) -> Result<std::vector<Warehouse>> {
        ZAPAS_ASSIGN_OR_RETURN(std::vector<Warehouse> rows, conn->ListWarehouses(p));
        // Transit locations (an alliance's goods on their way) are no warehouses to pick.
        std::erase_if(rows, [&](const Warehouse& w) {
          return IsTransit(w) || !c.who.MayUseWarehouse(w.code);
        });
        return rows;
      },
      WriteWarehouse);
}

namespace {

// ?q= of a list: free text searched in the catalog (domain/catalog_search.h).
Result<std::string> SearchText(const std::map<std::string, std::string>& query) {
  auto it = query.find("q");
  if (it == query.end()) return std::string();
  if (it->second.size() > 200) return Status::Field("q", "must be at most 200 bytes");
  return it->second;
}

}  // namespace

// GET /items; with ?q=, the items whose SKU, names or category hold every
// word of it.
Result<Reply> Api::ListItems(Call& c) {
  if (!c.request.query.count("q")) return ListOf<Item, &Repository::ListItems, WriteItem>(c);
  ZAPAS_ASSIGN_OR_RETURN(const std::string q, SearchText(c.request.query));
  return ListPage<Item>(
      c.request.query,
      [&](const PageRequest& p) -> Result<std::vector<Item>> {
        return store_.Read([&](const Catalog& catalog, const StockIndex&) {
          return SearchItems(catalog, SearchPage{q, p.after, static_cast<size_t>(p.limit)});
        });
      },
      WriteItem);
}

Result<Reply> Api::ChangeItem(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(ItemChange change, DecodeJson(c.request.body, ReadItemChange));
  return Write(c, ChangeItemWork(c.params.at(0), std::move(change)));
}

// GET /recipients/{code}: one recipient, with its personal data for the roles
// that may read it (the read logged first).
Result<Reply> Api::GetRecipient(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::optional<Recipient> r, conn->FindRecipient(c.params.at(0)));
  if (!r) {
    return Status::NotFound(store_.Read([&](const Catalog& catalog, const StockIndex&) {
      return catalog.Unknown(CodeKind::kRecipient, c.params.at(0));
    }));
  }
  const bool personal = SeesPersonalData(c.who.role) && !r->personal_json.empty();
  if (personal) ZAPAS_RETURN_IF_ERROR(LogPersonalReads(c.who, {r->id}));
  JsonWriter w;
  WriteRecipient(w, *r, personal);
  return Reply{200, w.Take()};
}

Result<Reply> Api::ListRecipients(Call& c) {
  // ?q= (code, name or region) and ?kind= search the catalog: names only, no
  // personal data (GET /recipients/{code} gives one with it).
  const auto& query = c.request.query;
  if (query.count("q") || query.count("kind")) {
    ZAPAS_ASSIGN_OR_RETURN(const std::string q, SearchText(query));
    std::optional<RecipientKind> kind;
    if (auto it = query.find("kind"); it != query.end()) {
      kind = ParseRecipientKind(it->second);
      if (!kind) {
        return Status::Field(
            "kind",
            "must be one of military_unit, idp_household, idp_shelter, hospital, community");
      }
    }
    return ListPage<Recipient>(
        query,
        [&](const PageRequest& p) -> Result<std::vector<Recipient>> {
          return store_.Read([&](const Catalog& catalog, const StockIndex&) {
            return SearchRecipients(catalog, SearchPage{q, p.after, static_cast<size_t>(p.limit)},
                                    kind);
          });
        },
        [](JsonWriter& w, const Recipient& r) { WriteRecipient(w, r, false); });
  }
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
          }));
  // Every read of personal data is logged (who, when, which recipient)
  // before the data leaves the server; no log, no data.
  ZAPAS_RETURN_IF_ERROR(LogPersonalReads(c.who, shown));
  return reply;
}

Status Api::LogPersonalReads(const Principal& who, const std::vector<int32_t>& recipients) {
  if (recipients.empty()) return Status::Ok();
  return store_.Write(who, "", "", LogPersonalReadsWork(recipients)).status();
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

// A site's pull of master data from its hub, and its sync status
// (services/app/site_sync.h).
#include <charconv>
#include <map>

#include "persistence/repository_support.h"
#include "services/app/requests.h"
#include "services/app/site_sync.h"
#include "services/app/sync_wire.h"

namespace zapas {

namespace {

struct Change {
  std::string kind;
  std::string data;  // the record's JSON text
};

// The same reader as the record's POST, on the hub's text.
template <typename Read>
auto ReadRecord(const std::string& text, Read read) {
  return DecodeJson(text, read);
}

Result<User> ReadUser(const JsonValue& v) {
  User u;
  u.username = v.Text("username");
  u.password_hash = v.Text("password_hash");
  std::optional<Role> role = ParseRole(v.Text("role"));
  if (u.username.empty() || !role) return Status::Invalid("a user without a name or role");
  u.role = *role;
  u.donor_code = v.Text("donor");
  if (const JsonValue* w = v.Find("warehouses")) {
    for (const JsonValue& code : w->items()) u.warehouses.push_back(code.text());
  }
  const JsonValue* disabled = v.Find("disabled");
  u.disabled = disabled != nullptr && disabled->text() == "true";
  ZAPAS_ASSIGN_OR_RETURN(u.session_epoch, IntMember(v, "session_epoch"));
  return u;
}

Status Apply(WriteContext& ctx, const Change& c) {
  ZAPAS_ASSIGN_OR_RETURN(JsonValue v, ParseJson(c.data));
  if (c.kind == "item") {
    ZAPAS_ASSIGN_OR_RETURN(Item item, ReadRecord(c.data, ReadItem));
    if (const Item* held = ctx.catalog.ItemBySku(item.sku)) {
      item.id = held->id;
      ZAPAS_RETURN_IF_ERROR(ctx.repo.UpdateItem(item));
    } else {
      ZAPAS_ASSIGN_OR_RETURN(item.id, ctx.repo.InsertItem(item));
    }
    ZAPAS_RETURN_IF_ERROR(ctx.repo.SetItemGtins(item.id, item.gtins));
    ctx.OnCommit([item](Catalog& catalog) { catalog.AddItem(item); });
  } else if (c.kind == "warehouse") {
    ZAPAS_ASSIGN_OR_RETURN(Warehouse w, ReadRecord(c.data, ReadWarehouse));
    w.site = v.Text("site");
    ZAPAS_ASSIGN_OR_RETURN(w.id, ctx.repo.PutWarehouse(w));
    ctx.OnCommit([w](Catalog& catalog) { catalog.AddWarehouse(w); });
  } else if (c.kind == "donor") {
    ZAPAS_ASSIGN_OR_RETURN(Donor d, ReadRecord(c.data, ReadDonor));
    ZAPAS_ASSIGN_OR_RETURN(d.id, ctx.repo.PutDonor(d));
    ctx.OnCommit([d](Catalog& catalog) { catalog.AddDonor(d); });
  } else if (c.kind == "recipient") {
    ZAPAS_ASSIGN_OR_RETURN(Recipient r, ReadRecord(c.data, ReadRecipient));
    ZAPAS_ASSIGN_OR_RETURN(r.id, ctx.repo.PutRecipient(r));
    ctx.OnCommit([r](Catalog& catalog) { catalog.AddRecipient(r); });
  } else if (c.kind == "account") {
    ZAPAS_ASSIGN_OR_RETURN(Account a, ReadRecord(c.data, ReadAccount));
    a.site = v.Text("site");
    ZAPAS_RETURN_IF_ERROR(ctx.repo.PutAccount(a).status());
  } else if (c.kind == "user") {
    ZAPAS_ASSIGN_OR_RETURN(User u, ReadUser(v));
    ZAPAS_ASSIGN_OR_RETURN(std::optional<User> held, ctx.repo.FindUser(u.username));
    if (held) {
      ZAPAS_RETURN_IF_ERROR(ctx.repo.UpdateUser(u));
    } else {
      ZAPAS_RETURN_IF_ERROR(ctx.repo.AddUser(u));
    }
  } else if (c.kind == "rate") {
    ZAPAS_ASSIGN_OR_RETURN(Date date, Date::Parse(v.Text("date")));
    const Currency* currency = FindCurrency(v.Text("currency"));
    if (currency == nullptr) return Status::Invalid("a rate of an unknown currency");
    ZAPAS_ASSIGN_OR_RETURN(int64_t value, IntMember(v, "uah_per_unit"));
    const Rate rate{date, currency, value};
    ZAPAS_ASSIGN_OR_RETURN(std::optional<Rate> held,
                           ctx.repo.FindRate(std::string(currency->code), date));
    if (!held) {
      ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertRates({rate}).status());
    } else if (held->uah_per_unit != value) {
      ZAPAS_RETURN_IF_ERROR(ctx.repo.ReplaceRate(rate));
    }
  }
  return Status::Ok();
}

Result<int64_t> ParseInt(const JsonValue& v) {
  int64_t n = 0;
  const std::string& t = v.text();
  if (v.type() != JsonValue::Type::kNumber ||
      std::from_chars(t.data(), t.data() + t.size(), n).ptr != t.data() + t.size()) {
    return Status::Invalid("a number of the hub does not read");
  }
  return n;
}

// Another site's entry that touched this one, as the hub sends it.
struct ForeignEntry {
  std::string site;
  std::string body;
  JournalEntry origin;  // as its site wrote it
  std::optional<std::pair<std::string, int64_t>> refers;
  struct Line {
    std::string warehouse;
    WireLot lot;
    int32_t day = 0;
    int64_t delta = 0;
  };
  std::vector<Line> lines;
};

Result<ForeignEntry> ReadForeign(const JsonValue& v) {
  ForeignEntry f;
  f.site = v.Text("site");
  f.body = v.Text("body");
  ZAPAS_ASSIGN_OR_RETURN(JsonValue body, ParseJson(f.body));
  ZAPAS_ASSIGN_OR_RETURN(f.origin, DecodeEntry(body));
  if (const JsonValue* r = v.Find("refers");
      r != nullptr && r->type() == JsonValue::Type::kObject) {
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, IntMember(*r, "id"));
    f.refers = std::make_pair(r->Text("site"), id);
  }
  if (const JsonValue* lines = v.Find("postings")) {
    for (const JsonValue& l : lines->items()) {
      if (l.items().size() != 4) return Status::Invalid("a posting of the hub does not read");
      ForeignEntry::Line line{.warehouse = l.items()[0].text()};
      ZAPAS_ASSIGN_OR_RETURN(line.lot, ReadWireLot(l.items()[1]));
      ZAPAS_ASSIGN_OR_RETURN(int64_t day, ParseInt(l.items()[2]));
      ZAPAS_ASSIGN_OR_RETURN(line.delta, ParseInt(l.items()[3]));
      line.day = static_cast<int32_t>(day);
      f.lines.push_back(std::move(line));
    }
  }
  return f;
}

// Stores another site's entry with the postings that touch this site, in
// this site's ids (its lots held here under their site and id there).
Status ApplyForeign(WriteContext& ctx, const ForeignEntry& f,
                    std::map<std::pair<std::string, int32_t>, Lot>& made) {
  ZAPAS_ASSIGN_OR_RETURN(auto held, ctx.repo.FindSiteBody(f.site, f.origin.id));
  if (held) return Status::Ok();  // pulled before
  JournalEntry local = f.origin;
  local.site = f.site;
  local.postings.clear();
  local.money.clear();
  local.refers_to = 0;
  if (f.refers) {
    if (f.refers->first == ctx.catalog.site()) {
      local.refers_to = f.refers->second;
    } else {
      ZAPAS_ASSIGN_OR_RETURN(auto of, ctx.repo.FindSiteBody(f.refers->first, f.refers->second));
      if (of) local.refers_to = of->entry_id;
    }
  }
  std::vector<const Lot*> lots;
  for (const ForeignEntry::Line& line : f.lines) {
    const Warehouse* wh = ctx.catalog.WarehouseByCode(line.warehouse);
    if (wh == nullptr) return Status::Invalid("unknown warehouse " + line.warehouse);
    const Lot& wire = line.lot.lot;
    const Lot* lot = nullptr;
    if (wire.site == ctx.catalog.site()) {
      lot = ctx.catalog.LotById(wire.site_lot);
    } else if (auto it = made.find({wire.site, wire.site_lot}); it != made.end()) {
      lot = &it->second;
    } else {
      lot = ctx.catalog.LotOfSite(wire.site, wire.site_lot);
    }
    if (lot == nullptr && wire.site != ctx.catalog.site()) {
      const Item* item = ctx.catalog.ItemBySku(line.lot.sku);
      const Donor* donor = ctx.catalog.DonorByCode(line.lot.donor);
      if (item == nullptr || donor == nullptr) {
        return Status::Invalid("a lot of an unknown item or donor: pull master data first");
      }
      Lot copy = wire;
      copy.item_id = item->id;
      copy.donor_id = donor->id;
      copy.kit = nullptr;
      ZAPAS_ASSIGN_OR_RETURN(copy.id, ctx.repo.InsertLot(copy));
      ctx.StageLot(copy);
      lot = &(made[{wire.site, wire.site_lot}] = copy);
    }
    if (lot == nullptr) return Status::Invalid("an entry names a lot of this site it lacks");
    local.postings.push_back(Posting{wh->id, lot->id, Date::FromDays(line.day), line.delta});
    lots.push_back(lot);
  }
  ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertSiteEntry(local));
  ZAPAS_RETURN_IF_ERROR(ctx.repo.StoreSiteBody(f.site, f.origin.id, id, f.body));
  for (size_t i = 0; i < local.postings.size(); ++i) {
    ctx.StagePosting(local.postings[i], lots[i]->item_id, lots[i]->expiry);
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> SiteSync::PullEntries(SiteState& state, HubLink& link) {
  int64_t applied = 0;
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(HubLink::Answer answer,
                           link.Get("/api/v1/sync/entries?after=" +
                                    std::to_string(state.pulled_entries) + "&limit=200"));
    if (answer.status != 200) {
      return Status::Unavailable("the hub answered " + std::to_string(answer.status));
    }
    ZAPAS_ASSIGN_OR_RETURN(JsonValue v, ParseJson(answer.body));
    ZAPAS_ASSIGN_OR_RETURN(int64_t next, IntMember(v, "next"));
    std::vector<ForeignEntry> entries;
    if (const JsonValue* list = v.Find("entries")) {
      for (const JsonValue& e : list->items()) {
        ZAPAS_ASSIGN_OR_RETURN(ForeignEntry f, ReadForeign(e));
        entries.push_back(std::move(f));
      }
    }
    const JsonValue* more = v.Find("more");
    SiteState after = state;
    after.pulled_entries = next;
    ZAPAS_RETURN_IF_ERROR(store_
                              .WriteForSync([entries, after](WriteContext& ctx) -> Result<Written> {
                                std::map<std::pair<std::string, int32_t>, Lot> made;
                                for (const ForeignEntry& f : entries) {
                                  Status done = ApplyForeign(ctx, f, made);
                                  if (!done.ok()) {
                                    return Status::Internal(
                                        "applying entry " + std::to_string(f.origin.id) +
                                        " of site " + f.site + ": " + done.message());
                                  }
                                }
                                ZAPAS_RETURN_IF_ERROR(ctx.repo.SaveSiteState(after));
                                return Written{"{}", false};
                              })
                              .status());
    state = after;
    applied += static_cast<int64_t>(entries.size());
    if (more == nullptr || more->text() != "true") return applied;
  }
}

Result<int64_t> SiteSync::Pull(SiteState& state, HubLink& link) {
  int64_t applied = 0;
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(HubLink::Answer answer,
                           link.Get("/api/v1/sync/changes?after=" + std::to_string(state.pulled) +
                                    "&limit=" + std::to_string(kBatchEntries)));
    if (answer.status != 200) {
      Result<JsonValue> problem = ParseJson(answer.body);
      return Status::Unavailable("the hub answered " + std::to_string(answer.status) + ": " +
                                 (problem.ok() ? problem->Text("detail") : ""));
    }
    ZAPAS_ASSIGN_OR_RETURN(JsonValue v, ParseJson(answer.body));
    ZAPAS_ASSIGN_OR_RETURN(int64_t next, IntMember(v, "next"));
    std::vector<Change> changes;
    if (const JsonValue* list = v.Find("changes")) {
      for (const JsonValue& c : list->items()) {
        const JsonValue* data = c.Find("data");
        if (data != nullptr && data->is_string()) changes.push_back({c.Text("kind"), data->text()});
      }
    }
    const JsonValue* more = v.Find("more");
    SiteState after = state;
    after.pulled = next;
    after.last_pull_at = SyncTime();
    // The page and the cursor in one write: a cut loses or repeats nothing.
    ZAPAS_RETURN_IF_ERROR(store_
                              .WriteForSync([changes, after](WriteContext& ctx) -> Result<Written> {
                                for (const Change& c : changes) {
                                  Status applied = Apply(ctx, c);
                                  if (!applied.ok()) {
                                    return Status::Internal("applying the hub's " + c.kind + ": " +
                                                            applied.message());
                                  }
                                }
                                ZAPAS_RETURN_IF_ERROR(ctx.repo.SaveSiteState(after));
                                return Written{"{}", false};
                              })
                              .status());
    state = after;
    applied += static_cast<int64_t>(changes.size());
    if (more == nullptr || more->text() != "true") return applied;
  }
}

Result<std::string> SiteSync::StatusJson() {
  ZAPAS_ASSIGN_OR_RETURN(SiteState state, State());
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(int64_t pending, conn->CountOwnEntriesAfter(state.pushed));
  JsonWriter w;
  w.BeginObject()
      .Field("role", "site")
      .Field("site", state.code)
      .Field("hub", state.hub)
      .NullableField("last_pushed", state.last_push_at)
      .NullableField("last_pulled", state.last_pull_at)
      .Field("pending", pending)
      .Field("hub_reachable", reachable_.load())
      .Field("pushed", state.pushed)
      .NullableField("fork", state.fork)
      .NullableField("last_error", state.last_error)
      .EndObject();
  return w.Take();
}

}  // namespace zapas

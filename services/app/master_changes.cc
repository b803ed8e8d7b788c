// What the hub answers a site that pulls master data, and its status of the
// sites (services/app/hub.h).
#include <map>

#include "services/app/hub.h"
#include "services/app/requests.h"

namespace zapas {

namespace {

// The record a change names, as it is now, in `w`; null when it is gone.
Status WriteChanged(JsonWriter& w, Repository& repo, const Catalog& catalog, const MasterChange& c,
                    const std::string& to_site) {
  if (c.kind == "item") {
    if (const Item* item = catalog.ItemBySku(c.key)) return WriteItem(w, *item), Status::Ok();
  } else if (c.kind == "warehouse") {
    if (const Warehouse* x = catalog.WarehouseByCode(c.key)) {
      return WriteWarehouse(w, *x), Status::Ok();
    }
  } else if (c.kind == "donor") {
    if (const Donor* d = catalog.DonorByCode(c.key)) return WriteDonor(w, *d), Status::Ok();
  } else if (c.kind == "recipient") {
    ZAPAS_ASSIGN_OR_RETURN(std::optional<Recipient> r, repo.FindRecipient(c.key));
    if (r) {
      // A recipient another site registered (its code starts with that
      // site's) goes to the others without its personal data, and a
      // household under its code: who they are stays where they were met.
      const std::string prefix = r->code.substr(0, r->code.find('-'));
      if (prefix != r->code && prefix != to_site && IsSiteCode(prefix)) {
        ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteRecord> owner, repo.FindSite(prefix));
        if (owner) {
          r->personal_json.clear();
          if (NameIsPersonal(r->kind)) r->name = r->code;
        }
      }
      WriteRecipient(w, *r, true);
      return Status::Ok();
    }
  } else if (c.kind == "account") {
    ZAPAS_ASSIGN_OR_RETURN(std::optional<Account> a, repo.FindAccount(c.key));
    if (a) return WriteAccount(w, *a), Status::Ok();
  } else if (c.kind == "user") {
    ZAPAS_ASSIGN_OR_RETURN(std::optional<User> u, repo.FindUser(c.key));
    if (u) {
      w.BeginObject()
          .Field("username", u->username)
          .Field("role", RoleName(u->role))
          .Field("donor", u->donor_code)
          .Key("warehouses")
          .BeginArray();
      for (const std::string& code : u->warehouses) w.String(code);
      w.EndArray()
          .Field("disabled", u->disabled)
          .Field("password_hash", u->password_hash)
          .Field("session_epoch", u->session_epoch)
          .EndObject();
      return Status::Ok();
    }
  } else if (c.kind == "rate") {
    const size_t colon = c.key.find(':');
    const std::string currency = c.key.substr(0, colon);
    const int32_t day = colon == std::string::npos ? 0 : std::stoi(c.key.substr(colon + 1));
    ZAPAS_ASSIGN_OR_RETURN(std::optional<Rate> rate, repo.FindRate(currency, Date::FromDays(day)));
    if (rate) {
      w.BeginObject()
          .Field("date", rate->date.ToString())
          .Field("currency", currency)
          .Field("uah_per_unit", rate->uah_per_unit)
          .EndObject();
      return Status::Ok();
    }
  }
  w.Null();
  return Status::Ok();
}

}  // namespace

Result<std::string> MasterChangesJson(Repository& repo, const Catalog& catalog,
                                      const std::string& site, int64_t after, int limit) {
  ZAPAS_ASSIGN_OR_RETURN(std::vector<MasterChange> changes, repo.MasterChanges(after, limit));
  // A record changed twice in the page goes once, at its last change.
  std::map<std::pair<std::string, std::string>, int64_t> last;
  for (const MasterChange& c : changes) last[{c.kind, c.key}] = c.seq;
  JsonWriter w;
  w.BeginObject().Key("changes").BeginArray();
  for (const MasterChange& c : changes) {
    if (last[{c.kind, c.key}] != c.seq) continue;
    // The record as the text its POST takes, so the site reads it with the
    // same reader as a request.
    JsonWriter data;
    ZAPAS_RETURN_IF_ERROR(WriteChanged(data, repo, catalog, c, site));
    w.BeginObject().Field("seq", c.seq).Field("kind", c.kind).Field("key", c.key).Key("data");
    if (data.str() == "null") {
      w.Null();
    } else {
      w.String(data.str());
    }
    w.EndObject();
  }
  w.EndArray().Field("next", changes.empty() ? after : changes.back().seq);
  w.Field("more", static_cast<int>(changes.size()) >= limit).EndObject();
  return w.Take();
}

Result<std::string> EntriesForSiteJson(Repository& repo, const Catalog& catalog,
                                       const std::string& site, int64_t after, int limit) {
  // Reads at most this many entries an answer, so one with nothing for the
  // site still moves its cursor on.
  constexpr int kScan = 5000;
  JsonWriter w;
  w.BeginObject().Key("entries").BeginArray();
  int64_t next = after;
  int sent = 0, scanned = 0;
  Status failed = Status::Ok();
  ZAPAS_RETURN_IF_ERROR(repo.ForEachEntry(after, [&](const JournalEntry& e) {
    if (sent >= limit || scanned >= kScan) return false;
    ++scanned;
    if (e.site.empty() || e.site == site) {
      next = e.id;
      return true;
    }
    // An arrival of a transfer `site` dispatched ends its transit there.
    bool ends_transit_of_site = false;
    if (e.kind == "arrival" && e.refers_to != 0) {
      Result<JournalEntry> transfer = repo.FindEntry(e.refers_to);
      ends_transit_of_site = transfer.ok() && transfer->site == site;
    }
    // An entry committed a moment ago may name what the catalog has not
    // taken in yet: the answer stops before it, and the next picks it up.
    JsonWriter one;
    one.Key("postings").BeginArray();
    bool any = false;
    for (const Posting& p : e.postings) {
      const Warehouse* wh = catalog.WarehouseById(p.warehouse_id);
      if (wh == nullptr) return false;
      if (wh->site != site && !(ends_transit_of_site && IsTransit(*wh))) continue;
      const Lot* lot = catalog.LotById(p.lot_id);
      const Item* item = lot ? catalog.ItemById(lot->item_id) : nullptr;
      const Donor* donor = lot ? catalog.DonorById(lot->donor_id) : nullptr;
      if (lot == nullptr || item == nullptr || donor == nullptr) return false;
      WireLot wire{*lot, item->sku, donor->code};
      wire.lot.id = lot->site_lot;
      wire.lot.kit = nullptr;  // a kit's parts stay where it was made
      one.BeginArray().String(wh->code);
      WriteWireLot(one, wire);
      one.Int(p.date.days()).Int(p.delta).EndArray();
      any = true;
    }
    one.EndArray();
    if (!any) {
      next = e.id;
      return true;
    }
    Result<std::optional<SiteStore::SiteBody>> body = repo.FindSiteBodyOfEntry(e.id);
    if (!body.ok() || !*body) {
      failed = body.ok() ? Status::Internal("entry " + std::to_string(e.id) + " has no body")
                         : body.status();
      return false;
    }
    w.BeginObject().Field("id", e.id).Field("site", e.site).Field("body", (*body)->body);
    w.Key("refers");
    Result<std::optional<SiteStore::SiteBody>> refers =
        e.refers_to == 0 ? Result<std::optional<SiteStore::SiteBody>>(std::nullopt)
                         : repo.FindSiteBodyOfEntry(e.refers_to);
    Result<JournalEntry> of =
        e.refers_to == 0 ? Result<JournalEntry>(Status::NotFound("")) : repo.FindEntry(e.refers_to);
    if (refers.ok() && *refers && of.ok()) {
      w.BeginObject().Field("site", of->site).Field("id", (*refers)->site_id).EndObject();
    } else {
      w.Null();
    }
    // The postings member, as written above (without the object's braces).
    std::string postings = one.Take();
    w.Key("postings").Raw(postings.substr(postings.find('[')));
    w.EndObject();
    next = e.id;
    ++sent;
    return true;
  }));
  ZAPAS_RETURN_IF_ERROR(failed);
  w.EndArray().Field("next", next).Field("more", sent >= limit || scanned >= kScan);
  w.EndObject();
  return w.Take();
}

Result<std::string> HubStatusJson(Repository& repo) {
  ZAPAS_ASSIGN_OR_RETURN(std::vector<SiteRecord> sites, repo.ListSites());
  JsonWriter w;
  w.BeginObject().Field("role", "hub").Key("sites").BeginArray();
  for (const SiteRecord& s : sites) {
    w.BeginObject().Field("code", s.code).Field("name", s.name).Key("head").BeginObject();
    w.Field("id", s.head_id).Field("hash", s.head_hash).EndObject();
    w.Field("entries", s.entries).NullableField("last_sync_at", s.last_sync_at);
    w.Field("token", s.token_hash.empty() ? "revoked" : "active").EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace zapas

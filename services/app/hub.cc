#include "services/app/hub.h"

#include <map>
#include <set>

#include "persistence/journal_hash.h"
#include "services/app/aid_requests.h"
#include "services/app/requests.h"
#include "services/random.h"

namespace zapas {

namespace {

std::string NewToken() { return "zs_" + RandomHex(32); }

Result<SiteRecord> ExistingSite(Repository& repo, const std::string& code) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteRecord> site, repo.FindSite(code));
  if (!site) return Status::NotFound("no site " + code);
  return *std::move(site);
}

std::string TokenReply(const std::string& code, const std::string& token) {
  JsonWriter w;
  w.BeginObject().Field("code", code).Field("token", token).EndObject();
  return w.Take();
}

}  // namespace

std::string SiteTokenHash(const std::string& token) { return Sha256(token); }

std::optional<NewSite> ReadNewSite(FieldReader& in) {
  NewSite s;
  s.code = in.Text("code", true, 12);
  s.name = in.Text("name");
  s.warehouses = in.Codes("warehouses").value_or(std::vector<std::string>{});
  s.accounts = in.Codes("accounts").value_or(std::vector<std::string>{});
  return s;
}

WriteWork RegisterSiteWork(NewSite site) {
  return [site](WriteContext& ctx) -> Result<Written> {
    if (!IsSiteCode(site.code)) {
      return Status::Field("code", "must be 2 to 12 capital Latin letters and digits, as KYIV");
    }
    if (!ctx.catalog.site().empty()) {
      return Status::Conflict("sites are registered at the alliance hub, not at a site");
    }
    ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteRecord> taken, ctx.repo.FindSite(site.code));
    if (taken) return Status::Conflict("site " + site.code + " already exists");
    const std::string token = NewToken();
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertSite(SiteRecord{.code = site.code,
                                                         .name = site.name,
                                                         .token_hash = SiteTokenHash(token),
                                                         .created_at = ctx.recorded_at}));
    std::vector<Warehouse> given;
    for (size_t i = 0; i < site.warehouses.size(); ++i) {
      const std::string field = "warehouses[" + std::to_string(i) + "]";
      const Warehouse* w = ctx.catalog.WarehouseByCode(site.warehouses[i]);
      if (w == nullptr) {
        return Status::Field(field, ctx.catalog.Unknown(CodeKind::kWarehouse, site.warehouses[i]));
      }
      if (IsTransit(*w)) return Status::Field(field, w->code + " is a transit location");
      if (!w->site.empty()) return Status::Conflict(w->code + " is site " + w->site + "'s");
      ZAPAS_RETURN_IF_ERROR(ctx.repo.SetWarehouseSite(w->code, site.code));
      given.push_back(*w);
      given.back().site = site.code;
      // Its transit location: where goods dispatched to it from another
      // site are until it receives them. It flows to every site.
      Warehouse transit{.code = TransitCode(w->code),
                        .name = w->name + " — в дорозі / in transit",
                        .region = w->region,
                        .site = site.code};
      ZAPAS_ASSIGN_OR_RETURN(transit.id, ctx.repo.PutWarehouse(transit));
      given.push_back(transit);
    }
    for (size_t i = 0; i < site.accounts.size(); ++i) {
      ZAPAS_ASSIGN_OR_RETURN(std::optional<Account> a, ctx.repo.FindAccount(site.accounts[i]));
      if (!a) return Status::Field("accounts[" + std::to_string(i) + "]", "unknown account");
      if (!a->site.empty()) return Status::Conflict(a->code + " is site " + a->site + "'s");
      ZAPAS_RETURN_IF_ERROR(ctx.repo.SetAccountSite(a->code, site.code));
    }
    ctx.OnCommit([given](Catalog& catalog) {
      for (const Warehouse& w : given) catalog.AddWarehouse(w);
    });
    JsonWriter w;
    w.BeginObject().Field("code", site.code).Field("name", site.name).Key("warehouses");
    w.BeginArray();
    for (const std::string& c : site.warehouses) w.String(c);
    w.EndArray().Key("accounts").BeginArray();
    for (const std::string& c : site.accounts) w.String(c);
    w.EndArray().Field("token", token).EndObject();
    return Written{w.Take()};
  };
}

WriteWork NewSiteTokenWork(std::string code) {
  return [code](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(ExistingSite(ctx.repo, code).status());
    const std::string token = NewToken();
    ZAPAS_RETURN_IF_ERROR(ctx.repo.SetSiteToken(code, SiteTokenHash(token)));
    return Written{TokenReply(code, token)};
  };
}

WriteWork RevokeSiteTokenWork(std::string code) {
  return [code](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(ExistingSite(ctx.repo, code).status());
    ZAPAS_RETURN_IF_ERROR(ctx.repo.SetSiteToken(code, ""));
    JsonWriter w;
    w.BeginObject().Field("code", code).Field("revoked", true).EndObject();
    return Written{w.Take(), false};
  };
}

Result<SiteRecord> SiteOfToken(Repository& repo, const std::string& token) {
  if (token.empty()) return Status::Unauthenticated("a site token is required");
  ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteRecord> site,
                         repo.FindSiteByToken(SiteTokenHash(token)));
  if (!site) return Status::Unauthenticated("unknown or revoked site token");
  return *std::move(site);
}

namespace {

// What one batch of site `site` needs to put its entries in the hub's terms.
class Projection {
 public:
  Projection(WriteContext& ctx, const SyncBatch& batch)
      : ctx_(ctx), batch_(batch), site_(batch.site) {
    for (size_t i = 0; i < batch.lots.size(); ++i) lots_by_id_[batch.lots[i].lot.id] = i;
  }

  // The entry as the hub stores it: its site's code, and the hub's ids.
  Result<JournalEntry> Project(const JournalEntry& e) {
    JournalEntry out = e;
    out.site = site_;
    for (Posting& p : out.postings) {
      ZAPAS_ASSIGN_OR_RETURN(p.warehouse_id, Warehouse(p.warehouse_id, e.kind, p.delta));
      ZAPAS_ASSIGN_OR_RETURN(p.lot_id, LotId(p.lot_id));
    }
    for (MoneyPosting& m : out.money) {
      if (m.account_id != 0) {
        ZAPAS_ASSIGN_OR_RETURN(m.account_id, AccountId(m.account_id));
      }
      if (m.donor_id != 0) {
        ZAPAS_ASSIGN_OR_RETURN(m.donor_id, DonorId(m.donor_id));
      }
    }
    if (e.refers_to != 0) {
      // An entry of this site, or of another it names (a transfer received).
      auto other = batch_.refers.find(e.refers_to);
      ZAPAS_ASSIGN_OR_RETURN(
          auto body, other == batch_.refers.end()
                         ? ctx_.repo.FindSiteBody(site_, e.refers_to)
                         : ctx_.repo.FindSiteBody(other->second.first, other->second.second));
      if (!body) return Fail(e, "refers to entry " + std::to_string(e.refers_to) + ", not held");
      out.refers_to = body->entry_id;
    }
    return out;
  }

  // Stages the projected entry's postings for the index, once stored.
  void Stage(const JournalEntry& stored) {
    for (const Posting& p : stored.postings) {
      const Lot* lot = FindLot(p.lot_id);
      if (lot != nullptr) ctx_.StagePosting(p, lot->item_id, lot->expiry);
    }
  }

 private:
  Status Fail(const JournalEntry& e, const std::string& why) {
    return Status::Field("entries",
                         "entry " + std::to_string(e.id) + " of site " + site_ + " " + why);
  }
  Result<std::string> CodeOf(const std::map<int32_t, std::string>& codes, int32_t id,
                             const char* what) {
    auto it = codes.find(id);
    if (it == codes.end()) {
      return Status::Field(
          what, "the batch does not name its " + std::string(what) + " " + std::to_string(id));
    }
    return it->second;
  }
  // The hub's id of the site's warehouse `site_id`, moved by `delta` in an
  // entry of `kind`: a site writes its own warehouses (and their transit
  // locations), and puts goods into another's transit location only by a
  // transfer (a dispatch); nothing else of another site's.
  Result<int32_t> Warehouse(int32_t site_id, const std::string& kind, int64_t delta) {
    ZAPAS_ASSIGN_OR_RETURN(std::string code, CodeOf(batch_.warehouses, site_id, "warehouses"));
    const zapas::Warehouse* w = ctx_.catalog.WarehouseByCode(code);
    if (w == nullptr) return Status::Field("warehouses", "unknown warehouse " + code);
    const bool dispatch = IsTransit(*w) && kind == "transfer" && delta > 0;
    if (w->site != site_ && !dispatch) {
      return Status::Field("warehouses", "the warehouse " + code + " is not site " + site_ + "'s");
    }
    return w->id;
  }
  Result<int32_t> AccountId(int32_t site_id) {
    ZAPAS_ASSIGN_OR_RETURN(std::string code, CodeOf(batch_.accounts, site_id, "accounts"));
    ZAPAS_ASSIGN_OR_RETURN(std::optional<Account> a, ctx_.repo.FindAccount(code));
    if (!a) return Status::Field("accounts", "unknown account " + code);
    if (a->site != site_) {
      return Status::Field("accounts", "the account " + code + " is not site " + site_ + "'s");
    }
    return a->id;
  }
  Result<int32_t> DonorId(int32_t site_id) {
    ZAPAS_ASSIGN_OR_RETURN(std::string code, CodeOf(batch_.donors, site_id, "donors"));
    const Donor* d = ctx_.catalog.DonorByCode(code);
    if (d == nullptr) return Status::Field("donors", "unknown donor " + code);
    return d->id;
  }
  const Lot* FindLot(int32_t hub_id) {
    for (const Lot& l : made_) {
      if (l.id == hub_id) return &l;
    }
    return ctx_.catalog.LotById(hub_id);
  }
  // The hub's id of the site's lot `site_id`: held, made by this batch, or
  // made now from what the batch says of it.
  Result<int32_t> LotId(int32_t site_id) {
    if (auto it = ids_.find(site_id); it != ids_.end()) return it->second;
    auto wire = lots_by_id_.find(site_id);
    const Lot* held = nullptr;
    if (wire != lots_by_id_.end() && !batch_.lots[wire->second].lot.site.empty()) {
      // A lot of another site, sent on to this one.
      const Lot& of = batch_.lots[wire->second].lot;
      held = ctx_.catalog.LotOfSite(of.site, of.site_lot);
      if (held == nullptr) return Status::Field("lots", "unknown lot of site " + of.site);
    } else {
      held = ctx_.catalog.LotOfSite(site_, site_id);
    }
    if (held != nullptr) return ids_[site_id] = held->id;
    if (wire == lots_by_id_.end()) {
      return Status::Field("lots", "the batch does not describe lot " + std::to_string(site_id));
    }
    const WireLot& w = batch_.lots[wire->second];
    Lot lot = w.lot;
    const Item* item = ctx_.catalog.ItemBySku(w.sku);
    if (item == nullptr) return Status::Field("lots", "unknown item " + w.sku);
    const Donor* donor = ctx_.catalog.DonorByCode(w.donor);
    if (donor == nullptr) return Status::Field("lots", "unknown donor " + w.donor);
    lot.item_id = item->id;
    lot.donor_id = donor->id;
    lot.site = site_;
    lot.site_lot = site_id;
    if (lot.kit) {
      KitComposition kit = *lot.kit;
      for (KitPart& part : kit.parts) {
        ZAPAS_ASSIGN_OR_RETURN(part.lot_id, LotId(part.lot_id));
      }
      lot.kit = std::make_shared<const KitComposition>(std::move(kit));
    }
    ZAPAS_ASSIGN_OR_RETURN(lot.id, ctx_.repo.InsertLot(lot));
    ctx_.StageLot(lot);
    made_.push_back(lot);
    return ids_[site_id] = lot.id;
  }

  WriteContext& ctx_;
  const SyncBatch& batch_;
  const std::string site_;
  std::map<int32_t, size_t> lots_by_id_;  // the site's lot id -> batch_.lots
  std::map<int32_t, int32_t> ids_;        // the site's lot id -> the hub's
  std::vector<Lot> made_;
};

Status Fork(const JournalEntry& e, const std::string& hub_hash) {
  const std::string message =
      "the site's journal forks from what the hub holds at its entry " + std::to_string(e.id) +
      (e.number.empty() ? "" : " (" + e.number + ")") + ": the hub holds " +
      (hub_hash.empty() ? "nothing there" : "hash " + ShortHash(hub_hash)) + ", the site " +
      (e.hash.empty() ? "has nothing there" : "sent " + ShortHash(e.hash)) +
      ". A site restored from an older backup, or a second database with the site's token, "
      "cannot go on: ask the alliance's admin";
  return Status(StatusCode::kConflict, message,
                {FieldError{"fork_at", std::to_string(e.id)}, FieldError{"hub_hash", hub_hash},
                 FieldError{"site_hash", e.hash}});
}

// The site's chain ends before what the hub holds of it: it lost entries the
// hub has (a database restored from an older copy).
Status Behind(Repository& repo, const SiteRecord& site, const SyncBatch& batch) {
  std::optional<JournalEntry> first;
  Status read = Status::Ok();
  ZAPAS_RETURN_IF_ERROR(
      repo.ForEachSiteBody(site.code, batch.head_id, [&](const SiteStore::SiteBody& b) {
        Result<JsonValue> v = ParseJson(b.body);
        Result<JournalEntry> e = v.ok() ? DecodeEntry(*v) : Result<JournalEntry>(v.status());
        if (e.ok()) first = *std::move(e);
        if (!e.ok()) read = e.status();
        return false;
      }));
  ZAPAS_RETURN_IF_ERROR(read);
  if (!first) return Status::Internal("the hub's copy of site " + site.code + " is incomplete");
  JournalEntry missing = *first;
  missing.hash = "";
  Status fork = Fork(missing, first->hash);
  return Status(StatusCode::kConflict,
                "the site's journal ends at its entry " + std::to_string(batch.head_id) +
                    ", but the hub holds its entries up to " + std::to_string(site.head_id) + ": " +
                    fork.message(),
                fork.errors());
}

}  // namespace

WriteWork AcceptBatchWork(std::string code, SyncBatch batch) {
  return [code, batch = std::move(batch)](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(SiteRecord site, ExistingSite(ctx.repo, code));
    if (batch.site != code) return Status::Field("site", "the token is site " + code + "'s");
    if (!site.instance.empty() && site.instance != batch.instance) {
      return Status::Conflict("another database already pushes as site " + code +
                              ": one site, one database (a site on new hardware needs a new "
                              "token from the hub's admin)");
    }
    const std::string prefix = code + "-";
    for (const Recipient& r : batch.recipients) {
      if (r.code.rfind(prefix, 0) != 0) {
        return Status::Field("recipients",
                             r.code + ": a site's recipient code starts with " + prefix);
      }
      ZAPAS_ASSIGN_OR_RETURN(int32_t id, ctx.repo.PutRecipient(r));
      Recipient stored = r;
      stored.id = id;
      ctx.OnCommit([stored](Catalog& catalog) { catalog.AddRecipient(stored); });
    }
    Projection projection(ctx, batch);
    int64_t stored = 0, duplicates = 0;
    for (const JournalEntry& e : batch.entries) {
      if (e.id <= site.head_id) {
        ZAPAS_ASSIGN_OR_RETURN(auto held, ctx.repo.FindSiteBody(code, e.id));
        std::string held_hash;
        if (held) {
          ZAPAS_ASSIGN_OR_RETURN(JsonValue v, ParseJson(held->body));
          held_hash = v.Text("hash");
        }
        if (held && held_hash == e.hash) {
          ++duplicates;
          continue;
        }
        return Fork(e, held_hash);
      }
      if (e.prev_hash != site.head_hash) return Fork(e, site.head_hash);
      if (Sha256(CanonicalEntry(e, e.prev_hash)) != e.hash) {
        return Status::Field("entries", "entry " + std::to_string(e.id) + " of site " + code +
                                            ": its hash does not match its content");
      }
      ZAPAS_ASSIGN_OR_RETURN(JournalEntry projected, projection.Project(e));
      ZAPAS_ASSIGN_OR_RETURN(projected.id, ctx.repo.InsertSiteEntry(projected));
      ZAPAS_RETURN_IF_ERROR(ctx.repo.StoreSiteBody(code, e.id, projected.id, EncodeEntry(e)));
      // The requests and the needs board move as at the site.
      ZAPAS_RETURN_IF_ERROR(ReplaySiteWork(ctx, projected, [&](int64_t site_id) -> Result<int64_t> {
        ZAPAS_ASSIGN_OR_RETURN(auto body, ctx.repo.FindSiteBody(code, site_id));
        if (!body)
          return Status::Field("entries", "names entry " + std::to_string(site_id) + " of site " +
                                              code + ", not held");
        return body->entry_id;
      }));
      projection.Stage(projected);
      site.head_id = e.id;
      site.head_hash = e.hash;
      ++site.entries;
      ++stored;
    }
    // The site's chain must reach what the hub holds of it.
    if (batch.head_id < site.head_id) return Behind(ctx.repo, site, batch);
    if (batch.head_id == site.head_id && batch.head_hash != site.head_hash) {
      JournalEntry head;
      head.id = batch.head_id;
      head.hash = batch.head_hash;
      return Fork(head, site.head_hash);
    }
    site.instance = batch.instance;
    site.last_sync_at = ctx.recorded_at;
    ZAPAS_RETURN_IF_ERROR(ctx.repo.UpdateSiteHead(site));
    JsonWriter w;
    w.BeginObject().Field("site", code).Key("head").BeginObject();
    w.Field("id", site.head_id).Field("hash", site.head_hash).EndObject();
    w.Field("stored", stored).Field("duplicates", duplicates).EndObject();
    return Written{w.Take(), stored > 0};
  };
}

}  // namespace zapas

// What every backend shares: choosing the backend from the database's
// location, the clock of stored timestamps, and rebuilding the derived state.
#include <ctime>

#include "persistence/repository.h"
#include "persistence/repository_support.h"

namespace zapas {

std::string NowRfc3339() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsPostgresUrl(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Repository>> OpenDatabase(const DatabaseOptions& options) {
  return IsPostgresUrl(options.path) ? OpenPostgres(options) : OpenSqlite(options);
}

Result<MasterData> MasterData::Read(Repository& repo, const StateMark* seen, const StateMark& now) {
  const PageRequest all{"", 1 << 30};
  MasterData m;
  if (!seen || seen->items != now.items) {
    ZAPAS_ASSIGN_OR_RETURN(m.items, repo.ListItems(all));
  }
  if (!seen || seen->warehouses != now.warehouses) {
    ZAPAS_ASSIGN_OR_RETURN(m.warehouses, repo.ListWarehouses(all));
  }
  if (!seen || seen->donors != now.donors) {
    ZAPAS_ASSIGN_OR_RETURN(m.donors, repo.ListDonors(all));
  }
  if (!seen || seen->recipients != now.recipients) {
    ZAPAS_ASSIGN_OR_RETURN(m.recipients, repo.ListRecipients(all));
  }
  return m;
}

void MasterData::AddTo(Catalog& catalog) const {
  // Adding a row the catalog holds already replaces it with the same.
  for (const Item& i : items) catalog.AddItem(i);
  for (const Warehouse& w : warehouses) catalog.AddWarehouse(w);
  for (const Donor& d : donors) catalog.AddDonor(d);
  for (const Recipient& r : recipients) catalog.AddRecipient(r);
}

Status Repository::LoadCatalog(Catalog& catalog) {
  ZAPAS_ASSIGN_OR_RETURN(StateMark mark, CurrentMark());
  ZAPAS_ASSIGN_OR_RETURN(MasterData master, MasterData::Read(*this, nullptr, mark));
  master.AddTo(catalog);
  ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteState> site, LoadSiteState());
  catalog.SetSite(site ? site->code : "");
  catalog.ReserveLots(static_cast<size_t>(mark.lots));
  return ForEachLot(0, [&](Lot&& lot) { catalog.AddLot(std::move(lot)); });
}

namespace {

// Adds `posting` to `index`; `bad` tells of the first lot `catalog` does not know.
void ApplyPosting(const Catalog& catalog, StockIndex& index, const Posting& p, Status& bad) {
  const Lot* lot = catalog.LotById(p.lot_id);
  if (lot == nullptr) {
    if (bad.ok()) bad = Status::Internal("posting of unknown lot " + std::to_string(p.lot_id));
    return;
  }
  index.Apply(p, lot->item_id, lot->expiry);
}

Status LoadInSnapshot(Repository& repo, Catalog& catalog, StockIndex& index, size_t* postings,
                      StateMark* mark) {
  ZAPAS_ASSIGN_OR_RETURN(StateMark now, repo.CurrentMark());
  ZAPAS_RETURN_IF_ERROR(repo.LoadCatalog(catalog));
  size_t count = 0;
  Status bad = Status::Ok();
  ZAPAS_RETURN_IF_ERROR(repo.ForEachPosting(0, [&](const Posting& p) {
    ++count;
    ApplyPosting(catalog, index, p, bad);
  }));
  ZAPAS_RETURN_IF_ERROR(bad);
  if (postings != nullptr) *postings = count;
  if (mark != nullptr) *mark = now;
  return Status::Ok();
}

}  // namespace

Status LoadStockState(Repository& repo, Catalog& catalog, StockIndex& index, size_t* postings,
                      StateMark* mark) {
  // One snapshot: other servers may be writing, and a posting must never be
  // read without its lot.
  ZAPAS_RETURN_IF_ERROR(repo.BeginRead());
  Status loaded = LoadInSnapshot(repo, catalog, index, postings, mark);
  Status ended = repo.EndRead();
  return loaded.ok() ? ended : loaded;
}

Result<StateChanges> StateChanges::Read(Repository& repo, const StateMark& seen) {
  StateChanges c;
  c.seen_ = seen;
  ZAPAS_ASSIGN_OR_RETURN(c.mark_, repo.CurrentMark());
  if (c.mark_.MasterDataAfter(seen)) {
    ZAPAS_ASSIGN_OR_RETURN(MasterData master, MasterData::Read(repo, &seen, c.mark_));
    c.master_ = std::move(master);
  }
  if (c.mark_.lots != seen.lots) {
    ZAPAS_RETURN_IF_ERROR(repo.ForEachLot(seen.lots, [&](Lot&& lot) {
      if (lot.id <= c.mark_.lots) c.lots_.push_back(std::move(lot));
    }));
  }
  if (c.mark_.entries != seen.entries) {
    ZAPAS_RETURN_IF_ERROR(
        repo.ForEachPosting(seen.entries, [&](const Posting& p) { c.postings_.push_back(p); }));
  }
  return c;
}

Status StateChanges::ApplyTo(Catalog& catalog, StockIndex& index) const {
  // Master data and lots may be added twice alike; postings may not. So all
  // of them or none: every posting's lot is checked before the first is added.
  if (master_) master_->AddTo(catalog);
  for (const Lot& lot : lots_) catalog.AddLot(lot);
  for (const Posting& p : postings_) {
    if (catalog.LotById(p.lot_id) == nullptr) {
      return Status::Internal("posting of unknown lot " + std::to_string(p.lot_id));
    }
  }
  Status bad = Status::Ok();
  for (const Posting& p : postings_) ApplyPosting(catalog, index, p, bad);
  return bad;
}

}  // namespace zapas

#include "services/app/migrate.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "domain/limits.h"

namespace zapas {
namespace {

// Every row of a list paged by code, in id order (ids are dense: inserted in
// this order into an empty database, each row gets its own id back).
template <class T, class List, class Code>
Result<std::vector<T>> AllById(List list, Code code) {
  std::vector<T> all;
  PageRequest page;
  page.limit = 1000;
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(std::vector<T> rows, list(page));
    all.insert(all.end(), rows.begin(), rows.end());
    if (static_cast<int>(rows.size()) < page.limit) break;
    page.after = code(rows.back());
  }
  std::sort(all.begin(), all.end(), [](const T& a, const T& b) { return a.id < b.id; });
  return all;
}

// Inserts `rows` in id order, checking each keeps its id.
template <class T, class Insert>
Status InsertKeepingIds(const std::vector<T>& rows, const char* what, Insert insert,
                        std::ostream& progress) {
  for (const T& row : rows) {
    ZAPAS_ASSIGN_OR_RETURN(auto id, insert(row));
    if (id != row.id) {
      return Status::Internal(std::string(what) + " " + std::to_string(row.id) + " would get id " +
                              std::to_string(id) + " in the copy");
    }
  }
  progress << "zapas: migrate: " << rows.size() << " " << what << "s\n";
  return Status::Ok();
}

// Whether `to` holds nothing that a copy could clash with.
Result<bool> IsEmpty(Repository& to) {
  PageRequest one;
  one.limit = 1;
  ZAPAS_ASSIGN_OR_RETURN(auto items, to.ListItems(one));
  ZAPAS_ASSIGN_OR_RETURN(auto warehouses, to.ListWarehouses(one));
  ZAPAS_ASSIGN_OR_RETURN(auto donors, to.ListDonors(one));
  ZAPAS_ASSIGN_OR_RETURN(auto recipients, to.ListRecipients(one));
  ZAPAS_ASSIGN_OR_RETURN(auto accounts, to.ListAccounts(one));
  ZAPAS_ASSIGN_OR_RETURN(int64_t users, to.CountUsers());
  ZAPAS_ASSIGN_OR_RETURN(auto counters, to.ListCounters());
  ZAPAS_ASSIGN_OR_RETURN(auto keys, to.ResponseKeys());
  bool journal = false;
  ZAPAS_RETURN_IF_ERROR(to.ForEachEntry(0, [&](const JournalEntry&) { return !(journal = true); }));
  RateTable rates;
  ZAPAS_RETURN_IF_ERROR(to.LoadRates(rates));
  return items.empty() && warehouses.empty() && donors.empty() && recipients.empty() &&
         accounts.empty() && users == 0 && counters.empty() && keys.empty() && !journal &&
         rates.size() == 0;
}

// Every row of one kind of master data, read from `from` by code and
// inserted into `to` in id order.
template <class T, class List, class Code, class Insert>
Status CopyById(const char* what, List list, Code code, Insert insert, std::ostream& progress) {
  ZAPAS_ASSIGN_OR_RETURN(std::vector<T> rows, AllById<T>(list, code));
  return InsertKeepingIds(rows, what, insert, progress);
}

Status CopyMasterData(Repository& from, Repository& to, std::ostream& progress) {
  auto by_code = [](const auto& row) { return row.code; };
  ZAPAS_RETURN_IF_ERROR(CopyById<Item>(
      "item", [&](const PageRequest& p) { return from.ListItems(p); },
      [](const Item& i) { return i.sku; },
      [&](const Item& i) -> Result<int32_t> {
        ZAPAS_ASSIGN_OR_RETURN(int32_t id, to.InsertItem(i));
        if (!i.gtins.empty()) ZAPAS_RETURN_IF_ERROR(to.SetItemGtins(id, i.gtins));
        return id;
      },
      progress));
  ZAPAS_RETURN_IF_ERROR(CopyById<Warehouse>(
      "warehouse", [&](const PageRequest& p) { return from.ListWarehouses(p); }, by_code,
      [&](const Warehouse& w) { return to.InsertWarehouse(w); }, progress));
  ZAPAS_RETURN_IF_ERROR(CopyById<Donor>(
      "donor", [&](const PageRequest& p) { return from.ListDonors(p); }, by_code,
      [&](const Donor& d) { return to.InsertDonor(d); }, progress));
  // Recipients come opened and are sealed again in the target's row context.
  ZAPAS_RETURN_IF_ERROR(CopyById<Recipient>(
      "recipient", [&](const PageRequest& p) { return from.ListRecipients(p); }, by_code,
      [&](const Recipient& r) { return to.InsertRecipient(r); }, progress));
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(from.LoadCatalog(catalog));
  std::vector<Lot> lots;
  for (size_t id = 1; id <= catalog.lot_count(); ++id) {
    lots.push_back(*catalog.LotById(static_cast<int32_t>(id)));
  }
  ZAPAS_RETURN_IF_ERROR(InsertKeepingIds(
      lots, "lot", [&](const Lot& l) { return to.InsertLot(l); }, progress));
  return CopyById<Account>(
      "account", [&](const PageRequest& p) { return from.ListAccounts(p); }, by_code,
      [&](const Account& a) { return to.InsertAccount(a); }, progress);
}

// The journal, entry by entry: the target chains the hashes itself, and each
// must come out as stored in `from`, prev_hash and hash alike.
Status CopyJournal(Repository& from, Repository& to, std::ostream& progress, OverLimit over_limit) {
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(from.LoadCatalog(catalog));
  Status failed = Status::Ok();
  int64_t copied = 0, over = 0;
  ZAPAS_RETURN_IF_ERROR(from.ForEachEntry(0, [&](const JournalEntry& e) {
    if (over_limit == OverLimit::kKeep && !CheckEntryLimits(e, catalog).ok()) ++over;
    Result<int64_t> id = to.InsertEntry(e);
    if (!id.ok()) {
      failed = id.status();
      return false;
    }
    Result<JournalEntry> stored = to.FindEntry(*id);
    if (!stored.ok()) {
      failed = stored.status();
      return false;
    }
    if (*id != e.id || stored->hash != e.hash || stored->prev_hash != e.prev_hash) {
      failed = Status::Internal("journal entry " + std::to_string(e.id) +
                                " does not come out the same in the copy (run zapas verify "
                                "on the source)");
      return false;
    }
    if (++copied % 10000 == 0) progress << "zapas: migrate: " << copied << " entries\n";
    return true;
  }));
  ZAPAS_RETURN_IF_ERROR(failed);
  progress << "zapas: migrate: " << copied << " journal entries";
  if (over > 0) progress << ", " << over << " of them beyond today's limits, kept as they are";
  progress << "\n";
  return Status::Ok();
}

Status CopyBooks(Repository& from, Repository& to, std::ostream& progress) {
  ZAPAS_ASSIGN_OR_RETURN(auto statements, from.ListStatements(0));
  for (const Statement& s : statements) ZAPAS_RETURN_IF_ERROR(to.InsertStatement(s));
  ZAPAS_ASSIGN_OR_RETURN(auto periods, from.ListClosedPeriods());
  for (const ClosedPeriod& p : periods) ZAPAS_RETURN_IF_ERROR(to.ClosePeriod(p));
  RateTable rates;
  ZAPAS_RETURN_IF_ERROR(from.LoadRates(rates));
  ZAPAS_RETURN_IF_ERROR(to.InsertRates(rates.All()).status());
  ZAPAS_ASSIGN_OR_RETURN(auto counters, from.ListCounters());
  for (const Counter& c : counters) ZAPAS_RETURN_IF_ERROR(to.SetCounter(c));
  progress << "zapas: migrate: " << statements.size() << " statements, " << periods.size()
           << " closed periods, " << rates.size() << " rates, " << counters.size() << " counters\n";
  return Status::Ok();
}

Status CopyPeopleAndReplies(Repository& from, Repository& to, std::ostream& progress) {
  ZAPAS_ASSIGN_OR_RETURN(auto names, from.Usernames());
  for (const std::string& name : names) {
    ZAPAS_ASSIGN_OR_RETURN(std::optional<User> user, from.FindUser(name));
    if (user) ZAPAS_RETURN_IF_ERROR(to.AddUser(*user));
  }
  ZAPAS_ASSIGN_OR_RETURN(auto reads, from.PersonalReads(""));
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(to.LoadCatalog(catalog));
  for (const Repository::PersonalRead& r : reads) {
    const Recipient* recipient = catalog.RecipientByCode(r.recipient_code);
    if (recipient == nullptr) return Status::Internal("a read of unknown " + r.recipient_code);
    ZAPAS_RETURN_IF_ERROR(to.LogPersonalRead(recipient->id, r.read_by, r.read_at));
  }
  ZAPAS_ASSIGN_OR_RETURN(auto keys, from.ResponseKeys());
  for (const std::string& key : keys) {
    ZAPAS_ASSIGN_OR_RETURN(std::optional<StoredResponse> response, from.FindResponse(key));
    if (response) ZAPAS_RETURN_IF_ERROR(to.SaveResponse(key, *response));
  }
  progress << "zapas: migrate: " << names.size() << " users, " << reads.size()
           << " reads of personal data, " << keys.size() << " idempotency keys\n";
  return Status::Ok();
}

// Where requests and stocktakes stand, and the needs board: the rows kept
// beside the journal, as they are.
Status CopyWork(Repository& from, Repository& to, std::ostream& progress) {
  size_t requests = 0, stocktakes = 0;
  for (WorkStore::RequestQuery q{.limit = 1000};;) {
    ZAPAS_ASSIGN_OR_RETURN(auto page, from.ListRequests(q));
    for (const WorkStore::StoredRequest& r : page) {
      ZAPAS_RETURN_IF_ERROR(to.InsertRequest(r));
      ZAPAS_ASSIGN_OR_RETURN(std::vector<int64_t> deliveries, from.RequestDeliveries(r.id));
      for (int64_t d : deliveries) ZAPAS_RETURN_IF_ERROR(to.AddRequestDelivery(r.id, d));
    }
    requests += page.size();
    if (static_cast<int>(page.size()) < q.limit) break;
    q.after = WorkStore::RequestCursor(page.back());
  }
  ZAPAS_ASSIGN_OR_RETURN(auto needs, from.Needs());
  for (const WorkStore::NeedRow& n : needs) ZAPAS_RETURN_IF_ERROR(to.AddNeeds(n));
  ZAPAS_ASSIGN_OR_RETURN(auto all, from.ListStocktakes(INT64_MAX, 1 << 30));
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    ZAPAS_ASSIGN_OR_RETURN(auto lots, from.StocktakeLots(it->id));
    ZAPAS_RETURN_IF_ERROR(to.InsertStocktake(*it, lots));
    std::erase_if(lots, [](const WorkStore::StocktakeLot& l) { return !l.counted; });
    ZAPAS_RETURN_IF_ERROR(to.RecordCounts(it->id, lots));
    if (it->closed) ZAPAS_RETURN_IF_ERROR(to.CloseStocktake(it->id, it->adjustment_id));
    ++stocktakes;
  }
  // Kits, reorder levels (the ids of items and warehouses are the same in
  // both databases) and the notifications sent, so none goes twice.
  std::map<std::string, int32_t> item_ids, warehouse_ids;
  for (PageRequest p{"", 1000};;) {
    ZAPAS_ASSIGN_OR_RETURN(auto page, from.ListItems(p));
    for (const Item& i : page) item_ids[i.sku] = i.id;
    if (page.size() < 1000) break;
    p.after = page.back().sku;
  }
  ZAPAS_ASSIGN_OR_RETURN(auto warehouses, from.ListWarehouses(PageRequest{"", 1 << 30}));
  for (const Warehouse& w : warehouses) warehouse_ids[w.code] = w.id;
  ZAPAS_ASSIGN_OR_RETURN(auto kits, from.ListKits());
  for (const KitStore::KitRow& k : kits) {
    ZAPAS_RETURN_IF_ERROR(to.InsertKit(item_ids.at(k.kit), k.components));
  }
  ZAPAS_ASSIGN_OR_RETURN(auto minimums, from.ListMinimums());
  for (const KitStore::MinimumRow& m : minimums) {
    ZAPAS_RETURN_IF_ERROR(
        to.SetMinimum(warehouse_ids.at(m.warehouse), item_ids.at(m.sku), m.milli));
  }
  ZAPAS_ASSIGN_OR_RETURN(auto sent, from.ListNotifications());
  for (const KitStore::NotificationRow& n : sent) {
    ZAPAS_RETURN_IF_ERROR(to.RecordNotification(n.kind, n.subject, n.channel, n.sent_at));
  }
  progress << "zapas: migrate: " << requests << " requests, " << stocktakes << " stocktakes, "
           << kits.size() << " kits, " << minimums.size() << " reorder levels\n";
  return Status::Ok();
}

Status CopyAll(Repository& from, Repository& to, std::ostream& progress, OverLimit over_limit) {
  ZAPAS_RETURN_IF_ERROR(CopyMasterData(from, to, progress));
  ZAPAS_RETURN_IF_ERROR(CopyJournal(from, to, progress, over_limit));
  ZAPAS_RETURN_IF_ERROR(CopyWork(from, to, progress));
  ZAPAS_RETURN_IF_ERROR(CopyBooks(from, to, progress));
  return CopyPeopleAndReplies(from, to, progress);
}

}  // namespace

Status CheckEntryLimits(const JournalEntry& e, const Catalog& catalog) {
  const std::string name =
      "journal entry " + std::to_string(e.id) + (e.number.empty() ? "" : " (" + e.number + ")");
  for (const Posting& p : e.postings) {
    const Lot* lot = catalog.LotById(p.lot_id);
    if (lot == nullptr) return Status::Internal(name + " moves an unknown lot");
    const Quantity q = Quantity::FromMilli(p.delta);
    Status s = CheckLineQuantity(q, "quantity");
    if (s.ok()) s = CheckAmountLimit(lot->unit_value(), "unit value of lot " + lot->batch);
    if (s.ok()) {
      auto value = lot->unit_value().Times(q);
      s = value.ok()
              ? CheckAmountLimit(*value, "value of lot " + lot->batch)
              : Status::Invalid("value of lot " + lot->batch + ": " + value.status().message());
    }
    if (!s.ok()) return Status::Invalid(name + ": " + s.message());
  }
  for (const MoneyPosting& p : e.money) {
    if (p.account_id == 0) continue;  // derived lines: the asset lines carry what was entered
    if (Status s = CheckAmountLimit(p.amount, "amount"); !s.ok()) {
      return Status::Invalid(name + ": " + s.message());
    }
  }
  return Status::Ok();
}

// kInvalid naming the first entry of `from` beyond the limits, before anything
// is written (a refused copy must leave the target as it was, sequences too).
Status CheckJournalLimits(Repository& from) {
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(from.LoadCatalog(catalog));
  Status over = Status::Ok();
  ZAPAS_RETURN_IF_ERROR(from.ForEachEntry(0, [&](const JournalEntry& e) {
    over = CheckEntryLimits(e, catalog);
    return over.ok();
  }));
  if (over.ok()) return over;
  return Status::Invalid(over.message() +
                         "; run zapas migrate with --keep-over-limit to copy such entries as they "
                         "are (reports list them apart)");
}

Status CopyDatabase(Repository& from, Repository& to, std::ostream& progress,
                    OverLimit over_limit) {
  ZAPAS_ASSIGN_OR_RETURN(bool empty, IsEmpty(to));
  if (!empty)
    return Status::Conflict(
        "the target database is not empty: migrate copies only into an empty one");
  if (over_limit == OverLimit::kRefuse) ZAPAS_RETURN_IF_ERROR(CheckJournalLimits(from));
  ZAPAS_RETURN_IF_ERROR(from.BeginRead());
  ZAPAS_RETURN_IF_ERROR(to.Begin());
  Status copied = CopyAll(from, to, progress, over_limit);
  (void)from.EndRead();
  if (!copied.ok()) {
    (void)to.Rollback();
    return copied;
  }
  return to.Commit();
}

}  // namespace zapas

#include "services/app/site_sync.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <future>
#include <optional>
#include <set>

#include "persistence/repository_support.h"
#include "services/app/requests.h"
#include "services/app/sync_wire.h"
#include "services/log.h"
#include "services/random.h"

namespace zapas {

Status InitSite(Repository& repo, const std::string& hub, const std::string& code,
                const std::string& token) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteState> state, repo.LoadSiteState());
  if (state) return Status::Conflict("this database is site " + state->code + " already");
  ZAPAS_ASSIGN_OR_RETURN(int64_t own, repo.CountOwnEntriesAfter(0));
  if (own > 0) {
    return Status::Conflict(
        "this database has journal entries of its own: a site starts from "
        "an empty database (`zapas init`), and its warehouses come from "
        "the hub");
  }
  std::string base = hub;
  while (!base.empty() && base.back() == '/') base.pop_back();
  ZAPAS_RETURN_IF_ERROR(repo.Begin());
  Status saved = repo.SaveSiteState(
      SiteState{.code = code, .hub = base, .token = token, .instance = RandomHex(16)});
  if (!saved.ok()) {
    (void)repo.Rollback();
    return saved;
  }
  return repo.Commit();
}

std::string SyncTime() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms.count()));
  return buf;
}

SiteSync::SiteSync(Store& store, HubLinkFactory link) : store_(store), link_(std::move(link)) {}

SiteSync::~SiteSync() {
  {
    std::lock_guard<std::mutex> lock(loop_mu_);
    stopping_ = true;
  }
  loop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SiteSync::Start(int interval_seconds) {
  thread_ = std::thread([this, interval_seconds] { Loop(interval_seconds); });
}

void SiteSync::Wake() {
  {
    std::lock_guard<std::mutex> lock(loop_mu_);
    wake_ = true;
  }
  loop_cv_.notify_all();
}

void SiteSync::Loop(int interval_seconds) {
  // A failure is logged when it starts (or changes kind), and the hub's
  // return once: not every round while the link is down.
  std::optional<StatusCode> failing;
  for (;;) {
    Result<Outcome> done = SyncOnce();
    if (!done.ok() && failing != done.status().code()) {
      LogError("sync: " + done.status().message());
      failing = done.status().code();
    } else if (done.ok() && failing) {
      LogError("sync: the hub answers again");
      failing.reset();
    }
    std::unique_lock<std::mutex> lock(loop_mu_);
    loop_cv_.wait_for(lock, std::chrono::seconds(interval_seconds),
                      [&] { return stopping_ || wake_; });
    if (stopping_) return;
    wake_ = false;
  }
}

Result<SiteState> SiteSync::State() {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteState> state, conn->LoadSiteState());
  if (!state) {
    return Status::Conflict(
        "this server is no site of an alliance: `zapas site init` makes it "
        "one");
  }
  return *std::move(state);
}

Status SiteSync::Save(SiteState state) {
  return store_
      .WriteForSync([state](WriteContext& ctx) -> Result<Written> {
        ZAPAS_RETURN_IF_ERROR(ctx.repo.SaveSiteState(state));
        return Written{"{}", false};
      })
      .status();
}

Result<SiteSync::Outcome> SiteSync::SyncOnce(
    const std::function<void(const std::string&)>& progress) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  ZAPAS_ASSIGN_OR_RETURN(SiteState state, State());
  if (!state.fork.empty()) {
    store_.RefuseWrites(state.fork);
    return Status::Conflict(state.fork);
  }
  std::unique_ptr<HubLink> link = link_(state);
  Outcome out;
  Result<int64_t> pushed = Push(state, *link, progress);
  reachable_ = pushed.ok() || pushed.status().code() != StatusCode::kUnavailable;
  if (!pushed.ok()) {
    // Stamped, so each failed round shows as one.
    state.last_error = SyncTime() + ": " + pushed.status().message();
    (void)Save(state);
    return pushed.status();
  }
  out.pushed = *pushed;
  ZAPAS_ASSIGN_OR_RETURN(out.pulled, Pull(state, *link));
  ZAPAS_ASSIGN_OR_RETURN(int64_t entries, PullEntries(state, *link));
  out.pulled += entries;
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    ZAPAS_ASSIGN_OR_RETURN(out.pending, conn->CountOwnEntriesAfter(state.pushed));
  }
  last_synced_ = std::time(nullptr);
  pending_ = out.pending;
  return out;
}

namespace {

// The error a hub's answer carries: its problem's detail, or the status.
Status HubError(const HubLink::Answer& a) {
  Result<JsonValue> v = ParseJson(a.body);
  std::string detail = v.ok() ? v->Text("detail") : "";
  if (detail.empty()) detail = "the hub answered " + std::to_string(a.status);
  if (a.status == 401)
    return Status::Unauthenticated("the hub refused the site's token: " + detail);
  if (a.status == 409) return Status::Conflict(detail);
  if (a.status >= 500) return Status::Unavailable(detail);
  return Status::Invalid("the hub refused the batch: " + detail);
}

// Whether a 409 of the hub says the chains forked (its errors name fork_at).
bool IsFork(const HubLink::Answer& a) {
  Result<JsonValue> v = ParseJson(a.body);
  const JsonValue* errors = v.ok() ? v->Find("errors") : nullptr;
  if (errors == nullptr) return false;
  for (const JsonValue& e : errors->items()) {
    if (e.Text("field") == "fork_at") return true;
  }
  return false;
}

}  // namespace

Result<SiteSync::Prepared> SiteSync::Prepare(const SiteState& state, int64_t after,
                                             int64_t recipients_after) {
  Prepared out{.batch = SyncBatch{.site = state.code, .instance = state.instance},
               .recipients_seen = recipients_after};
  SyncBatch& batch = out.batch;
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    ZAPAS_RETURN_IF_ERROR(conn->ForEachEntry(after, [&](const JournalEntry& e) {
      if (e.site.empty()) batch.entries.push_back(e);
      return batch.entries.size() < static_cast<size_t>(kBatchEntries);
    }));
    ZAPAS_ASSIGN_OR_RETURN(std::optional<JournalEntry> head, conn->OwnHead());
    if (head) {
      batch.head_id = head->id;
      batch.head_hash = head->hash;
    }
    // Recipients made here since the last push (a site's own code prefix).
    ZAPAS_ASSIGN_OR_RETURN(std::vector<MasterChange> changes,
                           conn->MasterChanges(recipients_after, kBatchEntries));
    std::set<std::string> seen;
    for (const MasterChange& c : changes) {
      out.recipients_seen = c.seq;
      if (c.kind != "recipient" || c.key.rfind(state.code + "-", 0) != 0) continue;
      if (!seen.insert(c.key).second) continue;
      ZAPAS_ASSIGN_OR_RETURN(std::optional<Recipient> r, conn->FindRecipient(c.key));
      if (r) batch.recipients.push_back(*std::move(r));
    }
    // Entries of other sites the batch's refer to (the transfer an
    // arrival receives), by their site and id there.
    for (const JournalEntry& e : batch.entries) {
      if (e.refers_to == 0) continue;
      ZAPAS_ASSIGN_OR_RETURN(auto body, conn->FindSiteBodyOfEntry(e.refers_to));
      if (!body) continue;
      ZAPAS_ASSIGN_OR_RETURN(JournalEntry of, conn->FindEntry(e.refers_to));
      batch.refers[e.refers_to] = {of.site, body->site_id};
    }
    // The codes behind the ids the entries use.
    std::set<int32_t> accounts;
    for (const JournalEntry& e : batch.entries) {
      for (const MoneyPosting& m : e.money) {
        if (m.account_id != 0) accounts.insert(m.account_id);
      }
    }
    if (!accounts.empty()) {
      PageRequest page{.after = "", .limit = 1000};
      for (;;) {
        ZAPAS_ASSIGN_OR_RETURN(std::vector<Account> list, conn->ListAccounts(page));
        for (const Account& a : list) {
          if (accounts.count(a.id) != 0) batch.accounts[a.id] = a.code;
        }
        if (list.size() < 1000) break;
        page.after = list.back().code;
      }
    }
  }
  store_.Read([&](const Catalog& catalog, const StockIndex&) {
    std::set<int32_t> lots;
    std::function<void(int32_t)> add_lot = [&](int32_t id) {
      if (!lots.insert(id).second) return;
      const Lot* lot = catalog.LotById(id);
      if (lot == nullptr) return;
      const Item* item = catalog.ItemById(lot->item_id);
      const Donor* donor = catalog.DonorById(lot->donor_id);
      batch.lots.push_back(WireLot{*lot, item ? item->sku : "", donor ? donor->code : ""});
      if (lot->kit) {
        for (const KitPart& part : lot->kit->parts) add_lot(part.lot_id);
      }
    };
    for (const JournalEntry& e : batch.entries) {
      for (const Posting& p : e.postings) {
        if (const Warehouse* w = catalog.WarehouseById(p.warehouse_id)) {
          batch.warehouses[w->id] = w->code;
        }
        add_lot(p.lot_id);
      }
      for (const MoneyPosting& m : e.money) {
        if (const Donor* d = catalog.DonorById(m.donor_id)) batch.donors[d->id] = d->code;
      }
    }
  });
  out.body = EncodeBatch(batch);
  return out;
}

Result<int64_t> SiteSync::Push(SiteState& state, HubLink& link,
                               const std::function<void(const std::string&)>& progress) {
  // Each batch is read while the hub stores the one before: the link and
  // the two databases work side by side. The site's state is written once,
  // at the end: a cut before it only makes the next sync send again what the
  // hub holds, which it skips.
  int64_t stored = 0;
  auto prepare = [this, &state](int64_t after, int64_t recipients_after) {
    return Prepare(state, after, recipients_after);
  };
  Result<Prepared> current = prepare(state.pushed, state.pushed_recipients);
  auto finish = [&](Status outcome) -> Result<int64_t> {
    if (!outcome.ok()) return outcome;
    state.last_push_at = SyncTime();
    state.last_error.clear();
    ZAPAS_RETURN_IF_ERROR(Save(state));
    return stored;
  };
  for (;;) {
    if (!current.ok()) return current.status();
    const SyncBatch& batch = current->batch;
    const size_t sent = batch.entries.size();
    const int64_t last_sent = sent > 0 ? batch.entries.back().id : state.pushed;
    const bool more = sent == static_cast<size_t>(kBatchEntries);
    std::future<Result<Prepared>> next;
    if (more) {
      next = std::async(std::launch::async, prepare, last_sent, current->recipients_seen);
    }
    Result<HubLink::Answer> answer = link.Post("/api/v1/sync/journal", current->body);
    if (!answer.ok()) return answer.status();
    if (answer->status == 409 && IsFork(*answer)) {
      state.fork = HubError(*answer).message();
      state.last_error = state.fork;
      ZAPAS_RETURN_IF_ERROR(Save(state));
      store_.RefuseWrites(state.fork);
      return Status::Conflict(state.fork);
    }
    if (answer->status != 200 && answer->status != 201) return HubError(*answer);
    Result<JsonValue> reply = ParseJson(answer->body);
    const JsonValue* head = reply.ok() ? reply->Find("head") : nullptr;
    if (head == nullptr) return Status::Unavailable("the hub's answer does not read");
    ZAPAS_ASSIGN_OR_RETURN(int64_t held, IntMember(*head, "id"));
    ZAPAS_ASSIGN_OR_RETURN(int64_t now_stored, IntMember(*reply, "stored"));
    // The hub holds the chain up to `held`: everything sent, or it said why not.
    if (held < last_sent) return Status::Internal("the hub holds less than it stored");
    state.pushed = held;
    state.pushed_hash = head->Text("hash");
    state.pushed_recipients = current->recipients_seen;
    stored += now_stored;
    if (progress && sent > 0) {
      progress("pushed " + std::to_string(sent) + " entries, the hub holds up to " +
               std::to_string(held));
    }
    if (!more) return finish(Status::Ok());
    current = next.get();
  }
}

}  // namespace zapas

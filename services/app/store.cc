#include "services/app/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "services/clock.h"

namespace zapas {

namespace {
constexpr size_t kMaxBatch = 512;
// How the idempotency table has always kept a reply's kind: as the HTTP
// status it was answered with.
constexpr int kCreatedStatus = 201, kOkStatus = 200;
// How often a server looks for other servers' commits it has not heard of.
constexpr int kCatchUpEveryMs = 500;
// SQLite's write-ahead log (see store.h): copied in the background each time
// it grew by this many pages (SQLite's own default); started over past the
// other (16 MiB of 4 KiB pages).
constexpr int64_t kCheckpointPages = 1000;
constexpr int64_t kRestartPages = 4096;
}  // namespace

std::string EntryJson(int64_t id, std::string_view document) {
  return "{\"id\":\"" + std::to_string(id) + "\"," + std::string(document.substr(1));
}

Store::Store(std::unique_ptr<Repository> writer, Connect connect)
    : connect_(std::move(connect)), writer_(std::move(writer)) {}

Result<std::unique_ptr<Store>> Store::Open(const DatabaseOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(auto writer, OpenDatabase(options));
  return Open(std::move(writer), [options] { return OpenDatabase(options); });
}

Result<std::unique_ptr<Store>> Store::Open(std::unique_ptr<Repository> writer, Connect connect) {
  // A SQLite database has one writer: a second server or loader on it is
  // refused, before it migrates anything. Servers share a PostgreSQL one
  // (`zapas migrate` excludes them all).
  ZAPAS_RETURN_IF_ERROR(writer->HoldWriterLock(Writers::kShared));
  ZAPAS_RETURN_IF_ERROR(writer->Migrate());
  std::unique_ptr<Store> store(new Store(std::move(writer), std::move(connect)));
  ZAPAS_RETURN_IF_ERROR(store->Load());
  // Where others write too, a connection of its own hears of their commits.
  ZAPAS_ASSIGN_OR_RETURN(auto listener, store->connect_());
  ZAPAS_ASSIGN_OR_RETURN(bool shared, listener->Listen());
  store->shared_ = shared;
  if (shared) {
    store->listener_thread_ =
        std::thread([s = store.get(), l = std::shared_ptr<Repository>(std::move(listener))] {
          s->ListenerLoop(*l);
        });
  }
  ZAPAS_ASSIGN_OR_RETURN(store->checkpoints_, store->writer_->TakeOverCheckpoints());
  if (store->checkpoints_) {
    ZAPAS_ASSIGN_OR_RETURN(auto checkpointer, store->connect_());
    store->checkpoint_thread_ =
        std::thread([s = store.get(), c = std::shared_ptr<Repository>(std::move(checkpointer))] {
          s->CheckpointLoop(*c);
        });
  }
  store->writer_thread_ = std::thread([s = store.get()] { s->WriterLoop(); });
  return store;
}

Status Store::Load() {
  auto start = std::chrono::steady_clock::now();
  size_t postings = 0;
  ZAPAS_RETURN_IF_ERROR(LoadStockState(*writer_, catalog_, index_, &postings, &seen_));
  startup_.load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  startup_.lots = catalog_.lot_count();
  startup_.balances = index_.size();
  startup_.postings = postings;
  return Status::Ok();
}

Store::~Store() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  checkpoint_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  if (listener_thread_.joinable()) listener_thread_.join();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

void Store::CheckpointLoop(Repository& checkpointer) {
  std::string error;  // the last failure told, if any
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      checkpoint_cv_.wait(lock, [&] { return stopping_ || checkpointing_.load(); });
      if (stopping_) return;
    }
    const Status copied = checkpointer.Checkpoint();
    checkpointing_.store(false);
    if (copied.ok() != error.empty()) {
      std::fprintf(stderr, "zapas: %s\n",
                   copied.ok() ? "copying the write-ahead log again" : copied.message().c_str());
      error = copied.ok() ? "" : copied.message();
    }
  }
}

void Store::MindTheLog() {
  const int64_t pages = writer_->LogPages();
  if (pages < kCheckpointPages) return;
  if (pages >= kRestartPages && !checkpointing_.load()) {
    // What the last background pass left; then the log starts over at the
    // next transaction.
    const Clock::time_point t = Clock::now();
    const Status copied = writer_->Checkpoint();
    Charge(Stage::kCheckpoint, t);
    if (!copied.ok()) NoteStorage(copied);
    return;
  }
  if (checkpointing_.load()) return;
  {
    // Set under the lock the thread waits with, so the wake-up is not lost.
    std::lock_guard<std::mutex> lock(queue_mu_);
    checkpointing_.store(true);
  }
  checkpoint_cv_.notify_one();
}

void Store::ListenerLoop(Repository& listener) {
  // Each wait also ends after kCatchUpEveryMs: the writer then looks anyway,
  // so a notification lost with a broken connection delays nothing longer.
  for (;;) {
    Result<bool> heard = listener.WaitForWrites(kCatchUpEveryMs);
    if (!heard.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(kCatchUpEveryMs));
    {
      std::lock_guard<std::mutex> lock(queue_mu_);
      if (stopping_) return;
      catch_up_wanted_ = true;
    }
    queue_cv_.notify_one();
  }
}

bool Store::ChangedSince(uint64_t since, std::vector<std::pair<int32_t, int32_t>>& out) const {
  if (since < changed_floor_) return false;
  auto first = std::lower_bound(changed_.begin(), changed_.end(), since,
                                [](const auto& c, uint64_t v) { return c.first <= v; });
  for (auto it = first; it != changed_.end(); ++it) out.push_back(it->second);
  return true;
}

Status Store::CatchUp() {
  ZAPAS_ASSIGN_OR_RETURN(StateChanges changes, StateChanges::Read(*writer_, seen_));
  if (changes.empty()) return Status::Ok();
  {
    std::unique_lock<std::shared_mutex> lock(state_mu_);
    ZAPAS_RETURN_IF_ERROR(changes.ApplyTo(catalog_, index_));
    ++published_;
    changed_floor_ = published_;  // not itemised: followers read everything
  }
  seen_ = changes.mark();
  return Status::Ok();
}

void Store::CatchUpBetweenBatches() {
  // A read snapshot: what it shows is a whole number of others' commits.
  Status caught = writer_->BeginRead();
  if (caught.ok()) {
    caught = CatchUp();
    (void)writer_->EndRead();
  }
  // Said once when it starts failing and once when it works again, not at
  // every look while the database is away.
  if (caught.ok() != catch_up_error_.empty() ||
      (!caught.ok() && caught.message() != catch_up_error_)) {
    if (caught.ok()) {
      std::fprintf(stderr, "zapas: following other servers' writes again\n");
    } else {
      std::fprintf(stderr, "zapas: reading other servers' writes: %s\n", caught.message().c_str());
    }
    catch_up_error_ = caught.ok() ? "" : caught.message();
  }
}

Result<Written> Store::Write(const Principal& who, const std::string& idempotency_key,
                             const std::string& request_hash, WriteWork work) {
  const std::string refused = writes_refused();
  Result<Written> written = refused.empty()
                                ? Enqueue(who, idempotency_key, request_hash, std::move(work))
                                : Result<Written>(Status::Conflict(refused));
  if (!written.ok()) {
    refused_by_code_[static_cast<size_t>(written.status().code())].fetch_add(
        1, std::memory_order_relaxed);
  }
  return written;
}

size_t Store::queue_depth() {
  std::lock_guard<std::mutex> lock(queue_mu_);
  return queue_.size();
}

Result<Written> Store::WriteForSync(WriteWork work) {
  return Enqueue(Principal{.username = "sync", .role = Role::kAdmin}, "", "", std::move(work));
}

void Store::RefuseWrites(std::string reason) {
  std::lock_guard<std::mutex> lock(refused_mu_);
  refused_ = std::move(reason);
}

std::string Store::writes_refused() const {
  std::lock_guard<std::mutex> lock(refused_mu_);
  return refused_;
}

Result<Written> Store::Enqueue(const Principal& who, const std::string& idempotency_key,
                               const std::string& request_hash, WriteWork work) {
  auto job = std::make_unique<Job>();
  job->who = who;
  job->key = idempotency_key;
  job->hash = request_hash;
  job->work = std::move(work);
  job->queued_at = Clock::now();
  auto future = job->done.get_future();
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (stopping_) return Status::Unavailable("the server is stopping");
    queue_.push_back(std::move(job));
  }
  queue_cv_.notify_one();
  Answer answer = future.get();
  Charge(Stage::kReply, answer.at);
  return std::move(answer.result);
}

Store::Clock::time_point Store::Charge(Stage stage, Clock::time_point from) {
  const Clock::time_point now = Clock::now();
  Add(stage, now - from);
  return now;
}

void Store::Add(Stage stage, Clock::duration spent) {
  stage_ns_[static_cast<size_t>(stage)].fetch_add(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(spent).count()),
      std::memory_order_relaxed);
}

const char* Store::StageName(Stage stage) {
  static constexpr std::array<const char*, static_cast<size_t>(Stage::kCount)> kNames = {
      "begin",   "idempotency", "savepoint", "document", "commit",
      "publish", "checkpoint",  "queue",     "reply"};
  return kNames[static_cast<size_t>(stage)];
}

void Store::WriterLoop() {
  std::vector<std::unique_ptr<Job>> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty() || catch_up_wanted_; });
      if (queue_.empty() && stopping_) return;
      // A batch catches up first anyway.
      catch_up_wanted_ = false;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (batch.empty()) {
      if (shared_) CatchUpBetweenBatches();
      continue;
    }
    RunBatch(batch);
    batch.clear();
    if (checkpoints_) MindTheLog();
  }
}

void Store::RunBatch(std::vector<std::unique_ptr<Job>>& batch) {
  std::vector<std::optional<Result<Written>>> results(batch.size());
  std::vector<std::function<void(Catalog&)>> on_commit;
  std::vector<bool> wrote(batch.size(), false);

  Clock::time_point t = Clock::now();
  Clock::duration queued{0};
  for (const auto& job : batch) queued += t - job->queued_at;
  Add(Stage::kQueue, queued);
  jobs_run_.fetch_add(batch.size(), std::memory_order_relaxed);
  Status begun = writer_->Begin();
  // Other servers' commits first: the jobs plan against the stock as it is
  // (nobody else can commit until this transaction ends).
  if (begun.ok() && shared_) {
    begun = CatchUp();
    if (!begun.ok()) (void)writer_->Rollback();
  }
  if (!begun.ok()) {
    NoteStorage(begun);
    for (auto& job : batch) job->Reply(begun);
    return;
  }
  const std::string now = FormatRfc3339(std::chrono::system_clock::now());
  const Date latest = LatestWritableDate();
  t = Charge(Stage::kBegin, t);
  for (size_t i = 0; i < batch.size(); ++i) {
    Job& job = *batch[i];
    if (!job.key.empty()) {
      auto stored = writer_->FindResponse(job.key);
      t = Charge(Stage::kIdempotency, t);
      if (!stored.ok()) {
        results[i] = stored.status();
        continue;
      }
      if (stored->has_value()) {
        const StoredResponse& r = **stored;
        if (r.request_hash == job.hash) {
          results[i] = Written{r.body, r.status == kCreatedStatus};
        } else {
          results[i] = Status::Conflict("Idempotency-Key \"" + job.key +
                                        "\" was already used with another request");
        }
        continue;
      }
    }
    Status sp = writer_->Savepoint();
    t = Charge(Stage::kSavepoint, t);
    if (!sp.ok()) {
      results[i] = sp;
      continue;
    }
    WriteContext ctx(*writer_, catalog_, index_, pending_, job.who, now, latest);
    Result<Written> r = Status::Internal("the write did not run");
    try {
      r = job.work(ctx);
    } catch (const std::exception& e) {
      r = Status::Internal(std::string("unexpected error: ") + e.what());
    }
    t = Charge(Stage::kDocument, t);
    if (r.ok() && !job.key.empty()) {
      Status saved = writer_->SaveResponse(
          job.key, StoredResponse{job.hash, r->created ? kCreatedStatus : kOkStatus, r->json});
      if (!saved.ok()) r = saved;
      t = Charge(Stage::kIdempotency, t);
    }
    if (!r.ok()) {
      Status undo = writer_->RollbackToSavepoint();
      if (!undo.ok()) {
        // The transaction is in an unknown state: abandon the whole batch.
        NoteStorage(undo.code() == StatusCode::kUnavailable ? undo
                                                            : Status::Unavailable(undo.message()));
        (void)writer_->Rollback();
        pending_.Clear();
        for (size_t k = 0; k < batch.size(); ++k) {
          batch[k]->Reply(k == i ? r.status() : undo);
        }
        return;
      }
      if (r.status().code() == StatusCode::kUnavailable) NoteStorage(r.status());
      results[i] = std::move(r);
      continue;
    }
    (void)writer_->ReleaseSavepoint();
    t = Charge(Stage::kSavepoint, t);
    for (const Lot& lot : ctx.lots_) pending_.AddLot(lot);
    for (const auto& s : ctx.postings_) pending_.AddPosting(s.posting, s.item_id, s.expiry);
    for (auto& f : ctx.on_commit_) on_commit.push_back(std::move(f));
    wrote[i] = true;
    results[i] = std::move(r);
  }

  // The mark this process's state reaches once the batch is published.
  Result<StateMark> reached = seen_;
  if (shared_ && std::find(wrote.begin(), wrote.end(), true) != wrote.end()) {
    reached = writer_->CurrentMark();
  }
  const Clock::time_point commit_start = Clock::now();
  Status committed = reached.ok() ? writer_->Commit() : reached.status();
  t = Charge(Stage::kCommit, commit_start);
  commit_us_.Observe(
      std::chrono::duration_cast<std::chrono::microseconds>(t - commit_start).count());
  batch_sizes_.Observe(static_cast<int64_t>(batch.size()));
  if (!committed.ok()) {
    NoteStorage(committed.code() == StatusCode::kUnavailable
                    ? committed
                    : Status::Unavailable(committed.message()));
    (void)writer_->Rollback();
    pending_.Clear();
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->Reply(wrote[i] ? Result<Written>(committed) : std::move(*results[i]));
    }
    return;
  }
  Publish(on_commit);
  seen_ = *reached;
  if (std::find(wrote.begin(), wrote.end(), true) != wrote.end()) NoteStorage(Status::Ok());
  Charge(Stage::kPublish, t);
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->Reply(std::move(*results[i]));
}

void Store::Publish(const std::vector<std::function<void(Catalog&)>>& on_commit) {
  std::unique_lock<std::shared_mutex> lock(state_mu_);
  ++published_;
  pending_.ForEachPosting([&](const Posting& p) {
    changed_.emplace_back(published_, std::make_pair(p.warehouse_id, p.lot_id));
  });
  while (changed_.size() > 100000) {
    changed_floor_ = std::max(changed_floor_, changed_.front().first);
    changed_.pop_front();
  }
  pending_.CommitTo(catalog_, index_);
  for (const auto& f : on_commit) f(catalog_);
}

void Store::NoteStorage(const Status& outcome) {
  std::lock_guard<std::mutex> lock(health_mu_);
  if (outcome.ok()) {
    health_ = StorageHealth{};
  } else if (!health_.failing || health_.reason != outcome.message()) {
    health_ =
        StorageHealth{true, outcome.message(), FormatRfc3339(std::chrono::system_clock::now())};
  }
}

Store::StorageHealth Store::storage_health() const {
  std::lock_guard<std::mutex> lock(health_mu_);
  return health_;
}

Date Store::LatestWritableDate() const { return Today().AddDays(max_days_ahead_.load()); }

Result<Store::Connection> Store::Reader() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!pool_.empty()) {
      auto repo = std::move(pool_.back());
      pool_.pop_back();
      return Connection(this, std::move(repo));
    }
  }
  ZAPAS_ASSIGN_OR_RETURN(auto repo, connect_());
  return Connection(this, std::move(repo));
}

Store::Connection::~Connection() {
  if (!repo_) return;
  std::lock_guard<std::mutex> lock(store_->pool_mu_);
  store_->pool_.push_back(std::move(repo_));
}

}  // namespace zapas

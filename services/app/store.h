// Store: the committed state of a running Zapas and its single write path.
//
// Writes are jobs run by one writer thread. The writer takes every job that is
// waiting, runs each inside its own savepoint of one database transaction,
// commits once (group commit: concurrent requests share one durable fsync),
// then publishes the batch's changes to the in-memory catalog and stock index,
// and only then answers the callers. A job that fails rolls back alone; a
// commit that fails answers every job of the batch with kUnavailable and
// publishes nothing. Idempotency keys are checked and stored in the same
// transaction as the write they protect.
//
// On SQLite no commit copies the write-ahead log into the database (a
// checkpoint: every request of the next batch would wait on it). A thread of
// its own copies it, on a connection of its own, whenever the log has grown
// by kCheckpointPages; the log starts over only once all of it was copied
// when a write transaction begins, so past kRestartPages the writer, between
// two batches, copies what the last background pass left (a few hundred
// pages at most) itself.
//
// Several servers may share one PostgreSQL database. Their write transactions
// take turns (Repository::Begin); each batch first applies what the others
// committed since this server last looked (StateChanges, from its StateMark),
// so its checks see the stock as it is; and a listener thread wakes the writer
// to do the same between batches, so reads follow the others' writes.
//
// Thread-safe: any thread may call Write() and Read().
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/catalog.h"
#include "domain/journal_document.h"
#include "domain/ledger.h"
#include "domain/stock_index.h"
#include "persistence/repository.h"
#include "services/auth.h"
#include "services/metrics.h"

namespace zapas {

// What a write job answers: the JSON of what it stored (or, for a dry run,
// would store), and whether it created something — a new entry or record —
// rather than changed or checked what was there. The transport says which
// (HTTP 201 or 200); the idempotency table keeps it with the key.
struct Written {
  std::string json;
  bool created = true;
};

// What a write job sees on the writer thread.
class WriteContext {
 public:
  WriteContext(Repository& repo, const Catalog& catalog, const StockIndex& index,
               const PendingChanges& pending, const Principal& who, std::string recorded_at,
               Date latest_date)
      : repo(repo),
        catalog(catalog),
        index(index),
        pending(pending),
        who(who),
        recorded_at(std::move(recorded_at)),
        latest_date(latest_date) {}

  Repository& repo;
  const Catalog& catalog;
  const StockIndex& index;
  const PendingChanges& pending;  // earlier jobs of this batch
  const Principal& who;
  const std::string recorded_at;  // RFC 3339 UTC
  // The last day a write may be dated: today (in Kyiv) + writes.max_days_ahead.
  const Date latest_date;

  // A journal entry of `kind` dated `date`, recorded now by the job's user.
  JournalEntry NewEntry(std::string kind, Date date, std::string number = "",
                        int64_t refers_to = 0) const {
    JournalEntry e;
    e.kind = std::move(kind);
    e.number = std::move(number);
    e.date = date;
    e.recorded_at = recorded_at;
    e.recorded_by = who.username;
    e.refers_to = refers_to;
    return e;
  }

  // The next number of a document with `prefix` dated in `year`:
  // "WB-2026-000123", and at an alliance's site with its code,
  // "WB-KYIV-2026-000001", so numbers made offline at two sites never meet.
  Result<std::string> NextNumber(std::string_view prefix, int year) const {
    const std::string series =
        catalog.site().empty() ? std::string(prefix) : std::string(prefix) + "-" + catalog.site();
    ZAPAS_ASSIGN_OR_RETURN(int64_t n, repo.NextNumber(series, year));
    return DocumentNumber(series, year, n);
  }

  // Changes to publish once the batch commits; dropped if this job fails.
  void StageLot(const Lot& lot) { lots_.push_back(lot); }
  void StagePosting(const Posting& p, int32_t item_id, Date expiry) {
    postings_.push_back({p, item_id, expiry});
  }
  void OnCommit(std::function<void(Catalog&)> apply) { on_commit_.push_back(std::move(apply)); }

  // Takes over what `part` staged (a piece of this job run in a context of
  // its own, e.g. one receipt of an imported file) and records it in `seen`,
  // the pending changes the next parts plan against.
  void Absorb(WriteContext& part, PendingChanges& seen) {
    for (Lot& lot : part.lots_) {
      seen.AddLot(lot);
      lots_.push_back(std::move(lot));
    }
    for (Staged& s : part.postings_) {
      seen.AddPosting(s.posting, s.item_id, s.expiry);
      postings_.push_back(s);
    }
    for (auto& f : part.on_commit_) on_commit_.push_back(std::move(f));
    part.lots_.clear();
    part.postings_.clear();
    part.on_commit_.clear();
  }

 private:
  friend class Store;
  struct Staged {
    Posting posting;
    int32_t item_id;
    Date expiry;
  };
  std::vector<Lot> lots_;
  std::vector<Staged> postings_;
  std::vector<std::function<void(Catalog&)>> on_commit_;
};

using WriteWork = std::function<Result<Written>(WriteContext&)>;

// {"id": "<id>", <the document's members>}: how a stored journal entry
// answers, its id first.
std::string EntryJson(int64_t id, std::string_view document);

class Store {
 public:
  // Opens and migrates the database, loads the catalog and rebuilds the stock
  // index from the journal, and starts the writer thread. One Store per
  // SQLite database: kUnavailable when another process holds it
  // (Repository::HoldWriterLock). Several on a PostgreSQL database: each
  // follows the others' commits (a listener thread, and each batch first).
  //
  // `writer` is the connection it writes on; `connect` opens more to the
  // same database (the readers' pool, the listener), from any thread.
  using Connect = std::function<Result<std::unique_ptr<Repository>>()>;
  static Result<std::unique_ptr<Store>> Open(std::unique_ptr<Repository> writer, Connect connect);
  // The same on the database `options` name (OpenDatabase).
  static Result<std::unique_ptr<Store>> Open(const DatabaseOptions& options);
  ~Store();

  // Runs `work` on the writer thread and waits for its durable commit.
  // With a non-empty `idempotency_key`: a key seen before with the same
  // `request_hash` returns the stored reply and writes nothing; with another
  // hash it is kConflict.
  Result<Written> Write(const Principal& who, const std::string& idempotency_key,
                        const std::string& request_hash, WriteWork work);

  // An alliance's site whose journal forked from what its hub holds takes
  // no write (kConflict with `reason`) until its admin resolves it; "" lets
  // writes in again. Synchronisation's own bookkeeping goes on
  // (WriteForSync: no idempotency key, acting as the system).
  void RefuseWrites(std::string reason);
  std::string writes_refused() const;
  Result<Written> WriteForSync(WriteWork work);

  // How many days after today a write may be dated (writes.max_days_ahead,
  // 7 unless set); and the last such day now.
  void SetMaxDaysAhead(int days) { max_days_ahead_ = days; }
  Date LatestWritableDate() const;

  // Calls f(catalog, index) under a shared lock on the committed state.
  template <typename F>
  decltype(auto) Read(F&& f) const {
    std::shared_lock<std::shared_mutex> lock(state_mu_);
    return f(catalog_, index_);
  }
  // How many times committed changes were published to the state: read
  // inside Read() to know whether the state changed since a computation.
  uint64_t published() const { return published_; }
  // The balances, (warehouse id, lot id), that the publications after
  // `since` changed, appended to `out` (inside Read()). False when those are
  // no longer known (kept for the last 100,000 postings; changes caught up
  // from other servers are not itemised): the caller reads everything again.
  bool ChangedSince(uint64_t since, std::vector<std::pair<int32_t, int32_t>>& out) const;

  // A connection for reading stored rows, returned to a pool when released.
  class Connection {
   public:
    Connection(Store* store, std::unique_ptr<Repository> repo)
        : store_(store), repo_(std::move(repo)) {}
    Connection(Connection&&) = default;
    ~Connection();
    Repository* operator->() { return repo_.get(); }
    Repository& operator*() { return *repo_; }

   private:
    Store* store_;
    std::unique_ptr<Repository> repo_;
  };
  Result<Connection> Reader();

  // Whether storage is failing: the last write that reached the database
  // failed on it (kUnavailable: disk full, read-only, an I/O error, a lock
  // held beyond the busy timeout), from then until a write succeeds again.
  struct StorageHealth {
    bool failing = false;
    std::string reason;  // the failure's message (for the technician)
    std::string since;   // RFC 3339 UTC
  };
  StorageHealth storage_health() const;

  struct StartupStats {
    double load_seconds = 0;
    size_t lots = 0;
    size_t balances = 0;
    size_t postings = 0;
  };
  const StartupStats& startup() const { return startup_; }

  // What GET /metrics shows of the writer: the jobs waiting for it, the
  // jobs each commit carried, each commit's time, and the writes refused
  // by reason (the StatusCode of their answer).
  size_t queue_depth();
  const Histogram& batch_sizes() const { return batch_sizes_; }
  const Histogram& commit_times() const { return commit_us_; }
  static constexpr int kStatusCodes = static_cast<int>(StatusCode::kInternal) + 1;
  uint64_t refused(StatusCode code) const {
    return refused_by_code_[static_cast<size_t>(code)].load(std::memory_order_relaxed);
  }

  // Where a write's time goes, summed over every write job since start
  // (GET /metrics: zapas_write_stage_seconds_total). The writer thread's own
  // stages: "begin" (opening the transaction), "idempotency" (looking up and
  // storing the key), "savepoint" (each job's savepoint and its release),
  // "document" (the job: planning, numbering, the journal entry and its
  // hash), "commit" (the fsync), "publish" (the in-memory state),
  // "checkpoint" (copying the write-ahead log, when the writer does it). And
  // what a request waits: "queue" (for its batch to start) and "reply" (from
  // its answer until its thread runs again).
  enum class Stage {
    kBegin,
    kIdempotency,
    kSavepoint,
    kDocument,
    kCommit,
    kPublish,
    kCheckpoint,
    kQueue,
    kReply,
    kCount
  };
  static const char* StageName(Stage stage);
  double stage_seconds(Stage stage) const {
    return static_cast<double>(
               stage_ns_[static_cast<size_t>(stage)].load(std::memory_order_relaxed)) *
           1e-9;
  }
  uint64_t jobs_run() const { return jobs_run_.load(std::memory_order_relaxed); }
  // SQLite: the pages of the write-ahead log after the last commit (0 on
  // PostgreSQL).
  int64_t log_pages() const { return writer_->LogPages(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Answer {
    Result<Written> result;
    Clock::time_point at;  // when the writer answered
  };
  struct Job {
    Principal who;
    std::string key;
    std::string hash;
    WriteWork work;
    Clock::time_point queued_at;
    std::promise<Answer> done;
    void Reply(Result<Written> result) { done.set_value({std::move(result), Clock::now()}); }
  };
  // Adds the time since `from` to `stage` and returns now; adds `spent`.
  Clock::time_point Charge(Stage stage, Clock::time_point from);
  void Add(Stage stage, Clock::duration spent);

  Store(std::unique_ptr<Repository> writer, Connect connect);
  Result<Written> Enqueue(const Principal& who, const std::string& idempotency_key,
                          const std::string& request_hash, WriteWork work);
  Status Load();
  void WriterLoop();
  // Several servers on one database: brings catalog_ and index_ up to what
  // the others committed (writer thread; inside a transaction or a snapshot).
  Status CatchUp();
  void CatchUpBetweenBatches();
  void ListenerLoop(Repository& listener);
  void CheckpointLoop(Repository& checkpointer);
  // Between batches: wakes the checkpoint thread, or lets the log start over.
  void MindTheLog();
  void RunBatch(std::vector<std::unique_ptr<Job>>& batch);
  // A committed batch's changes (pending_, and `on_commit`) into the state.
  void Publish(const std::vector<std::function<void(Catalog&)>>& on_commit);

  Connect connect_;
  std::unique_ptr<Repository> writer_;

  mutable std::shared_mutex state_mu_;
  Catalog catalog_;
  StockIndex index_;
  uint64_t published_ = 0;  // under state_mu_
  // Under state_mu_: the balances each publication changed, oldest first,
  // and the publication at and before which they are forgotten.
  std::deque<std::pair<uint64_t, std::pair<int32_t, int32_t>>> changed_;
  uint64_t changed_floor_ = 0;
  PendingChanges pending_;  // writer thread only
  // Whether other processes write the database too (PostgreSQL: Listen);
  // only then are their commits looked for (CatchUp) and seen_ kept.
  bool shared_ = false;
  StateMark seen_;              // writer thread only: how far catalog_ and index_ go
  std::string catch_up_error_;  // writer thread only: the last failure told, if any

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  bool catch_up_wanted_ = false;  // the listener heard of others' commits
  std::thread writer_thread_;
  std::thread listener_thread_;
  // SQLite's write-ahead log (see the top).
  bool checkpoints_ = false;
  std::condition_variable checkpoint_cv_;  // with queue_mu_
  // A pass asked for (set by the writer under queue_mu_) or under way;
  // cleared by the thread when it ends.
  std::atomic<bool> checkpointing_{false};
  std::thread checkpoint_thread_;

  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Repository>> pool_;

  StartupStats startup_;
  Histogram batch_sizes_{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}, 1};
  Histogram commit_us_{LatencyBoundsUs(), 1e6};
  std::array<std::atomic<uint64_t>, kStatusCodes> refused_by_code_{};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(Stage::kCount)> stage_ns_{};
  std::atomic<uint64_t> jobs_run_{0};
  mutable std::mutex refused_mu_;
  std::string refused_;
  std::atomic<int> max_days_ahead_{7};

  // Writer thread sets, any thread reads.
  void NoteStorage(const Status& outcome);
  mutable std::mutex health_mu_;
  StorageHealth health_;
};

}  // namespace zapas

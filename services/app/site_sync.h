// A site's side of the alliance: pushing its journal to the hub and pulling
// what flows from there.
//
// `zapas site init` makes a database a site (InitSite: the hub's URL, the
// site's code and token, and a random identity of this database). Then
// SiteSync::SyncOnce pushes the site's own entries the hub has not confirmed,
// in batches of at most kBatchEntries, each with the site's head; the hub's
// answer says how far it holds the chain, and the site resumes from there
// after any cut (an entry sent twice is stored once). Then it pulls the
// master data changed at the hub since its cursor, a page at a time, each
// page applied in one write with the cursor. When the hub answers that the
// chains forked (the site was restored from an older backup, or another
// database pushes as the site), the site records the refusal, shows it in
// GET /sync/status and takes no write until its admin resolves it.
//
// The transport is a HubLink (services/http/hub_link.h makes the HTTP one);
// the use case needs no HTTP. Thread-safe: one sync runs at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "services/app/store.h"
#include "services/app/sync_wire.h"

namespace zapas {

// How a site reaches its hub.
class HubLink {
 public:
  struct Answer {
    int status = 0;
    std::string body;
  };
  virtual ~HubLink() = default;
  // kUnavailable when the hub does not answer (no route, refused, timed out,
  // cut mid-answer).
  virtual Result<Answer> Post(const std::string& path, const std::string& body) = 0;
  virtual Result<Answer> Get(const std::string& path) = 0;
};
using HubLinkFactory = std::function<std::unique_ptr<HubLink>(const SiteState& state)>;

// Now, RFC 3339 UTC to the millisecond: when a site last pushed or pulled
// (each round leaves a mark of its own, even two in one second).
std::string SyncTime();

// Makes the database a site of the hub at `hub` (stored, with the token
// sealed). kConflict when it is a site already, or has journal entries of its
// own (a site starts empty: its warehouses and master data come from the hub).
Status InitSite(Repository& repo, const std::string& hub, const std::string& code,
                const std::string& token);

class SiteSync {
 public:
  static constexpr int kBatchEntries = 1000;

  SiteSync(Store& store, HubLinkFactory link);
  ~SiteSync();  // stops the thread
  SiteSync(const SiteSync&) = delete;
  SiteSync& operator=(const SiteSync&) = delete;

  struct Outcome {
    int64_t pushed = 0;   // entries the hub stored now
    int64_t pending = 0;  // own entries the hub does not hold yet
    int64_t pulled = 0;   // master data records applied
  };
  // One round: push everything pending, then pull everything changed.
  // kUnavailable when the hub does not answer; kConflict when the chains
  // forked. `progress`, when given, hears of each batch.
  Result<Outcome> SyncOnce(const std::function<void(const std::string&)>& progress = {});

  // Syncs every `interval_seconds` on a thread of its own until destroyed.
  void Start(int interval_seconds);
  // Syncs at once on that thread (`zapas sync` asks a running server so).
  void Wake();

  // GET /sync/status on a site.
  Result<std::string> StatusJson();

  // For GET /metrics: when the last round succeeded (seconds since 1970, 0
  // never since the server started), the own entries it left for the hub
  // then, and whether the hub answered the last round.
  int64_t last_synced() const { return last_synced_.load(); }
  int64_t pending() const { return pending_.load(); }
  bool reachable() const { return reachable_.load(); }

 private:
  Result<SiteState> State();
  Status Save(SiteState state);
  // A batch of the site's own entries after `after`, ready to send, and the
  // master data changes read for its recipients.
  struct Prepared {
    SyncBatch batch;
    int64_t recipients_seen = 0;
    std::string body;  // the batch encoded
  };
  Result<Prepared> Prepare(const SiteState& state, int64_t after, int64_t recipients_after);
  Result<int64_t> Push(SiteState& state, HubLink& link,
                       const std::function<void(const std::string&)>& progress);
  Result<int64_t> Pull(SiteState& state, HubLink& link);
  Result<int64_t> PullEntries(SiteState& state, HubLink& link);
  void Loop(int interval_seconds);

  Store& store_;
  HubLinkFactory link_;
  std::mutex sync_mu_;  // one sync at a time
  std::atomic<bool> reachable_{false};
  std::atomic<int64_t> last_synced_{0};
  std::atomic<int64_t> pending_{0};
  std::mutex loop_mu_;
  std::condition_variable loop_cv_;
  bool stopping_ = false;
  bool wake_ = false;
  std::thread thread_;
};

}  // namespace zapas

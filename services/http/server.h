// HttpServer: carries the Api over HTTP/1.1 (HTTPS when the config names a
// certificate) and serves the web UI's static files at /, on Linux epoll.
//
// Connections cost a socket and a small buffer while they wait, never a
// thread: http.threads workers wait on one epoll set, and each ready
// connection (registered one-shot) is taken by exactly one worker, which
// reads, answers whole requests (through HttpConnection and the Api, on the
// same thread: no hand-off) and writes, then re-arms it. The listening socket
// is in the same set: whichever worker takes its event accepts. After a
// reply a worker waits up to 2 ms on that connection for the client's next
// request (while another worker is free), as a thread per connection would:
// that saves the wake-up of a second worker, and a client that stays silent
// costs the worker no more than that. Idle and slow
// clients therefore cannot starve the others: a fresh client is answered
// while thousands of connections sit idle or trickle their heads in.
//
// A reaper thread, four times a second, closes connections past their
// deadline (HttpConnection: header, keep-alive and I/O timeouts; a late head
// gets 408). At http.max_connections (or the open-file limit, raised to its
// maximum at start) a new connection closes the one that has waited longest
// for a request; beyond http.max_connections_per_address from one address a
// request gets 503 and its connection closes.
//
// Connections are known by ids that are never reused: epoll events carry the
// id, a table maps it to the connection, and a connection is used only by the
// thread that marked it busy, so the reaper never closes a socket a worker is
// using, and a closed socket's number taken by a new connection is never
// mistaken for the old one.
//
// Start() and Stop() from one thread. Stop() lets every request in progress
// finish, then closes every connection.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "services/http/api.h"

namespace zapas {

class HttpDispatcher;
class TlsContext;

class HttpServer {
 public:
  // Serves the web UI from config.web_root (none when empty).
  HttpServer(Api& api, const Config& config);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving, over HTTPS when config.tls(); kUnavailable when
  // the port cannot be bound, kInvalid when the TLS files cannot be used.
  Status Start();
  void Stop();
  int port() const { return port_; }
  // The connections it keeps open at most: http.max_connections, or less
  // when the open-file limit is lower.
  int max_connections() const { return max_connections_; }

 private:
  struct Entry;
  struct Shard {
    std::mutex mu;
    std::unordered_map<uint64_t, std::shared_ptr<Entry>> entries;
  };
  static constexpr int kShards = 16;

  void Work();
  void Reap();
  void AcceptSome();
  void Admit(int fd, const std::string& address);
  void Serve(uint64_t id);
  // Closes the connection of `entry`, which the caller has marked busy.
  void Close(const std::shared_ptr<Entry>& entry);
  // Marks `entry` busy for the caller; false when it is busy or closed.
  bool Claim(Entry& entry);
  // Closes the connection that has waited longest for a request; false when none may go.
  bool EvictLongestWaiting();
  void ArmListener();
  std::shared_ptr<Entry> Find(uint64_t id);

  Api& api_;
  Config config_;
  int port_ = 0;
  int max_connections_ = 0;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int stop_fd_ = -1;  // an eventfd that, once written, wakes every worker to stop
  std::unique_ptr<TlsContext> tls_;
  std::unique_ptr<HttpDispatcher> dispatcher_;
  std::vector<std::thread> workers_;
  std::atomic<int> busy_workers_{0};  // workers with an event in hand
  std::thread reaper_;
  std::mutex reaper_mu_;
  std::condition_variable reaper_cv_;
  bool stopping_ = false;                     // under reaper_mu_
  std::atomic<bool> listener_paused_{false};  // out of file descriptors: the reaper re-arms it

  Shard shards_[kShards];
  std::atomic<uint64_t> next_id_{16};  // below: the listener and the stop event
  std::atomic<int> open_{0};
  std::mutex addresses_mu_;
  std::unordered_map<std::string, int> per_address_;
};

}  // namespace zapas

#include "services/http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <limits>

#include "services/http/connection.h"
#include "services/http/dispatch.h"
#include "services/http/tls.h"

namespace zapas {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint64_t kListenerId = 0;
constexpr uint64_t kStopId = 1;
constexpr int kAcceptsPerEvent = 64;
// How long a worker waits on its connection for the next request after a
// reply before giving the connection back to epoll (Serve()).
constexpr int kStickyMillis = 2;
constexpr auto kReapEvery = std::chrono::milliseconds(250);
// Files the process keeps for itself beyond one per connection: the database
// and its journal, a read connection per worker, the log, the lock file.
constexpr int kReservedFiles = 128;

int64_t Millis(Clock::time_point t) {
  if (t == Clock::time_point::max()) return std::numeric_limits<int64_t>::max();
  if (t == Clock::time_point::min()) return std::numeric_limits<int64_t>::min();
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Raises the soft limit on open files to the hard one; returns the soft limit.
int RaiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > 1 << 30) return 1 << 30;
  return static_cast<int>(limit.rlim_cur);
}

// The peer's IP as text: "127.0.0.1", "::1" (an IPv4 address reached over an
// IPv6 socket as IPv4).
std::string AddressText(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(address);
    if (IN6_IS_ADDR_V4MAPPED(&a.sin6_addr)) {
      ::inet_ntop(AF_INET, &a.sin6_addr.s6_addr[12], text, sizeof text);
    } else {
      ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    }
  }
  return text;
}

// A non-blocking listening socket bound to host:port (SO_REUSEADDR, never
// SO_REUSEPORT: a second server on a port in use must fail, not share it).
Result<int> Listen(const std::string& host, int port) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc =
          ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
      rc != 0) {
    return Status::Unavailable("cannot listen on " + where + ": " + ::gai_strerror(rc));
  }
  std::string error = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 1024) == 0) {
      ::freeaddrinfo(found);
      return fd;
    }
    error = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return Status::Unavailable("cannot listen on " + where + ": " + error);
}

int BoundPort(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return 0;
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
}

}  // namespace

// A connection in the table. `busy` and `closed` are under `mu`; the
// connection itself is used only by whoever set `busy`. The two times are
// copies the reaper and the eviction scan read without `mu`, to pick
// candidates; they check again under `mu`.
struct HttpServer::Entry {
  uint64_t id = 0;
  std::mutex mu;
  bool busy = false;
  bool closed = false;
  std::atomic<int64_t> deadline_ms{0};
  std::atomic<int64_t> waiting_since_ms{0};
  std::unique_ptr<HttpConnection> connection;

  void Publish() {
    deadline_ms.store(Millis(connection->deadline()), std::memory_order_relaxed);
    waiting_since_ms.store(Millis(connection->waiting_since()), std::memory_order_relaxed);
  }
};

HttpServer::HttpServer(Api& api, const Config& config) : api_(api), config_(config) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  const int files = RaiseOpenFileLimit();
  max_connections_ = std::max(
      1, std::min(config_.http_max_connections, files - kReservedFiles - config_.http_threads));
  if (config_.tls()) {
    ZAPAS_ASSIGN_OR_RETURN(tls_, TlsContext::FromConfig(config_));
  }
  ZAPAS_ASSIGN_OR_RETURN(listen_fd_, Listen(config_.http_host, config_.http_port));
  port_ = BoundPort(listen_fd_);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || stop_fd_ < 0) {
    return Status::Unavailable(std::string("cannot set up the HTTP server: ") +
                               std::strerror(errno));
  }
  // Level-triggered and never read: once written, it wakes every worker.
  epoll_event stop{};
  stop.events = EPOLLIN;
  stop.data.u64 = kStopId;
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLONESHOT;
  listen.data.u64 = kListenerId;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &stop) != 0 ||
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &listen) != 0) {
    return Status::Unavailable(std::string("cannot set up the HTTP server: ") +
                               std::strerror(errno));
  }
  dispatcher_ = std::make_unique<HttpDispatcher>(api_, config_, config_.web_root);
  for (int i = 0; i < config_.http_threads; ++i) {
    workers_.emplace_back([this] { Work(); });
    ::pthread_setname_np(workers_.back().native_handle(), "zapas-http");
  }
  reaper_ = std::thread([this] { Reap(); });
  ::pthread_setname_np(reaper_.native_handle(), "zapas-reaper");
  return Status::Ok();
}

void HttpServer::Stop() {
  if (stop_fd_ >= 0) {
    const uint64_t one = 1;
    (void)::write(stop_fd_, &one, sizeof one);
  }
  for (std::thread& t : workers_) t.join();
  workers_.clear();
  {
    std::lock_guard<std::mutex> lock(reaper_mu_);
    stopping_ = true;
  }
  reaper_cv_.notify_all();
  if (reaper_.joinable()) reaper_.join();
  for (Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    shard.entries.clear();  // closes each connection's socket
  }
  open_ = 0;
  per_address_.clear();
  for (int* fd : {&listen_fd_, &epoll_fd_, &stop_fd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
  dispatcher_.reset();
  tls_.reset();  // after the connections: their TLS state refers to it
}

void HttpServer::Work() {
  for (;;) {
    epoll_event event{};
    const int n = ::epoll_wait(epoll_fd_, &event, 1, -1);
    if (n < 0 && errno != EINTR) return;
    if (n <= 0) continue;
    if (event.data.u64 == kStopId) return;
    busy_workers_.fetch_add(1, std::memory_order_relaxed);
    if (event.data.u64 == kListenerId) {
      AcceptSome();
    } else {
      Serve(event.data.u64);
    }
    busy_workers_.fetch_sub(1, std::memory_order_relaxed);
  }
}

std::shared_ptr<HttpServer::Entry> HttpServer::Find(uint64_t id) {
  Shard& shard = shards_[id % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.entries.find(id);
  return it == shard.entries.end() ? nullptr : it->second;
}

bool HttpServer::Claim(Entry& entry) {
  std::lock_guard<std::mutex> lock(entry.mu);
  if (entry.busy || entry.closed) return false;
  entry.busy = true;
  return true;
}

void HttpServer::Serve(uint64_t id) {
  std::shared_ptr<Entry> entry = Find(id);
  // Gone, or claimed by the reaper or an eviction, which will close it.
  if (!entry || !Claim(*entry)) return;
  HttpConnection::Next next = HttpConnection::Next::kClose;
  try {
    next = entry->connection->Run(Clock::now());
    // A client that just had its reply usually sends its next request at
    // once: wait for it here a moment, as a thread per connection would,
    // rather than hand the connection back to epoll and have another worker
    // woken for it (half again as many context switches a request). Only
    // while another worker is free to take the other connections' events.
    while (next == HttpConnection::Next::kRead && entry->connection->just_answered() &&
           busy_workers_.load(std::memory_order_relaxed) < config_.http_threads) {
      pollfd ready{entry->connection->fd(), POLLIN, 0};
      if (::poll(&ready, 1, kStickyMillis) <= 0) break;
      next = entry->connection->Run(Clock::now());
    }
  } catch (const std::exception&) {
    // Out of memory, say: this connection goes, the server stays.
  }
  if (next == HttpConnection::Next::kClose) {
    Close(entry);
    return;
  }
  entry->Publish();
  epoll_event event{};
  event.events = (next == HttpConnection::Next::kRead ? EPOLLIN : EPOLLOUT) | EPOLLONESHOT;
  event.data.u64 = id;
  // Re-armed under the lock and after `busy` is cleared: the next event may
  // go to another worker at once, and the socket is still this connection's.
  std::lock_guard<std::mutex> lock(entry->mu);
  entry->busy = false;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, entry->connection->fd(), &event);
}

void HttpServer::Close(const std::shared_ptr<Entry>& entry) {
  {
    std::lock_guard<std::mutex> lock(entry->mu);
    entry->closed = true;
  }
  const std::string address = entry->connection->client_address();
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, entry->connection->fd(), nullptr);
  entry->connection.reset();  // closes the socket
  {
    Shard& shard = shards_[entry->id % kShards];
    std::lock_guard<std::mutex> lock(shard.mu);
    shard.entries.erase(entry->id);
  }
  {
    std::lock_guard<std::mutex> lock(addresses_mu_);
    auto it = per_address_.find(address);
    if (it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
  }
  open_.fetch_sub(1);
}

void HttpServer::ArmListener() {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLONESHOT;
  event.data.u64 = kListenerId;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &event);
}

void HttpServer::AcceptSome() {
  for (int i = 0; i < kAcceptsPerEvent; ++i) {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      Admit(fd, AddressText(address));
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      if (EvictLongestWaiting()) continue;
      // Nothing to close: the reaper tries again once timeouts free some.
      listener_paused_ = true;
      return;
    }
    break;  // EAGAIN: none left
  }
  ArmListener();
}

void HttpServer::Admit(int fd, const std::string& address) {
  if (open_.load() >= max_connections_ && !EvictLongestWaiting()) {
    ::close(fd);
    return;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::unique_ptr<Transport> transport = tls_ ? tls_->NewTransport(fd) : PlainTransport(fd);
  if (!transport) {
    ::close(fd);
    return;
  }
  bool over_limit = false;
  {
    std::lock_guard<std::mutex> lock(addresses_mu_);
    over_limit = ++per_address_[address] > config_.http_max_connections_per_address;
  }
  open_.fetch_add(1);
  auto entry = std::make_shared<Entry>();
  entry->id = next_id_.fetch_add(1);
  const HttpTimeouts timeouts{std::chrono::seconds(config_.http_header_timeout_seconds),
                              std::chrono::seconds(config_.http_keep_alive_seconds),
                              std::chrono::seconds(config_.http_io_timeout_seconds)};
  entry->connection = std::make_unique<HttpConnection>(
      fd, std::move(transport), address, over_limit, *dispatcher_, timeouts, Clock::now());
  entry->Publish();
  {
    Shard& shard = shards_[entry->id % kShards];
    std::lock_guard<std::mutex> lock(shard.mu);
    shard.entries.emplace(entry->id, entry);
  }
  epoll_event event{};
  event.events = EPOLLIN | EPOLLONESHOT;
  event.data.u64 = entry->id;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0 && Claim(*entry)) Close(entry);
}

bool HttpServer::EvictLongestWaiting() {
  std::shared_ptr<Entry> oldest;
  int64_t since = std::numeric_limits<int64_t>::max();
  for (Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    for (const auto& [id, entry] : shard.entries) {
      const int64_t s = entry->waiting_since_ms.load(std::memory_order_relaxed);
      if (s < since) {
        since = s;
        oldest = entry;
      }
    }
  }
  if (!oldest || !Claim(*oldest)) return false;
  Close(oldest);
  return true;
}

void HttpServer::Reap() {
  std::vector<std::shared_ptr<Entry>> due;
  std::unique_lock<std::mutex> lock(reaper_mu_);
  while (!reaper_cv_.wait_for(lock, kReapEvery, [&] { return stopping_; })) {
    lock.unlock();
    if (listener_paused_.exchange(false)) ArmListener();
    const Clock::time_point now = Clock::now();
    const int64_t now_ms = Millis(now);
    for (Shard& shard : shards_) {
      std::lock_guard<std::mutex> shard_lock(shard.mu);
      for (const auto& [id, entry] : shard.entries) {
        if (entry->deadline_ms.load(std::memory_order_relaxed) <= now_ms) due.push_back(entry);
      }
    }
    for (const std::shared_ptr<Entry>& entry : due) {
      {
        // Its deadline is checked again under the lock: a worker may have
        // served it since.
        std::lock_guard<std::mutex> entry_lock(entry->mu);
        if (entry->busy || entry->closed || entry->connection->deadline() > now) continue;
        entry->busy = true;
      }
      entry->connection->Expire();
      Close(entry);
    }
    due.clear();
    lock.lock();
  }
}

}  // namespace zapas

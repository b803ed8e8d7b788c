#include "tests/services/tcp_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace zapas::testing {

namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

}  // namespace

TcpRelay::TcpRelay(int target_port) : target_(target_port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = Loopback(0);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("the relay cannot listen");
  }
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TcpRelay::~TcpRelay() {
  stopping_ = true;
  acceptor_.join();
  CloseOpen();
  std::vector<std::thread> pumps;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pumps.swap(pumps_);
  }
  for (std::thread& t : pumps) t.join();
  close(listen_fd_);
}

void TcpRelay::SetMode(Mode mode, size_t cut_after) {
  cut_after_ = cut_after;
  mode_ = mode;
  if (mode == Mode::kRefuse) CloseOpen();
}

void TcpRelay::CloseOpen() {
  std::lock_guard<std::mutex> lock(mu_);
  for (int fd : open_) shutdown(fd, SHUT_RDWR);
}

void TcpRelay::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    ++accepted_;
    if (mode_ == Mode::kRefuse) {
      close(client);
      continue;
    }
    std::lock_guard<std::mutex> lock(mu_);
    open_.push_back(client);
    pumps_.emplace_back([this, client] { Pump(client); });
  }
}

void TcpRelay::Pump(int client) {
  const Mode mode = mode_;
  const size_t cut_after = cut_after_;
  int server = -1;
  auto forget = [&](int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    open_.erase(std::remove(open_.begin(), open_.end(), fd), open_.end());
  };
  auto finish = [&] {
    forget(client);
    close(client);
    if (server >= 0) {
      forget(server);
      close(server);
    }
  };
  if (mode == Mode::kStall) {
    // Hold the connection, forward nothing, until told otherwise.
    char sink[4096];
    while (!stopping_ && mode_ == Mode::kStall) {
      pollfd p{client, POLLIN, 0};
      if (poll(&p, 1, 50) > 0 && recv(client, sink, sizeof sink, 0) <= 0) break;
    }
    finish();
    return;
  }
  server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a = Loopback(target_);
  if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    finish();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_.push_back(server);
  }
  size_t up = 0, down = 0;
  char buffer[16384];
  while (!stopping_) {
    pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    if (poll(p, 2, 50) <= 0) continue;
    bool closed = false;
    for (int i = 0; i < 2 && !closed; ++i) {
      if ((p[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const int from = p[i].fd, to = i == 0 ? server : client;
      ssize_t n = recv(from, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed = true;
        break;
      }
      size_t give = static_cast<size_t>(n);
      size_t& count = i == 0 ? up : down;
      const bool cutting =
          (i == 0 && mode == Mode::kCutRequest) || (i == 1 && mode == Mode::kCutReply);
      if (cutting && count + give >= cut_after) give = cut_after > count ? cut_after - count : 0;
      if (give > 0 && send(to, buffer, give, MSG_NOSIGNAL) < 0) closed = true;
      count += give;
      if (cutting && count >= cut_after) {
        ++cut_;
        closed = true;
      }
    }
    if (closed) break;
  }
  finish();
}

}  // namespace zapas::testing

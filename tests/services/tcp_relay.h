// Test support: a TCP relay on loopback between a client and a server that
// the test controls, to play a bad link. It listens on 127.0.0.1 (Port()),
// and forwards each connection to 127.0.0.1:target, byte for byte, in order,
// until told otherwise:
//   kPass      forward everything;
//   kRefuse    close every open connection and every new one at once (a cut
//              link, a hub that is down);
//   kStall     hold new connections open and forward nothing (a link that
//              hangs);
//   kCutReply  forward the request whole, then close both sides after
//              `cut_after` bytes of the server's reply (a reply lost mid-way:
//              the server did the work, the client never hears of it);
//   kCutRequest forward `cut_after` bytes of the request, then close (a
//              request cut mid-way: the server never gets it whole).
// Thread-safe; the destructor closes everything.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace zapas::testing {

class TcpRelay {
 public:
  enum class Mode { kPass, kRefuse, kStall, kCutReply, kCutRequest };

  explicit TcpRelay(int target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  int Port() const { return port_; }
  void SetTarget(int target_port) { target_ = target_port; }
  // Applies to connections from now on; kRefuse also closes those open.
  void SetMode(Mode mode, size_t cut_after = 0);
  // Connections accepted so far, and those cut by kCutReply/kCutRequest.
  int accepted() const { return accepted_; }
  int cut() const { return cut_; }

 private:
  void AcceptLoop();
  void Pump(int client);
  void CloseOpen();

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> target_;
  std::atomic<Mode> mode_{Mode::kPass};
  std::atomic<size_t> cut_after_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0}, cut_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> open_;  // sockets of live connections, both sides
  std::vector<std::thread> pumps_;
};

}  // namespace zapas::testing

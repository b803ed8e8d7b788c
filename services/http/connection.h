// HttpConnection: one client connection of the HttpServer and the requests
// and replies on it, as a state machine the server drives whenever the socket
// is ready. Run() reads what has arrived, answers every whole request
// through the HttpDispatcher, writes, and says what to wait for next; it never
// blocks on the socket. Between calls the connection holds its socket, the
// bytes received and not yet used, and the reply not yet taken: no thread.
//
// A request is whole when its head (at most 64 KiB, else 431) and exactly
// Content-Length body bytes have come; bytes after it are kept for the next
// request (pipelining). "Expect: 100-continue" is answered before the body
// is read. A head or framing that cannot be read (400), a body over its limit
// (413), or a request on a connection over its address's limit (503) is
// answered and the connection closed, reading and dropping what the client
// still sends for a moment so the reply is not lost to a reset. A body cut
// short by the client never reaches the Api.
//
// Deadlines (deadline()): a head must be whole within the header timeout of
// its first byte, however slowly it trickles in; a new connection must start
// one within the header timeout, an idle keep-alive connection within the
// keep-alive timeout; a body or a reply must progress within the I/O timeout.
// The server closes the connection once its deadline has passed (Expire()).
//
// Not thread-safe: the server lets one thread at a time use it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "services/http/dispatch.h"
#include "services/http/message.h"
#include "services/http/transport.h"

namespace zapas {

struct HttpTimeouts {
  std::chrono::milliseconds header{10000};
  std::chrono::milliseconds keep_alive{5000};
  std::chrono::milliseconds io{60000};
};

class HttpConnection {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Next { kRead, kWrite, kClose };  // what to wait for after Run()

  // Takes the socket `fd` (closed on destruction) and its transport.
  // `over_limit`: its address has too many connections, so its request gets
  // 503. `client_address` is the peer's IP as text.
  HttpConnection(int fd, std::unique_ptr<Transport> transport, std::string client_address,
                 bool over_limit, const HttpDispatcher& dispatcher, const HttpTimeouts& timeouts,
                 Clock::time_point now);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Does all that can be done now; kClose when the connection is finished.
  Next Run(Clock::time_point now);

  // Called when deadline() has passed: a head that was under way gets 408
  // (one try, without waiting), then the caller destroys the connection.
  void Expire();

  int fd() const { return fd_; }
  // Whether the last Run() answered a request and now waits for the next.
  bool just_answered() const { return just_answered_; }
  const std::string& client_address() const { return client_address_; }
  // When the connection is to close unless something happens first.
  Clock::time_point deadline() const { return deadline_; }
  // Since when it has waited for a request, for choosing whom to close when
  // the server is full; Clock::time_point::max() while it is reading a body
  // or writing a reply, min() while it only lingers before closing.
  Clock::time_point waiting_since() const;

 private:
  enum class State { kHead, kBody, kLinger };
  // The outcome of one step of Run(): what to wait for, or nothing to go on.
  using Step = std::optional<Next>;

  Step WriteOutput();
  Step ReadHead();
  void StartRequest(size_t head_end);
  Step ReadBody();
  Step Linger();
  // Reads at most `want` bytes onto in_.
  IoStatus ReadSome(size_t want);
  // Queues `reply`; closes after it unless `keep_alive`, lingering if `linger`.
  void Queue(Reply reply, bool keep_alive, bool linger);
  void QueueRaw(std::string head, std::string body);
  // An error before the body was read: what follows cannot be told apart.
  void Fail(Reply reply) { Queue(std::move(reply), /*keep_alive=*/false, /*linger=*/true); }
  bool writing() const { return !out_head_.empty(); }
  Clock::time_point HeadDeadline() const;

  int fd_;
  std::unique_ptr<Transport> transport_;
  std::string client_address_;
  bool over_limit_;
  const HttpDispatcher& dispatcher_;
  HttpTimeouts timeouts_;

  Clock::time_point now_;  // as of the current Run()
  State state_ = State::kHead;
  std::string in_;      // received and not yet used
  size_t scanned_ = 0;  // of in_, searched for the end of the head
  bool head_started_ = false;
  bool answered_any_ = false;
  bool more_to_read_ = true;
  bool just_answered_ = false;         // the socket may hold more than the last read took
  Clock::time_point head_started_at_;  // the first byte of the head
  Clock::time_point idle_since_;       // since the last reply went out (or the accept)
  HttpRequestHead head_;
  int64_t body_length_ = 0;

  std::string out_head_;  // the reply not yet taken: its head, then its body
  std::string out_body_;
  size_t out_sent_ = 0;
  bool close_after_ = false;
  bool linger_after_ = false;
  size_t lingered_ = 0;
  Clock::time_point deadline_;
};

}  // namespace zapas

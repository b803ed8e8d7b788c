#include "services/http/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace zapas {
namespace {

constexpr size_t kMaxHead = 64 * 1024;
constexpr size_t kReadChunk = 64 * 1024;
// After an error reply: how long, and how much, the client's bytes are read
// and dropped before the close, so that the close is not a reset that could
// destroy the reply.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kMaxLinger = 4 << 20;

// The read buffer of the calling thread; connections keep only what they use.
char* Scratch() {
  thread_local std::unique_ptr<char[]> buffer(new char[kReadChunk]);
  return buffer.get();
}

// Empties `s`, giving a large buffer back (an idle connection keeps little).
void Release(std::string& s) {
  if (s.capacity() > 64 * 1024) {
    std::string().swap(s);
  } else {
    s.clear();
  }
}

// Reads and drops what the socket holds now; false once it is closed.
bool Drain(int fd, size_t& dropped) {
  char* buffer = Scratch();
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, kReadChunk, 0);
    if (n > 0) {
      dropped += static_cast<size_t>(n);
      if (dropped > kMaxLinger) return false;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

}  // namespace

HttpConnection::HttpConnection(int fd, std::unique_ptr<Transport> transport,
                               std::string client_address, bool over_limit,
                               const HttpDispatcher& dispatcher, const HttpTimeouts& timeouts,
                               Clock::time_point now)
    : fd_(fd),
      transport_(std::move(transport)),
      client_address_(std::move(client_address)),
      over_limit_(over_limit),
      dispatcher_(dispatcher),
      timeouts_(timeouts),
      idle_since_(now),
      deadline_(now + timeouts.header) {}

HttpConnection::~HttpConnection() {
  transport_.reset();  // TLS state first: it refers to the socket
  ::close(fd_);
}

HttpConnection::Clock::time_point HttpConnection::waiting_since() const {
  if (state_ == State::kLinger) return Clock::time_point::min();
  if (state_ == State::kBody || writing()) return Clock::time_point::max();
  return head_started_ ? head_started_at_ : idle_since_;
}

HttpConnection::Next HttpConnection::Run(Clock::time_point now) {
  now_ = now;
  just_answered_ = false;
  for (;;) {
    if (writing()) {
      if (Step next = WriteOutput()) return *next;
      continue;
    }
    if (close_after_) {
      if (!linger_after_) return Next::kClose;
      close_after_ = false;
      ::shutdown(fd_, SHUT_WR);
      state_ = State::kLinger;
      deadline_ = now_ + kLingerTime;
    }
    Step next;
    switch (state_) {
      case State::kHead:
        next = ReadHead();
        break;
      case State::kBody:
        next = ReadBody();
        break;
      case State::kLinger:
        next = Linger();
        break;
    }
    if (next) return *next;
  }
}

HttpConnection::Step HttpConnection::WriteOutput() {
  const size_t head_size = out_head_.size();
  const char* first = nullptr;
  size_t first_size = 0;
  if (out_sent_ < head_size) {
    first = out_head_.data() + out_sent_;
    first_size = head_size - out_sent_;
  }
  const size_t body_sent = out_sent_ > head_size ? out_sent_ - head_size : 0;
  const IoResult r = transport_->Write(first, first_size, out_body_.data() + body_sent,
                                       out_body_.size() - body_sent);
  switch (r.status) {
    case IoStatus::kOk:
      out_sent_ += r.bytes;
      deadline_ = now_ + timeouts_.io;
      if (out_sent_ == head_size + out_body_.size()) {
        out_head_.clear();
        Release(out_body_);
        out_sent_ = 0;
        idle_since_ = now_;
      }
      return std::nullopt;
    case IoStatus::kWantRead:
      return Next::kRead;
    case IoStatus::kWantWrite:
      return Next::kWrite;
    default:
      return Next::kClose;  // the client is gone
  }
}

HttpConnection::Clock::time_point HttpConnection::HeadDeadline() const {
  if (head_started_) return head_started_at_ + timeouts_.header;
  return idle_since_ + (answered_any_ ? timeouts_.keep_alive : timeouts_.header);
}

HttpConnection::Step HttpConnection::ReadHead() {
  if (!head_started_) {
    in_.erase(0, LeadingEmptyLines(in_));
    if (!in_.empty()) {
      head_started_ = true;
      head_started_at_ = now_;
      scanned_ = 0;
    }
  }
  if (head_started_) {
    const size_t end = FindHeadEnd(in_, scanned_);
    if (end != std::string::npos && end <= kMaxHead) {
      StartRequest(end);
      return std::nullopt;
    }
    if (end != std::string::npos || in_.size() > kMaxHead) {
      Fail(ProtocolProblem(431, "the request head is over " + std::to_string(kMaxHead) + " bytes"));
      return std::nullopt;
    }
    scanned_ = in_.size();
  } else if (in_.empty() && !more_to_read_) {
    // The last read emptied the socket: wait for the next request rather than
    // ask again now (a re-armed socket that already holds bytes is ready at once).
    more_to_read_ = true;
    deadline_ = HeadDeadline();
    return Next::kRead;
  }
  switch (ReadSome(kReadChunk)) {
    case IoStatus::kOk:
      return std::nullopt;
    case IoStatus::kWantRead:
      deadline_ = HeadDeadline();
      return Next::kRead;
    case IoStatus::kWantWrite:
      deadline_ = HeadDeadline();
      return Next::kWrite;
    default:
      return Next::kClose;  // gone between requests, or within a head
  }
}

void HttpConnection::StartRequest(size_t head_end) {
  Result<HttpRequestHead> parsed = ParseRequestHead(std::string_view(in_).substr(0, head_end));
  in_.erase(0, head_end);
  head_started_ = false;
  scanned_ = 0;
  if (!parsed.ok()) {
    Fail(ProblemReply(parsed.status()));
    return;
  }
  head_ = std::move(parsed).value();
  if (over_limit_) {
    Fail(ProblemReply(Status::Unavailable("too many connections from " + client_address_ +
                                          ": close some and try again")));
    return;
  }
  Result<int64_t> length = BodyLength(head_, dispatcher_.BodyLimit(head_));
  if (!length.ok()) {
    Fail(ProblemReply(length.status()));
    return;
  }
  body_length_ = *length;
  state_ = State::kBody;
  deadline_ = now_ + timeouts_.io;
  // curl asks before a large upload, and waits a second for this otherwise.
  if (head_.expect_continue && head_.http11 && static_cast<int64_t>(in_.size()) < body_length_) {
    QueueRaw(std::string(kContinue), "");
  }
}

HttpConnection::Step HttpConnection::ReadBody() {
  const size_t length = static_cast<size_t>(body_length_);
  if (in_.size() >= length) {
    std::string body;
    if (in_.size() == length) {
      body.swap(in_);
    } else {
      body.assign(in_, 0, length);
      in_.erase(0, length);
    }
    state_ = State::kHead;
    answered_any_ = true;
    just_answered_ = true;
    Queue(dispatcher_.Answer(head_, std::move(body), client_address_), head_.keep_alive,
          /*linger=*/false);
    return std::nullopt;
  }
  switch (ReadSome(std::min(length - in_.size(), kReadChunk))) {
    case IoStatus::kOk:
      deadline_ = now_ + timeouts_.io;
      return std::nullopt;
    case IoStatus::kWantRead:
      return Next::kRead;
    case IoStatus::kWantWrite:
      return Next::kWrite;
    case IoStatus::kClosed:
      // The client stopped sending: the part that came is not the request.
      state_ = State::kHead;
      Queue(ProblemReply(Status::Malformed(
                "the request body ended after " + std::to_string(in_.size()) + " of the " +
                std::to_string(body_length_) + " bytes its Content-Length announced")),
            /*keep_alive=*/false, /*linger=*/false);
      Release(in_);
      return std::nullopt;
    default:
      return Next::kClose;
  }
}

HttpConnection::Step HttpConnection::Linger() {
  return Drain(fd_, lingered_) ? Step(Next::kRead) : Step(Next::kClose);
}

IoStatus HttpConnection::ReadSome(size_t want) {
  char* buffer = Scratch();
  const size_t asked = std::min(want, kReadChunk);
  const IoResult r = transport_->Read(buffer, asked);
  if (r.status == IoStatus::kOk) in_.append(buffer, r.bytes);
  // TLS may hold decrypted bytes the socket no longer shows: read until it says so.
  more_to_read_ = r.status != IoStatus::kOk || r.bytes == asked || transport_->secure();
  return r.status;
}

void HttpConnection::Queue(Reply reply, bool keep_alive, bool linger) {
  std::string head = ResponseHead(reply, keep_alive, head_.http11, transport_->secure());
  QueueRaw(std::move(head), std::move(reply.body));
  if (!keep_alive) {
    close_after_ = true;
    linger_after_ = linger;
  }
}

void HttpConnection::QueueRaw(std::string head, std::string body) {
  out_head_ = std::move(head);
  out_body_ = std::move(body);
  out_sent_ = 0;
  deadline_ = now_ + timeouts_.io;
}

void HttpConnection::Expire() {
  if (state_ != State::kHead || !head_started_ || writing()) return;
  const Reply reply =
      ProtocolProblem(408, "the request head did not arrive whole within " +
                               std::to_string(timeouts_.header.count() / 1000) + " s");
  const std::string head =
      ResponseHead(reply, /*keep_alive=*/false, /*http11=*/true, transport_->secure());
  (void)transport_->Write(head.data(), head.size(), reply.body.data(), reply.body.size());
  ::shutdown(fd_, SHUT_WR);
  (void)Drain(fd_, lingered_);
}

}  // namespace zapas

#include "services/http/transport.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

namespace zapas {
namespace {

class Plain final : public Transport {
 public:
  explicit Plain(int fd) : fd_(fd) {}

  IoResult Read(char* buffer, size_t size) override {
    for (;;) {
      const ssize_t n = ::recv(fd_, buffer, size, 0);
      if (n > 0) return {IoStatus::kOk, static_cast<size_t>(n)};
      if (n == 0) return {IoStatus::kClosed, 0};
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return {IoStatus::kWantRead, 0};
      return {IoStatus::kError, 0};
    }
  }

  IoResult Write(const char* first, size_t first_size, const char* second,
                 size_t second_size) override {
    iovec parts[2] = {{const_cast<char*>(first), first_size},
                      {const_cast<char*>(second), second_size}};
    msghdr message{};
    message.msg_iov = first_size > 0 ? parts : parts + 1;
    message.msg_iovlen = first_size > 0 ? (second_size > 0 ? 2 : 1) : 1;
    for (;;) {
      const ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
      if (n >= 0) return {IoStatus::kOk, static_cast<size_t>(n)};
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return {IoStatus::kWantWrite, 0};
      return {IoStatus::kError, 0};
    }
  }

  bool secure() const override { return false; }

 private:
  int fd_;
};

}  // namespace

std::unique_ptr<Transport> PlainTransport(int fd) { return std::make_unique<Plain>(fd); }

}  // namespace zapas

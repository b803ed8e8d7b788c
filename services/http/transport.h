// Transport: the bytes of one client connection of the HTTP server over its
// non-blocking socket, in clear (PlainTransport) or through TLS (tls.h).
// Calls never block: when the socket cannot go on they say whether it waits
// to read or to write (TLS may need either for both). Nothing here raises
// SIGPIPE. The transport does not own the socket; its owner closes it after
// destroying the transport. One thread at a time.
#pragma once

#include <cstddef>
#include <memory>

namespace zapas {

enum class IoStatus {
  kOk,         // `bytes` were moved (at least one)
  kWantRead,   // nothing moved: go on when the socket is readable
  kWantWrite,  // nothing moved: go on when the socket is writable
  kClosed,     // the peer ended the stream (reading only)
  kError,      // the connection is broken: close it
};

struct IoResult {
  IoStatus status = IoStatus::kOk;
  size_t bytes = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Reads at most `size` bytes into `buffer`.
  virtual IoResult Read(char* buffer, size_t size) = 0;
  // Writes from `first` (`first_size` bytes) and then `second`, as much as
  // the socket takes now; `bytes` counts from the start of `first`. A call
  // after kWantRead/kWantWrite must pass the same bytes again.
  virtual IoResult Write(const char* first, size_t first_size, const char* second,
                         size_t second_size) = 0;
  // Whether this is HTTPS.
  virtual bool secure() const = 0;
};

// Clear text over `fd` (recv and sendmsg with MSG_NOSIGNAL).
std::unique_ptr<Transport> PlainTransport(int fd);

}  // namespace zapas

// A raw TCP connection to the test server for the tests that speak HTTP
// themselves: idle and slow clients, pipelining, interim replies, headers
// as sent. Each read waits at most the connection's receive timeout
// (SO_RCVTIMEO), so a server that does not answer in time fails the test
// instead of hanging it. Not thread-safe; Send() may be called from another
// thread than the reads.
#pragma once

#include <string>

namespace zapas::testing {

// An HTTP/1.1 request to 127.0.0.1: "Authorization: Bearer TOKEN" when
// `token` is given; a POST carries `body` as JSON with its Content-Length.
std::string RawRequest(const std::string& method, const std::string& path,
                       const std::string& body = "", const std::string& token = "");

// Raises this process's soft limit on open files to its hard limit, for tests
// that hold hundreds of connections.
void RaiseOpenFileLimit();

struct RawHttpReply {
  int status = 0;    // 0: no whole reply came (timeout or close)
  std::string head;  // the status line and fields, up to the empty line
  std::string body;
  bool closed = false;  // the server closed the connection (after the reply, if any)

  // The value of the field `name` (case-insensitive); "" when absent.
  std::string Field(const std::string& name) const;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error when it cannot.
  RawConnection(int port, int receive_timeout_ms);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`; false when the connection is broken.
  bool Send(const std::string& bytes);
  // Reads one reply: its head and Content-Length bytes of body (or up to the
  // close). Bytes after it stay for the next call.
  RawHttpReply Read();
  // Whether the server closed the connection within `timeout_ms`, reading
  // and dropping whatever it sent first.
  bool ClosedWithin(int timeout_ms);
  // Whether the connection is open with nothing to read, right now.
  bool OpenAndSilent();

 private:
  int fd_;
  std::string pending_;  // read but not yet returned
};

}  // namespace zapas::testing

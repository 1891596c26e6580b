// What the WebSocket fan-out benchmark's programs share: the clock every side reads, sockets on
// 127.0.0.1, the RFC 6455 pieces a hand-written client and server need, and the control line
// protocol by which the client triggers a broadcast:
//
//   server → client, on connect   "hello TOKEN\n"   (the access token to sign in with, or "-")
//   client → server               "go\n"            a broadcast, please
//   server → client               "t0 NS\n"         CLOCK_MONOTONIC just before it began
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bench::ws {

// CLOCK_MONOTONIC in nanoseconds: one clock for every process of the machine (node's
// process.hrtime.bigint() reads the same one), so a server's t0 and a client's arrival compare.
std::int64_t now_ns();

// Raises the soft limit of open files to the hard limit; returns the new soft limit.
long raise_fd_limit();

// A listening TCP socket on 127.0.0.1:port (0: any free port). Throws std::runtime_error.
int listen_local(std::uint16_t port, int backlog);
std::uint16_t local_port(int fd);
void set_nonblocking(int fd);
void set_nodelay(int fd);
// Blocks until connected to 127.0.0.1:port, retrying for up to `wait_ms` while nothing listens.
int connect_local(std::uint16_t port, int wait_ms);

// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + RFC 6455's GUID)).
std::string accept_key(std::string_view client_key);
// A random Sec-WebSocket-Key (16 random bytes in base64).
std::string random_key();

// One unfragmented frame. `mask` (4 bytes) for a client's frames, null for a server's.
std::string encode_frame(int opcode, std::string_view payload, const unsigned char* mask);
inline constexpr int kText = 0x1, kClose = 0x8, kPing = 0x9, kPong = 0xA;

// A frame from a server (unmasked) at the start of `buffer`.
struct Frame {
  int opcode = 0;
  bool fin = false;
  std::string_view payload;
  std::size_t size = 0;  // header and payload
};
// nullopt while `buffer` holds less than one whole frame. Throws on a masked or huge frame.
std::optional<Frame> parse_frame(std::string_view buffer);

// The value of header `name` (case-insensitive) in an HTTP head, or "".
std::string_view header_value(std::string_view head, std::string_view name);

// Reads lines of the control protocol from a blocking socket.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  // The next line without its "\n"; nullopt at the end of the stream.
  std::optional<std::string> next();
  // What has arrived already, without blocking: a whole line or nullopt.
  std::optional<std::string> take_buffered();
  // Reads what is available without blocking; false at the end of the stream.
  bool fill_nonblocking();

 private:
  int fd_;
  std::string buffer_;
};

// Writes all of `text` to a blocking socket; false when the peer is gone.
bool write_all(int fd, std::string_view text);

}  // namespace bench::ws

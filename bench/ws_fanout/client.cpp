// The client side of the WebSocket fan-out benchmark, the same for every server it measures:
// one process, one epoll loop, N non-blocking sockets. It connects and upgrades N clients to
// ws://127.0.0.1:PORT/v1/ws (with the access token the server's control line gives, if any),
// waits until every one has had the server's "ready" message (subscribed), then for each round
// asks the server for one broadcast over the control connection and takes the time at which each
// client reads the message, relative to the server's t0 (taken just before the broadcast began).
//
//   bench_ws_client --port P --control-port C --clients N [--rounds R] [--warmup W]
//                   [--gap-ms MS] [--max-pending K] [--save-payload FILE]
//
// Prints one JSON object on stdout: the time until the last client had it per round (median,
// p99, max), the delivery times of all clients (p50, p99), and N / median as messages per second.
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "stats.hpp"
#include "ws_wire.hpp"

namespace {

using bench::ws::now_ns;

struct Options {
  std::uint16_t port = 0, control_port = 0;
  int clients = 1000, rounds = 20, warmup = 2, gap_ms = 20, max_pending = 256, round_timeout_s = 10;
  int setup_timeout_s = 60;
  std::string save_payload;
};

enum class Phase { connecting, handshaking, waiting_ready, ready };

struct Client {
  int fd = -1;
  Phase phase = Phase::connecting;
  std::string key;
  std::string in;           // the part of a frame (or of the 101 head) read so far
  std::int64_t arrival = 0; // when this round's message was read; 0: not yet
};

class FanoutClient {
 public:
  explicit FanoutClient(const Options& o) : o_(o), clients_(static_cast<std::size_t>(o.clients)) {}

  ~FanoutClient() {
    // An abortive close (RST): no TIME_WAIT left behind for 10,000 ports.
    const linger abort{1, 0};
    for (auto& c : clients_) {
      if (c.fd < 0) continue;
      setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
      close(c.fd);
    }
    if (control_ >= 0) close(control_);
    if (epoll_ >= 0) close(epoll_);
  }

  void run() {
    control_ = bench::ws::connect_local(o_.control_port, 10000);
    bench::ws::LineReader lines(control_);
    const auto hello = lines.next();
    if (!hello || hello->rfind("hello ", 0) != 0) throw std::runtime_error("no hello on the control connection");
    token_ = hello->substr(6) == "-" ? "" : hello->substr(6);
    control_lines_ = &lines;
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    bench::ws::set_nonblocking(control_);
    watch(control_, EPOLLIN, kControl);

    const std::int64_t setup_start = now_ns();
    connect_all();
    setup_s_ = static_cast<double>(now_ns() - setup_start) / 1e9;
    std::fprintf(stderr, "bench_ws_client: %d clients subscribed in %.2f s\n", o_.clients, setup_s_);

    for (int r = 0; r < o_.warmup + o_.rounds; ++r) {
      round(r >= o_.warmup);
      std::this_thread::sleep_for(std::chrono::milliseconds(o_.gap_ms));
    }
    report();
  }

 private:
  static constexpr std::uint32_t kControl = 0xFFFFFFFF;

  void watch(int fd, std::uint32_t events, std::uint32_t id, int op = EPOLL_CTL_ADD) {
    epoll_event e{};
    e.events = events;
    e.data.u32 = id;
    if (epoll_ctl(epoll_, op, fd, &e) != 0) throw std::runtime_error(std::string("epoll_ctl: ") + std::strerror(errno));
  }

  void connect_all() {
    const std::int64_t deadline = now_ns() + std::int64_t{o_.setup_timeout_s} * 1'000'000'000;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(o_.port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::size_t opened = 0;
    while (ready_ < clients_.size()) {
      // A bounded number of handshakes at a time, so the server's accept queue never overflows.
      while (pending_ < static_cast<std::size_t>(o_.max_pending) && opened < clients_.size()) {
        Client& c = clients_[opened];
        c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c.fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
        if (connect(c.fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS)
          throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
        watch(c.fd, EPOLLIN | EPOLLOUT, static_cast<std::uint32_t>(opened));
        ++opened;
        ++pending_;
      }
      poll(100);
      if (now_ns() > deadline)
        throw std::runtime_error(std::to_string(ready_) + " of " + std::to_string(clients_.size()) +
                                 " clients subscribed in " + std::to_string(o_.setup_timeout_s) + " s");
    }
  }

  void round(bool counted) {
    for (auto& c : clients_) c.arrival = 0;
    received_ = 0;
    t0_ = -1;
    if (!bench::ws::write_all(control_, "go\n")) throw std::runtime_error("the control connection closed");
    const std::int64_t deadline = now_ns() + std::int64_t{o_.round_timeout_s} * 1'000'000'000;
    while ((received_ < clients_.size() || t0_ < 0) && now_ns() < deadline) poll(100);
    if (t0_ < 0) throw std::runtime_error("the server gave no t0");
    missing_ += clients_.size() - received_;
    if (!counted) return;
    std::int64_t last = 0;
    for (const auto& c : clients_) {
      if (c.arrival == 0) continue;
      const std::int64_t latency = c.arrival - t0_;
      deliveries_.push_back(latency);
      last = std::max(last, latency);
    }
    if (received_ < clients_.size()) last = std::int64_t{o_.round_timeout_s} * 1'000'000'000;
    last_.push_back(last);
  }

  void poll(int timeout_ms) {
    epoll_event events[1024];
    const int n = epoll_wait(epoll_, events, 1024, timeout_ms);
    if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) {
      if (events[i].data.u32 == kControl) {
        on_control();
        continue;
      }
      Client& c = clients_[events[i].data.u32];
      if (c.phase == Phase::connecting) {
        if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(c, events[i].data.u32);
        continue;
      }
      on_readable(c);
    }
  }

  void on_control() {
    if (!control_lines_->fill_nonblocking()) throw std::runtime_error("the control connection closed");
    while (auto line = control_lines_->take_buffered())
      if (line->rfind("t0 ", 0) == 0) t0_ = std::stoll(line->substr(3));
  }

  void on_connected(Client& c, std::uint32_t id) {
    int error = 0;
    socklen_t size = sizeof error;
    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error) throw std::runtime_error(std::string("connect to the server: ") + std::strerror(error));
    c.key = bench::ws::random_key();
    std::string request = "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(o_.port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                          "Sec-WebSocket-Key: " + c.key + "\r\nUser-Agent: bench_ws_client\r\n";
    if (!token_.empty()) request += "Authorization: Bearer " + token_ + "\r\n";
    request += "\r\n";
    if (send(c.fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
      throw std::runtime_error("could not send the upgrade request at once");
    c.phase = Phase::handshaking;
    watch(c.fd, EPOLLIN, id, EPOLL_CTL_MOD);
  }

  void on_readable(Client& c) {
    char buffer[16384];
    const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
    const std::int64_t at = now_ns();
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) throw std::runtime_error("a server closed a client's connection" + std::string(n < 0 ? ": " : "") +
                                         (n < 0 ? std::strerror(errno) : ""));
    // Most reads are one whole frame: parse them in place, keep only an unfinished rest.
    const bool in_place = c.in.empty();
    if (!in_place) c.in.append(buffer, static_cast<std::size_t>(n));
    std::string_view data = in_place ? std::string_view(buffer, static_cast<std::size_t>(n)) : std::string_view(c.in);
    std::size_t used = 0;
    if (c.phase == Phase::handshaking) {
      const std::size_t end = data.find("\r\n\r\n");
      if (end == std::string_view::npos) return keep(c, data, 0, in_place);
      const std::string_view head = data.substr(0, end + 2);
      if (head.rfind("HTTP/1.1 101", 0) != 0)
        throw std::runtime_error("upgrade refused: " + std::string(head.substr(0, head.find('\r'))));
      if (bench::ws::header_value(head, "Sec-WebSocket-Accept") != bench::ws::accept_key(c.key))
        throw std::runtime_error("wrong Sec-WebSocket-Accept");
      c.phase = Phase::waiting_ready;
      used = end + 4;
    }
    while (auto frame = bench::ws::parse_frame(data.substr(used))) {
      used += frame->size;
      on_frame(c, *frame, at);
    }
    keep(c, data, used, in_place);
  }

  static void keep(Client& c, std::string_view data, std::size_t used, bool in_place) {
    if (in_place)
      c.in.assign(data.substr(used));
    else
      c.in.erase(0, used);
  }

  void on_frame(Client& c, const bench::ws::Frame& f, std::int64_t at) {
    if (f.opcode == bench::ws::kPing) {
      static const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
      const std::string pong = bench::ws::encode_frame(bench::ws::kPong, f.payload, mask);
      send(c.fd, pong.data(), pong.size(), MSG_NOSIGNAL);
      return;
    }
    if (f.opcode == bench::ws::kClose) throw std::runtime_error("a server closed a client's WebSocket");
    if (f.opcode != bench::ws::kText || !f.fin) return;
    if (c.phase == Phase::waiting_ready) {
      if (f.payload.find("\"ready\"") == std::string_view::npos)
        throw std::runtime_error("the first message is not ready: " + std::string(f.payload.substr(0, 200)));
      c.phase = Phase::ready;
      ++ready_;
      --pending_;
      return;
    }
    if (c.arrival != 0) return;  // one message a round
    c.arrival = at;
    ++received_;
    if (payload_.empty()) payload_ = f.payload;
  }

  void report() {
    if (!o_.save_payload.empty()) std::ofstream(o_.save_payload, std::ios::binary) << payload_;
    const auto last = bench::ws::summarize(last_);
    const auto all = bench::ws::summarize(deliveries_);
    const double ms = 1e-6;
    std::printf("{\"clients\":%d,\"rounds\":%d,\"payload_bytes\":%zu,\"setup_s\":%.3f,\"missing\":%zu,"
                "\"last_median_ms\":%.3f,\"last_p99_ms\":%.3f,\"last_max_ms\":%.3f,"
                "\"delivery_p50_ms\":%.3f,\"delivery_p99_ms\":%.3f,\"messages_per_s\":%.0f}\n",
                o_.clients, o_.rounds, payload_.size(), setup_s_, missing_, last.median * ms, last.p99 * ms,
                last.max * ms, all.median * ms, all.p99 * ms,
                last.median > 0 ? static_cast<double>(o_.clients) / (last.median * 1e-9) : 0.0);
  }

  Options o_;
  std::vector<Client> clients_;
  int epoll_ = -1, control_ = -1;
  bench::ws::LineReader* control_lines_ = nullptr;
  std::string token_, payload_;
  std::size_t pending_ = 0, ready_ = 0, received_ = 0, missing_ = 0;
  std::int64_t t0_ = -1;
  double setup_s_ = 0;
  std::vector<std::int64_t> last_, deliveries_;
};

int number(const char* flag, const char* text, int low, int high) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (*end != '\0' || v < low || v > high) {
    std::fprintf(stderr, "bench_ws_client: %s needs a number from %d to %d\n", flag, low, high);
    std::exit(2);
  }
  return static_cast<int>(v);
}

}  // namespace

int main(int argc, char** argv) try {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--port") o.port = static_cast<std::uint16_t>(number("--port", value, 1, 65535));
    else if (flag == "--control-port")
      o.control_port = static_cast<std::uint16_t>(number("--control-port", value, 1, 65535));
    else if (flag == "--clients") o.clients = number("--clients", value, 1, 1000000);
    else if (flag == "--rounds") o.rounds = number("--rounds", value, 1, 100000);
    else if (flag == "--warmup") o.warmup = number("--warmup", value, 0, 1000);
    else if (flag == "--gap-ms") o.gap_ms = number("--gap-ms", value, 0, 60000);
    else if (flag == "--max-pending") o.max_pending = number("--max-pending", value, 1, 100000);
    else if (flag == "--save-payload") o.save_payload = value;
    else {
      std::fprintf(stderr, "bench_ws_client: unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  if ((argc - 1) % 2 != 0 || !o.port || !o.control_port) {
    std::fprintf(stderr, "usage: bench_ws_client --port P --control-port C --clients N [--rounds R] [--warmup W]"
                         " [--gap-ms MS] [--max-pending K] [--save-payload FILE]\n");
    return 2;
  }
  const long limit = bench::ws::raise_fd_limit();
  if (limit < o.clients + 16) {
    std::fprintf(stderr, "bench_ws_client: %d clients need more open files than the limit of %ld\n", o.clients, limit);
    return 1;
  }
  FanoutClient(o).run();
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_ws_client: %s\n", e.what());
  return 1;
}

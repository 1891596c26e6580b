// The floor of the WebSocket fan-out benchmark: the least a server can do to get one message to
// N connected WebSocket clients. One thread, one epoll loop; the RFC 6455 handshake done by hand;
// after the upgrade each client gets {"type":"ready"}; on "go" from the control connection one
// pre-encoded text frame is written with send() to every upgraded socket in a loop.
//
//   bench_ws_floor --port P --control-port C --payload FILE
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ws_wire.hpp"

namespace {

namespace ws = bench::ws;

struct Peer {
  bool upgraded = false;
  std::string head;  // the upgrade request read so far
};

class FloorServer {
 public:
  FloorServer(std::uint16_t port, std::uint16_t control_port, const std::string& payload)
      : frame_(ws::encode_frame(ws::kText, payload, nullptr)),
        ready_frame_(ws::encode_frame(ws::kText, R"({"type":"ready"})", nullptr)),
        listener_(ws::listen_local(port, 4096)),
        control_listener_(ws::listen_local(control_port, 4)),
        epoll_(epoll_create1(EPOLL_CLOEXEC)) {
    ws::set_nonblocking(listener_);
    watch(listener_);
    watch(control_listener_);
  }

  [[noreturn]] void run() {
    epoll_event events[1024];
    for (;;) {
      const int n = epoll_wait(epoll_, events, 1024, -1);
      if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == listener_)
          accept_all();
        else if (fd == control_listener_)
          accept_control();
        else if (fd == control_)
          on_control();
        else
          on_peer(fd);
      }
    }
  }

 private:
  void watch(int fd) {
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = fd;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &e) != 0)
      throw std::runtime_error(std::string("epoll_ctl: ") + std::strerror(errno));
  }

  void accept_all() {
    for (;;) {
      const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) return;
        throw std::runtime_error(std::string("accept: ") + std::strerror(errno));
      }
      ws::set_nodelay(fd);
      if (static_cast<std::size_t>(fd) >= peers_.size()) peers_.resize(static_cast<std::size_t>(fd) + 1);
      peers_[static_cast<std::size_t>(fd)] = Peer{};
      watch(fd);
    }
  }

  void accept_control() {
    const int fd = accept4(control_listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    if (control_ >= 0) {  // one controller at a time
      close(fd);
      return;
    }
    control_ = fd;
    ws::set_nodelay(fd);
    lines_ = std::make_unique<ws::LineReader>(fd);
    ws::write_all(fd, "hello -\n");
    watch(fd);
  }

  void on_control() {
    if (!lines_->fill_nonblocking()) {
      close(control_);
      control_ = -1;
      return;
    }
    while (auto line = lines_->take_buffered()) {
      if (*line != "go") continue;
      const std::int64_t t0 = ws::now_ns();
      std::size_t short_writes = 0;
      for (const int fd : upgraded_) {
        const ssize_t n = send(fd, frame_.data(), frame_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n != static_cast<ssize_t>(frame_.size())) ++short_writes;
      }
      if (short_writes) std::fprintf(stderr, "bench_ws_floor: %zu sockets took less than the frame\n", short_writes);
      ws::write_all(control_, "t0 " + std::to_string(t0) + "\n");
    }
  }

  void on_peer(int fd) {
    Peer& p = peers_[static_cast<std::size_t>(fd)];
    char buffer[4096];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) return drop(fd);
    if (p.upgraded) return;  // pongs and the like: read and dropped
    p.head.append(buffer, static_cast<std::size_t>(n));
    const std::size_t end = p.head.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (p.head.size() > 16384) drop(fd);
      return;
    }
    const std::string_view key = ws::header_value(std::string_view(p.head).substr(0, end + 2), "Sec-WebSocket-Key");
    if (key.empty()) return drop(fd);
    const std::string answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: " + ws::accept_key(key) + "\r\n\r\n" + ready_frame_;
    if (send(fd, answer.data(), answer.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(answer.size()))
      return drop(fd);
    p.upgraded = true;
    p.head.clear();
    p.head.shrink_to_fit();
    upgraded_.push_back(fd);
  }

  void drop(int fd) {
    if (peers_[static_cast<std::size_t>(fd)].upgraded) std::erase(upgraded_, fd);
    peers_[static_cast<std::size_t>(fd)] = Peer{};
    close(fd);
  }

  const std::string frame_, ready_frame_;
  int listener_, control_listener_, epoll_;
  int control_ = -1;
  std::unique_ptr<ws::LineReader> lines_;
  std::vector<Peer> peers_;  // by file descriptor
  std::vector<int> upgraded_;
};

}  // namespace

int main(int argc, char** argv) try {
  std::uint16_t port = 0, control_port = 0;
  std::string payload_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port") port = static_cast<std::uint16_t>(std::stoi(argv[i + 1]));
    else if (flag == "--control-port") control_port = static_cast<std::uint16_t>(std::stoi(argv[i + 1]));
    else if (flag == "--payload") payload_file = argv[i + 1];
  }
  if (!port || !control_port || payload_file.empty()) {
    std::fprintf(stderr, "usage: bench_ws_floor --port P --control-port C --payload FILE\n");
    return 2;
  }
  std::ifstream in(payload_file, std::ios::binary);
  std::ostringstream payload;
  payload << in.rdbuf();
  if (!in || payload.str().empty()) throw std::runtime_error("cannot read the payload from " + payload_file);
  ws::raise_fd_limit();
  FloorServer(port, control_port, payload.str()).run();
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_ws_floor: %s\n", e.what());
  return 1;
}

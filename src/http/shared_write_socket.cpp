#include "http/shared_write_socket.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace fitkit::http {

namespace net = boost::asio;
using boost::beast::error_code;

namespace {

// One non-blocking send(); bytes taken (0 when the socket would block), or the error.
std::size_t send_some(int fd, std::string_view bytes, error_code& ec) {
  for (;;) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) ec = error_code(errno, boost::system::system_category());
    return 0;
  }
}

}  // namespace

SharedWriteSocket::SharedWriteSocket(socket_type socket) : socket_(std::move(socket)), fd_(socket_.native_handle()) {}

std::size_t SharedWriteSocket::queued_bytes() const {
  std::lock_guard lock(mu_);
  return queue_.size() - sent_;
}

error_code SharedWriteSocket::write(std::string_view bytes, std::size_t max_queued) {
  std::lock_guard lock(mu_);
  if (broken_) return broken_;
  if (stopped_) return net::error::shut_down;
  const std::size_t waiting = queue_.size() - sent_;
  if (waiting > 0 && waiting + bytes.size() > max_queued) return net::error::no_buffer_space;
  if (waiting == 0) {
    // The common case: nothing ahead of it, so the socket takes it now, whole.
    queue_.clear();
    sent_ = 0;
    error_code ec;
    const std::size_t n = send_some(fd_, bytes, ec);
    if (ec) return broken_ = ec;
    if (n == bytes.size()) return {};
    queue_.assign(bytes.substr(n));
  } else {
    queue_.append(bytes);
  }
  if (!waiting_) {
    waiting_ = true;
    net::post(get_executor(), [this, owner = owner_.lock()] {
      if (owner) await_writable();
    });
  }
  return {};
}

void SharedWriteSocket::send_queued_locked() {
  while (sent_ < queue_.size()) {
    error_code ec;
    const std::size_t n = send_some(fd_, std::string_view(queue_).substr(sent_), ec);
    if (ec) {
      broken_ = ec;
      return;
    }
    if (n == 0) return;  // full: wait for the socket to drain
    sent_ += n;
  }
  queue_.clear();
  sent_ = 0;
}

void SharedWriteSocket::await_writable() {
  socket_.async_wait(socket_type::wait_write, [this, owner = owner_.lock()](error_code ec) {
    if (owner) on_writable(ec);
  });
}

void SharedWriteSocket::on_writable(error_code ec) {
  {
    std::lock_guard lock(mu_);
    if (!stopped_ && !ec && !broken_) send_queued_locked();
    if (ec && !stopped_ && !broken_) broken_ = ec;
    if (stopped_ || broken_ || sent_ == queue_.size()) {
      waiting_ = false;
      return;
    }
  }
  await_writable();
}

void SharedWriteSocket::stop_writing() {
  std::lock_guard lock(mu_);
  if (stopped_) return;
  if (!broken_) send_queued_locked();
  stopped_ = true;
}

void SharedWriteSocket::close() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;  // from here no writer touches the descriptor, which close() frees
  }
  error_code ignored;
  socket_.close(ignored);
}

}  // namespace fitkit::http

// The next layer of a plain (not TLS) WebSocket session: a TCP socket whose writes all go
// through one queue under one lock. Two kinds of writer share it: the WebSocket stream itself
// (the handshake answer, pongs, pings, the close frame), and the fan-out, which hands whole
// frames from the publish/subscribe delivery thread straight to send(). So a broadcast reaches
// an idle connection with one system call and no handler, as a raw send() loop would, and the
// bytes of two writes never interleave whoever writes them. Included by websocket_session.cpp
// only: it brings in Beast.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>

namespace fitkit::http {

class SharedWriteSocket {
 public:
  using socket_type = boost::asio::ip::tcp::socket;
  using executor_type = socket_type::executor_type;

  explicit SharedWriteSocket(socket_type socket);
  SharedWriteSocket(const SharedWriteSocket&) = delete;
  SharedWriteSocket& operator=(const SharedWriteSocket&) = delete;

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  socket_type& socket() noexcept { return socket_; }

  // What keeps the session alive while a wait for the socket to drain is pending.
  void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

  template <class Buffers, class Token>
  auto async_read_some(const Buffers& buffers, Token&& token) {
    return socket_.async_read_some(buffers, std::forward<Token>(token));
  }

  // Takes every byte at once (queued behind what is waiting), so that a frame is never split
  // by another writer; completes on the socket's executor.
  template <class Buffers, class Token>
  auto async_write_some(const Buffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const Buffers& bufs) {
          std::string bytes(boost::asio::buffer_size(bufs), '\0');
          boost::asio::buffer_copy(boost::asio::buffer(bytes), bufs);
          const boost::beast::error_code ec = write(bytes, kNoLimit);
          const std::size_t n = ec ? 0 : bytes.size();
          boost::asio::post(get_executor(), boost::beast::bind_front_handler(std::move(handler), ec, n));
        },
        token, buffers);
  }

  // From any thread: queues `frame` and sends what the socket takes now without blocking.
  // False, sending nothing, when the socket is closed or broken, or when more than
  // `max_queued` bytes would wait: a reader that far behind is to be dropped.
  bool write_now(std::string_view frame, std::size_t max_queued) { return !write(frame, max_queued); }

  std::size_t queued_bytes() const;

  // No write after this; what is queued is sent first as far as the socket takes it.
  void stop_writing();
  // Closes the socket (once no writer can reach it any more).
  void close();

 private:
  static constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);

  boost::beast::error_code write(std::string_view bytes, std::size_t max_queued);
  void send_queued_locked();  // with mu_ held
  void await_writable();      // on the socket's executor
  void on_writable(boost::beast::error_code ec);

  socket_type socket_;
  const int fd_;  // read by writers on any thread, while socket_ belongs to its executor
  std::weak_ptr<void> owner_;
  mutable std::mutex mu_;
  std::string queue_;         // bytes not yet taken by the socket
  std::size_t sent_ = 0;      // of queue_, already sent
  bool waiting_ = false;      // a wait for writability is pending or posted
  bool stopped_ = false;      // stop_writing() or close() ran: no send() any more
  boost::beast::error_code broken_;

  friend void beast_close_socket(SharedWriteSocket& s) { s.close(); }
};

// The WebSocket closing handshake's end (RFC 6455 §7.1.1): what is queued goes out first,
// then Beast's TCP teardown (the server shuts down its side and reads to the end).
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, SharedWriteSocket& s, TeardownHandler&& handler) {
  s.stop_writing();
  boost::beast::websocket::async_teardown(role, s.socket(), std::forward<TeardownHandler>(handler));
}

}  // namespace fitkit::http

// A real WebSocket client (Boost.Beast, plain or TLS) driven step by step with deadlines, and a
// server runner for a platform the test opened itself (its own clock, its own settings).
#pragma once

#ifndef BOOST_BEAST_USE_STD_STRING_VIEW
#define BOOST_BEAST_USE_STD_STRING_VIEW  // as the library is built
#endif
#ifndef BOOST_ASIO_NO_DEPRECATED
#define BOOST_ASIO_NO_DEPRECATED
#endif

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "fitkit/platform.hpp"
#include "http/server.hpp"
#include "unit/http/platform_server.hpp"

namespace fitkit::test {

namespace ws_net = boost::asio;
namespace ws_beast = boost::beast;
namespace ws_proto = boost::beast::websocket;

using Headers = std::vector<std::pair<std::string, std::string>>;

// Stream: beast::tcp_stream, or beast::ssl_stream<beast::tcp_stream> (pass the TLS context).
template <class Stream = ws_beast::tcp_stream>
class WsClient {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, ws_beast::tcp_stream>;

  WsClient() requires(!kTls) : ws_(ioc_) {}
  explicit WsClient(ws_net::ssl::context& tls) requires(kTls) : ws_(ioc_, tls) {}

  // Connects and asks for the upgrade; the HTTP status of the answer (101: upgraded).
  // `receive_buffer`: a small SO_RCVBUF, for a client that is slow to read.
  int open(std::uint16_t port, const Headers& headers = {}, const std::string& target = "/v1/ws",
           int receive_buffer = 0) {
    auto& socket = ws_beast::get_lowest_layer(ws_).socket();
    socket.open(ws_net::ip::tcp::v4());
    if (receive_buffer > 0) socket.set_option(ws_net::socket_base::receive_buffer_size(receive_buffer));
    socket.connect({ws_net::ip::make_address("127.0.0.1"), port});
    if constexpr (kTls) {
      SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), "localhost");
      if (run([&](auto h) { ws_.next_layer().async_handshake(ws_net::ssl::stream_base::client, h); }))
        return 0;
    }
    ws_.set_option(ws_proto::stream_base::decorator([headers](ws_proto::request_type& req) {
      for (const auto& [name, value] : headers) req.set(name, value);
    }));
    ws_.text(true);
    const auto ec = run([&](auto h) { ws_.async_handshake(response_, "127.0.0.1", target, h); });
    if (ec && response_.result_int() == 101) throw std::runtime_error("handshake failed: " + ec.message());
    return static_cast<int>(response_.result_int());
  }

  // The refusal's body when open() was not 101.
  std::string response_body() const { return response_.body(); }

  void write(const std::string& text, bool binary = false) {
    ws_.binary(binary);
    const auto ec = run([&](auto h) { ws_.async_write(ws_net::buffer(text), h); });
    if (ec) throw std::runtime_error("write failed: " + ec.message());
  }

  void ping() {
    const auto ec = run([&](auto h) { ws_.async_ping({}, h); });
    if (ec) throw std::runtime_error("ping failed: " + ec.message());
  }

  // The next message, or nullopt: closed (see closed(), close_code()), failed, or nothing
  // within `limit` (the read then stays pending for the next call).
  std::optional<std::string> read(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    if (!reading_) {
      reading_ = true;
      read_done_ = false;
      ws_.async_read(in_, [this](ws_beast::error_code ec, std::size_t) {
        read_ec_ = ec;
        read_done_ = true;
        reading_ = false;
      });
    }
    pump(limit, read_done_);
    if (!read_done_ || read_ec_) return std::nullopt;
    std::string text = ws_beast::buffers_to_string(in_.data());
    in_.consume(in_.size());
    read_done_ = false;
    return text;
  }

  // Reads until the connection ends; true if the server closed it with a close frame.
  bool read_until_closed(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())))
        continue;
      if (read_done_) return closed();
    }
    return false;
  }

  bool ended() const { return read_done_ && read_ec_; }
  bool closed() const { return read_done_ && read_ec_ == ws_proto::error::closed; }
  int close_code() const { return static_cast<int>(ws_.reason().code); }
  ws_beast::error_code read_error() const { return read_ec_; }

  // Counts the pings the server sends (answered by Beast while a read is pending).
  void count_pings(int& pings) {
    ws_.control_callback([&pings](ws_proto::frame_type kind, std::string_view) {
      if (kind == ws_proto::frame_type::ping) ++pings;
    });
  }

  ws_proto::stream<Stream>& stream() { return ws_; }

 private:
  // Runs the io_context until `done` or `limit` passed.
  void pump(std::chrono::milliseconds limit, const bool& done) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    ioc_.restart();
    while (!done && std::chrono::steady_clock::now() < deadline)
      if (ioc_.run_one_until(deadline) == 0 && ioc_.stopped()) ioc_.restart();
  }

  template <class Start>
  ws_beast::error_code run(Start start, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    bool done = false;
    ws_beast::error_code result = ws_net::error::timed_out;
    start([&](ws_beast::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    pump(limit, done);
    if (!done) throw std::runtime_error("no answer within the time limit");
    return result;
  }

  ws_net::io_context ioc_;
  ws_proto::stream<Stream> ws_;
  ws_proto::response_type response_;
  ws_beast::flat_buffer in_;
  bool reading_ = false, read_done_ = false;
  ws_beast::error_code read_ec_;
};

// serve() on a thread for a platform the test owns.
using ServerThread = PlatformServer;

}  // namespace fitkit::test

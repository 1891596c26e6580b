// The socket under plain WebSocket sessions: direct writes from any thread and the stream's own
// writes share one queue, in order, bounded, and nothing is written once it is closed.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "http/shared_write_socket.hpp"

namespace net = boost::asio;
using tcp = net::ip::tcp;
using fitkit::http::SharedWriteSocket;

namespace {

// A connected pair over loopback: the server side wrapped, the client side plain.
struct Pair {
  net::io_context ioc;
  tcp::socket client{ioc};
  std::unique_ptr<SharedWriteSocket> server;
  std::shared_ptr<int> owner = std::make_shared<int>(0);

  Pair() {
    tcp::acceptor acceptor(ioc, {net::ip::address_v4::loopback(), 0});
    client.connect(acceptor.local_endpoint());
    server = std::make_unique<SharedWriteSocket>(acceptor.accept());
    server->set_owner(owner);
  }

  std::string read_exactly(std::size_t n) {
    std::string out(n, '\0');
    net::read(client, net::buffer(out));
    return out;
  }
};

}  // namespace

TEST_CASE("shared write socket: direct writes and the stream's writes arrive whole and in order") {
  Pair p;
  CHECK(p.server->write_now("first|", 1 << 20));
  bool done = false;
  boost::beast::error_code result;
  std::size_t written = 0;
  const std::string stream_bytes = "second|";
  p.server->async_write_some(net::buffer(stream_bytes), [&](boost::beast::error_code ec, std::size_t n) {
    done = true;
    result = ec;
    written = n;
  });
  CHECK(p.server->write_now("third", 1 << 20));
  p.ioc.run();
  CHECK(done);
  CHECK_FALSE(result);
  CHECK(written == stream_bytes.size());
  CHECK(p.read_exactly(18) == "first|second|third");
  CHECK(p.server->queued_bytes() == 0);
}

TEST_CASE("shared write socket: a reader that falls behind fills a bounded queue, which drains once it reads") {
  Pair p;
  const std::string frame(64 * 1024, 'f');
  const std::size_t cap = 256 * 1024;
  std::size_t accepted = 0;
  while (p.server->write_now(frame, cap)) ++accepted;  // the kernel's buffers fill, then the queue
  CHECK(accepted > 0);
  const std::size_t waiting = p.server->queued_bytes();
  CHECK(waiting > 0);
  CHECK(waiting <= cap + frame.size());
  // The client reads everything; the socket's wait for writability sends the rest.
  const std::size_t total = accepted * frame.size();
  std::thread reader([&] { CHECK(p.read_exactly(total) == std::string(total, 'f')); });
  while (p.server->queued_bytes() > 0) p.ioc.run_for(std::chrono::milliseconds(10));
  reader.join();
  CHECK(p.server->write_now("after", cap));
  CHECK(p.read_exactly(5) == "after");
}

TEST_CASE("shared write socket: after stop_writing or close nothing more is written") {
  Pair p;
  CHECK(p.server->write_now("kept", 1024));
  p.server->stop_writing();
  CHECK_FALSE(p.server->write_now("dropped", 1024));
  boost::beast::error_code result;
  const std::string late = "late";
  p.server->async_write_some(net::buffer(late), [&](boost::beast::error_code ec, std::size_t) { result = ec; });
  p.ioc.run();
  CHECK(result);
  p.server->close();
  CHECK_FALSE(p.server->write_now("closed", 1024));
  CHECK(p.read_exactly(4) == "kept");
  char more = 0;
  boost::system::error_code ec;
  p.client.read_some(net::buffer(&more, 1), ec);
  CHECK(ec == net::error::eof);
}

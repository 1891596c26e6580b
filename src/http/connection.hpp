// One client connection: reads requests (keep-alive, limits, timeouts), hands
// them to the Handler and writes the answers; over TLS when the server has a
// certificate; upgraded to a WebSocket on /v1/ws. Beast lives in the .cpp files.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/handler.hpp"
#include "http/server.hpp"
#include "http/websocket_auth.hpp"
#include "http/websocket_hub.hpp"

namespace boost::asio::ssl {
class context;
}

namespace fitkit::http {

// An open connection, HTTP or WebSocket, as the server's stop reaches it.
class OpenConnection {
 public:
  virtual ~OpenConnection() = default;
  virtual boost::asio::any_io_executor executor() = 0;
  // On the connection's strand: end it as soon as that is polite.
  virtual void stop() = 0;
};

// What the connections of one server share.
struct ConnectionHub {
  ConnectionHub(const ServerOptions& o, const Handler& h, Platform& p, TopicHub& t, OriginPolicy origins,
                boost::asio::ssl::context* tls_context)
      : options(o), handler(h), platform(p), topics(t), websocket_origins(std::move(origins)), tls(tls_context) {}

  const ServerOptions& options;
  const Handler& handler;
  Platform& platform;
  TopicHub& topics;
  const OriginPolicy websocket_origins;
  boost::asio::ssl::context* tls;  // null: plain HTTP
  std::atomic<bool> stopping{false};

  // Closes idle connections now, the others once their answer is written, and
  // WebSockets with 1001 (going away).
  void stop_all();

  // For the connections only.
  void add(OpenConnection* c, std::weak_ptr<OpenConnection> w);
  void remove(OpenConnection* c);

 private:
  std::mutex mu_;
  std::unordered_map<OpenConnection*, std::weak_ptr<OpenConnection>> open_;
};

// Starts serving a freshly accepted socket (whose executor is a strand).
void start_connection(boost::asio::ip::tcp::socket socket, ConnectionHub& hub);

}  // namespace fitkit::http

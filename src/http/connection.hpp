// One client connection: reads requests (keep-alive, limits, timeouts), hands
// them to the Handler and writes the answers. Beast lives in the .cpp files.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/ip/tcp.hpp>

#include "http/handler.hpp"
#include "http/server.hpp"

namespace fitkit::http {

class Connection;

// What the connections of one server share.
struct ConnectionHub {
  ConnectionHub(const ServerOptions& o, const Handler& h) : options(o), handler(h) {}

  const ServerOptions& options;
  const Handler& handler;
  std::atomic<bool> stopping{false};

  // Closes idle connections now and the others once their answer is written.
  void stop_all();

  // For Connection only.
  void add(Connection* c, std::weak_ptr<Connection> w);
  void remove(Connection* c);

 private:
  std::mutex mu_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> open_;
};

// Starts serving a freshly accepted socket (whose executor is a strand).
void start_connection(boost::asio::ip::tcp::socket socket, ConnectionHub& hub);

}  // namespace fitkit::http

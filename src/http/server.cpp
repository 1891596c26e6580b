#include "http/server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "api/openapi.hpp"
#include "api/registry.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "http/connection.hpp"
#include "http/handler.hpp"
#include "http/tls_context.hpp"
#include "http/websocket_auth.hpp"
#include "http/websocket_hub.hpp"

namespace fitkit::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Accepts connections until stopped; the stop runs on the io_context.
class Listener {
 public:
  Listener(net::io_context& ioc, ConnectionHub& hub, tcp::acceptor acceptor, bool handle_signals)
      : ioc_(ioc), hub_(hub), acceptor_(std::move(acceptor)), retry_(ioc), signals_(ioc) {
    if (handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](boost::system::error_code ec, int) {
        if (!ec) stop();
      });
    }
  }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](boost::system::error_code ec, tcp::socket socket) {
      if (stopped_) return;
      if (ec) {
        // Out of descriptors and the like: wait a little rather than spin.
        retry_.expires_after(std::chrono::milliseconds(50));
        retry_.async_wait([this](boost::system::error_code) {
          if (!stopped_) accept();
        });
        return;
      }
      start_connection(std::move(socket), hub_);
      accept();
    });
  }

  // From any thread.
  void request_stop() {
    net::post(ioc_, [this] { stop(); });
  }

 private:
  void stop() {
    if (stopped_) return;
    stopped_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
    signals_.cancel(ec);
    hub_.stop_all();
  }

  net::io_context& ioc_;
  ConnectionHub& hub_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  net::signal_set signals_;
  bool stopped_ = false;  // touched only by the acceptor's handlers and stop(), never at once
};

// Binds and listens; returns the base URL.
std::string listen(tcp::acceptor& acceptor, const std::string& host, std::uint16_t port, bool tls) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) throw Error::invalid("host", "the host must be an IP address such as 127.0.0.1, not '" + host + "'");
  tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  auto local = acceptor.local_endpoint();
  std::string shown = local.address().is_v6() ? "[" + local.address().to_string() + "]" : local.address().to_string();
  return (tls ? "https://" : "http://") + shown + ":" + std::to_string(local.port());
}

std::mutex g_running_mu;
std::vector<Listener*> g_running;

struct Running {
  explicit Running(Listener& l) : listener(l) {
    std::lock_guard lock(g_running_mu);
    g_running.push_back(&listener);
  }
  ~Running() {
    std::lock_guard lock(g_running_mu);
    g_running.erase(std::find(g_running.begin(), g_running.end(), &listener));
  }
  Listener& listener;
};

void run_guarded(net::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fitkit http: unexpected error, serving on: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "fitkit http: unexpected error, serving on\n");
    }
  }
}

}  // namespace

void serve(Platform& platform, const ServerOptions& options,
           const std::function<void(const std::string& url)>& on_ready) {
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(threads, 1);

  // A bad certificate or key fails here, before anything listens.
  const std::unique_ptr<net::ssl::context> tls = make_tls_context(options);
  // Declared before the io_context: they outlive the connections it may still hold.
  std::optional<Handler> handler;
  TopicHub topics([&platform]() -> storage::PubSub& { return platform.pubsub(); });
  std::optional<ConnectionHub> hub;
  net::io_context ioc(threads);
  tcp::acceptor acceptor(ioc);
  const std::string url = listen(acceptor, options.host, options.port, tls != nullptr);
  // Routes and the OpenAPI document are built once, here.
  handler.emplace(platform, api::registry(), api::openapi_document(api::registry(), url).dump(), options);
  // The server's own origins for the WebSocket Origin check: what it prints, and the public URL.
  OriginPolicy origins({url, platform.options().public_url}, options.allowed_origins);
  hub.emplace(options, *handler, platform, topics, std::move(origins), tls.get());
  Listener listener(ioc, *hub, std::move(acceptor), options.handle_signals);
  Running running(listener);
  listener.accept();
  if (on_ready) {
    try {
      on_ready(url);
    } catch (...) {
      listener.request_stop();
      run_guarded(ioc);
      throw;
    }
  }
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { run_guarded(ioc); });
  run_guarded(ioc);
  for (auto& t : pool) t.join();
}

void stop() {
  std::lock_guard lock(g_running_mu);
  for (Listener* l : g_running) l->request_stop();
}

}  // namespace fitkit::http

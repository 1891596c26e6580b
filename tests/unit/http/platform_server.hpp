// Runs `serve()` in a thread on a free port over a platform the test owns (a TestPlatform:
// SQLite in memory, or PostgreSQL under unit_postgresql), and always stops it.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "fitkit/platform.hpp"
#include "http/server.hpp"

namespace fitkit::test {

class PlatformServer {
 public:
  explicit PlatformServer(Platform& platform, http::ServerOptions options = {}) {
    options.port = 0;
    options.handle_signals = false;
    if (options.threads == 0) options.threads = 4;
    auto ready = std::make_shared<std::promise<std::string>>();
    auto url = ready->get_future();
    thread_ = std::thread([&platform, options, ready] {
      try {
        http::serve(platform, options, [&](const std::string& u) { ready->set_value(u); });
      } catch (...) {
        try {
          ready->set_exception(std::current_exception());
        } catch (...) {
        }
      }
    });
    try {
      if (url.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        throw std::runtime_error("the server did not start within 10 s");
      url_ = url.get();
      port_ = static_cast<std::uint16_t>(std::stoi(url_.substr(url_.rfind(':') + 1)));
    } catch (...) {
      stop();
      throw;
    }
  }
  ~PlatformServer() { stop(); }
  PlatformServer(const PlatformServer&) = delete;
  PlatformServer& operator=(const PlatformServer&) = delete;

  const std::string& url() const { return url_; }  // "http://127.0.0.1:PORT" or https://
  std::uint16_t port() const { return port_; }

  void stop() {
    if (!thread_.joinable()) return;
    http::stop();
    thread_.join();
  }

 private:
  std::thread thread_;
  std::string url_;
  std::uint16_t port_ = 0;
};

}  // namespace fitkit::test

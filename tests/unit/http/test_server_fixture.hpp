// Runs `serve()` in a thread on a free port against an in-memory platform,
// and always stops it, also when a test fails.
#pragma once

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "fitkit/platform.hpp"
#include "http/server.hpp"

namespace fitkit::test {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fitkit-http-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<Platform> open_test_platform(const std::filesystem::path& dir) {
  PlatformOptions o;
  o.database_url = "sqlite::memory:";
  o.data_dir = dir;
  o.password_hashing = {1024, 1, 1};
  return Platform::open(std::move(o));
}

class TestServer {
 public:
  // Signals stay with the test runner unless `signals` is set.
  explicit TestServer(http::ServerOptions options = {}, bool signals = false)
      : platform_(open_test_platform(dir_.path())) {
    options.port = 0;
    options.handle_signals = signals;
    if (options.threads == 0) options.threads = 2;
    auto ready = std::make_shared<std::promise<std::string>>();
    auto url = ready->get_future();
    thread_ = std::thread([this, options, ready, finished = finished_] {
      try {
        http::serve(*platform_, options, [&](const std::string& u) { ready->set_value(u); });
      } catch (...) {
        try {
          ready->set_exception(std::current_exception());
        } catch (...) {  // already told the URL; the test sees the failure on its own
        }
      }
      finished->set_value();
    });
    try {
      if (url.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        throw std::runtime_error("the server did not start within 10 s");
      url_ = url.get();
    } catch (...) {
      stop_and_join();
      throw;
    }
    port_ = static_cast<std::uint16_t>(std::stoi(url_.substr(url_.rfind(':') + 1)));
  }
  ~TestServer() { stop_and_join(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  const std::string& url() const { return url_; }
  std::uint16_t port() const { return port_; }
  Platform& platform() { return *platform_; }
  const std::filesystem::path& data_dir() const { return dir_.path(); }

  // Stops the server and waits for serve() to return.
  void stop_and_join() {
    if (!thread_.joinable()) return;
    http::stop();
    thread_.join();
  }
  // Whether serve() returned by itself within `timeout`.
  bool wait_finished(std::chrono::milliseconds timeout) {
    return finished_future_.wait_for(timeout) == std::future_status::ready;
  }

 private:
  TempDir dir_;
  std::unique_ptr<Platform> platform_;
  std::shared_ptr<std::promise<void>> finished_ = std::make_shared<std::promise<void>>();
  std::future<void> finished_future_ = finished_->get_future();
  std::thread thread_;
  std::string url_;
  std::uint16_t port_ = 0;
};

}  // namespace fitkit::test

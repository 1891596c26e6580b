// The local HTTP mode (`fitctl serve`): Boost.Beast HTTP/1.1 on 127.0.0.1,
// routes generated from the operations registry under /v1/. Beast stays in
// src/http/*.cpp; this header is light so that the CLI can include it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fitkit {
class Platform;
}

namespace fitkit::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;               // 0: any free port
  int threads = 0;                          // 0: the number of cores
  std::size_t max_body_bytes = 8 << 20;     // larger requests get 413; fits a 5 MiB avatar in base64
  std::size_t max_header_bytes = 16 * 1024; // larger request headers get 431
  std::int64_t request_timeout_ms = 30000;  // a request not read (or written) in time: closed
  std::int64_t idle_timeout_ms = 60000;     // keep-alive connections idle longer are closed
  bool handle_signals = true;               // stop on SIGINT and SIGTERM
  // TLS: both set serves https:// (and wss://); both empty serves plain HTTP.
  std::string tls_cert_file;                // PEM certificate chain
  std::string tls_key_file;                 // PEM private key
  // Web front-ends on other origins ("https://app.example.org"; "*" for any): CORS answers
  // and the WebSocket Origin check. Empty: same-origin and non-browser clients only.
  std::vector<std::string> allowed_origins;
  std::string access_log;                   // "": none, "-": stderr, else a file appended to
};

// Serves until SIGINT or SIGTERM (or stop()), then finishes the requests in
// flight and returns. `on_ready` receives the base URL once listening.
// Throws Error(unavailable) when the address cannot be bound.
void serve(Platform& platform, const ServerOptions& options,
           const std::function<void(const std::string& url)>& on_ready = {});

// Asks every running serve() to stop, from any thread; a no-op when none runs.
void stop();

}  // namespace fitkit::http

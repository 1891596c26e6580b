// The local HTTP mode (`fitctl serve`): Boost.Beast HTTP/1.1 on 127.0.0.1,
// routes generated from the operations registry under /v1/. Beast stays in
// src/http/*.cpp; this header is light so that the CLI can include it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fitkit {
class Platform;
}

namespace fitkit::http {

// A request budget per client (the signed-in user, else the IP address) and window.
struct RateLimitRule {
  std::string operation;       // "default": every operation together; else one operation's own budget
  std::int64_t requests = 0;   // per client and window; 0: no limit
  std::int64_t window_s = 60;
};

// The budgets `fitctl serve` starts with (see docs/http-api.md#rate-limits).
std::vector<RateLimitRule> default_rate_limits();
// "OP=N/WINDOW" (auth.login=10/1m, default=600/60s; WINDOW in s, m, h or d, bare: seconds):
// replaces the rule of OP in `rules`, or adds it. Throws Error(invalid_argument).
void apply_rate_limit(std::vector<RateLimitRule>& rules, std::string_view text);
RateLimitRule parse_rate_limit(std::string_view text);

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;               // 0: any free port
  int threads = 0;                          // 0: the number of cores
  std::size_t max_body_bytes = 64 << 20;    // larger requests get 413 (fitctl serve --max-body-mib)
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
  std::int64_t tls_handshake_timeout_ms = 10000;  // a TLS handshake not done in time: closed
  // WebSocket /v1/ws (docs/websocket.md).
  std::size_t ws_max_message_bytes = 64 * 1024;    // a larger inbound message: closed with 1009
  double ws_messages_per_second = 10;              // inbound messages, refilled continuously,
  double ws_message_burst = 20;                    // up to this many at once; beyond: closed with 1008
  std::size_t ws_max_queued_bytes = 1 << 20;       // unsent to a client that does not read: dropped
  std::int64_t ws_auth_timeout_ms = 5000;          // for the {"type":"auth"} message: else closed, 4408
  std::int64_t ws_ping_interval_ms = 30000;        // silent this long: pinged; as long again: closed
  std::int64_t ws_session_check_ms = 60000;        // how often the token's session is checked again
  // Request budgets, counted by each serve process on its own; see RateLimitRule.
  std::vector<RateLimitRule> rate_limits = default_rate_limits();
};

// Serves until SIGINT or SIGTERM (or stop()), then finishes the requests in
// flight and returns. `on_ready` receives the base URL once listening.
// Throws Error(unavailable) when the address cannot be bound.
void serve(Platform& platform, const ServerOptions& options,
           const std::function<void(const std::string& url)>& on_ready = {});

// Asks every running serve() to stop, from any thread; a no-op when none runs.
void stop();

}  // namespace fitkit::http

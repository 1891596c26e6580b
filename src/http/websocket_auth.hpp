// The rules of /v1/ws that need no socket: the checks of the upgrade request (method, Origin,
// bearer token), the first-message authentication, the token's expiry and the inbound rate.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "http/handler.hpp"

namespace fitkit {
class Platform;
}

namespace fitkit::http {

inline constexpr std::string_view kWebSocketPath = "/v1/ws";

// Close codes of /v1/ws beyond RFC 6455's (docs/websocket.md).
inline constexpr std::uint16_t kCloseUnauthenticated = 4401;  // bad, expired or revoked token
inline constexpr std::uint16_t kCloseAuthTimeout = 4408;      // no auth message in time

// Who a connection acts for, and until when its token is valid.
struct WsIdentity {
  Actor actor;
  std::string token;
  std::int64_t expires_at_ms = 0;
};

// "scheme://host[:port]" in lower case, without a default port nor a path; "" if `url` has no
// scheme and host. "null" stays "null".
std::string normalize_origin(std::string_view url);

// Which browser origins may open a WebSocket: the server's own and the configured ones.
class OriginPolicy {
 public:
  OriginPolicy(const std::vector<std::string>& own, const std::vector<std::string>& allowed);
  // An absent Origin (not a browser) is allowed; a present one must be listed, or "*" be set.
  bool allows(std::string_view origin) const;

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

// Whether `target` names the WebSocket endpoint (a query string is ignored).
bool is_websocket_target(std::string_view target);

// Checks a token as the HTTP API does (the session must be live) and reads its expiry.
// Throws Error(unauthenticated).
WsIdentity authenticate_token(Platform& platform, std::string_view token, Origin origin);

// What the connection decides about a request for /v1/ws before any upgrade.
struct UpgradeCheck {
  bool accepted = false;
  Response refusal;                     // when not accepted: 401, 403, 405 or 426
  std::optional<WsIdentity> identity;   // signed in by the Authorization header
};
UpgradeCheck check_upgrade(Platform& platform, const Request& request, bool is_upgrade, const OriginPolicy& origins);

// A client's message: its "type", and the "token" of an auth message. `error` says what is
// wrong when the text is not a JSON object with a string "type".
struct InboundMessage {
  std::string type;
  std::string token;
  std::string error;
};
InboundMessage parse_inbound(std::string_view text);

// {"type":"error","data":{"code":…,"message":…}}
std::string error_envelope(std::string_view code, std::string_view message);
// {"type":"ready","data":{"user_id":…,"topics":[…],"expires_at":…}}
std::string ready_envelope(const WsIdentity& identity, const std::vector<std::string>& topics);

// Inbound rate: `rate` messages a second on average, `burst` at once.
class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  TokenBucket(double rate, double burst, Clock::time_point now = Clock::now())
      : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}
  // Takes one token; false when none is left.
  bool take(Clock::time_point now = Clock::now());

 private:
  double rate_, burst_, tokens_;
  Clock::time_point last_;
};

}  // namespace fitkit::http

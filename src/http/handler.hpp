// From a parsed request to a response, without any I/O: routing, the caller's
// identity, budgets, parameters, the operation, conditional requests, idempotency keys,
// CORS, request ids, the access log, and errors as problems.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/registry.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace fitkit {
class Platform;
namespace api {
class IdempotencyStore;
}
}  // namespace fitkit

namespace fitkit::http {

// The request's header fields, by case-insensitive name; "" when absent.
class HeaderLookup {
 public:
  virtual ~HeaderLookup() = default;
  virtual std::string_view get(std::string_view name) const = 0;
};

struct Request {
  std::optional<api::HttpMethod> method;  // nullopt: a method no operation uses
  std::string_view method_name;           // as sent: "GET", "OPTIONS", ...
  std::string_view target;                // "/v1/x?a=b"
  std::string_view authorization;
  std::string_view user_agent;
  std::string_view content_type;
  std::string_view body;
  const std::string* client_ip = nullptr;
  const HeaderLookup* headers = nullptr;  // every field, for what the ones above do not cover

  std::string_view header(std::string_view name) const { return headers ? headers->get(name) : std::string_view(); }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  const std::string* static_body = nullptr;  // instead of body: a document built once
  bool no_store = false;                      // Cache-Control: no-store
  std::string_view allow;                     // for 405
  std::string_view www_authenticate;          // for 401
  std::int64_t retry_after_s = 0;             // for 429
  // Further header fields, written as given (ETag, Link, RateLimit, X-Request-Id, CORS, ...).
  std::vector<std::pair<std::string, std::string>> headers;

  std::string_view payload() const { return static_body ? std::string_view(*static_body) : body; }
};

class Cors;
class AccessLog;
class RateLimiter;

class Handler {
 public:
  // `openapi_json` is the document served at /openapi.json. Of `options` it uses
  // allowed_origins, access_log and rate_limits. Throws Error(invalid_argument) for a bad
  // origin or a budget of an unknown operation, Error(unavailable) for an access log it
  // cannot open.
  Handler(Platform& platform, const api::Registry& registry, std::string openapi_json,
          const ServerOptions& options = {});
  ~Handler();
  Handler(const Handler&) = delete;
  Handler& operator=(const Handler&) = delete;

  // Never throws: every failure becomes a problem response. Safe from many threads at once.
  void handle(const Request& request, Response& out) const noexcept;
  // An answer the connection gives itself (a request refused before it was read whole, a
  // WebSocket upgrade with status 101, or its refusal): like every answer it gets a request
  // id, the CORS headers and its line in the access log. `user_id`: the caller, when known.
  void finish(const Request& request, Response& out, std::string_view user_id = {}) const noexcept;

  const Router& router() const { return router_; }

 private:
  struct Exchange;  // what one request collects on its way: its id, the caller, ...
  struct Started {
    std::chrono::steady_clock::time_point steady = std::chrono::steady_clock::now();
    std::chrono::system_clock::time_point wall = std::chrono::system_clock::now();
  };

  void conclude(const Request& request, Response& out, const Exchange& ex, const Started& started) const noexcept;

  void dispatch(const Request& request, Response& out, Exchange& ex) const;
  void health(Response& out) const;
  void options_request(const Request& request, Response& out, Exchange& ex) const;
  Actor identify_and_count(const Request& request, const api::Operation& op, Response& out, Exchange& ex) const;
  void count(const std::string& client, const api::Operation& op, Response& out) const;
  void read(const Request& request, const api::Operation& op, const Router::Match& match, std::string_view path,
            std::string_view query, Response& out, Exchange& ex) const;
  void write(const Request& request, const api::Operation& op, const Router::Match& match, std::string_view path,
             std::string_view query, Response& out, Exchange& ex) const;
  // `known`: the caller, when write() has identified it already.
  void run_write(const Request& request, const api::Operation& op, const Router::Match& match,
                 std::string_view path, std::string_view query, Response& out, Exchange& ex,
                 const Actor* known = nullptr) const;
  void conditional_write(const Actor& actor, const api::Operation& op, const api::Json& params,
                         std::string_view path, std::string_view if_match, Response& out) const;

  Platform& platform_;
  Router router_;
  std::string openapi_json_;
  std::string openapi_etag_;
  std::unique_ptr<Cors> cors_;
  std::unique_ptr<AccessLog> access_log_;       // null: no log
  std::unique_ptr<RateLimiter> rate_limiter_;   // synchronized inside
  std::unique_ptr<api::IdempotencyStore> idempotency_;
};

}  // namespace fitkit::http

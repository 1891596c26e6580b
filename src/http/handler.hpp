// From a parsed request to a response, without any I/O: routing, the caller's
// identity, parameters, the operation, and errors as problems.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/registry.hpp"
#include "http/router.hpp"

namespace fitkit {
class Platform;
}

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
  std::string_view content_type = "application/json";
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

class Handler {
 public:
  // `openapi_json` is the document served at /openapi.json.
  Handler(Platform& platform, const api::Registry& registry, std::string openapi_json);

  // Never throws: every failure becomes a problem response.
  void handle(const Request& request, Response& out) const noexcept;

  const Router& router() const { return router_; }

 private:
  void dispatch(const Request& request, Response& out) const;
  void health(Response& out) const;

  Platform& platform_;
  Router router_;
  std::string openapi_json_;
};

}  // namespace fitkit::http

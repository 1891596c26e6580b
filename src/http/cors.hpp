// CORS (the Fetch standard's HTTP side) for web front-ends on other origins. Callers
// authenticate with bearer tokens, not cookies, so no credentials mode is offered and
// "*" is a safe way to allow any origin.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fitkit::http {

struct Request;
struct Response;

class Cors {
 public:
  // Origins as "https://app.example.org" (scheme, host, optional port) or "*".
  // Throws Error(invalid_argument) for anything else.
  explicit Cors(const std::vector<std::string>& allowed_origins);

  // Whether a browser page from `origin` (an Origin header's value) may call the API.
  bool allows(std::string_view origin) const;

  // OPTIONS with Origin and Access-Control-Request-Method.
  static bool is_preflight(const Request& request);

  // 204 with the allowed methods and headers, or 403 for an origin not allowed.
  void answer_preflight(const Request& request, Response& out) const;

  // On every other answer: Access-Control-Allow-Origin and -Expose-Headers for an allowed
  // origin, and Vary: Origin whenever the answer depends on it.
  void add_headers(const Request& request, Response& out) const;

 private:
  // What Access-Control-Allow-Origin says to `origin`; empty when not allowed.
  std::string allow_origin_value(std::string_view origin) const;

  bool any_ = false;
  std::vector<std::string> origins_;  // lower case, no trailing slash
};

}  // namespace fitkit::http

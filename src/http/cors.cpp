#include "http/cors.hpp"

#include <algorithm>

#include "fitkit/error.hpp"
#include "http/handler.hpp"
#include "http/problem.hpp"

namespace fitkit::http {
namespace {

constexpr std::string_view kAllowMethods = "GET, POST, PUT, PATCH, DELETE";
constexpr std::string_view kAllowHeaders =
    "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id";
constexpr std::string_view kExposeHeaders =
    "ETag, Link, RateLimit, RateLimit-Policy, Retry-After, X-Request-Id, Idempotency-Replayed";
constexpr std::string_view kMaxAgeSeconds = "7200";  // what Chromium honours at most

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// scheme "://" host [":" port], the form of an Origin header (RFC 6454 section 6.1).
bool is_origin(std::string_view s) {
  const auto sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  for (char c : s.substr(0, sep))
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
  const std::string_view rest = s.substr(sep + 3);
  if (rest.empty()) return false;
  for (char c : rest) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':' ||
                    c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Cors::Cors(const std::vector<std::string>& allowed_origins) {
  for (const auto& given : allowed_origins) {
    if (given == "*") {
      any_ = true;
      continue;
    }
    std::string origin = lower(given);
    while (origin.ends_with('/')) origin.pop_back();
    if (!is_origin(origin))
      throw Error::invalid("allowed_origins", "an allowed origin is * or scheme://host[:port], not '" +
                                                  given.substr(0, 200) + "'");
    if (std::find(origins_.begin(), origins_.end(), origin) == origins_.end()) origins_.push_back(std::move(origin));
  }
}

std::string Cors::allow_origin_value(std::string_view origin) const {
  if (origin.empty()) return {};
  if (any_) return "*";
  const std::string wanted = lower(origin);
  for (const auto& o : origins_)
    if (o == wanted) return o;
  return {};
}

bool Cors::allows(std::string_view origin) const { return !allow_origin_value(origin).empty(); }

bool Cors::is_preflight(const Request& request) {
  return request.method_name == "OPTIONS" && !request.header("Origin").empty() &&
         !request.header("Access-Control-Request-Method").empty();
}

void Cors::answer_preflight(const Request& request, Response& out) const {
  const std::string allow = allow_origin_value(request.header("Origin"));
  if (allow.empty()) {
    Problem p = http_problem(403, "origin_not_allowed",
                             "this origin may not call the API from a browser (see fitctl serve --allow-origin)");
    out.status = p.status;
    out.content_type = "application/problem+json";
    out.body = std::move(p.body);
    out.no_store = true;
    return;
  }
  out.status = 204;
  out.body.clear();
  out.headers.emplace_back("Access-Control-Allow-Origin", allow);
  out.headers.emplace_back("Access-Control-Allow-Methods", kAllowMethods);
  out.headers.emplace_back("Access-Control-Allow-Headers", kAllowHeaders);
  out.headers.emplace_back("Access-Control-Max-Age", kMaxAgeSeconds);
  if (!any_) out.headers.emplace_back("Vary", "Origin");
}

void Cors::add_headers(const Request& request, Response& out) const {
  if (!any_ && !origins_.empty()) out.headers.emplace_back("Vary", "Origin");
  const std::string allow = allow_origin_value(request.header("Origin"));
  if (allow.empty()) return;
  out.headers.emplace_back("Access-Control-Allow-Origin", allow);
  out.headers.emplace_back("Access-Control-Expose-Headers", kExposeHeaders);
}

}  // namespace fitkit::http

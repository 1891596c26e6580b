#include "http/handler.hpp"

#include <optional>

#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "http/params.hpp"
#include "http/problem.hpp"

namespace fitkit::http {
namespace {

constexpr std::string_view kProblemType = "application/problem+json";
constexpr std::string_view kChallenge = "Bearer";
constexpr std::string_view kInvalidTokenChallenge = R"(Bearer error="invalid_token")";

void set_problem(Response& out, Problem p) {
  out.status = p.status;
  out.content_type = kProblemType;
  out.body = std::move(p.body);
  out.static_body = nullptr;
  out.retry_after_s = p.retry_after_s;
  if (p.status == 401) out.www_authenticate = p.invalid_token ? kInvalidTokenChallenge : kChallenge;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) noexcept {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// The caller: anonymous without an Authorization header, else the bearer token's user.
Actor identify(Platform& platform, const Request& request) {
  Origin origin{request.client_ip ? *request.client_ip : std::string(), std::string(request.user_agent)};
  std::string_view auth = request.authorization;
  if (auth.empty()) return Actor::anonymous(std::move(origin));
  if (!starts_with_icase(auth, "bearer ")) {
    throw HttpError(http_problem(401, "unauthenticated", "send the access token as Authorization: Bearer TOKEN"));
  }
  auth.remove_prefix(7);
  while (!auth.empty() && auth.front() == ' ') auth.remove_prefix(1);
  while (!auth.empty() && auth.back() == ' ') auth.remove_suffix(1);
  try {
    if (auth.empty()) throw Error::unauthenticated("the Authorization header has no token after Bearer");
    return platform.authenticate(auth, std::move(origin));
  } catch (const Error& e) {
    if (e.code() != ErrorCode::unauthenticated) throw;
    Problem p = problem_from(e);
    p.invalid_token = true;
    throw HttpError(std::move(p));
  }
}

}  // namespace

Handler::Handler(Platform& platform, const api::Registry& registry, std::string openapi_json)
    : platform_(platform), router_(registry), openapi_json_(std::move(openapi_json)) {}

void Handler::handle(const Request& request, Response& out) const noexcept {
  try {
    dispatch(request, out);
  } catch (...) {
    set_problem(out, problem_from_current_exception());
  }
}

void Handler::health(Response& out) const {
  try {
    platform_.check_health();
  } catch (...) {
    set_problem(out, http_problem(503, "unavailable", "the database does not answer"));
    return;
  }
  out.body = R"({"status":"ok"})";
  out.no_store = true;
}

void Handler::dispatch(const Request& request, Response& out) const {
  std::string_view path = request.target;
  std::string_view query;
  if (auto q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  if (request.method == api::HttpMethod::get) {
    if (path == "/healthz") return health(out);
    if (path == "/openapi.json") {
      out.static_body = &openapi_json_;
      return;
    }
  }
  out.no_store = true;  // API answers are per caller and may hold tokens
  Router::Match match = router_.match(request.method, path);
  if (!match.op) {
    if (!match.allow) {
      set_problem(out, http_problem(404, "not_found", "no such path: " + std::string(path.substr(0, 200)) + " (see /openapi.json)"));
    } else {
      set_problem(out, http_problem(405, "method_not_allowed", "this path takes " + *match.allow));
      out.allow = *match.allow;
    }
    return;
  }
  // A read checks the token and reads its data in one snapshot: one transaction per request.
  std::optional<storage::Snapshot> snapshot;
  if (api::reads_in_snapshot(*match.op)) snapshot.emplace(platform_.database());
  Actor actor = identify(platform_, request);
  api::Json params =
      request_params(*match.op, match.path_params, query, request.content_type, request.body);
  api::Json result = api::call(platform_, actor, match.op->name, params);
  if (snapshot) snapshot->commit();
  out.body = result.dump(-1, ' ', false, api::Json::error_handler_t::replace);
}

}  // namespace fitkit::http

#include "http/handler.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "api/idempotency_store.hpp"
#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "http/access_log.hpp"
#include "http/cors.hpp"
#include "http/etag.hpp"
#include "http/handler_detail.hpp"
#include "http/link.hpp"
#include "http/params.hpp"
#include "http/rate_limit.hpp"
#include "http/request_id.hpp"

namespace fitkit::http {

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

// A file result as itself: its bytes, its type, and its name for a browser's download.
void set_file(const api::Json& result, Response& out) {
  auto bytes = crypto::base64_decode(result.at("content_base64").get_ref<const std::string&>());
  if (!bytes) throw Error::internal("a file result is damaged");
  out.body = std::move(*bytes);
  out.content_type = result.at("content_type").get<std::string>();
  std::string name;
  for (char c : result.value("file_name", std::string("file")))
    name += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) ? '_' : c;
  // Pictures show in place; other files download.
  const bool inline_view = out.content_type.starts_with("image/");
  out.headers.emplace_back("Content-Disposition", std::string(inline_view ? "inline" : "attachment") +
                                                      "; filename=\"" + name + "\"");
}

std::string json_text(const api::Json& result) {
  return result.dump(-1, ' ', false, api::Json::error_handler_t::replace);
}

namespace {

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

std::int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool takes_cursor(const api::Operation& op) {
  return std::any_of(op.params.begin(), op.params.end(), [](const api::ParamSpec& p) { return p.name == "cursor"; });
}

// {"type":…,"request_id":"…"}: the id is of [A-Za-z0-9._-], so it goes in as it is.
void add_request_id(std::string& problem_body, const std::string& request_id) {
  if (problem_body.empty() || problem_body.back() != '}' || !is_valid_request_id(request_id)) return;
  problem_body.pop_back();
  problem_body += R"(,"request_id":")";
  problem_body += request_id;
  problem_body += "\"}";
}

}  // namespace

Handler::Handler(Platform& platform, const api::Registry& registry, std::string openapi_json,
                 const ServerOptions& options)
    : platform_(platform),
      router_(registry),
      openapi_json_(std::move(openapi_json)),
      openapi_etag_(strong_etag(openapi_json_)),
      cors_(std::make_unique<Cors>(options.allowed_origins)) {
  for (const auto& rule : options.rate_limits)
    if (rule.operation != "default" && !registry.find(rule.operation))
      throw Error::invalid("rate_limit", "a rate limit names the unknown operation '" + rule.operation +
                                             "' (see fitctl ops list)");
  rate_limiter_ = std::make_unique<RateLimiter>(options.rate_limits);
  if (!options.access_log.empty()) access_log_ = std::make_unique<AccessLog>(options.access_log);
  idempotency_ = std::make_unique<api::IdempotencyStore>(platform);
}

Handler::~Handler() = default;

void Handler::handle(const Request& request, Response& out) const noexcept {
  const Started started;
  Exchange ex;
  try {
    ex.request_id = request_id_for(request.header("X-Request-Id"));
  } catch (...) {
    // No randomness left: the request goes on without an id of its own.
  }
  try {
    dispatch(request, out, ex);
  } catch (...) {
    set_problem(out, problem_from_current_exception());
  }
  conclude(request, out, ex, started);
}

void Handler::finish(const Request& request, Response& out, std::string_view user_id) const noexcept {
  const Started started;
  Exchange ex;
  try {
    ex.request_id = request_id_for(request.header("X-Request-Id"));
    ex.user_id = user_id;
  } catch (...) {
    // Out of memory or randomness: the answer goes out without an id.
  }
  conclude(request, out, ex, started);
}

void Handler::conclude(const Request& request, Response& out, const Exchange& ex, const Started& started) const
    noexcept {
  try {
    if (!ex.preflight) cors_->add_headers(request, out);
    if (!ex.request_id.empty()) out.headers.emplace_back("X-Request-Id", ex.request_id);
    if (out.content_type == kProblemType) add_request_id(out.body, ex.request_id);
  } catch (...) {
    // Out of memory for a header: the answer goes out without it.
  }
  if (!access_log_) return;
  AccessLogEntry entry;
  entry.started_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(started.wall.time_since_epoch()).count();
  entry.client_ip = request.client_ip ? std::string_view(*request.client_ip) : std::string_view();
  entry.method = request.method_name;
  entry.path = request.target.substr(0, request.target.find('?'));
  entry.status = out.status;
  entry.response_bytes = out.payload().size();
  entry.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started.steady).count();
  entry.request_id = ex.request_id;
  entry.user_id = ex.user_id;
  access_log_->write(entry);
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

void Handler::options_request(const Request& request, Response& out, Exchange& ex) const {
  ex.preflight = true;
  cors_->answer_preflight(request, out);
}

void Handler::dispatch(const Request& request, Response& out, Exchange& ex) const {
  std::string_view path = request.target;
  std::string_view query;
  if (auto q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  // Other OPTIONS requests fall through to 405, as for any method no operation uses.
  if (Cors::is_preflight(request)) return options_request(request, out, ex);
  if (request.method == api::HttpMethod::get) {
    if (path == "/healthz") return health(out);
    if (path == "/openapi.json") {
      out.headers.emplace_back("ETag", openapi_etag_);
      if (none_match_fails(request.header("If-None-Match"), openapi_etag_)) {
        out.status = 304;
        return;
      }
      out.static_body = &openapi_json_;
      return;
    }
  }
  out.no_store = true;  // API answers are per caller and may hold tokens
  Router::Match match = router_.match(request.method, path);
  if (!match.op) {
    if (!match.allow) {
      set_problem(out, http_problem(404, "not_found",
                                    "no such path: " + std::string(path.substr(0, 200)) + " (see /openapi.json)"));
    } else {
      set_problem(out, http_problem(405, "method_not_allowed", "this path takes " + *match.allow));
      out.allow = *match.allow;
    }
    return;
  }
  if (match.op->method == api::HttpMethod::get) return read(request, *match.op, match, path, query, out, ex);
  write(request, *match.op, match, path, query, out, ex);
}

void Handler::count(const std::string& client, const api::Operation& op, Response& out) const {
  RateLimiter::Decision d = rate_limiter_->take(client, op.name, monotonic_ms());
  if (!d.policy.empty()) {
    out.headers.emplace_back("RateLimit-Policy", std::move(d.policy));
    out.headers.emplace_back("RateLimit", std::move(d.state));
  }
  if (!d.allowed) {
    Problem p = http_problem(429, "rate_limited", d.detail);
    p.retry_after_s = d.retry_after_s;
    throw HttpError(std::move(p));
  }
}

Actor Handler::identify_and_count(const Request& request, const api::Operation& op, Response& out,
                                  Exchange& ex) const {
  std::string by_ip = "ip:";
  if (request.client_ip) by_ip += *request.client_ip;
  Actor actor;
  try {
    actor = identify(platform_, request);
  } catch (const HttpError&) {
    count(by_ip, op, out);  // a refused token still spends the address's budget
    throw;
  }
  if (actor.is_user()) {
    ex.user_id = format_id(IdKind::user, actor.user_id);
    ex.client = ex.user_id;
  } else {
    ex.client = std::move(by_ip);
  }
  count(ex.client, op, out);
  return actor;
}

void Handler::read(const Request& request, const api::Operation& op, const Router::Match& match,
                   std::string_view path, std::string_view query, Response& out, Exchange& ex) const {
  // A read checks the token and reads its data in one snapshot: one transaction per request.
  std::optional<storage::Snapshot> snapshot;
  if (api::reads_in_snapshot(op)) snapshot.emplace(platform_.database());
  Actor actor = identify_and_count(request, op, out, ex);
  api::Json params = request_params(op, match.path_params, query, request.content_type, request.body,
                                    [&](std::string_view name) { return request.header(name); });
  api::Json result = api::call(platform_, actor, op, params);
  if (snapshot) snapshot->commit();
  if (op.returns_file) {
    set_file(result, out);
  } else {
    out.body = json_text(result);
  }
  std::string etag = strong_etag(out.body);
  if (takes_cursor(op) && result.is_object()) {
    auto next = result.find("next_cursor");
    if (next != result.end() && next->is_string())
      out.headers.emplace_back("Link", next_page_link(path, query, next->get_ref<const std::string&>()));
  }
  if (none_match_fails(request.header("If-None-Match"), etag)) {
    out.status = 304;
    out.body.clear();
  }
  out.headers.emplace_back("ETag", std::move(etag));
}

}  // namespace fitkit::http

#include "http/websocket_auth.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/time_format.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "http/problem.hpp"

namespace fitkit::http {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kProblemType = "application/problem+json";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Response refuse(int status, std::string_view code, std::string_view detail) {
  Response r;
  r.status = status;
  r.content_type = kProblemType;
  r.body = http_problem(status, code, detail).body;
  return r;
}

// The "exp" claim of a token that has just been verified, in milliseconds; 0 if unreadable.
std::int64_t expiry_of(std::string_view token) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) return 0;
  const auto payload = crypto::base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload) return 0;
  const auto claims = nlohmann::json::parse(*payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("exp") || !claims["exp"].is_number_integer()) return 0;
  return claims["exp"].get<std::int64_t>() * 1000;
}

}  // namespace

std::string normalize_origin(std::string_view url) {
  url = trim(url);
  if (url == "null" || url == "*") return std::string(url);
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return {};
  const std::string scheme = lower(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.empty()) return {};
  std::string host = lower(rest);
  // Drop a default port: a browser never sends it.
  const auto colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    const std::string_view port = std::string_view(host).substr(colon + 1);
    if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443") || port.empty())
      host.resize(colon);
  }
  return scheme + "://" + host;
}

OriginPolicy::OriginPolicy(const std::vector<std::string>& own, const std::vector<std::string>& allowed) {
  for (const auto& list : {&own, &allowed})
    for (const auto& o : *list) {
      if (trim(o) == "*") any_ = true;
      if (auto n = normalize_origin(o); !n.empty() && n != "*") origins_.push_back(std::move(n));
    }
}

bool OriginPolicy::allows(std::string_view origin) const {
  if (origin.empty() || any_) return true;
  const std::string n = normalize_origin(origin);
  return !n.empty() && std::find(origins_.begin(), origins_.end(), n) != origins_.end();
}

bool is_websocket_target(std::string_view target) {
  return target.substr(0, target.find('?')) == kWebSocketPath;
}

WsIdentity authenticate_token(Platform& platform, std::string_view token, Origin origin) {
  if (token.empty()) throw Error::unauthenticated("no access token was given");
  WsIdentity id;
  id.actor = storage::retry_on_conflict([&] { return platform.authenticate(token, origin); });
  id.token = std::string(token);
  id.expires_at_ms = expiry_of(token);
  if (id.expires_at_ms == 0) throw Error::unauthenticated("the access token is invalid or expired; sign in again");
  return id;
}

UpgradeCheck check_upgrade(Platform& platform, const Request& request, bool is_upgrade, const OriginPolicy& origins) {
  UpgradeCheck out;
  if (request.method_name != "GET") {
    out.refusal = refuse(405, "method_not_allowed", "/v1/ws takes GET with Upgrade: websocket");
    out.refusal.allow = "GET";
    return out;
  }
  if (!is_upgrade) {
    out.refusal = refuse(426, "upgrade_required", "/v1/ws is a WebSocket: send Upgrade: websocket");
    out.refusal.headers.emplace_back("Upgrade", "websocket");
    return out;
  }
  // Before anything else: a page of another site must not learn whether a token works.
  if (!origins.allows(request.header("Origin"))) {
    out.refusal = refuse(403, "permission_denied",
                         "this Origin may not open /v1/ws; the server allows its own origin and --allow-origin");
    return out;
  }
  const std::string_view auth = trim(request.authorization);
  if (!auth.empty()) {
    const bool bearer = auth.size() > 7 && lower(auth.substr(0, 7)) == "bearer ";
    try {
      if (!bearer) throw Error::unauthenticated("send the access token as Authorization: Bearer TOKEN");
      Origin from{request.client_ip ? *request.client_ip : std::string(), std::string(request.user_agent)};
      out.identity = authenticate_token(platform, trim(auth.substr(7)), std::move(from));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::unauthenticated) {
        const Problem p = problem_from(e);
        out.refusal = Response{};
        out.refusal.status = p.status;
        out.refusal.content_type = kProblemType;
        out.refusal.body = p.body;
        out.refusal.retry_after_s = p.retry_after_s;
        return out;
      }
      out.refusal = refuse(401, "unauthenticated", e.what());
      out.refusal.www_authenticate = R"(Bearer error="invalid_token")";
      return out;
    }
  }
  out.accepted = true;
  return out;
}

InboundMessage parse_inbound(std::string_view text) {
  InboundMessage m;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object() || !json.contains("type") || !json["type"].is_string()) {
    m.error = "a message is a JSON object with a string \"type\"";
    return m;
  }
  m.type = json["type"].get<std::string>();
  if (m.type == "auth") {
    if (json.contains("token") && json["token"].is_string()) m.token = json["token"].get<std::string>();
    else m.error = "an auth message carries the access token as a string \"token\"";
  }
  return m;
}

std::string error_envelope(std::string_view code, std::string_view message) {
  return Json{{"type", "error"}, {"data", {{"code", code}, {"message", message}}}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

std::string ready_envelope(const WsIdentity& identity, const std::vector<std::string>& topics) {
  return Json{{"type", "ready"},
              {"data",
               {{"user_id", format_id(IdKind::user, identity.actor.user_id)},
                {"topics", topics},
                {"expires_at", format_utc(identity.expires_at_ms)}}}}
      .dump();
}

bool TokenBucket::take(Clock::time_point now) {
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + std::max(elapsed, 0.0) * rate_);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace fitkit::http

#include "accounts/access_token.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

namespace fitkit::accounts {
namespace {

// base64url of {"alg":"HS256","typ":"JWT"}: the only header ever issued or accepted.
const std::string& fixed_header() {
  static const std::string h = crypto::base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  return h;
}

Error rejected() { return Error::unauthenticated("the access token is invalid or expired; sign in again"); }

}  // namespace

std::string AccessTokens::sign(const AccessClaims& claims) const {
  nlohmann::json payload = {{"aud", kAudience},
                            {"sub", format_id(IdKind::user, claims.user_id)},
                            {"sid", format_id(IdKind::session, claims.session_id)},
                            {"iat", claims.issued_at_ms / 1000},
                            {"exp", claims.expires_at_ms / 1000}};
  std::string signing_input = fixed_header() + "." + crypto::base64url_encode(payload.dump());
  return signing_input + "." + crypto::base64url_encode(key_.mac(signing_input));
}

// Every request presents its token, and a token's signature and claims never change:
// tokens already checked are remembered, so that a request costs a lookup instead of a
// MAC and a JSON parse. Expiry depends on the time and is checked on every use; the
// session behind the token is checked by the caller on every use too. The memory is
// bounded: when full it starts over.
AccessClaims AccessTokens::verify(std::string_view token, std::int64_t now_ms) const {
  if (token.size() > 4096) throw rejected();
  AccessClaims c;
  bool known = false;
  {
    std::lock_guard lock(mu_);
    if (auto it = verified_.find(std::string(token)); it != verified_.end()) {
      c = it->second;
      known = true;
    }
  }
  if (!known) {
    c = check_signature_and_claims(token);
    std::lock_guard lock(mu_);
    if (verified_.size() >= kRemembered) verified_.clear();
    verified_.emplace(token, c);
  }
  if (now_ms >= c.expires_at_ms) throw rejected();
  return c;
}

AccessClaims AccessTokens::check_signature_and_claims(std::string_view token) const {
  const auto dot1 = token.find('.');
  const auto dot2 = token.rfind('.');
  if (dot1 == std::string_view::npos || dot2 == dot1) throw rejected();
  if (token.substr(0, dot1) != fixed_header()) throw rejected();
  const auto signing_input = token.substr(0, dot2);
  const auto signature = crypto::base64url_decode(token.substr(dot2 + 1));
  if (!signature || !crypto::constant_time_equal(*signature, key_.mac(signing_input))) throw rejected();
  const auto payload_text = crypto::base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!payload_text) throw rejected();
  auto payload = nlohmann::json::parse(*payload_text, nullptr, false);
  if (!payload.is_object() || payload.value("aud", "") != kAudience) throw rejected();
  const auto exp = payload.find("exp");
  const auto iat = payload.find("iat");
  if (exp == payload.end() || !exp->is_number_integer() || iat == payload.end() || !iat->is_number_integer())
    throw rejected();
  AccessClaims c;
  c.expires_at_ms = exp->get<std::int64_t>() * 1000;
  c.issued_at_ms = iat->get<std::int64_t>() * 1000;
  try {
    c.user_id = parse_id(IdKind::user, payload.value("sub", ""));
    c.session_id = parse_id(IdKind::session, payload.value("sid", ""));
  } catch (const Error&) {
    throw rejected();
  }
  return c;
}

}  // namespace fitkit::accounts

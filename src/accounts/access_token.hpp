// Short-lived signed access tokens: a JWT (RFC 7519) with HS256, whose header
// the server fixes. Verification never reads the algorithm from the token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fitkit::accounts {

inline constexpr std::string_view kAudience = "fitkit";

struct AccessClaims {
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;
  std::int64_t issued_at_ms = 0;
  std::int64_t expires_at_ms = 0;
};

std::string sign_access_token(std::string_view key, const AccessClaims& claims);

// Checks the exact header, the signature (constant time), the audience and
// the expiry; throws Error(unauthenticated) otherwise.
AccessClaims verify_access_token(std::string_view key, std::string_view token, std::int64_t now_ms);

}  // namespace fitkit::accounts

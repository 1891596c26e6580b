// Short-lived signed access tokens: a JWT (RFC 7519) with HS256, whose header
// the server fixes. Verification never reads the algorithm from the token.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/crypto.hpp"

namespace fitkit::accounts {

inline constexpr std::string_view kAudience = "fitkit";

struct AccessClaims {
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;
  std::int64_t issued_at_ms = 0;
  std::int64_t expires_at_ms = 0;
};

// Signs and verifies the access tokens of one key.
class AccessTokens {
 public:
  explicit AccessTokens(std::string_view key) : key_(key) {}

  std::string sign(const AccessClaims& claims) const;

  // Checks the exact header, the signature (constant time), the audience and
  // the expiry; throws Error(unauthenticated) otherwise. Thread-safe.
  AccessClaims verify(std::string_view token, std::int64_t now_ms) const;

  // How many tokens verify() remembers at most (see access_token.cpp).
  static constexpr std::size_t kRemembered = 4096;

 private:
  AccessClaims check_signature_and_claims(std::string_view token) const;

  crypto::HmacKey key_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, AccessClaims> verified_;
};

}  // namespace fitkit::accounts

#include <doctest/doctest.h>

#include "accounts/access_token.hpp"
#include "fitkit/error.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using fitkit::test::error_of;
using accounts::AccessClaims;
using accounts::AccessTokens;

namespace {
constexpr std::int64_t kNow = 1'780'000'000'000;
constexpr std::int64_t kTtl = 15 * 60 * 1000;
AccessClaims claims(std::int64_t session) { return {7, session, kNow, kNow + kTtl}; }
}  // namespace

TEST_CASE("an access token verifies with its key, again and again, until it expires") {
  const AccessTokens tokens(std::string(32, 'k'));
  const auto token = tokens.sign(claims(11));
  for (int use = 0; use < 3; ++use) {  // the later uses come from what verify() remembers
    const auto c = tokens.verify(token, kNow + kTtl - 1);
    CHECK(c.user_id == 7);
    CHECK(c.session_id == 11);
    CHECK(c.expires_at_ms == kNow + kTtl);
  }
  // Remembered, yet expired: the time is checked on every use.
  CHECK(error_of([&] { tokens.verify(token, kNow + kTtl); }) == ErrorCode::unauthenticated);
}

TEST_CASE("remembering good tokens lets no altered or foreign token through") {
  const AccessTokens tokens(std::string(32, 'k'));
  const AccessTokens other_key(std::string(32, 'q'));
  const auto token = tokens.sign(claims(11));
  tokens.verify(token, kNow);
  std::string altered = token;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  CHECK(error_of([&] { tokens.verify(altered, kNow); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { tokens.verify(token + ".", kNow); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { other_key.verify(token, kNow); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { tokens.verify(other_key.sign(claims(11)), kNow); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { tokens.verify(std::string(5000, 'a'), kNow); }) == ErrorCode::unauthenticated);
}

TEST_CASE("past its bound the memory starts over and every token still verifies the same") {
  const AccessTokens tokens(std::string(32, 'k'));
  const auto first = tokens.sign(claims(1));
  tokens.verify(first, kNow);
  for (std::int64_t s = 2; s < static_cast<std::int64_t>(AccessTokens::kRemembered) + 10; ++s)
    CHECK_NOTHROW(tokens.verify(tokens.sign(claims(s)), kNow));
  CHECK(tokens.verify(first, kNow).session_id == 1);
  CHECK(error_of([&] { tokens.verify(first, kNow + kTtl); }) == ErrorCode::unauthenticated);
}

// Two-factor sign-in end to end: enrol, confirm, required at login, each code once, recovery codes, disable.
#include "accounts/totp.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

struct TwoFactorUser {
  Actor actor;
  std::string secret;
  std::vector<std::string> recovery_codes;
};

TwoFactorUser enable_two_factor(TestPlatform& t, const std::string& email) {
  t.make_user(email);
  auto actor = t.actor_of(t.login(email));
  auto enrolment = t.call("auth.totp.enroll", actor, {{"password", kPassword}, {"qr", "text"}});
  std::string secret = enrolment["secret"];
  CHECK(enrolment["otpauth_uri"].get<std::string>().rfind("otpauth://totp/fitkit:", 0) == 0);
  CHECK(!enrolment["qr_text"].get<std::string>().empty());
  auto codes = t.call("auth.totp.confirm", actor,
                      {{"code", accounts::totp_code(secret, t.clock->now_ms())}})["recovery_codes"];
  CHECK(codes.size() == 10);
  return {actor, secret, codes.get<std::vector<std::string>>()};
}

Json login_with(TestPlatform& t, const std::string& email, const Json& extra) {
  Json params{{"email", email}, {"password", kPassword}};
  params.update(extra);
  return t.call("auth.login", Actor::anonymous(), params);
}

}  // namespace

TEST_CASE("once on, two-factor is required at sign-in and each code works once") {
  TestPlatform t;
  auto u = enable_two_factor(t, "ann@example.com");
  CHECK(t.call("profile.get", u.actor)["two_factor"] == true);
  try {
    t.login("ann@example.com");
    FAIL("signed in without a second factor");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::unauthenticated);
    CHECK(e.field() == "totp_code");
  }
  t.clock->advance(30 * kSecondMs);  // the confirming code's step is used up
  const auto code = accounts::totp_code(u.secret, t.clock->now_ms());
  CHECK_NOTHROW(login_with(t, "ann@example.com", {{"totp_code", code}}));
  // The same code again is refused, even within its window.
  CHECK(error_of([&] { login_with(t, "ann@example.com", {{"totp_code", code}}); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { login_with(t, "ann@example.com", {{"totp_code", "000000"}}); }) == ErrorCode::unauthenticated);
  // A code one step old is still accepted (clock drift), two steps old is not.
  t.clock->advance(60 * kSecondMs);
  CHECK(error_of([&] {
          login_with(t, "ann@example.com", {{"totp_code", accounts::totp_code(u.secret, t.clock->now_ms() - 60000)}});
        }) == ErrorCode::unauthenticated);
  CHECK_NOTHROW(
      login_with(t, "ann@example.com", {{"totp_code", accounts::totp_code(u.secret, t.clock->now_ms() - 30000)}}));
}

TEST_CASE("recovery codes sign in once each; a password reset does not bypass two-factor") {
  TestPlatform t;
  auto u = enable_two_factor(t, "ann@example.com");
  CHECK_NOTHROW(login_with(t, "ann@example.com", {{"recovery_code", u.recovery_codes[0]}}));
  CHECK(error_of([&] { login_with(t, "ann@example.com", {{"recovery_code", u.recovery_codes[0]}}); }) ==
        ErrorCode::unauthenticated);
  // Typed with spaces and in capitals, it still matches.
  std::string typed = u.recovery_codes[1];
  for (auto& ch : typed) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  CHECK_NOTHROW(login_with(t, "ann@example.com", {{"recovery_code", " " + typed + " "}}));

  t.call("auth.password_reset.request", Actor::anonymous(), {{"email", "ann@example.com"}});
  t.call("auth.password_reset.confirm", Actor::anonymous(),
         {{"token", t.mailed_token("ann@example.com")}, {"password", "a brand new passphrase"}});
  CHECK(error_of([&] { t.login("ann@example.com", "a brand new passphrase"); }) == ErrorCode::unauthenticated);
}

TEST_CASE("enrolling and disabling need the password and a code; nothing changes on bad input") {
  TestPlatform t;
  t.make_user("bob@example.com");
  auto bob = t.actor_of(t.login("bob@example.com"));
  CHECK(error_of([&] { t.call("auth.totp.enroll", bob, {{"password", "wrong"}}); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("auth.totp.confirm", bob, {{"code", "123456"}}); }) == ErrorCode::failed_precondition);
  auto enrolment = t.call("auth.totp.enroll", bob, {{"password", kPassword}, {"qr", "png"}});
  auto png = crypto::base64_decode(enrolment["qr_png_base64"].get<std::string>());
  REQUIRE(png);
  CHECK(png->substr(1, 3) == "PNG");
  CHECK(error_of([&] { t.call("auth.totp.confirm", bob, {{"code", "12345x"}}); }) == ErrorCode::invalid_argument);
  CHECK(t.call("profile.get", bob)["two_factor"] == false);  // not on until confirmed
  CHECK_NOTHROW(t.login("bob@example.com"));

  auto u = enable_two_factor(t, "ann@example.com");
  t.clock->advance(30 * kSecondMs);
  CHECK(error_of([&] {
          t.call("auth.totp.disable", u.actor,
                 {{"password", "wrong"}, {"code", accounts::totp_code(u.secret, t.clock->now_ms())}});
        }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("auth.totp.disable", u.actor, {{"password", kPassword}, {"code", "000000"}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(t.call("profile.get", u.actor)["two_factor"] == true);
  t.call("auth.totp.disable", u.actor,
         {{"password", kPassword}, {"code", accounts::totp_code(u.secret, t.clock->now_ms())}});
  CHECK_NOTHROW(t.login("ann@example.com"));
  // Someone else's session cannot touch Ann's second factor: operations act on the caller only.
  CHECK(error_of([&] { t.call("auth.totp.disable", bob, {{"password", kPassword}, {"code", "000000"}}); }) ==
        ErrorCode::failed_precondition);
}

TEST_CASE("the TOTP secret is sealed at rest") {
  TestPlatform t;
  auto u = enable_two_factor(t, "ann@example.com");
  auto stored = t.platform->database().acquire()->query_text("SELECT totp_secret FROM users WHERE email = ?",
                                                             {"ann@example.com"});
  REQUIRE(stored);
  CHECK(stored->find(u.secret) == std::string::npos);
}

// Registration, verification, sign-in, refresh, sign-out and sessions, end to end through the registry.
#include "core/time_format.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("register, verify by the mailed token, sign in and read /me") {
  TestPlatform t;
  auto reg = t.call("auth.register", Actor::anonymous(), {{"email", " Ann@Example.COM "}, {"password", kPassword}});
  CHECK(reg["status"] == "pending");
  // A pending account cannot sign in yet.
  CHECK(error_of([&] { t.login("ann@example.com"); }) == ErrorCode::failed_precondition);
  auto token = t.mailed_token("ann@example.com");
  auto user = t.call("auth.verify_email", Actor::anonymous(), {{"token", token}});
  CHECK(user["status"] == "active");
  CHECK(user["email"] == "ann@example.com");
  // The token is single-use.
  CHECK(error_of([&] { t.call("auth.verify_email", Actor::anonymous(), {{"token", token}}); }) ==
        ErrorCode::invalid_argument);

  auto tokens = t.login("ann@example.com");
  CHECK(tokens["token_type"] == "Bearer");
  CHECK(tokens["expires_in"] == 900);
  CHECK(tokens["refresh_token"].get<std::string>().size() >= 43);
  auto me = t.call("profile.get", t.actor_of(tokens));
  CHECK(me["email"] == "ann@example.com");
  CHECK(me["id"] == user["id"]);
  CHECK(me["roles"] == Json::array({"user"}));
}

TEST_CASE("registration answers the same for a taken address and mails its owner instead") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.take_mail("ann@example.com");  // the welcome mail
  auto first = t.call("auth.register", Actor::anonymous(), {{"email", "bob@example.com"}, {"password", kPassword}});
  auto again = t.call("auth.register", Actor::anonymous(), {{"email", "ann@example.com"}, {"password", kPassword}});
  CHECK(first == again);
  auto mails = t.take_mail("ann@example.com");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].find("already has one") != std::string::npos);
  // A taken nickname is refused the same way for a new and a taken address.
  t.call("profile.update", t.actor_of(t.login("ann@example.com")), {{"nickname", "ann_runs"}});
  for (const char* email : {"carol@example.com", "ann@example.com"})
    CHECK(error_of([&] {
            t.call("auth.register", Actor::anonymous(),
                   {{"email", email}, {"password", kPassword}, {"nickname", "Ann_Runs"}});
          }) == ErrorCode::already_exists);
  // Still one account for the address.
  CHECK(t.platform->database().acquire()->query_i64("SELECT COUNT(*) FROM users WHERE email = ?",
                                                    {"ann@example.com"}) == 1);
}

TEST_CASE("a wrong password and an unknown email get the same answer") {
  TestPlatform t;
  t.make_user("ann@example.com");
  std::string wrong, unknown;
  try {
    t.login("ann@example.com", "not the password at all");
  } catch (const Error& e) {
    wrong = std::string(to_string(e.code())) + e.what();
  }
  try {
    t.login("nobody@example.com", "not the password at all");
  } catch (const Error& e) {
    unknown = std::string(to_string(e.code())) + e.what();
  }
  CHECK(!wrong.empty());
  CHECK(wrong == unknown);
}

TEST_CASE("refresh rotates; a reused refresh token ends the whole session") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto first = t.login("ann@example.com");
  auto second = t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", first["refresh_token"]}});
  CHECK(second["session_id"] == first["session_id"]);
  CHECK(second["refresh_token"] != first["refresh_token"]);
  auto actor = t.actor_of(second);
  // The old token again: theft is assumed and the session ends, for both holders.
  CHECK(error_of([&] { t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", first["refresh_token"]}}); }) ==
        ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.actor_of(second); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", second["refresh_token"]}}); }) ==
        ErrorCode::unauthenticated);
  (void)actor;
}

TEST_CASE("logout ends the session on the server at once") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto tokens = t.login("ann@example.com");
  auto actor = t.actor_of(tokens);
  t.call("auth.logout", actor);
  CHECK(error_of([&] { t.actor_of(tokens); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", tokens["refresh_token"]}}); }) ==
        ErrorCode::unauthenticated);
  // Acting as a user (fitctl --as) has no session to end; the system is no user at all.
  CHECK(error_of([&] { t.call("auth.logout", t.platform->act_as("ann@example.com")); }) ==
        ErrorCode::failed_precondition);
  CHECK(error_of([&] { t.call("auth.logout", Actor::system()); }) == ErrorCode::unauthenticated);
}

TEST_CASE("access tokens expire; sessions end after the idle and the absolute limit") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto tokens = t.login("ann@example.com");
  t.clock->advance(15 * kMinuteMs);
  CHECK(error_of([&] { t.actor_of(tokens); }) == ErrorCode::unauthenticated);
  // Keep the session in use with refreshes every 20 days: idle never reached, the absolute limit is.
  auto current = tokens;
  for (int i = 0; i < 4; ++i) {
    t.clock->advance(20 * kDayMs);
    current = t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", current["refresh_token"]}});
  }
  t.clock->advance(20 * kDayMs);  // 100 days old
  CHECK(error_of([&] { t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", current["refresh_token"]}}); }) ==
        ErrorCode::unauthenticated);
  // Idle: a session unused for 30 days ends.
  auto idle = t.login("ann@example.com");
  t.clock->advance(30 * kDayMs);
  CHECK(error_of([&] { t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", idle["refresh_token"]}}); }) ==
        ErrorCode::unauthenticated);
}

TEST_CASE("tampered, foreign and malformed access tokens are refused") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto token = t.login("ann@example.com")["access_token"].get<std::string>();
  auto parts_at = token.rfind('.');
  std::string flipped = token;
  flipped[parts_at - 2] = flipped[parts_at - 2] == 'A' ? 'B' : 'A';
  // alg=none with the same payload must not pass.
  std::string none = crypto::base64url_encode(R"({"alg":"none","typ":"JWT"})") +
                     token.substr(token.find('.'), parts_at - token.find('.')) + ".";
  for (const std::string& bad : {flipped, none, std::string("garbage"), std::string(""), token + "x",
                                 std::string("a.b.c")})
    CHECK(error_of([&] { t.platform->authenticate(bad); }) == ErrorCode::unauthenticated);
  // Another platform's key signs tokens this one refuses.
  TestPlatform other;
  other.make_user("ann@example.com");
  auto foreign = other.login("ann@example.com")["access_token"].get<std::string>();
  CHECK(error_of([&] { t.platform->authenticate(foreign); }) == ErrorCode::unauthenticated);
}

TEST_CASE("sessions: list mine, revoke one, revoke the others; never someone else's") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  auto phone = t.call("auth.login", Actor::anonymous({"10.0.0.1", "phone"}),
                      {{"email", "ann@example.com"}, {"password", kPassword}, {"device_name", "phone"}});
  auto laptop = t.login("ann@example.com");
  auto tablet = t.login("ann@example.com");
  auto bob = t.actor_of(t.login("bob@example.com"));
  auto ann = t.actor_of(laptop);
  auto list = t.call("sessions.list", ann)["items"];
  CHECK(list.size() == 3);
  int current = 0;
  for (auto& s : list) current += s["current"].get<bool>();
  CHECK(current == 1);
  // Bob cannot end Ann's session, nor learn that it exists.
  CHECK(error_of([&] { t.call("sessions.revoke", bob, {{"session_id", phone["session_id"]}}); }) ==
        ErrorCode::not_found);
  t.call("sessions.revoke", ann, {{"session_id", phone["session_id"]}});
  CHECK(error_of([&] { t.actor_of(phone); }) == ErrorCode::unauthenticated);
  CHECK(t.call("sessions.revoke_others", ann)["revoked"] == 1);
  CHECK(error_of([&] { t.actor_of(tablet); }) == ErrorCode::unauthenticated);
  CHECK(t.call("sessions.list", ann)["items"].size() == 1);
}

TEST_CASE("failed sign-ins slow down, then lock, per account and per address") {
  TestPlatform t;
  t.make_user("ann@example.com");
  int rate_limited = 0;
  for (int i = 0; i < 7; ++i) {
    auto code = error_of([&] { t.login("ann@example.com", "wrong password, wrong"); });
    if (code == ErrorCode::rate_limited) ++rate_limited;
  }
  CHECK(rate_limited > 0);
  // Even the right password waits out the lock.
  CHECK(error_of([&] { t.login("ann@example.com"); }) == ErrorCode::rate_limited);
  t.clock->advance(16 * kMinuteMs);
  CHECK_NOTHROW(t.login("ann@example.com"));
  // An unknown address is throttled just the same: no telling accounts apart.
  for (int i = 0; i < 7; ++i) (void)error_of([&] { t.login("ghost@example.com", "wrong password, wrong"); });
  CHECK(error_of([&] { t.login("ghost@example.com", "wrong password, wrong"); }) == ErrorCode::rate_limited);
}

TEST_CASE("an account locks for good after 100 consecutive failures, until a password reset") {
  TestPlatform t;
  t.make_user("ann@example.com");
  for (int i = 0; i < 100; ++i) {
    t.clock->advance(16 * kMinuteMs);  // wait out each delay
    (void)error_of([&] { t.login("ann@example.com", "wrong password, wrong"); });
  }
  t.clock->advance(kDayMs);
  CHECK(error_of([&] { t.login("ann@example.com"); }) == ErrorCode::rate_limited);
  t.call("auth.password_reset.request", Actor::anonymous(), {{"email", "ann@example.com"}});
  t.call("auth.password_reset.confirm", Actor::anonymous(),
         {{"token", t.mailed_token("ann@example.com")}, {"password", "a brand new passphrase here"}});
  CHECK_NOTHROW(t.login("ann@example.com", "a brand new passphrase here"));
}

TEST_CASE("password reset: single use, expiring, ends every session, same answer for unknown emails") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto before = t.login("ann@example.com");
  CHECK(t.call("auth.password_reset.request", Actor::anonymous(), {{"email", "ann@example.com"}}) ==
        t.call("auth.password_reset.request", Actor::anonymous(), {{"email", "ghost@example.com"}}));
  auto token = t.mailed_token("ann@example.com");
  // A policy-breaking password is refused and leaves the token usable.
  CHECK(error_of([&] {
          t.call("auth.password_reset.confirm", Actor::anonymous(), {{"token", token}, {"password", "short"}});
        }) == ErrorCode::invalid_argument);
  t.call("auth.password_reset.confirm", Actor::anonymous(), {{"token", token}, {"password", "a brand new passphrase"}});
  CHECK(error_of([&] { t.actor_of(before); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.login("ann@example.com"); }) == ErrorCode::unauthenticated);
  CHECK_NOTHROW(t.login("ann@example.com", "a brand new passphrase"));
  CHECK(error_of([&] {
          t.call("auth.password_reset.confirm", Actor::anonymous(), {{"token", token}, {"password", "another new passphrase"}});
        }) == ErrorCode::invalid_argument);
  // Expiry: an hour.
  t.call("auth.password_reset.request", Actor::anonymous(), {{"email", "ann@example.com"}});
  auto late = t.mailed_token("ann@example.com");
  t.clock->advance(kHourMs + 1);
  CHECK(error_of([&] {
          t.call("auth.password_reset.confirm", Actor::anonymous(), {{"token", late}, {"password", "yet another passphrase"}});
        }) == ErrorCode::invalid_argument);
}

TEST_CASE("changing the password needs the current one and ends the other sessions") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto other = t.login("ann@example.com");
  auto here = t.actor_of(t.login("ann@example.com"));
  CHECK(error_of([&] {
          t.call("auth.password.change", here, {{"current_password", "wrong one"}, {"new_password", "a fresh passphrase"}});
        }) == ErrorCode::invalid_argument);
  CHECK_NOTHROW(t.actor_of(other));
  t.call("auth.password.change", here, {{"current_password", kPassword}, {"new_password", "a fresh passphrase"}});
  CHECK(error_of([&] { t.actor_of(other); }) == ErrorCode::unauthenticated);
  CHECK(t.call("profile.get", here)["email"] == "ann@example.com");
  // A security notice arrived in-app.
  CHECK(t.call("notifications.unread_count", here)["unread"] == 1);
}

TEST_CASE("email change: password required, confirmed from the new address") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  CHECK(error_of([&] { t.call("auth.email.change", ann, {{"password", "nope"}, {"new_email", "new@example.com"}}); }) ==
        ErrorCode::invalid_argument);
  t.call("auth.email.change", ann, {{"password", kPassword}, {"new_email", "new@example.com"}});
  t.call("auth.email.confirm", Actor::anonymous(), {{"token", t.mailed_token("new@example.com")}});
  CHECK(t.call("profile.get", ann)["email"] == "new@example.com");
  CHECK_NOTHROW(t.login("new@example.com"));
}

TEST_CASE("a blocked account's email-change link does nothing until it is unblocked") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  const auto ann_id = t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  t.call("auth.email.change", ann, {{"password", kPassword}, {"new_email", "new@example.com"}});
  const auto link = t.mailed_token("new@example.com");
  t.call("users.block", admin, {{"user_id", ann_id}});
  CHECK(error_of([&] { t.call("auth.email.confirm", Actor::anonymous(), {{"token", link}}); }) ==
        ErrorCode::permission_denied);
  CHECK(t.call("users.get", admin, {{"user_id", ann_id}})["email"] == "ann@example.com");
  t.call("users.unblock", admin, {{"user_id", ann_id}});
  t.call("auth.email.confirm", Actor::anonymous(), {{"token", link}});  // not spent by the refusal
  CHECK(t.call("users.get", admin, {{"user_id", ann_id}})["email"] == "new@example.com");
}

TEST_CASE("re-authentication shares the sign-in throttle: guessing the password through a change is slowed too") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  int refused = 0, limited = 0;
  for (int i = 0; i < 8; ++i) {
    auto code = error_of([&] {
      t.call("auth.password.change", ann, {{"current_password", "guess number " + std::to_string(i)},
                                           {"new_password", "a fresh passphrase here"}});
    });
    refused += code == ErrorCode::invalid_argument;
    limited += code == ErrorCode::rate_limited;
  }
  CHECK(refused == 6);  // five free failures and the sixth that starts the delay
  CHECK(limited == 2);
  // Even the right password waits; the failures also slow sign-in.
  CHECK(error_of([&] {
          t.call("auth.password.change", ann, {{"current_password", kPassword}, {"new_password", "a fresh passphrase here"}});
        }) == ErrorCode::rate_limited);
  CHECK(error_of([&] { t.login("ann@example.com"); }) == ErrorCode::rate_limited);
  t.clock->advance(16 * kMinuteMs);
  CHECK_NOTHROW(t.call("auth.password.change", ann,
                       {{"current_password", kPassword}, {"new_password", "a fresh passphrase here"}}));
}

TEST_CASE("a request read in one snapshot still records that the session is in use") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto tokens = t.login("ann@example.com");
  t.clock->advance(5 * kMinuteMs);
  const auto used_at = t.clock->now_ms();
  {
    storage::Snapshot snapshot(t.platform->database());  // as the HTTP mode reads GET /v1/me
    const Actor ann = t.platform->authenticate(tokens["access_token"].get<std::string>());
    t.call("profile.get", ann, {});
    snapshot.commit();
  }
  // Within the minute, reading the list records no newer use: it shows the snapshot's.
  t.clock->advance(kMinuteMs / 2);
  const auto sessions = t.call("sessions.list", t.actor_of(tokens), {});
  CHECK(sessions["items"][0]["last_seen_at"] == format_utc(used_at));
}

// Who may call auth.* and sessions.*: permit/deny tables through the registry. Sign-up and
// the links in mail are open to anyone, since the token or the password is the proof; the
// rest acts on the caller's own account only, whoever the caller is.
#include "accounts/totp.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;
using OwnerData = PermitWorld::OwnerData;

namespace {

// A wrong password counts against the account that gave it (and a failed sign-in is audited):
// the only trace a refused re-authentication or sign-in may leave.
const std::set<std::string> kFailureCounter{"login_throttle"};
const std::set<std::string> kFailedSignIn{"login_throttle", "audit_log"};

// Shaped like a real token (43 base64url characters) but issued to nobody.
const std::string kMadeUpToken(43, 'A');

constexpr const char* kNewPassword = "a brand new passphrase of hers";

Json credentials(const std::string& email, const std::string& password) {
  return {{"email", email}, {"password", password}};
}

Json reset_with(const std::string& token, const std::string& password) {
  return {{"token", token}, {"password", password}};
}

bool signs_in(TestPlatform& t, const std::string& email, const std::string& password) {
  return !error_of([&] { t.login(email, password); });
}

bool session_live(TestPlatform& t, const Json& tokens) { return !error_of([&] { t.actor_of(tokens); }); }

}  // namespace

TEST_CASE("permit table: auth.register, auth.verify_email, auth.verify_email.resend") {
  TestPlatform t;
  PermitWorld w(t);
  t.call("auth.register", w.anonymous, {{"email", "carl@example.com"}, {"password", kPassword}});
  const auto carl_link = t.mailed_token("carl@example.com");
  t.call("auth.password_reset.request", w.anonymous, {{"email", "ann@example.com"}});
  const auto ann_reset_link = t.mailed_token("ann@example.com");

  const std::vector<PermitRow> table{
      // Open to anyone; an address with an account gets the same answer, and its password stays.
      {"auth.register", credentials("ann@example.com", "another passphrase for her"), &w.ann, {}},
      {"auth.register", credentials("ann@example.com", "bob would like her to have this"), &w.bob, {}},
      {"auth.register", credentials("ann@example.com", "the admin picked this one"), &w.admin, {}},
      {"auth.register", credentials("dora@example.com", kPassword), &w.anonymous, {}},
      {"auth.register", credentials("erik@example.com", kPassword), &w.system, {}},
      // The link is the proof, whoever presents it; a link for another purpose or a made-up one is not.
      {"auth.verify_email", {{"token", ann_reset_link}}, &w.ann, ErrorCode::invalid_argument},
      {"auth.verify_email", {{"token", kMadeUpToken}}, &w.bob, ErrorCode::invalid_argument},
      {"auth.verify_email", {{"token", kMadeUpToken}}, &w.admin, ErrorCode::invalid_argument},
      {"auth.verify_email", {{"token", kMadeUpToken}}, &w.system, ErrorCode::invalid_argument},
      {"auth.verify_email", {{"token", carl_link}}, &w.anonymous, {}},
      {"auth.verify_email", {{"token", carl_link}}, &w.bob, ErrorCode::invalid_argument},  // used once
      // Same answer for every address; a link goes only to a pending one, never to the caller.
      {"auth.verify_email.resend", {{"email", "ann@example.com"}}, &w.ann, {}},
      {"auth.verify_email.resend", {{"email", "ann@example.com"}}, &w.bob, {}},
      {"auth.verify_email.resend", {{"email", "ann@example.com"}}, &w.admin, {}},
      {"auth.verify_email.resend", {{"email", "nobody@example.com"}}, &w.system, {}},
      {"auth.verify_email.resend", {{"email", "dora@example.com"}}, &w.anonymous, {}},
  };
  w.check(table);

  // Three "someone tried to register your address" mails, no link in any; the reset link still works.
  auto ann_mail = t.take_mail("ann@example.com");
  CHECK(ann_mail.size() == 3);
  for (const auto& body : ann_mail) CHECK(body.find("token=") == std::string::npos);
  for (const char* caller : {"bob@example.com", "root@example.com"}) CHECK(t.take_mail(caller).empty());
  CHECK(signs_in(t, "ann@example.com", kOwnerPassword));
  CHECK_FALSE(signs_in(t, "ann@example.com", "bob would like her to have this"));
  CHECK(t.call("users.get", w.admin, {{"user_id", w.ann_id}})["status"] == "active");
  // A resend for an active or unknown address changes nothing at all.
  CHECK(changes_made_by(t, [&] { t.call("auth.verify_email.resend", w.bob, {{"email", "ann@example.com"}}); })
            .empty());
  CHECK(changes_made_by(t, [&] { t.call("auth.verify_email.resend", w.bob, {{"email", "zed@example.com"}}); })
            .empty());
  CHECK(t.take_mail("dora@example.com").size() == 2);  // the first link and the resent one
  CHECK(signs_in(t, "carl@example.com", kPassword));
  const auto reset = reset_with(ann_reset_link, kNewPassword);
  CHECK(t.call("auth.password_reset.confirm", w.anonymous, reset)["status"] == "password_changed");
}

TEST_CASE("permit table: auth.login, auth.refresh, auth.logout") {
  TestPlatform t;
  PermitWorld w(t);
  auto dave_id = t.make_user("dave@example.com");
  t.call("users.block", w.admin, {{"user_id", dave_id}});
  const auto ann_refresh = w.ann_tokens["refresh_token"].get<std::string>();
  const Json ann_access_token{{"refresh_token", w.ann_tokens["access_token"]}};
  const Json wrong_password = credentials("ann@example.com", "not her password");
  const Json blocked_dave = credentials("dave@example.com", kPassword);

  const std::vector<PermitRow> sign_in{
      // Only Ann's password opens Ann's account, whoever asks; a session proves nothing here.
      {"auth.login", credentials("ann@example.com", kPassword), &w.bob, ErrorCode::unauthenticated},
      {"auth.login", credentials("ann@example.com", kPassword), &w.admin, ErrorCode::unauthenticated},
      {"auth.login", wrong_password, &w.system, ErrorCode::unauthenticated},
      {"auth.login", wrong_password, &w.anonymous, ErrorCode::unauthenticated},
      {"auth.login", blocked_dave, &w.anonymous, ErrorCode::permission_denied},
      {"auth.login", credentials("ann@example.com", kOwnerPassword), &w.ann, {}},
      // A refresh token is a bearer secret: an access token or a made-up one renews nothing.
      {"auth.refresh", ann_access_token, &w.admin, ErrorCode::unauthenticated},
      {"auth.refresh", {{"refresh_token", kMadeUpToken}}, &w.bob, ErrorCode::unauthenticated},
      {"auth.refresh", {{"refresh_token", kMadeUpToken}}, &w.anonymous, ErrorCode::unauthenticated},
      {"auth.refresh", {{"refresh_token", kMadeUpToken}}, &w.system, ErrorCode::unauthenticated},
      {"auth.refresh", {{"refresh_token", ann_refresh}}, &w.ann, {}},
  };
  w.check(sign_in, OwnerData::untouched_by_others, kFailedSignIn);
  CHECK(t.call("sessions.list", w.ann)["items"].size() == 2);  // the world's and the table's

  // Logging out ends the caller's own session and no other.
  auto ann2_tokens = t.login("ann@example.com", kOwnerPassword);
  auto bob2_tokens = t.login("bob@example.com");
  auto admin2_tokens = t.login("root@example.com");
  const Actor ann2 = t.actor_of(ann2_tokens), bob2 = t.actor_of(bob2_tokens);
  const Actor admin2 = t.actor_of(admin2_tokens);
  const std::vector<PermitRow> logout{
      {"auth.logout", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"auth.logout", Json::object(), &w.system, ErrorCode::unauthenticated},  // as for every own-account operation
      {"auth.logout", Json::object(), &bob2, {}},
      {"auth.logout", Json::object(), &admin2, {}},
      {"auth.logout", Json::object(), &ann2, {}},
  };
  w.check(logout, OwnerData::may_change, {}, PermitCallers{&ann2, &bob2, &w.anonymous, &admin2});
  CHECK_FALSE(session_live(t, ann2_tokens));
  CHECK_FALSE(session_live(t, bob2_tokens));
  CHECK_FALSE(session_live(t, admin2_tokens));
  CHECK(session_live(t, w.ann_tokens));
}

TEST_CASE("permit table: auth.password_reset.request, auth.password_reset.confirm") {
  TestPlatform t;
  PermitWorld w(t);
  auto dave_id = t.make_user("dave@example.com");
  t.call("auth.password_reset.request", w.anonymous, {{"email", "dave@example.com"}});
  const auto dave_link = t.mailed_token("dave@example.com");
  t.call("users.block", w.admin, {{"user_id", dave_id}});
  t.call("auth.email.change", w.ann, {{"password", kOwnerPassword}, {"new_email", "ann.new@example.com"}});
  const auto email_change_link = t.mailed_token("ann.new@example.com");

  const std::vector<PermitRow> request{
      // The same answer for every address; the link goes to the address, never to the caller.
      {"auth.password_reset.request", {{"email", "ann@example.com"}}, &w.ann, {}},
      {"auth.password_reset.request", {{"email", "ann@example.com"}}, &w.bob, {}},
      {"auth.password_reset.request", {{"email", "ann@example.com"}}, &w.admin, {}},
      {"auth.password_reset.request", {{"email", "ann@example.com"}}, &w.system, {}},
      {"auth.password_reset.request", {{"email", "ann@example.com"}}, &w.anonymous, {}},
      {"auth.password_reset.request", {{"email", "nobody@example.com"}}, &w.bob, {}},
  };
  w.check(request, OwnerData::may_change);  // each request voids Ann's previous link
  for (const char* caller : {"bob@example.com", "root@example.com"}) CHECK(t.take_mail(caller).empty());
  const Json unknown_address{{"email", "zed@example.com"}};
  CHECK(changes_made_by(t, [&] { t.call("auth.password_reset.request", w.bob, unknown_address); }).empty());
  CHECK(signs_in(t, "ann@example.com", kOwnerPassword));
  const auto ann_link = t.mailed_token("ann@example.com");
  const Json made_up = reset_with(kMadeUpToken, kNewPassword);

  const std::vector<PermitRow> confirm{
      // A link for another purpose, or a made-up one.
      {"auth.password_reset.confirm", reset_with(email_change_link, kNewPassword), &w.bob,
       ErrorCode::invalid_argument},
      {"auth.password_reset.confirm", made_up, &w.admin, ErrorCode::invalid_argument},
      {"auth.password_reset.confirm", made_up, &w.system, ErrorCode::invalid_argument},
      // Blocked since the link was sent: refused, and the link stays unspent.
      {"auth.password_reset.confirm", reset_with(dave_link, kNewPassword), &w.anonymous,
       ErrorCode::permission_denied},
      {"auth.password_reset.confirm", reset_with(ann_link, kNewPassword), &w.ann, {}},
      {"auth.password_reset.confirm", reset_with(ann_link, "yet another passphrase"), &w.anonymous,
       ErrorCode::invalid_argument},  // used once
  };
  w.check(confirm, OwnerData::may_change);
  CHECK(signs_in(t, "ann@example.com", kNewPassword));
  CHECK_FALSE(signs_in(t, "ann@example.com", kOwnerPassword));
  CHECK_FALSE(session_live(t, w.ann_tokens));  // a reset ends every session
  CHECK(signs_in(t, "bob@example.com", kPassword));
  CHECK(t.platform->database().acquire()->query_i64(
            "SELECT COUNT(*) FROM one_time_tokens WHERE user_id = ? AND used_at IS NULL",
            {parse_id(IdKind::user, dave_id)}) == 1);
}

TEST_CASE("permit table: auth.password.change, auth.email.change, auth.email.confirm") {
  TestPlatform t;
  PermitWorld w(t);
  t.call("auth.password_reset.request", w.anonymous, {{"email", "ann@example.com"}});
  const auto ann_reset_link = t.mailed_token("ann@example.com");
  const Json ann_password_change{{"current_password", kOwnerPassword}, {"new_password", kNewPassword}};
  const Json ann_email_change{{"password", kOwnerPassword}, {"new_email", "ann.new@example.com"}};

  const std::vector<PermitRow> table{
      // Ann's password changes nothing on anyone else's account: each acts on the caller's own.
      {"auth.password.change", ann_password_change, &w.anonymous, ErrorCode::unauthenticated},
      {"auth.password.change", ann_password_change, &w.bob, ErrorCode::invalid_argument},
      {"auth.password.change", ann_password_change, &w.admin, ErrorCode::invalid_argument},
      {"auth.password.change", ann_password_change, &w.system, ErrorCode::unauthenticated},
      {"auth.email.change", ann_email_change, &w.anonymous, ErrorCode::unauthenticated},
      {"auth.email.change", ann_email_change, &w.bob, ErrorCode::invalid_argument},
      {"auth.email.change", ann_email_change, &w.admin, ErrorCode::invalid_argument},
      {"auth.email.change", ann_email_change, &w.system, ErrorCode::unauthenticated},
      {"auth.email.change", ann_email_change, &w.ann, {}},
      {"auth.password.change", ann_password_change, &w.ann, {}},
  };
  w.check(table, OwnerData::untouched_by_others, kFailureCounter);
  CHECK(signs_in(t, "ann@example.com", kNewPassword));
  CHECK(signs_in(t, "bob@example.com", kPassword));
  CHECK(signs_in(t, "root@example.com", kPassword));
  const auto email_link = t.mailed_token("ann.new@example.com");

  const std::vector<PermitRow> confirm{
      // A link for another purpose, a made-up one, a used one.
      {"auth.email.confirm", {{"token", ann_reset_link}}, &w.bob, ErrorCode::invalid_argument},
      {"auth.email.confirm", {{"token", kMadeUpToken}}, &w.admin, ErrorCode::invalid_argument},
      {"auth.email.confirm", {{"token", kMadeUpToken}}, &w.system, ErrorCode::invalid_argument},
      {"auth.email.confirm", {{"token", kMadeUpToken}}, &w.anonymous, ErrorCode::invalid_argument},
      {"auth.email.confirm", {{"token", email_link}}, &w.ann, {}},
      {"auth.email.confirm", {{"token", email_link}}, &w.anonymous, ErrorCode::invalid_argument},
  };
  w.check(confirm, OwnerData::may_change);
  CHECK(t.call("users.get", w.admin, {{"user_id", w.ann_id}})["email"] == "ann.new@example.com");
  CHECK(t.call("users.get", w.admin, {{"user_id", w.bob_id}})["email"] == "bob@example.com");
}

TEST_CASE("permit table: auth.totp.enroll, auth.totp.confirm, auth.totp.disable") {
  TestPlatform t;
  PermitWorld w(t);
  const Json with_ann_password{{"password", kOwnerPassword}};
  const std::vector<PermitRow> enroll{
      {"auth.totp.enroll", with_ann_password, &w.anonymous, ErrorCode::unauthenticated},
      {"auth.totp.enroll", with_ann_password, &w.bob, ErrorCode::invalid_argument},  // checked against Bob's
      {"auth.totp.enroll", with_ann_password, &w.admin, ErrorCode::invalid_argument},
      {"auth.totp.enroll", with_ann_password, &w.system, ErrorCode::unauthenticated},
      {"auth.totp.enroll", with_ann_password, &w.ann, {}},
  };
  w.check(enroll, OwnerData::untouched_by_others, kFailureCounter);
  // Enrolling again before confirming replaces the secret: this one is the secret to confirm.
  const auto secret = t.call("auth.totp.enroll", w.ann, with_ann_password)["secret"].get<std::string>();

  const Json ann_code{{"code", accounts::totp_code(secret, t.clock->now_ms())}};
  const std::vector<PermitRow> confirm{
      {"auth.totp.confirm", ann_code, &w.anonymous, ErrorCode::unauthenticated},
      {"auth.totp.confirm", ann_code, &w.bob, ErrorCode::failed_precondition},  // he has not enrolled
      {"auth.totp.confirm", ann_code, &w.admin, ErrorCode::failed_precondition},
      {"auth.totp.confirm", ann_code, &w.system, ErrorCode::unauthenticated},
      {"auth.totp.confirm", ann_code, &w.ann, {}},
  };
  w.check(confirm);
  CHECK(t.call("users.get", w.admin, {{"user_id", w.ann_id}})["two_factor"] == true);
  CHECK(t.call("users.get", w.admin, {{"user_id", w.bob_id}})["two_factor"] == false);

  t.clock->advance(30 * kSecondMs);
  const Json ann_password_and_code{{"password", kOwnerPassword},
                                   {"code", accounts::totp_code(secret, t.clock->now_ms())}};
  const std::vector<PermitRow> disable{
      {"auth.totp.disable", ann_password_and_code, &w.anonymous, ErrorCode::unauthenticated},
      {"auth.totp.disable", ann_password_and_code, &w.bob, ErrorCode::failed_precondition},  // his is not on
      {"auth.totp.disable", ann_password_and_code, &w.admin, ErrorCode::failed_precondition},
      {"auth.totp.disable", ann_password_and_code, &w.system, ErrorCode::unauthenticated},
      {"auth.totp.disable", ann_password_and_code, &w.ann, {}},
  };
  w.check(disable);
  CHECK(t.call("users.get", w.admin, {{"user_id", w.ann_id}})["two_factor"] == false);
}

TEST_CASE("permit table: sessions.list, sessions.revoke, sessions.revoke_others") {
  TestPlatform t;
  PermitWorld w(t);
  auto ann2_tokens = t.login("ann@example.com", kOwnerPassword);
  const auto ann_session = w.ann_tokens["session_id"].get<std::string>();
  const auto ann2_session = ann2_tokens["session_id"].get<std::string>();

  const std::vector<PermitRow> list{
      {"sessions.list", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"sessions.list", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"sessions.list", Json::object(), &w.bob, {}},
      {"sessions.list", Json::object(), &w.admin, {}},
      {"sessions.list", Json::object(), &w.ann, {}},
  };
  w.check(list);
  auto session_ids = [&](const Actor& who) {
    std::set<std::string> ids;
    const auto page = t.call("sessions.list", who);
    for (const auto& s : page["items"]) ids.insert(s["id"].get<std::string>());
    return ids;
  };
  CHECK(session_ids(w.ann) == std::set<std::string>{ann_session, ann2_session});
  for (const Actor* other : {&w.bob, &w.admin}) {
    CHECK(session_ids(*other).count(ann_session) == 0);
    CHECK(session_ids(*other).size() == 1);
  }
  // Ann's cursor, in anyone else's hands, pages through their own sessions only.
  const auto anns_page = t.call("sessions.list", w.ann, {{"limit", 1}});
  REQUIRE(anns_page["next_cursor"].is_string());
  const Json anns_cursor{{"cursor", anns_page["next_cursor"]}};
  const std::vector<PermitRow> paged{
      {"sessions.list", anns_cursor, &w.anonymous, ErrorCode::unauthenticated},
      {"sessions.list", anns_cursor, &w.system, ErrorCode::unauthenticated},
      {"sessions.list", anns_cursor, &w.bob, {}},
      {"sessions.list", anns_cursor, &w.admin, {}},
      {"sessions.list", anns_cursor, &w.ann, {}},
  };
  w.check(paged);
  CHECK(t.call("sessions.list", w.ann, anns_cursor)["items"][0]["id"] == ann2_session);
  for (const Actor* other : {&w.bob, &w.admin, &w.coach}) {
    const auto page = t.call("sessions.list", *other, anns_cursor);
    for (const auto& s : page["items"]) CHECK(s["id"] != ann2_session);
  }

  // Someone else's session is not found: its existence is not theirs to learn.
  const Json ann2{{"session_id", ann2_session}};
  const std::vector<PermitRow> revoke{
      {"sessions.revoke", ann2, &w.anonymous, ErrorCode::unauthenticated},
      {"sessions.revoke", ann2, &w.bob, ErrorCode::not_found},
      {"sessions.revoke", ann2, &w.admin, ErrorCode::not_found},
      {"sessions.revoke", ann2, &w.coach, ErrorCode::not_found},
      {"sessions.revoke", ann2, &w.system, ErrorCode::unauthenticated},
      {"sessions.revoke", ann2, &w.ann, {}},
      {"sessions.revoke", ann2, &w.ann, ErrorCode::not_found},  // already ended
  };
  w.check(revoke);
  CHECK_FALSE(session_live(t, ann2_tokens));
  CHECK(session_live(t, w.ann_tokens));
  CHECK(error_message(t, "sessions.revoke", w.bob, {{"session_id", ann_session}}) ==
        error_message(t, "sessions.revoke", w.bob, {{"session_id", format_id(IdKind::session, 1234567)}}));

  // Ann's own call ends her other session; Bob's and the admin's then leave her current one alone.
  auto ann3_tokens = t.login("ann@example.com", kOwnerPassword);
  const std::vector<PermitRow> revoke_others{
      {"sessions.revoke_others", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"sessions.revoke_others", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"sessions.revoke_others", Json::object(), &w.ann, {}},
      {"sessions.revoke_others", Json::object(), &w.bob, {}},
      {"sessions.revoke_others", Json::object(), &w.admin, {}},
  };
  w.check(revoke_others);
  CHECK_FALSE(session_live(t, ann3_tokens));
  CHECK(session_live(t, w.ann_tokens));
}

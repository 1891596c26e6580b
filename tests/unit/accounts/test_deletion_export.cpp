// Deleting an account (by its owner and by an admin) and exporting one's data.
#include <regex>

#include "accounts/totp.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;
using namespace std::string_literals;

namespace {

const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;
constexpr const char* kPhone = "+15551234567";

std::int64_t count(TestPlatform& t, const std::string& sql, std::int64_t user) {
  return t.platform->database().acquire()->query_i64(sql, {user}).value_or(-1);
}

// The six digits of the newest SMS to `to`, after delivering the outbox.
std::string sms_code(TestPlatform& t, const std::string& to) {
  t.platform->outbox().deliver_due(1000);
  std::string newest_name, code;
  for (const auto& entry : std::filesystem::directory_iterator(t.dir / "sms")) {
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    std::smatch m;
    static const std::regex re("\\b([0-9]{6})\\b");
    const std::string body = text.substr(text.find("\n\n") + 2);
    if (text.rfind("To: " + to + "\n", 0) == 0 && entry.path().filename().string() > newest_name &&
        std::regex_search(body, m, re)) {
      newest_name = entry.path().filename().string();
      code = m[1];
    }
  }
  REQUIRE(!code.empty());
  return code;
}

// Ann with something in every table that deletion must empty.
struct Ann {
  std::string id;
  std::int64_t raw_id = 0;
  Json tokens, other_tokens;
  Actor actor;
};

Ann full_account(TestPlatform& t, Actor& admin) {
  Ann a;
  a.id = t.make_user("ann@example.com", "annie");
  a.raw_id = parse_id(IdKind::user, a.id);
  auto coach_id = t.make_user("coach@example.com");
  t.call("users.roles.grant", admin, {{"user_id", coach_id}, {"role", "coach"}});
  t.call("users.roles.grant", admin, {{"user_id", a.id}, {"role", "organizer"}});
  a.other_tokens = t.login("ann@example.com");
  a.tokens = t.login("ann@example.com");
  a.actor = t.actor_of(a.tokens);
  t.call("profile.update", a.actor,
         {{"first_name", "Ann"}, {"last_name", "Lee"}, {"city", "Oslo"}, {"birth_date", "1990-05-01"},
          {"weight_kg", 60}, {"medical_notes", "old knee injury"}, {"about", "runner"}, {"interests", {"running"}}});
  t.call("profile.medical_access.grant", a.actor, {{"coach_id", coach_id}});
  t.call("metrics.record", a.actor, {{"date", "2025-12-31"}, {"weight_kg", 60}, {"resting_hr", 55}});
  t.call("profile.avatar.set", a.actor, {{"image_base64", crypto::base64_encode(kPng)}});
  t.call("phone.verify.start", a.actor, {{"phone", kPhone}});
  t.call("phone.verify.confirm", a.actor, {{"code", sms_code(t, kPhone)}});
  t.call("notifications.preferences.set", a.actor, {{"type", "marketing"}, {"channel", "email"}, {"enabled", true}});
  t.platform->database().acquire()->exec(
      "INSERT INTO notifications (id, user_id, type, title, body, created_at, updated_at)"
      " VALUES (1, ?, 'security', 'Hello', 'A notice', 1, 1)",
      {a.raw_id});
  t.take_mail("ann@example.com");
  // A live reset token, its mail still in the outbox.
  t.call("auth.password_reset.request", Actor::anonymous(), {{"email", "ann@example.com"}});
  return a;
}

const std::vector<const char*> kEmptiedTables{
    "SELECT COUNT(*) FROM sessions WHERE user_id = ?",
    "SELECT COUNT(*) FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id WHERE s.user_id = ?",
    "SELECT COUNT(*) FROM one_time_tokens WHERE user_id = ?",
    "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?",
    "SELECT COUNT(*) FROM phone_verifications WHERE user_id = ?",
    "SELECT COUNT(*) FROM notifications WHERE user_id = ?",
    "SELECT COUNT(*) FROM notification_preferences WHERE user_id = ?",
    "SELECT COUNT(*) FROM user_metrics WHERE user_id = ?",
    "SELECT COUNT(*) FROM medical_access WHERE ? IN (user_id, coach_id)",
    "SELECT COUNT(*) FROM user_roles WHERE user_id = ?",
};

void check_erased(TestPlatform& t, const Ann& a) {
  for (const char* sql : kEmptiedTables) {
    CAPTURE(sql);
    CHECK(count(t, sql, a.raw_id) == 0);
  }
  {
    auto c = t.platform->database().acquire();  // released before count() takes it again
    int rows_seen = 0;
    c->query("SELECT email, password_hash, phone, phone_verified_at, totp_secret, totp_enabled_at, status, deleted_at"
             " FROM users WHERE id = ?",
             {a.raw_id}, [&](const storage::Row& r) {
               for (int i = 0; i < 6; ++i) CHECK(r.is_null(i));
               CHECK(r.text(6) == "deleted");
               CHECK(r.i64(7) == t.clock->now_ms());
               ++rows_seen;
             });
    c->query("SELECT first_name, last_name, nickname, nickname_key, gender, birth_date, city, about, height_cm,"
             " weight_kg, goal, level, medical_notes, avatar_type, interests FROM profiles WHERE user_id = ?",
             {a.raw_id}, [&](const storage::Row& r) {
               for (int i = 0; i < 14; ++i) CHECK(r.is_null(i));
               CHECK(r.text(14) == "[]");
               ++rows_seen;
             });
    CHECK(rows_seen == 2);
  }
  CHECK_FALSE(std::filesystem::exists(t.dir / "blobs" / "avatars" / a.id));
  // The id still resolves in the audit log.
  CHECK(count(t, "SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND event = 'user.deleted'", a.raw_id) == 1);
  CHECK(count(t, "SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND event = 'user.registered'", a.raw_id) == 1);
}

}  // namespace

TEST_CASE("deleting my account: re-authentication, everything personal gone, the id kept") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  t.make_user("bob@example.com");
  auto bob = t.actor_of(t.login("bob@example.com"));
  auto a = full_account(t, admin);
  // A wrong password deletes nothing.
  CHECK(error_of([&] { t.call("account.delete", a.actor, {{"password", "not my password at all"}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("account.delete", a.actor); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("account.delete", Actor::anonymous(), {{"password", kPassword}}); }) ==
        ErrorCode::unauthenticated);
  CHECK(t.call("profile.get", a.actor)["profile"]["first_name"] == "Ann");
  CHECK(count(t, "SELECT COUNT(*) FROM user_metrics WHERE user_id = ?", a.raw_id) == 1);

  CHECK(t.call("account.delete", a.actor, {{"password", kPassword}})["status"] == "deleted");
  check_erased(t, a);
  // Every session ended at once.
  CHECK(error_of([&] { t.actor_of(a.tokens); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.actor_of(a.other_tokens); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.call("auth.refresh", Actor::anonymous(), {{"refresh_token", a.other_tokens["refresh_token"]}}); }) ==
        ErrorCode::unauthenticated);
  // Sign-in fails exactly as for an address nobody has.
  std::string deleted, unknown;
  try {
    t.login("ann@example.com");
  } catch (const Error& e) {
    deleted = std::string(to_string(e.code())) + e.what() + e.field();
  }
  try {
    t.login("nobody@example.com");
  } catch (const Error& e) {
    unknown = std::string(to_string(e.code())) + e.what() + e.field();
  }
  CHECK(!deleted.empty());
  CHECK(deleted == unknown);
  // Nobody sees the profile or the avatar any more.
  for (const Actor* viewer : {&bob, &admin}) {
    CHECK(error_of([&] { t.call("profiles.get", *viewer, {{"user_id", a.id}}); }) == ErrorCode::not_found);
    CHECK(error_of([&] { t.call("profile.avatar.get", *viewer, {{"user_id", a.id}}); }) == ErrorCode::not_found);
  }
  CHECK(error_of([&] { t.call("users.get", admin, {{"user_id", a.id}}); }) == ErrorCode::not_found);
  CHECK(t.call("users.list", admin, {{"status", "deleted"}})["items"].size() == 1);
  CHECK(error_of([&] { t.platform->act_as(a.id); }) == ErrorCode::not_found);
  // The owner of the mailbox is told; the pending reset link is never sent.
  auto mails = t.take_mail("ann@example.com");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].find("personal data in it were deleted") != std::string::npos);
  // The address and the nickname are free again, for a new, separate account.
  auto again = t.make_user("ann@example.com", "annie");
  CHECK(again != a.id);
  auto fresh = t.actor_of(t.login("ann@example.com"));
  CHECK(t.call("profile.get", fresh)["profile"]["first_name"].is_null());
  CHECK(t.call("metrics.list", fresh)["items"].empty());
  CHECK(t.call("profile.get", fresh)["phone"].is_null());
}

TEST_CASE("with two-factor sign-in on, deleting the account also needs a code") {
  TestPlatform t;
  auto id = t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto secret = t.call("auth.totp.enroll", ann, {{"password", kPassword}})["secret"].get<std::string>();
  auto recovery = t.call("auth.totp.confirm", ann, {{"code", accounts::totp_code(secret, t.clock->now_ms())}});
  t.clock->advance(30 * kSecondMs);
  CHECK(error_of([&] { t.call("account.delete", ann, {{"password", kPassword}}); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("account.delete", ann, {{"password", kPassword}, {"code", "000000"}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(error_of([&] {
          t.call("account.delete", ann, {{"password", "wrong"}, {"code", accounts::totp_code(secret, t.clock->now_ms())}});
        }) == ErrorCode::invalid_argument);
  CHECK(t.call("profile.get", ann)["status"] == "active");
  SUBCASE("with the authenticator's code") {
    t.call("account.delete", ann, {{"password", kPassword}, {"code", accounts::totp_code(secret, t.clock->now_ms())}});
  }
  SUBCASE("with a recovery code") {
    t.call("account.delete", ann, {{"password", kPassword}, {"code", recovery["recovery_codes"][3]}});
  }
  CHECK(count(t, "SELECT COUNT(*) FROM users WHERE id = ? AND status = 'deleted' AND totp_secret IS NULL",
              parse_id(IdKind::user, id)) == 1);
  CHECK(count(t, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?", parse_id(IdKind::user, id)) == 0);
}

TEST_CASE("admins delete other accounts: a permit/deny table") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  auto bob_id = t.make_user("bob@example.com");
  auto carl_id = t.make_user("carl@example.com");
  auto a = full_account(t, admin);
  auto bob = t.actor_of(t.login("bob@example.com"));
  const Actor anon = Actor::anonymous();
  const auto admin_id = format_id(IdKind::user, admin.user_id);
  const std::vector<PermitRow> table{
      {"users.delete", {{"user_id", a.id}}, &anon, ErrorCode::unauthenticated},
      {"users.delete", {{"user_id", a.id}}, &bob, ErrorCode::permission_denied},
      {"users.delete", {{"user_id", bob_id}}, &bob, ErrorCode::permission_denied},  // not even oneself: account.delete is for that
      {"users.delete", {{"user_id", admin_id}}, &admin, ErrorCode::permission_denied},
      {"users.delete", {{"user_id", format_id(IdKind::user, 1234567)}}, &admin, ErrorCode::not_found},
      {"users.delete", {{"user_id", a.id}}, &admin, std::nullopt},
      {"users.delete", {{"user_id", a.id}}, &admin, ErrorCode::not_found},  // already deleted
  };
  check_permits(t, table);
  check_erased(t, a);
  CHECK(error_of([&] { t.actor_of(a.tokens); }) == ErrorCode::unauthenticated);
  // Others are untouched.
  CHECK(t.call("users.get", admin, {{"user_id", carl_id}})["status"] == "active");
  CHECK(t.call("profile.get", bob)["email"] == "bob@example.com");
  // The system (fitctl --as system) may delete too.
  CHECK(t.call("users.delete", Actor::system(), {{"user_id", carl_id}})["status"] == "deleted");
  auto audit = t.call("audit.list", admin, {{"user_id", a.id}})["items"];
  CHECK(audit.back()["event"] == "user.deleted");
  CHECK(audit.back()["actor_id"] == admin_id);
  CHECK(audit.back()["detail"]["by"] == "admin");
}

TEST_CASE("export: all my data in one document, and no secrets") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  t.make_user("bob@example.com");
  auto a = full_account(t, admin);
  auto bob = t.actor_of(t.login("bob@example.com"));
  CHECK(error_of([&] { t.call("account.export", Actor::anonymous()); }) == ErrorCode::unauthenticated);

  auto doc = t.call("account.export", a.actor);
  CHECK(doc["format"] == "fitkit-account-export");
  CHECK(doc["version"] == 1);
  CHECK(doc["account"]["id"] == a.id);
  CHECK(doc["account"]["email"] == "ann@example.com");
  CHECK(doc["account"]["phone"] == kPhone);
  CHECK(doc["account"]["roles"] == Json::array({"user", "organizer"}));
  CHECK(doc["profile"]["nickname"] == "annie");
  CHECK(doc["profile"]["birth_date"] == "1990-05-01");
  CHECK(doc["profile"]["medical_notes"] == "old knee injury");
  CHECK(doc["profile"]["avatar_type"] == "image/png");
  CHECK(doc["avatar"]["image_base64"] == crypto::base64_encode(kPng));
  REQUIRE(doc["metrics"].size() == 1);
  CHECK(doc["metrics"][0] == Json{{"date", "2025-12-31"}, {"weight_kg", 60.0}, {"height_cm", nullptr},
                                  {"resting_hr", 55}, {"recorded_at", "2026-01-01T00:00:00.000Z"}});
  CHECK(doc["sessions"].size() == 2);
  CHECK(doc["notifications"].size() == 1);
  CHECK(doc["notifications"][0]["title"] == "Hello");
  bool marketing_on = false;
  for (auto& p : doc["notification_preferences"])
    if (p["type"] == "marketing" && p["channel"] == "email") marketing_on = p["enabled"].get<bool>();
  CHECK(marketing_on);
  REQUIRE(doc["medical_access"].size() == 1);
  std::vector<std::string> events;
  for (auto& e : doc["audit_events"]) events.push_back(e["event"]);
  for (const char* expected : {"user.registered", "login.succeeded", "phone.verified", "medical_access.granted"})
    CHECK(std::find(events.begin(), events.end(), expected) != events.end());

  // No secret of any kind, and nothing of anyone else.
  const auto text = doc.dump();
  for (const char* forbidden : {"password_hash", "$argon2", "secret", "token_hash", "code_hash", "bob@example.com",
                                "root@example.com"}) {
    CAPTURE(forbidden);
    CHECK(text.find(forbidden) == std::string::npos);
  }
  for (const auto& tokens : {a.tokens, a.other_tokens}) {
    const auto refresh = tokens["refresh_token"].get<std::string>();
    CHECK(text.find(refresh) == std::string::npos);
    CHECK(text.find(crypto::sha256_hex(refresh)) == std::string::npos);
  }
  // Bob's export is Bob's.
  auto bobs = t.call("account.export", bob);
  CHECK(bobs["account"]["email"] == "bob@example.com");
  CHECK(bobs.dump().find("ann@example.com") == std::string::npos);
  CHECK(bobs["metrics"].empty());
  CHECK(bobs["avatar"].is_null());
  // Exporting is recorded.
  CHECK(count(t, "SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND event = 'user.exported'", a.raw_id) == 1);
}

TEST_CASE("export: what others did to my account says that someone did, not who or from where") {
  TestPlatform t;
  t.make_admin("root@example.com");
  auto admin = t.actor_of(t.login("root@example.com", kPassword, Origin{"203.0.113.9", "admin-console"}));
  const auto ann_id = t.make_user("ann@example.com");
  const auto bob_id = t.make_user("bob@example.com");
  auto ann = t.actor_of(t.login("ann@example.com", kPassword, Origin{"192.0.2.10", "ann-phone"}));
  auto bob = t.actor_of(t.login("bob@example.com", kPassword, Origin{"198.51.100.7", "bob-laptop"}));
  t.call("users.roles.grant", admin, {{"user_id", ann_id}, {"role", "coach"}});
  // Bob, signed in, tries Ann's address; then someone without an account does.
  Actor bob_trying = bob;
  bob_trying.origin = Origin{"198.51.100.7", "bob-laptop"};
  CHECK(error_of([&] {
          t.call("auth.login", bob_trying, {{"email", "ann@example.com"}, {"password", "not her password at all"}});
        }) == ErrorCode::unauthenticated);
  t.clock->advance(kDayMs);  // past the throttle's delay
  CHECK(error_of([&] {
          t.login("ann@example.com", "not her password either, sorry", Origin{"192.0.2.99", "someone"});
        }) == ErrorCode::unauthenticated);

  const auto doc = t.call("account.export", ann);
  const auto text = doc.dump();
  for (const std::string& theirs : {format_id(IdKind::user, admin.user_id), bob_id, std::string("203.0.113.9"),
                                    std::string("198.51.100.7")}) {
    CAPTURE(theirs);
    CHECK(text.find(theirs) == std::string::npos);
  }
  bool saw_grant = false, saw_own_login = false, saw_anonymous_attempt = false, saw_own_export = false;
  for (const auto& e : doc["audit_events"]) {
    if (e["event"] == "role.granted") {
      saw_grant = true;
      CHECK(e["by"] == "another_account");
      CHECK(e["actor_id"].is_null());
      CHECK(e["ip"].is_null());
    }
    // A sign-in is made before any account acts: by no account, from its address.
    if (e["event"] == "login.succeeded" && e["ip"] == "192.0.2.10") saw_own_login = e["by"] == "no_account";
    if (e["event"] == "login.failed" && e["ip"] == "192.0.2.99") saw_anonymous_attempt = e["by"] == "no_account";
  }
  const auto second = t.call("account.export", ann);  // holds the first export's event
  for (const auto& e : second["audit_events"])
    if (e["event"] == "user.exported") saw_own_export = e["by"] == "you" && e["actor_id"] == ann_id;
  CHECK(saw_grant);
  CHECK(saw_own_login);
  CHECK(saw_own_export);
  CHECK(saw_anonymous_attempt);
}

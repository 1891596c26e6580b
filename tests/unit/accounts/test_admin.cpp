// Account administration: the first admin, roles, blocking, the audit log — as permit/deny tables.
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("the first admin is created by the system; no default account exists") {
  TestPlatform t;
  CHECK(t.platform->database().acquire()->query_i64("SELECT COUNT(*) FROM users") == 0);
  auto admin = t.make_admin("root@example.com");
  CHECK(admin.has_role(Role::admin));
  auto me = t.call("profile.get", admin);
  CHECK(me["status"] == "active");
  CHECK(me["roles"] == Json::array({"user", "admin"}));
}

TEST_CASE("who may administer accounts: a permit/deny table") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto bob_id = t.make_user("bob@example.com");
  auto admin = t.make_admin("root@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  const Actor anon = Actor::anonymous();

  const std::vector<PermitRow> table{
      {"users.get", {{"user_id", ann_id}}, &ann, std::nullopt},  // oneself
      {"users.get", {{"user_id", ann_id}}, &bob, ErrorCode::not_found},  // another user
      {"users.get", {{"user_id", ann_id}}, &anon, ErrorCode::unauthenticated},
      {"users.get", {{"user_id", ann_id}}, &admin, std::nullopt},
      {"users.list", Json::object(), &ann, ErrorCode::permission_denied},
      {"users.list", Json::object(), &anon, ErrorCode::unauthenticated},
      {"users.list", Json::object(), &admin, std::nullopt},
      {"users.roles.grant", {{"user_id", ann_id}, {"role", "admin"}}, &ann, ErrorCode::permission_denied},
      {"users.roles.grant", {{"user_id", bob_id}, {"role", "coach"}}, &ann, ErrorCode::permission_denied},
      {"users.roles.grant", {{"user_id", bob_id}, {"role", "coach"}}, &anon, ErrorCode::unauthenticated},
      {"users.roles.grant", {{"user_id", bob_id}, {"role", "coach"}}, &admin, std::nullopt},
      {"users.roles.grant", {{"user_id", bob_id}, {"role", "wizard"}}, &admin, ErrorCode::invalid_argument},
      {"users.create", {{"email", "x@example.com"}, {"password", kPassword}}, &ann, ErrorCode::permission_denied},
      {"users.create", {{"email", "x@example.com"}, {"password", kPassword}}, &admin, std::nullopt},
      {"users.create", {{"email", "x@example.com"}, {"password", kPassword}}, &admin, ErrorCode::already_exists},
      {"audit.list", Json::object(), &ann, ErrorCode::permission_denied},
      {"audit.list", Json::object(), &admin, std::nullopt},
      {"users.block", {{"user_id", bob_id}}, &ann, ErrorCode::permission_denied},
      {"users.block", {{"user_id", format_id(IdKind::user, admin.user_id)}}, &admin, ErrorCode::permission_denied},
      {"users.roles.revoke", {{"user_id", format_id(IdKind::user, admin.user_id)}, {"role", "admin"}}, &admin,
       ErrorCode::permission_denied},
      {"users.delete", {{"user_id", bob_id}}, &ann, ErrorCode::permission_denied},
      {"users.delete", {{"user_id", bob_id}}, &anon, ErrorCode::unauthenticated},
      {"users.delete", {{"user_id", format_id(IdKind::user, admin.user_id)}}, &admin, ErrorCode::permission_denied},
  };
  check_permits(t, table);
  CHECK(t.call("users.get", admin, {{"user_id", bob_id}})["roles"] == Json::array({"user", "coach"}));
  CHECK(t.call("users.get", admin, {{"user_id", ann_id}})["roles"] == Json::array({"user"}));
}

TEST_CASE("blocking ends the sessions at once and stops sign-in; unblocking restores it") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto admin = t.make_admin("root@example.com");
  auto tokens = t.login("ann@example.com");
  t.call("users.block", admin, {{"user_id", ann_id}});
  CHECK(error_of([&] { t.actor_of(tokens); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.login("ann@example.com"); }) == ErrorCode::permission_denied);
  CHECK(t.call("users.list", admin, {{"status", "blocked"}})["items"].size() == 1);
  t.call("users.unblock", admin, {{"user_id", ann_id}});
  CHECK_NOTHROW(t.login("ann@example.com"));
}

TEST_CASE("the audit log records security events without secrets") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto admin = t.make_admin("root@example.com");
  (void)error_of([&] { t.login("ann@example.com", "wrong password here"); });
  t.login("ann@example.com");
  t.call("users.roles.grant", admin, {{"user_id", ann_id}, {"role", "coach"}});
  auto items = t.call("audit.list", admin, {{"user_id", ann_id}})["items"];
  std::vector<std::string> events;
  for (auto& e : items) events.push_back(e["event"]);
  CHECK(events == std::vector<std::string>{"user.registered", "user.email_verified", "login.failed",
                                           "login.succeeded", "role.granted"});
  CHECK(items.back()["detail"]["role"] == "coach");
  // Nothing secret anywhere in the log.
  auto all = t.call("audit.list", admin, {{"limit", 200}}).dump();
  CHECK(all.find(kPassword) == std::string::npos);
  CHECK(all.find("wrong password here") == std::string::npos);
  // Paging with the cursor.
  auto page = t.call("audit.list", admin, {{"limit", 2}});
  REQUIRE(page["next_cursor"].is_string());
  auto next = t.call("audit.list", admin, {{"limit", 2}, {"cursor", page["next_cursor"]}});
  CHECK(next["items"][0]["id"] != page["items"][1]["id"]);
}

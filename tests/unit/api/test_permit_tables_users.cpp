// Who may call users.*, audit.list, account.* and phone.*: permit/deny tables through the
// registry. Administration is for admins and the system; an account that is not one's own is
// not found by a user who asks for it; one's account and phone are changed by oneself only.
#include <regex>

#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;
using OwnerData = PermitWorld::OwnerData;

namespace {

// A wrong password counts against the account that gave it: the only trace a refused
// re-authentication may leave.
const std::set<std::string> kFailureCounter{"login_throttle"};

constexpr const char* kAnnPhone = "+15551234567";

// The six digits of the SMS to `to`, after delivering the outbox.
std::string sms_code(TestPlatform& t, const std::string& to) {
  t.platform->outbox().deliver_due(1000);
  std::string code;
  for (const auto& entry : std::filesystem::directory_iterator(t.dir / "sms")) {
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    static const std::regex re("\\b([0-9]{6})\\b");
    std::smatch m;
    const std::string body = text.substr(text.find("\n\n") + 2);
    if (text.rfind("To: " + to + "\n", 0) == 0 && std::regex_search(body, m, re)) code = m[1];
    std::filesystem::remove(entry.path());
  }
  REQUIRE(!code.empty());
  return code;
}

Json user(TestPlatform& t, const std::string& id) {
  return t.call("users.get", Actor::system(), {{"user_id", id}});
}

}  // namespace

TEST_CASE("permit table: users.create, users.list, audit.list are for admins and the system") {
  TestPlatform t;
  PermitWorld w(t);
  auto new_account = [](const char* email) { return Json{{"email", email}, {"password", kPassword}}; };
  const Json about_ann{{"user_id", w.ann_id}};
  std::vector<PermitRow> table;
  for (const Actor* refused : {&w.ann, &w.bob, &w.coach, &w.moderator}) {
    table.push_back({"users.create", new_account("x@example.com"), refused, ErrorCode::permission_denied});
    table.push_back({"users.list", Json::object(), refused, ErrorCode::permission_denied});
    table.push_back({"audit.list", about_ann, refused, ErrorCode::permission_denied});  // even about oneself
  }
  for (const char* op : {"users.create", "users.list", "audit.list"})
    table.push_back({op, op == std::string("users.create") ? new_account("x@example.com") : Json::object(),
                     &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"users.create", new_account("by.admin@example.com"), &w.admin, std::nullopt});
  table.push_back({"users.create", new_account("by.system@example.com"), &w.system, std::nullopt});
  for (const Actor* allowed : {&w.admin, &w.system}) {
    table.push_back({"users.list", Json::object(), allowed, std::nullopt});
    table.push_back({"audit.list", about_ann, allowed, std::nullopt});
  }
  w.check(table);
  const auto accounts = t.call("users.list", w.admin, {{"email_prefix", "by."}})["items"];
  CHECK(accounts.size() == 2);
  CHECK(t.call("users.list", w.admin, {{"email_prefix", "x@"}})["items"].empty());

  // With an admin's cursor in hand, the next pages are still the admins' alone.
  std::vector<PermitRow> paged;
  for (const char* op : {"users.list", "audit.list"}) {
    const Json next{{"cursor", t.call(op, w.admin, {{"limit", 1}})["next_cursor"]}, {"limit", 1}};
    for (const Actor* refused : {&w.ann, &w.bob, &w.coach, &w.moderator})
      paged.push_back({op, next, refused, ErrorCode::permission_denied});
    paged.push_back({op, next, &w.anonymous, ErrorCode::unauthenticated});
    paged.push_back({op, next, &w.admin, std::nullopt});
    paged.push_back({op, next, &w.system, std::nullopt});
  }
  w.check(paged);
}

TEST_CASE("permit table: users.get — oneself or staff; to anyone else an account is not found") {
  TestPlatform t;
  PermitWorld w(t);
  const Json ann{{"user_id", w.ann_id}};
  const std::vector<PermitRow> table{
      {"users.get", ann, &w.ann, {}},
      {"users.get", ann, &w.admin, {}},
      {"users.get", ann, &w.system, {}},
      {"users.get", ann, &w.bob, ErrorCode::not_found},
      {"users.get", ann, &w.coach, ErrorCode::not_found},  // medical access is not access to the account
      {"users.get", ann, &w.moderator, ErrorCode::not_found},
      {"users.get", ann, &w.anonymous, ErrorCode::unauthenticated},
  };
  w.check(table);
  CHECK(t.call("users.get", w.ann, ann)["email"] == "ann@example.com");
  const Json nobody{{"user_id", format_id(IdKind::user, 1234567)}};
  CHECK(error_message(t, "users.get", w.bob, ann) == error_message(t, "users.get", w.bob, nobody));
}

TEST_CASE("permit table: users.block, users.unblock") {
  TestPlatform t;
  PermitWorld w(t);
  const Json ann{{"user_id", w.ann_id}};
  const std::vector<PermitRow> block{
      {"users.block", ann, &w.ann, ErrorCode::permission_denied},  // not even oneself
      {"users.block", ann, &w.bob, ErrorCode::permission_denied},
      {"users.block", ann, &w.moderator, ErrorCode::permission_denied},
      {"users.block", ann, &w.anonymous, ErrorCode::unauthenticated},
      {"users.block", {{"user_id", w.admin_id}}, &w.admin, ErrorCode::permission_denied},  // no self lock-out
      {"users.block", ann, &w.admin, {}},
      {"users.block", {{"user_id", w.bob_id}}, &w.system, {}},
  };
  w.check(block, OwnerData::may_change);
  CHECK(user(t, w.ann_id)["status"] == "blocked");
  CHECK(error_of([&] { t.actor_of(w.ann_tokens); }) == ErrorCode::unauthenticated);
  CHECK(user(t, w.admin_id)["status"] == "active");

  const std::vector<PermitRow> unblock{
      {"users.unblock", ann, &w.ann, ErrorCode::permission_denied},  // an actor from before the block
      {"users.unblock", ann, &w.coach, ErrorCode::permission_denied},
      {"users.unblock", ann, &w.moderator, ErrorCode::permission_denied},
      {"users.unblock", ann, &w.anonymous, ErrorCode::unauthenticated},
      {"users.unblock", {{"user_id", w.bob_id}}, &w.bob, ErrorCode::permission_denied},
      {"users.unblock", ann, &w.admin, {}},
      {"users.unblock", {{"user_id", w.bob_id}}, &w.system, {}},
  };
  w.check(unblock, OwnerData::may_change);
  CHECK(user(t, w.ann_id)["status"] == "active");
  CHECK(user(t, w.bob_id)["status"] == "active");
}

TEST_CASE("permit table: users.roles.grant, users.roles.revoke") {
  TestPlatform t;
  PermitWorld w(t);
  const Json ann_coach{{"user_id", w.ann_id}, {"role", "coach"}};
  const Json ann_admin{{"user_id", w.ann_id}, {"role", "admin"}};
  const Json admin_admin{{"user_id", w.admin_id}, {"role", "admin"}};
  const std::vector<PermitRow> grant{
      {"users.roles.grant", ann_admin, &w.ann, ErrorCode::permission_denied},
      {"users.roles.grant", ann_coach, &w.ann, ErrorCode::permission_denied},
      {"users.roles.grant", ann_coach, &w.bob, ErrorCode::permission_denied},
      {"users.roles.grant", ann_coach, &w.coach, ErrorCode::permission_denied},
      {"users.roles.grant", ann_coach, &w.moderator, ErrorCode::permission_denied},
      {"users.roles.grant", ann_coach, &w.anonymous, ErrorCode::unauthenticated},
      {"users.roles.grant", admin_admin, &w.admin, ErrorCode::permission_denied},
      {"users.roles.grant", ann_coach, &w.admin, {}},
      {"users.roles.grant", {{"user_id", w.bob_id}, {"role", "organizer"}}, &w.system, {}},
  };
  w.check(grant, OwnerData::may_change);
  CHECK(user(t, w.ann_id)["roles"] == Json::array({"user", "coach"}));
  CHECK(user(t, w.bob_id)["roles"] == Json::array({"user", "organizer"}));

  const std::vector<PermitRow> revoke{
      {"users.roles.revoke", ann_coach, &w.ann, ErrorCode::permission_denied},  // not even one's own role
      {"users.roles.revoke", ann_coach, &w.bob, ErrorCode::permission_denied},
      {"users.roles.revoke", ann_coach, &w.moderator, ErrorCode::permission_denied},
      {"users.roles.revoke", ann_coach, &w.anonymous, ErrorCode::unauthenticated},
      {"users.roles.revoke", admin_admin, &w.admin, ErrorCode::permission_denied},  // no self lock-out
      {"users.roles.revoke", ann_coach, &w.admin, {}},
      {"users.roles.revoke", {{"user_id", w.bob_id}, {"role", "organizer"}}, &w.system, {}},
  };
  w.check(revoke, OwnerData::may_change);
  CHECK(user(t, w.ann_id)["roles"] == Json::array({"user"}));
  CHECK(user(t, w.bob_id)["roles"] == Json::array({"user"}));
  CHECK(user(t, w.admin_id)["roles"] == Json::array({"user", "admin"}));
}

TEST_CASE("permit table: users.delete — admins and the system, never one's own account") {
  TestPlatform t;
  PermitWorld w(t);
  const Json ann{{"user_id", w.ann_id}};
  const std::vector<PermitRow> table{
      {"users.delete", ann, &w.ann, ErrorCode::permission_denied},  // account.delete, with the password
      {"users.delete", ann, &w.bob, ErrorCode::permission_denied},
      {"users.delete", ann, &w.coach, ErrorCode::permission_denied},
      {"users.delete", ann, &w.moderator, ErrorCode::permission_denied},
      {"users.delete", ann, &w.anonymous, ErrorCode::unauthenticated},
      {"users.delete", {{"user_id", w.admin_id}}, &w.admin, ErrorCode::permission_denied},
      {"users.delete", ann, &w.admin, {}},
      {"users.delete", {{"user_id", w.bob_id}}, &w.system, {}},
  };
  w.check(table, OwnerData::may_change);
  CHECK(error_of([&] { user(t, w.ann_id); }) == ErrorCode::not_found);
  CHECK(error_of([&] { user(t, w.bob_id); }) == ErrorCode::not_found);
  CHECK(user(t, w.coach_id)["status"] == "active");
}

TEST_CASE("permit table: account.delete, account.export act on the caller's own account") {
  TestPlatform t;
  PermitWorld w(t);
  const std::vector<PermitRow> export_table{
      {"account.export", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"account.export", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"account.export", {{"user_id", w.ann_id}}, &w.admin, ErrorCode::invalid_argument},
      {"account.export", Json::object(), &w.bob, {}},
      {"account.export", Json::object(), &w.admin, {}},
      {"account.export", Json::object(), &w.coach, {}},
      {"account.export", Json::object(), &w.ann, {}},
  };
  w.check(export_table);
  for (const Actor* other : {&w.bob, &w.admin, &w.coach}) {
    CAPTURE(w.name_of(*other));
    const auto text = t.call("account.export", *other).dump();
    CHECK(text.find("ann@example.com") == std::string::npos);
    CHECK(text.find("left knee") == std::string::npos);
    CHECK(text.find("Kazan") == std::string::npos);
  }
  CHECK(t.call("account.export", w.ann)["profile"]["medical_notes"] == "left knee: no jumps");

  const Json ann_password{{"password", kOwnerPassword}};
  const Json with_bob{{"password", kOwnerPassword}, {"user_id", w.bob_id}};
  const std::vector<PermitRow> delete_table{
      {"account.delete", ann_password, &w.anonymous, ErrorCode::unauthenticated},
      {"account.delete", ann_password, &w.bob, ErrorCode::invalid_argument},  // checked against Bob's own
      {"account.delete", ann_password, &w.admin, ErrorCode::invalid_argument},
      {"account.delete", ann_password, &w.system, ErrorCode::unauthenticated},
      {"account.delete", with_bob, &w.ann, ErrorCode::invalid_argument},  // nobody else's account
      {"account.delete", ann_password, &w.ann, {}},
  };
  w.check(delete_table, OwnerData::untouched_by_others, kFailureCounter);
  CHECK(error_of([&] { user(t, w.ann_id); }) == ErrorCode::not_found);
  for (const auto& id : {w.bob_id, w.admin_id, w.coach_id}) CHECK(user(t, id)["status"] == "active");
}

TEST_CASE("permit table: phone.verify.start, phone.verify.confirm, phone.remove") {
  TestPlatform t;
  PermitWorld w(t);
  t.call("phone.verify.start", w.ann, {{"phone", kAnnPhone}});
  const Json ann_code{{"code", sms_code(t, kAnnPhone)}};
  // The code is checked against the caller's own pending verification: nobody else has one.
  const std::vector<PermitRow> confirm{
      {"phone.verify.confirm", ann_code, &w.anonymous, ErrorCode::unauthenticated},
      {"phone.verify.confirm", ann_code, &w.bob, ErrorCode::failed_precondition},
      {"phone.verify.confirm", ann_code, &w.admin, ErrorCode::failed_precondition},
      {"phone.verify.confirm", ann_code, &w.system, ErrorCode::unauthenticated},
      {"phone.verify.confirm", ann_code, &w.ann, {}},
  };
  w.check(confirm);
  CHECK(user(t, w.ann_id)["phone"] == kAnnPhone);
  CHECK(user(t, w.bob_id)["phone"].is_null());

  t.clock->advance(kMinuteMs);  // past the resend delay
  const std::vector<PermitRow> start{
      {"phone.verify.start", {{"phone", "+15550000001"}}, &w.anonymous, ErrorCode::unauthenticated},
      {"phone.verify.start", {{"phone", "+15550000001"}}, &w.system, ErrorCode::unauthenticated},
      {"phone.verify.start", {{"phone", "+15550000001"}, {"user_id", w.ann_id}}, &w.admin,
       ErrorCode::invalid_argument},
      {"phone.verify.start", {{"phone", kAnnPhone}}, &w.ann, ErrorCode::failed_precondition},  // already hers
      {"phone.verify.start", {{"phone", "+15550000002"}}, &w.bob, {}},
      {"phone.verify.start", {{"phone", "+15550000003"}}, &w.admin, {}},
      {"phone.verify.start", {{"phone", "+15550000004"}}, &w.ann, {}},
  };
  w.check(start);
  CHECK(user(t, w.ann_id)["phone"] == kAnnPhone);  // a started verification changes no verified number

  const std::vector<PermitRow> remove{
      {"phone.remove", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"phone.remove", Json::object(), &w.bob, ErrorCode::not_found},  // he has none; Ann's is not his
      {"phone.remove", Json::object(), &w.admin, ErrorCode::not_found},
      {"phone.remove", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"phone.remove", {{"user_id", w.ann_id}}, &w.admin, ErrorCode::invalid_argument},
      {"phone.remove", Json::object(), &w.ann, {}},
  };
  w.check(remove);
  CHECK(user(t, w.ann_id)["phone"].is_null());
}

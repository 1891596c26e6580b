// Who may call notifications.*: permit/deny tables through the registry. Notifications and
// their preferences are the caller's own; nobody else, admins included, reads or changes
// them, and someone else's notification is not found.
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// A password change is a security event: it leaves the user an unread notification.
std::string notification_after_password_change(TestPlatform& t, const Actor& who,
                                               const std::string& password) {
  const Json change{{"current_password", password}, {"new_password", "a brand new passphrase"}};
  t.call("auth.password.change", who, change);
  const auto page = t.call("notifications.list", who);
  REQUIRE(page["items"].size() == 1);
  return page["items"][0]["id"];
}

bool email_enabled(TestPlatform& t, const Actor& who, const std::string& type) {
  const auto page = t.call("notifications.preferences.get", who);
  for (const auto& p : page["items"])
    if (p["type"] == type && p["channel"] == "email") return p["enabled"];
  FAIL("no preference for " << type);
  return false;
}

}  // namespace

TEST_CASE("permit table: notifications.list, notifications.unread_count") {
  TestPlatform t;
  PermitWorld w(t);
  const auto ann_notification = notification_after_password_change(t, w.ann, kOwnerPassword);
  std::vector<PermitRow> table;
  for (const char* op : {"notifications.list", "notifications.unread_count"}) {
    table.push_back({op, Json::object(), &w.anonymous, ErrorCode::unauthenticated});
    table.push_back({op, Json::object(), &w.system, ErrorCode::unauthenticated});
    for (const Actor* allowed : {&w.bob, &w.admin, &w.coach, &w.ann})
      table.push_back({op, Json::object(), allowed, {}});
  }
  table.push_back({"notifications.list", {{"user_id", w.ann_id}}, &w.admin, ErrorCode::invalid_argument});
  w.check(table);
  for (const Actor* other : {&w.bob, &w.admin, &w.coach}) {
    CAPTURE(w.name_of(*other));
    CHECK(t.call("notifications.list", *other)["items"].empty());
    CHECK(t.call("notifications.unread_count", *other)["unread"] == 0);
  }
  CHECK(t.call("notifications.list", w.ann)["items"][0]["id"] == ann_notification);
  CHECK(t.call("notifications.unread_count", w.ann)["unread"] == 1);
}

TEST_CASE("permit table: notifications.mark_read, notifications.delete") {
  TestPlatform t;
  PermitWorld w(t);
  const auto ann_notification = notification_after_password_change(t, w.ann, kOwnerPassword);
  const auto bob_notification = notification_after_password_change(t, w.bob, kPassword);
  const Json ann_ids{{"ids", {ann_notification}}};
  // Someone else's id matches nothing: the call succeeds and marks none (checked below, and the
  // world's check proves Ann's notification is untouched by each of these rows).
  const std::vector<PermitRow> mark{
      {"notifications.mark_read", ann_ids, &w.anonymous, ErrorCode::unauthenticated},
      {"notifications.mark_read", ann_ids, &w.system, ErrorCode::unauthenticated},
      {"notifications.mark_read", ann_ids, &w.bob, {}},
      {"notifications.mark_read", ann_ids, &w.admin, {}},
      {"notifications.mark_read", Json::object(), &w.admin, {}},  // all of the admin's own
      {"notifications.mark_read", {{"ids", {bob_notification}}}, &w.ann, {}},
  };
  w.check(mark);
  CHECK(t.call("notifications.unread_count", w.ann)["unread"] == 1);
  CHECK(t.call("notifications.unread_count", w.bob)["unread"] == 1);
  CHECK(t.call("notifications.mark_read", w.bob, ann_ids)["marked"] == 0);
  CHECK(t.call("notifications.mark_read", w.bob, Json::object())["marked"] == 1);  // his own only
  CHECK(t.call("notifications.unread_count", w.ann)["unread"] == 1);
  CHECK(t.call("notifications.mark_read", w.ann, ann_ids)["marked"] == 1);

  // Someone else's notification is not found, as one that does not exist.
  const Json ann_one{{"notification_id", ann_notification}};
  const std::vector<PermitRow> remove{
      {"notifications.delete", ann_one, &w.anonymous, ErrorCode::unauthenticated},
      {"notifications.delete", ann_one, &w.system, ErrorCode::unauthenticated},
      {"notifications.delete", ann_one, &w.bob, ErrorCode::not_found},
      {"notifications.delete", ann_one, &w.admin, ErrorCode::not_found},
      {"notifications.delete", ann_one, &w.coach, ErrorCode::not_found},
      {"notifications.delete", {{"notification_id", bob_notification}}, &w.ann, ErrorCode::not_found},
      {"notifications.delete", ann_one, &w.ann, {}},
  };
  w.check(remove);
  CHECK(t.call("notifications.list", w.ann)["items"].empty());
  CHECK(t.call("notifications.list", w.bob)["items"].size() == 1);
}

TEST_CASE("permit table: notifications.preferences.get, notifications.preferences.set") {
  TestPlatform t;
  PermitWorld w(t);
  const Json marketing_on{{"type", "marketing"}, {"channel", "email"}, {"enabled", true}};
  const Json security_off{{"type", "security"}, {"channel", "email"}, {"enabled", false}};
  const Json account_off{{"type", "account"}, {"channel", "email"}, {"enabled", false}};
  const std::vector<PermitRow> table{
      {"notifications.preferences.get", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"notifications.preferences.get", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"notifications.preferences.get", Json::object(), &w.bob, {}},
      {"notifications.preferences.get", Json::object(), &w.admin, {}},
      {"notifications.preferences.get", Json::object(), &w.ann, {}},
      {"notifications.preferences.set", marketing_on, &w.anonymous, ErrorCode::unauthenticated},
      {"notifications.preferences.set", marketing_on, &w.system, ErrorCode::unauthenticated},
      {"notifications.preferences.set", {{"type", "marketing"}, {"channel", "email"}, {"enabled", true},
                                         {"user_id", w.ann_id}},
       &w.admin, ErrorCode::invalid_argument},  // nobody opts Ann in to marketing
      {"notifications.preferences.set", marketing_on, &w.bob, {}},  // his own
      {"notifications.preferences.set", security_off, &w.ann, ErrorCode::failed_precondition},  // always on
      {"notifications.preferences.set", account_off, &w.ann, {}},
  };
  w.check(table);
  CHECK_FALSE(email_enabled(t, w.ann, "marketing"));
  CHECK(email_enabled(t, w.bob, "marketing"));
  CHECK_FALSE(email_enabled(t, w.ann, "account"));
  CHECK(email_enabled(t, w.bob, "account"));
  CHECK(email_enabled(t, w.admin, "account"));
}

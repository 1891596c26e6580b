// Keyset paging of every list: walked with small limits over data sets with ties in the sort
// key, each item comes once and in order; a full last page has no cursor.
#include <algorithm>
#include <set>

#include "unit/api/paging_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

bool strictly_ascending(const std::vector<std::string>& keys) {
  return std::adjacent_find(keys.begin(), keys.end(), std::greater_equal<>()) == keys.end();
}

// Text pairs compare as the numbers they stand for: RFC 3339 times and public ids are fixed-width.
bool strictly_ascending_pairs(const std::vector<Json>& items, const std::string& first, const std::string& second) {
  for (std::size_t i = 1; i < items.size(); ++i) {
    const auto a = std::make_pair(items[i - 1][first].get<std::string>(), items[i - 1][second].get<std::string>());
    const auto b = std::make_pair(items[i][first].get<std::string>(), items[i][second].get<std::string>());
    if (!(a < b)) return false;
  }
  return true;
}

bool has_ties(const std::vector<Json>& items, const std::string& field) {
  std::set<std::string> seen;
  for (const auto& item : items)
    if (!seen.insert(item[field].get<std::string>()).second) return true;
  return false;
}

std::string create_user(TestPlatform& t, const std::string& email, const std::vector<std::string>& roles = {}) {
  return t.call("users.create", Actor::system(), {{"email", email}, {"password", kPassword}, {"roles", roles}})["id"];
}

void insert_notification(TestPlatform& t, const std::string& user_id, std::int64_t id, bool read) {
  t.platform->database().acquire()->exec(
      "INSERT INTO notifications (id, user_id, type, title, body, created_at, updated_at, read_at)"
      " VALUES (?, ?, 'account', 'Title', 'Body', ?, ?, ?)",
      {id, parse_id(IdKind::user, user_id), t.clock->now_ms(), t.clock->now_ms(),
       read ? storage::Param(t.clock->now_ms()) : storage::Param(nullptr)});
}

}  // namespace

TEST_CASE("paging: users.list and audit.list walk every account and event once, by id") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  for (int i = 0; i < 8; ++i)
    create_user(t, "u" + std::to_string(i) + "@example.com", i % 2 ? std::vector<std::string>{"coach"}
                                                                   : std::vector<std::string>{});
  CHECK(check_walks(t, "users.list", admin, Json::object(), "id") == 9);
  CHECK(strictly_ascending(field_of(whole(t, "users.list", admin), "id")));
  CHECK(check_walks(t, "users.list", admin, {{"role", "coach"}}, "id") == 4);
  CHECK(check_walks(t, "users.list", admin, {{"email_prefix", "u"}, {"status", "active"}}, "id") == 8);

  const auto events = check_walks(t, "audit.list", admin, Json::object(), "id");
  CHECK(events >= 9);
  CHECK(strictly_ascending(field_of(whole(t, "audit.list", admin), "id")));
  const auto root_id = t.call("profile.get", admin)["id"].get<std::string>();
  for (int i = 0; i < 4; ++i) (void)error_of([&] { t.login("root@example.com", "not the password at all"); });
  CHECK(check_walks(t, "audit.list", admin, {{"user_id", root_id}}, "id") >= 5);
}

TEST_CASE("paging: sessions.list goes by (created_at, id), through ties in created_at") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  const auto first = t.login("ann@example.com");
  const Actor ann = t.actor_of(first);
  std::set<std::string> anns{first["session_id"].get<std::string>()};
  for (int i = 0; i < 5; ++i) anns.insert(t.login("ann@example.com")["session_id"].get<std::string>());  // one ms
  t.clock->advance(kSecondMs);
  for (int i = 0; i < 3; ++i) anns.insert(t.login("ann@example.com")["session_id"].get<std::string>());
  const auto ended = t.login("ann@example.com")["session_id"].get<std::string>();
  t.call("sessions.revoke", ann, {{"session_id", ended}});
  t.login("bob@example.com");
  t.login("bob@example.com");

  CHECK(check_walks(t, "sessions.list", ann, Json::object(), "id") == 9);
  const auto all = whole(t, "sessions.list", ann);
  CHECK(has_ties(all, "created_at"));
  CHECK(strictly_ascending_pairs(all, "created_at", "id"));
  const auto listed = field_of(all, "id");
  CHECK(std::set<std::string>(listed.begin(), listed.end()) == anns);  // live, Ann's, not Bob's
}

TEST_CASE("paging: notifications.list goes newest first, also unread only") {
  TestPlatform t;
  const auto ann_id = t.make_user("ann@example.com");
  const auto bob_id = t.make_user("bob@example.com");
  const Actor ann = t.actor_of(t.login("ann@example.com"));
  for (std::int64_t i = 1; i <= 9; ++i) insert_notification(t, ann_id, 1000 + i, i % 3 == 0);
  insert_notification(t, bob_id, 1005'000, false);
  CHECK(check_walks(t, "notifications.list", ann, Json::object(), "id") == 9);
  auto ids = field_of(whole(t, "notifications.list", ann), "id");
  std::reverse(ids.begin(), ids.end());
  CHECK(strictly_ascending(ids));
  CHECK(check_walks(t, "notifications.list", ann, {{"unread_only", true}}, "id") == 6);
}

TEST_CASE("paging: metrics.list goes by day, also within a range") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  const Actor ann = t.actor_of(t.login("ann@example.com"));
  const Actor bob = t.actor_of(t.login("bob@example.com"));
  for (const char* day : {"2025-12-30", "2025-11-02", "2025-12-01", "2025-12-24", "2025-12-02", "2025-06-15",
                          "2025-12-31", "2024-02-29"})
    t.call("metrics.record", ann, {{"date", day}, {"weight_kg", 70}});
  t.call("metrics.record", bob, {{"date", "2025-12-15"}, {"weight_kg", 80}});
  CHECK(check_walks(t, "metrics.list", ann, Json::object(), "date") == 8);
  CHECK(strictly_ascending(field_of(whole(t, "metrics.list", ann), "date")));
  CHECK(check_walks(t, "metrics.list", ann, {{"from", "2025-11-01"}, {"to", "2025-12-30"}}, "date") == 5);
}

TEST_CASE("paging: profile.medical_access.list goes by (granted_at, coach_id), through ties") {
  TestPlatform t;
  t.make_user("ann@example.com");
  const Actor ann = t.actor_of(t.login("ann@example.com"));
  std::vector<std::string> coaches;
  for (int i = 0; i < 7; ++i) coaches.push_back(create_user(t, "c" + std::to_string(i) + "@example.com", {"coach"}));
  // Granted out of id order, four in one millisecond.
  for (int i : {3, 0, 5, 1}) t.call("profile.medical_access.grant", ann, {{"coach_id", coaches[i]}});
  t.clock->advance(1);
  for (int i : {6, 2, 4}) t.call("profile.medical_access.grant", ann, {{"coach_id", coaches[i]}});
  CHECK(check_walks(t, "profile.medical_access.list", ann, Json::object(), "coach_id") == 7);
  const auto all = whole(t, "profile.medical_access.list", ann);
  CHECK(has_ties(all, "granted_at"));
  CHECK(strictly_ascending_pairs(all, "granted_at", "coach_id"));
  CHECK(field_of(all, "coach_id") ==
        std::vector<std::string>{coaches[0], coaches[1], coaches[3], coaches[5], coaches[2], coaches[4], coaches[6]});
}

// Keyset paging under change: rows added or removed between two page fetches never make an item
// that was there from the start come twice or go missing.
#include <algorithm>
#include <functional>
#include <set>

#include "unit/api/paging_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// The first page of `limit` items, then `change`, then the rest of the walk from its cursor.
std::vector<std::string> walk_across(TestPlatform& t, const std::string& op, const Actor& who, int limit,
                                     const std::string& key, const std::function<void()>& change) {
  auto first = t.call(op, who, {{"limit", limit}});
  REQUIRE(first["next_cursor"].is_string());
  std::vector<Json> items = first["items"].get<std::vector<Json>>();
  change();
  auto rest = walk(t, op, who, {{"cursor", first["next_cursor"]}}, limit);
  items.insert(items.end(), rest.items.begin(), rest.items.end());
  return field_of(items, key);
}

// Every one of `before` once, in the same order, but those removed before the walk reached them;
// nothing twice.
void check_kept(const std::vector<std::string>& before, const std::vector<std::string>& walked,
                const std::set<std::string>& removed = {}) {
  CHECK(std::set<std::string>(walked.begin(), walked.end()).size() == walked.size());
  std::vector<std::string> kept;
  for (const auto& k : walked)
    if (std::find(before.begin(), before.end(), k) != before.end()) kept.push_back(k);
  std::vector<std::string> expected;
  for (const auto& k : before)
    if (!removed.count(k)) expected.push_back(k);
  CHECK(kept == expected);
}

bool contains(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string create_user(TestPlatform& t, const std::string& email, const std::vector<std::string>& roles = {}) {
  return t.call("users.create", Actor::system(), {{"email", email}, {"password", kPassword}, {"roles", roles}})["id"];
}

}  // namespace

TEST_CASE("paging under change: users.list and audit.list") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  for (int i = 0; i < 6; ++i) create_user(t, "u" + std::to_string(i) + "@example.com");
  const auto users = field_of(whole(t, "users.list", admin), "id");
  const auto events = field_of(whole(t, "audit.list", admin), "id");
  std::string late;
  auto walked = walk_across(t, "users.list", admin, 2, "id", [&] { late = create_user(t, "late@example.com"); });
  check_kept(users, walked);
  CHECK(walked.back() == late);  // newer ids come last
  walked = walk_across(t, "audit.list", admin, 3, "id", [&] { create_user(t, "later@example.com"); });
  check_kept(events, walked);
  CHECK(walked.size() > events.size());
}

TEST_CASE("paging under change: sessions.list") {
  TestPlatform t;
  t.make_user("ann@example.com");
  const Actor ann = t.actor_of(t.login("ann@example.com"));
  for (int i = 0; i < 5; ++i) t.login("ann@example.com");
  t.clock->advance(kMinuteMs);
  for (int i = 0; i < 2; ++i) t.login("ann@example.com");
  const auto before = field_of(whole(t, "sessions.list", ann), "id");
  std::string newer, older, ended;
  auto walked = walk_across(t, "sessions.list", ann, 2, "id", [&] {
    newer = t.login("ann@example.com")["session_id"];  // in the same millisecond as the last ones
    t.clock->advance(-2 * kMinuteMs);
    older = t.login("ann@example.com")["session_id"];  // made before the cursor's: not in this walk
    t.clock->advance(2 * kMinuteMs);
    ended = before[4];
    t.call("sessions.revoke", ann, {{"session_id", ended}});
  });
  check_kept(before, walked, {ended});
  CHECK(contains(walked, newer));
  CHECK_FALSE(contains(walked, older));
}

TEST_CASE("paging under change: notifications.list, newest first") {
  TestPlatform t;
  const auto ann_id = t.make_user("ann@example.com");
  const Actor ann = t.actor_of(t.login("ann@example.com"));
  auto insert = [&](std::int64_t id) {
    t.platform->database().acquire()->exec(
        "INSERT INTO notifications (id, user_id, type, title, body, created_at, updated_at)"
        " VALUES (?, ?, 'account', 'Title', 'Body', 0, 0)",
        {id, parse_id(IdKind::user, ann_id)});
  };
  for (std::int64_t id = 100; id < 108; ++id) insert(id);
  const auto before = field_of(whole(t, "notifications.list", ann), "id");
  auto walked = walk_across(t, "notifications.list", ann, 3, "id", [&] {
    insert(500);  // newer than the page seen: not in this walk
    insert(50);   // older than every one: comes at the end
    t.call("notifications.delete", ann, {{"notification_id", before[2]}});  // the cursor's own row
  });
  check_kept(before, walked);  // the deleted one was on the first page
  CHECK(walked.back() == format_id(IdKind::notification, 50));
  CHECK_FALSE(contains(walked, format_id(IdKind::notification, 500)));
}

TEST_CASE("paging under change: metrics.list") {
  TestPlatform t;
  t.make_user("ann@example.com");
  const Actor ann = t.actor_of(t.login("ann@example.com"));
  for (const char* day : {"2025-12-02", "2025-12-04", "2025-12-06", "2025-12-08", "2025-12-10", "2025-12-12"})
    t.call("metrics.record", ann, {{"date", day}, {"weight_kg", 70}});
  const auto before = field_of(whole(t, "metrics.list", ann), "date");
  auto walked = walk_across(t, "metrics.list", ann, 2, "date", [&] {
    t.call("metrics.record", ann, {{"date", "2025-12-01"}, {"weight_kg", 71}});  // before the cursor
    t.call("metrics.record", ann, {{"date", "2025-12-05"}, {"weight_kg", 71}});  // after it
    t.call("metrics.record", ann, {{"date", "2025-12-02"}, {"weight_kg", 72}});  // a day seen, changed
    t.call("metrics.delete", ann, {{"date", "2025-12-04"}});                      // the cursor's own day
  });
  check_kept(before, walked);  // the deleted day was on the first page
  CHECK(contains(walked, "2025-12-05"));
  CHECK_FALSE(contains(walked, "2025-12-01"));
}

TEST_CASE("paging under change: profile.medical_access.list") {
  TestPlatform t;
  t.make_user("ann@example.com");
  const Actor ann = t.actor_of(t.login("ann@example.com"));
  std::vector<std::string> coaches;
  for (int i = 0; i < 8; ++i) coaches.push_back(create_user(t, "c" + std::to_string(i) + "@example.com", {"coach"}));
  for (int i = 0; i < 6; ++i) t.call("profile.medical_access.grant", ann, {{"coach_id", coaches[i]}});  // one ms
  const auto before = field_of(whole(t, "profile.medical_access.list", ann), "coach_id");
  auto walked = walk_across(t, "profile.medical_access.list", ann, 2, "coach_id", [&] {
    t.call("profile.medical_access.grant", ann, {{"coach_id", coaches[6]}});  // the same ms, a larger id
    t.call("profile.medical_access.revoke", ann, {{"coach_id", before[1]}});   // the cursor's own grant
    t.call("profile.medical_access.grant", ann, {{"coach_id", before[0]}});    // granted already: stays
  });
  check_kept(before, walked);  // the revoked one was on the first page
  CHECK(walked.back() == coaches[6]);
}

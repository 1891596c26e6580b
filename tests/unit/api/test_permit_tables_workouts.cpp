// Who may call workouts.*: permit/deny tables through the registry. A workout is seen as its
// visibility allows (everyone, friends, only the owner) and is not_found for anyone it is hidden
// from, exactly as one that does not exist; only its owner changes it, deletes it or downloads the
// original; one's settings and privacy zones are one's own.
#include "unit/permit_world.hpp"
#include "unit/workouts/workout_fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr std::int64_t kStart = 1764576000000;  // 2025-12-01T08:00:00Z

// Ann's workouts: an imported public run, a friends-only one, a private one; a privacy zone.
// Bob is not her friend here; the coach is.
struct WorkoutCast {
  std::string open, friends, hidden, zone;

  explicit WorkoutCast(PermitWorld& w) {
    auto& t = w.t;
    open = t.call("workouts.import", w.ann, {{"file", b64(gpx_run(kStart, 600))}, {"file_name", "run.gpx"},
                                             {"visibility", "everyone"}})["files"][0]["workout_id"];
    friends = t.call("workouts.create", w.ann, {{"sport", "ride"}, {"start_at", "2025-12-02T08:00:00Z"},
                                                {"visibility", "friends"}})["id"];
    hidden = t.call("workouts.create", w.ann, {{"sport", "yoga"}, {"start_at", "2025-12-03T08:00:00Z"},
                                               {"visibility", "only_me"}})["id"];
    zone = t.call("workouts.privacy_zones.add", w.ann, {{"lat", 10}, {"lon", 10}, {"radius_m", 200}})["id"];
    t.make_friends(w.ann_id, w.coach_id);
  }
};

// Reading one of Ann's workouts of the given visibility.
void add_read_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params,
                   const std::string& visibility) {
  const bool friends_see = visibility != "only_me";
  const bool anyone_sees = visibility == "everyone";
  auto expect = [](bool sees) { return sees ? std::optional<ErrorCode>() : ErrorCode::not_found; };
  table.push_back({op, params, &w.anonymous, expect(anyone_sees)});
  table.push_back({op, params, &w.bob, expect(anyone_sees)});
  table.push_back({op, params, &w.admin, expect(anyone_sees)});
  table.push_back({op, params, &w.moderator, expect(anyone_sees)});
  table.push_back({op, params, &w.coach, expect(friends_see)});  // her friend
  table.push_back({op, params, &w.ann, std::nullopt});
}

// Changing or fetching the private parts of one of Ann's workouts: hers alone.
void add_owner_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  table.push_back({op, params, &w.anonymous, op == "workouts.get" ? ErrorCode::not_found : ErrorCode::unauthenticated});
  for (const Actor* other : {&w.bob, &w.admin, &w.moderator, &w.coach})
    table.push_back({op, params, other, ErrorCode::not_found});
  table.push_back({op, params, &w.ann, std::nullopt});
}

// The caller's own: any user for themselves, nobody for another.
void add_self_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({op, params, &w.system, ErrorCode::unauthenticated});
  for (const Actor* user : {&w.bob, &w.admin, &w.ann}) table.push_back({op, params, user, std::nullopt});
}

}  // namespace

TEST_CASE("permit table: reading workouts follows their visibility") {
  TestPlatform t;
  PermitWorld w(t);
  WorkoutCast c(w);
  std::vector<PermitRow> table;
  const std::vector<std::pair<std::string, std::string>> workouts{
      {c.open, "everyone"}, {c.friends, "friends"}, {c.hidden, "only_me"}};
  for (const auto& [id, visibility] : workouts) add_read_rows(table, w, "workouts.get", {{"workout_id", id}}, visibility);
  for (const char* op : {"workouts.route_svg", "workouts.profile_svg", "workouts.analysis"})
    add_read_rows(table, w, op, {{"workout_id", c.open}}, "everyone");
  add_read_rows(table, w, "workouts.export", {{"workout_id", c.open}, {"format", "gpx"}}, "everyone");
  add_read_rows(table, w, "workouts.route_svg", {{"workout_id", c.hidden}}, "only_me");
  // Lists, totals, records and CSV of Ann's: anyone may ask; what they hold is checked below.
  for (const char* op : {"workouts.list", "workouts.records", "workouts.export_list"})
    for (const Actor* who : {&w.anonymous, &w.bob, &w.admin, &w.coach, &w.ann})
      table.push_back({op, {{"user_id", w.ann_id}}, who, std::nullopt});
  for (const Actor* who : {&w.anonymous, &w.bob, &w.admin, &w.ann})
    table.push_back({"workouts.totals", {{"user_id", w.ann_id}, {"period", "month"}}, who, std::nullopt});
  for (const Actor* who : {&w.anonymous, &w.bob, &w.admin, &w.ann})
    table.push_back({"workouts.sports", Json::object(), who, std::nullopt});
  w.check(table);

  auto count = [&](const Actor& who) { return t.call("workouts.list", who, {{"user_id", w.ann_id}})["items"].size(); };
  CHECK(count(w.anonymous) == 1);
  CHECK(count(w.bob) == 1);
  CHECK(count(w.admin) == 1);
  CHECK(count(w.coach) == 2);
  CHECK(count(w.ann) == 3);
}

TEST_CASE("permit table: only the owner changes a workout or takes its original file") {
  TestPlatform t;
  PermitWorld w(t);
  WorkoutCast c(w);
  std::vector<PermitRow> table;
  add_owner_rows(table, w, "workouts.update", {{"workout_id", c.open}, {"title", "Renamed"}});
  add_owner_rows(table, w, "workouts.original", {{"workout_id", c.open}});
  add_owner_rows(table, w, "workouts.delete", {{"workout_id", c.friends}});
  w.check(table);
  CHECK(t.call("workouts.get", w.ann, {{"workout_id", c.open}})["title"] == "Renamed");
}

TEST_CASE("permit table: recording, importing, settings, zones and load are one's own") {
  TestPlatform t;
  PermitWorld w(t);
  WorkoutCast c(w);
  std::vector<PermitRow> table;
  add_self_rows(table, w, "workouts.create", {{"sport", "walk"}, {"start_at", "2025-12-04T08:00:00Z"}});
  add_self_rows(table, w, "workouts.import", {{"file", b64(gpx_run(kStart + 5 * kDayMs, 60))}});
  add_self_rows(table, w, "workouts.settings.get", Json::object());
  add_self_rows(table, w, "workouts.settings.update", {{"hide_calories", true}});
  add_self_rows(table, w, "workouts.privacy_zones.list", Json::object());
  add_self_rows(table, w, "workouts.privacy_zones.add", {{"lat", 1}, {"lon", 1}, {"radius_m", 150}});
  add_self_rows(table, w, "workouts.load", {{"from", "2025-12-01"}, {"to", "2025-12-31"}});
  // Someone else's zone is not found; one's own goes.
  table.push_back({"workouts.privacy_zones.delete", {{"zone_id", c.zone}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"workouts.privacy_zones.delete", {{"zone_id", c.zone}}, &w.bob, ErrorCode::not_found});
  table.push_back({"workouts.privacy_zones.delete", {{"zone_id", c.zone}}, &w.admin, ErrorCode::not_found});
  table.push_back({"workouts.privacy_zones.delete", {{"zone_id", c.zone}}, &w.ann, std::nullopt});
  w.check(table, PermitWorld::OwnerData::untouched_by_others, {"idempotency_keys"});
  CHECK(t.call("workouts.privacy_zones.list", w.ann)["zones"].size() == 1);  // the one she added
  CHECK(t.call("workouts.privacy_zones.list", w.bob)["zones"].size() == 1);   // his own
}

// The metrics history: recording days, reading ranges, deleting, bad input and who may see it.
#include "api/registry.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// The test clock starts at 2026-01-01T00:00Z.
std::int64_t rows(TestPlatform& t) {
  return t.platform->database().acquire()->query_i64("SELECT COUNT(*) FROM user_metrics").value_or(-1);
}

std::vector<std::string> dates(const Json& page) {
  std::vector<std::string> out;
  for (auto& item : page["items"]) out.push_back(item["date"]);
  return out;
}

}  // namespace

TEST_CASE("record days, merge a day's values, list by range and page, delete a day") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto first = t.call("metrics.record", ann, {{"date", "2025-12-30"}, {"weight_kg", 70.5}});
  CHECK(first["date"] == "2025-12-30");
  CHECK(first["weight_kg"] == 70.5);
  CHECK(first["height_cm"].is_null());
  CHECK(first["resting_hr"].is_null());
  CHECK(first["recorded_at"] == "2026-01-01T00:00:00.000Z");
  t.call("metrics.record", ann, {{"date", "2025-12-28"}, {"weight_kg", 71}, {"height_cm", 172}});
  t.call("metrics.record", ann, {{"date", "2026-01-01"}, {"resting_hr", 58}});
  // The same day again: values given change, the others stay.
  auto merged = t.call("metrics.record", ann, {{"date", "2025-12-30"}, {"resting_hr", 61}});
  CHECK(merged["weight_kg"] == 70.5);
  CHECK(merged["resting_hr"] == 61);
  merged = t.call("metrics.record", ann, {{"date", "2025-12-30"}, {"weight_kg", 70.1}});
  CHECK(merged["weight_kg"] == 70.1);
  CHECK(merged["resting_hr"] == 61);
  CHECK(rows(t) == 3);

  auto all = t.call("metrics.list", ann);
  CHECK(dates(all) == std::vector<std::string>{"2025-12-28", "2025-12-30", "2026-01-01"});
  CHECK(all["next_cursor"].is_null());
  CHECK(all["items"][0]["height_cm"] == 172.0);
  CHECK(dates(t.call("metrics.list", ann, {{"from", "2025-12-29"}})) ==
        std::vector<std::string>{"2025-12-30", "2026-01-01"});
  CHECK(dates(t.call("metrics.list", ann, {{"to", "2025-12-30"}})) ==
        std::vector<std::string>{"2025-12-28", "2025-12-30"});
  CHECK(dates(t.call("metrics.list", ann, {{"from", "2025-12-30"}, {"to", "2025-12-30"}})) ==
        std::vector<std::string>{"2025-12-30"});
  CHECK(t.call("metrics.list", ann, {{"from", "2024-01-01"}, {"to", "2024-12-31"}})["items"].empty());
  auto page = t.call("metrics.list", ann, {{"limit", 2}});
  CHECK(dates(page) == std::vector<std::string>{"2025-12-28", "2025-12-30"});
  REQUIRE(page["next_cursor"].is_string());
  auto last = t.call("metrics.list", ann, {{"limit", 2}, {"cursor", page["next_cursor"]}});
  CHECK(dates(last) == std::vector<std::string>{"2026-01-01"});
  CHECK(last["next_cursor"].is_null());

  CHECK(t.call("metrics.delete", ann, {{"date", "2025-12-30"}})["status"] == "deleted");
  CHECK(dates(t.call("metrics.list", ann)) == std::vector<std::string>{"2025-12-28", "2026-01-01"});
  CHECK(error_of([&] { t.call("metrics.delete", ann, {{"date", "2025-12-30"}}); }) == ErrorCode::not_found);
  CHECK(error_of([&] { t.call("metrics.delete", ann, {{"date", "30.12.2025"}}); }) == ErrorCode::invalid_argument);
}

TEST_CASE("bad metrics are refused, name their field and store nothing") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  struct Row {
    Json params;
    const char* field;
  };
  const std::vector<Row> table{
      {{{"date", "2025-12-30"}}, "weight_kg"},  // no value at all
      {{{"date", "2026-01-02"}, {"weight_kg", 70}}, "date"},  // tomorrow
      {{{"date", "2025-13-01"}, {"weight_kg", 70}}, "date"},
      {{{"date", "2025-02-29"}, {"weight_kg", 70}}, "date"},
      {{{"date", "25-12-30"}, {"weight_kg", 70}}, "date"},
      {{{"date", "yesterday"}, {"weight_kg", 70}}, "date"},
      {{{"date", "1899-12-31"}, {"weight_kg", 70}}, "date"},
      {{{"date", "2025-12-30 "}, {"weight_kg", 70}}, "date"},
      {{{"date", "2025-12-30"}, {"weight_kg", 19.9}}, "weight_kg"},
      {{{"date", "2025-12-30"}, {"weight_kg", 650.1}}, "weight_kg"},
      {{{"date", "2025-12-30"}, {"weight_kg", "70"}}, "weight_kg"},
      {{{"date", "2025-12-30"}, {"height_cm", 49}}, "height_cm"},
      {{{"date", "2025-12-30"}, {"height_cm", 273}}, "height_cm"},
      {{{"date", "2025-12-30"}, {"resting_hr", 19}}, "resting_hr"},
      {{{"date", "2025-12-30"}, {"resting_hr", 251}}, "resting_hr"},
      {{{"date", "2025-12-30"}, {"resting_hr", 60.5}}, "resting_hr"},
      {{{"date", "2025-12-30"}, {"resting_hr", 4294967356LL}}, "resting_hr"},  // 60 after a 32-bit wrap
      {{{"date", "2025-12-30"}, {"weight_kg", 70}, {"resting_hr", 300}}, "resting_hr"},  // all or nothing
      {{{"date", "2025-12-30"}, {"weight_kg", 70}, {"user_id", "usr_0000000000001"}}, "user_id"},
      {{{"weight_kg", 70}}, "date"},
  };
  for (const auto& row : table) {
    CAPTURE(row.params.dump());
    try {
      t.call("metrics.record", ann, row.params);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(e.field() == row.field);
    }
  }
  CHECK(rows(t) == 0);
  // The bounds themselves are fine.
  t.call("metrics.record", ann, {{"date", "2025-12-30"}, {"weight_kg", 20}, {"height_cm", 272}, {"resting_hr", 250}});
  t.call("metrics.record", ann, {{"date", "2026-01-01"}, {"weight_kg", 650}, {"height_cm", 50}, {"resting_hr", 20}});
  CHECK(rows(t) == 2);
  for (const Json& params : {Json{{"from", "2026-01-01"}, {"to", "2025-12-01"}}, Json{{"from", "jan"}},
                             Json{{"to", "2026-02-30"}}, Json{{"cursor", "x"}}, Json{{"limit", 0}},
                             Json{{"limit", 201}}}) {
    CAPTURE(params.dump());
    CHECK(error_of([&] { t.call("metrics.list", ann, params); }) == ErrorCode::invalid_argument);
  }
}

TEST_CASE("'not in the future' is judged by the user's own calendar") {
  TestPlatform t;
  t.clock->set(1767211200000);  // 2025-12-31T20:00Z: already 2026-01-01 at UTC+14
  t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  t.call("profile.update", ann, {{"time_zone", "Pacific/Kiritimati"}});
  CHECK(t.call("metrics.record", ann, {{"date", "2026-01-01"}, {"weight_kg", 60}})["date"] == "2026-01-01");
  CHECK(error_of([&] { t.call("metrics.record", bob, {{"date", "2026-01-01"}, {"weight_kg", 80}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(t.call("metrics.record", bob, {{"date", "2025-12-31"}, {"weight_kg", 80}})["date"] == "2025-12-31");
}

TEST_CASE("metrics are the owner's alone: not other users, not admins, not coaches") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto coach_id = t.make_user("coach@example.com");
  auto admin = t.make_admin("root@example.com");
  t.call("users.roles.grant", admin, {{"user_id", coach_id}, {"role", "coach"}});
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto coach = t.actor_of(t.login("coach@example.com"));
  const Actor anon = Actor::anonymous();
  t.call("profile.medical_access.grant", ann, {{"coach_id", coach_id}});
  t.call("metrics.record", ann, {{"date", "2025-12-31"}, {"weight_kg", 60}});

  struct Row {
    const char* op;
    Json params;
    const Actor* actor;
    std::optional<ErrorCode> expected;
    std::size_t items;  // for metrics.list: how many the actor sees
  };
  const std::vector<Row> table{
      {"metrics.list", Json::object(), &ann, std::nullopt, 1},
      {"metrics.list", Json::object(), &coach, std::nullopt, 0},  // their own list, which is empty
      {"metrics.list", Json::object(), &admin, std::nullopt, 0},
      {"metrics.list", Json::object(), &anon, ErrorCode::unauthenticated, 0},
      {"metrics.list", {{"user_id", ann_id}}, &admin, ErrorCode::invalid_argument, 0},  // no way to name another user
      {"metrics.list", {{"user_id", ann_id}}, &coach, ErrorCode::invalid_argument, 0},
      {"metrics.record", {{"date", "2025-12-31"}, {"weight_kg", 61}}, &anon, ErrorCode::unauthenticated, 0},
      {"metrics.delete", {{"date", "2025-12-31"}}, &anon, ErrorCode::unauthenticated, 0},
      {"metrics.delete", {{"date", "2025-12-31"}}, &admin, ErrorCode::not_found, 0},  // admin's own: none
      {"metrics.delete", {{"date", "2025-12-31"}}, &coach, ErrorCode::not_found, 0},
  };
  for (const auto& row : table) {
    CAPTURE(row.op);
    CAPTURE(row.params.dump());
    Json result;
    CHECK(error_of([&] { result = t.call(row.op, *row.actor, row.params); }) == row.expected);
    if (!row.expected && std::string(row.op) == "metrics.list") CHECK(result["items"].size() == row.items);
  }
  CHECK(t.call("metrics.list", ann)["items"][0]["weight_kg"] == 60.0);
  // The rule is built in: no metrics operation takes a user id.
  for (const char* name : {"metrics.record", "metrics.list", "metrics.delete"})
    for (const auto& spec : api::registry().find(name)->params) CHECK(spec.type != api::ParamType::id);
}

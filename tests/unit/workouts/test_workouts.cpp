#include <doctest/doctest.h>

#include "unit/fixture.hpp"
#include "unit/permit_world.hpp"
#include "unit/workouts/workout_fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr std::int64_t kDec1 = 1764576000000;  // 2025-12-01T08:00:00Z

struct Athletes {
  TestPlatform t;
  std::string ann_id, bob_id, eve_id;
  Actor ann, bob, eve;  // bob is ann's friend; eve a stranger
  Athletes() {
    ann_id = t.make_user("ann@example.com");
    bob_id = t.make_user("bob@example.com");
    eve_id = t.make_user("eve@example.com");
    ann = t.actor_of(t.login("ann@example.com"));
    bob = t.actor_of(t.login("bob@example.com"));
    eve = t.actor_of(t.login("eve@example.com"));
    t.make_friends(ann_id, bob_id);
  }
  Json run(const Actor& who, Json extra = Json::object()) {
    Json p{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"distance_m", 10000}, {"elapsed_s", 3000},
           {"moving_s", 2950}, {"avg_hr", 150}};
    for (auto& [k, v] : extra.items()) p[k] = v;
    return t.call("workouts.create", who, p);
  }
  Json import_gpx(const Actor& who, const std::string& gpx, Json extra = Json::object()) {
    Json p{{"file", b64(gpx)}, {"file_name", "run.gpx"}};
    for (auto& [k, v] : extra.items()) p[k] = v;
    return t.call("workouts.import", who, p);
  }
};

}  // namespace

TEST_CASE("a workout entered by hand is read back, listed, edited and deleted") {
  Athletes a;
  auto w = a.run(a.ann, {{"title", "Tempo"}, {"effort", 7}, {"notes", "felt good"}});
  CHECK(w["id"].get<std::string>().starts_with("wkt_"));
  CHECK(w["title"] == "Tempo");
  CHECK(w["sport"] == "run");
  CHECK(w["source"] == "manual");
  CHECK(w["visibility"] == "friends");  // the default setting
  CHECK(w["avg_speed"].get<double>() == doctest::Approx(10000.0 / 2950));
  CHECK(w["time_zone"] == "UTC");

  auto untitled = a.run(a.ann, {{"start_at", "2025-12-02T18:30:00Z"}, {"title", nullptr}});
  CHECK(untitled["title"] == "Evening run");

  CHECK(a.t.call("workouts.get", a.ann, {{"workout_id", w["id"]}})["notes"] == "felt good");
  auto list = a.t.call("workouts.list", a.ann);
  REQUIRE(list["items"].size() == 2);
  CHECK(list["items"][0]["id"] == untitled["id"]);  // newest first

  auto changed = a.t.call("workouts.update", a.ann, {{"workout_id", w["id"]}, {"distance_m", 10500}, {"notes", ""}});
  CHECK(changed["distance_m"] == 10500);
  CHECK(changed["notes"].is_null());
  CHECK(changed["title"] == "Tempo");

  a.t.call("workouts.delete", a.ann, {{"workout_id", w["id"]}});
  CHECK(error_of([&] { a.t.call("workouts.get", a.ann, {{"workout_id", w["id"]}}); }) == ErrorCode::not_found);
}

TEST_CASE("lists filter by sport, dates and distance, and page by cursor") {
  Athletes a;
  for (int i = 0; i < 5; ++i)
    a.run(a.ann, {{"start_at", format_utc(kDec1 + i * kDayMs)}, {"distance_m", 5000 + i * 1000}});
  a.t.call("workouts.create", a.ann, {{"sport", "yoga"}, {"start_at", "2025-12-03T19:00:00Z"}, {"elapsed_s", 3600}});
  CHECK(a.t.call("workouts.list", a.ann, {{"sport", "yoga"}})["items"].size() == 1);
  CHECK(a.t.call("workouts.list", a.ann, {{"min_distance_m", 7000}})["items"].size() == 3);
  CHECK(a.t.call("workouts.list", a.ann, {{"from", "2025-12-02T00:00:00Z"}, {"to", "2025-12-03T23:59:59Z"}})["items"]
            .size() == 3);
  auto page = a.t.call("workouts.list", a.ann, {{"limit", 4}});
  REQUIRE(page["items"].size() == 4);
  auto rest = a.t.call("workouts.list", a.ann, {{"limit", 4}, {"cursor", page["next_cursor"]}});
  CHECK(rest["items"].size() == 2);
  CHECK(rest["next_cursor"].is_null());
}

TEST_CASE("bad workout fields are refused, name their field and store nothing") {
  Athletes a;
  struct Bad {
    Json params;
    std::string field;
  };
  const std::vector<Bad> cases{
      {{{"sport", "quidditch"}, {"start_at", "2025-12-01T08:00:00Z"}}, "sport"},
      {{{"sport", "run"}, {"start_at", "yesterday"}}, "start_at"},
      {{{"sport", "run"}, {"start_at", "2027-01-01T00:00:00Z"}}, "start_at"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"effort", 11}}, "effort"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"distance_m", -5}}, "distance_m"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"avg_hr", 900}}, "avg_hr"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"elapsed_s", 100}, {"moving_s", 200}}, "moving_s"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"visibility", "world"}}, "visibility"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"time_zone", "Mars/Olympus"}}, "time_zone"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"title", "a\x01"}}, "title"},
      {{{"sport", "run"}, {"start_at", "2025-12-01T08:00:00Z"}, {"gear_ids", {"gear_0000000000001"}}}, "gear_ids"},
      {{{"start_at", "2025-12-01T08:00:00Z"}}, "sport"},
  };
  const auto before = state_snapshot(a.t);
  for (const auto& c : cases) {
    CAPTURE(c.params.dump());
    try {
      a.t.call("workouts.create", a.ann, c.params);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(e.field() == c.field);
    }
  }
  CHECK(join_parts(changed_parts(before, state_snapshot(a.t))) == "");
}

TEST_CASE("visibility decides who sees a workout, in reads, lists, totals and records") {
  Athletes a;
  const auto open = a.run(a.ann, {{"visibility", "everyone"}, {"start_at", "2025-12-01T08:00:00Z"}})["id"];
  const auto friends = a.run(a.ann, {{"visibility", "friends"}, {"start_at", "2025-12-02T08:00:00Z"}})["id"];
  const auto mine = a.run(a.ann, {{"visibility", "only_me"}, {"start_at", "2025-12-03T08:00:00Z"},
                                  {"distance_m", 42195}})["id"];
  const Actor anon = Actor::anonymous();
  const Actor admin = a.t.make_admin("root@example.com");
  struct Row {
    const Actor* who;
    bool open, friends, mine;
  };
  const std::vector<Row> table{{&a.ann, true, true, true},
                               {&a.bob, true, true, false},
                               {&a.eve, true, false, false},
                               {&admin, true, false, false},
                               {&anon, true, false, false}};
  for (const auto& row : table) {
    CAPTURE(row.who->user_id);
    auto sees = [&](const Json& id) {
      return !error_of([&] { a.t.call("workouts.get", *row.who, {{"workout_id", id}}); }).has_value();
    };
    CHECK(sees(open) == row.open);
    CHECK(sees(friends) == row.friends);
    CHECK(sees(mine) == row.mine);
    const auto listed = a.t.call("workouts.list", *row.who, {{"user_id", a.ann_id}})["items"].size();
    CHECK(listed == static_cast<std::size_t>(row.open + row.friends + row.mine));
    const auto totals = a.t.call("workouts.totals", *row.who, {{"user_id", a.ann_id}, {"period", "year"}})["totals"];
    const int counted = totals.empty() ? 0 : totals[0]["count"].get<int>();
    CHECK(counted == row.open + row.friends + row.mine);
    double farthest = 0;
    const auto records = a.t.call("workouts.records", *row.who, {{"user_id", a.ann_id}});
    for (const auto& r : records["records"])
      if (r["kind"] == "farthest_distance") farthest = r["value"];
    CHECK(farthest == (row.mine ? 42195 : (row.open || row.friends) ? 10000 : 0));
    const auto csv = a.t.call("workouts.export_list", *row.who, {{"user_id", a.ann_id}});
    const auto text = *crypto::base64_decode(csv["content_base64"].get<std::string>());
    CHECK((text.find(mine.get<std::string>()) != std::string::npos) == row.mine);
  }
  // Only the owner changes or deletes, whoever else can see it.
  check_permits(a.t, {{"workouts.update", {{"workout_id", open}, {"title", "x"}}, &a.bob, ErrorCode::not_found},
                      {"workouts.delete", {{"workout_id", open}}, &a.eve, ErrorCode::not_found},
                      {"workouts.delete", {{"workout_id", open}}, &admin, ErrorCode::not_found},
                      {"workouts.delete", {{"workout_id", open}}, &anon, ErrorCode::unauthenticated},
                      {"workouts.update", {{"workout_id", open}, {"title", "mine"}}, &a.ann, std::nullopt}});
}

TEST_CASE("a blocked account's workouts vanish for others") {
  Athletes a;
  const auto open = a.run(a.ann, {{"visibility", "everyone"}})["id"];
  const Actor admin = a.t.make_admin("root@example.com");
  a.t.call("users.block", admin, {{"user_id", a.ann_id}});
  CHECK(error_of([&] { a.t.call("workouts.get", a.eve, {{"workout_id", open}}); }) == ErrorCode::not_found);
  CHECK(a.t.call("workouts.list", a.bob, {{"user_id", a.ann_id}})["items"].empty());
}

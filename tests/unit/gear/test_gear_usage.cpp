// Usage is derived: summed from workouts (and, for components, from their parents' workouts
// while installed) at every read, plus counters logged by hand. And what the workouts service
// calls: default_gear, check_usable, after_usage_change.
#include "core/runtime.hpp"
#include "gear/gear_usage.hpp"
#include "unit/gear/gear_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("gear usage: distance, moving time and uses follow the workouts, edits and deletions included") {
  GearWorld w;
  const auto shoes = w.item({{"name", "Shoes"}, {"start_distance_m", 1000}, {"start_uses", 2}});
  const auto other = w.item({{"name", "Other shoes"}});
  const auto a = w.workout({shoes}, 10000, 3000);
  w.workout({shoes, other}, 5000.5, 1500);
  w.workout({other}, 42195, 12000);
  w.workout({}, 7000, 2000);  // no gear
  auto g = w.get(shoes);
  CHECK(g["distance_m"] == 16000.5);
  CHECK(g["moving_s"] == 4500.0);
  CHECK(g["uses"] == 4);
  CHECK(g["status"] == "in_use");
  // An edited workout shows at once: nothing was accumulated.
  w.db()->exec("UPDATE workouts SET distance_m = 20000 WHERE id = ?", {a});
  CHECK(w.get(shoes)["distance_m"] == 26000.5);
  w.db()->exec("DELETE FROM workouts WHERE id = ?", {a});
  g = w.get(shoes);
  CHECK(g["distance_m"] == 6000.5);
  CHECK(g["uses"] == 3);
  // A workout without a distance counts as a use; someone else's rows never count.
  w.workout({shoes}, 0, 600);
  {
    auto c = w.db();
    c->exec(
        "INSERT INTO workouts (id, user_id, sport, title, start_at, time_zone, distance_m, visibility, source,"
        " created_at, updated_at) VALUES (1, ?, 'run', 'Not hers', 0, 'UTC', 99999, 'only_me', 'manual', 0, 0)",
        {w.bob.user_id});
    c->exec("INSERT INTO workout_gear (workout_id, gear_id) VALUES (1, ?)", {parse_id(IdKind::gear, shoes)});
  }
  g = w.get(shoes);
  CHECK(g["uses"] == 4);
  CHECK(g["distance_m"] == 6000.5);
  CHECK(w.t.call("gear.list", w.ann)["items"][1]["distance_m"] == 6000.5);
}

TEST_CASE("gear usage: a component counts its parent's workouts while installed, through moves") {
  GearWorld w;
  const auto day = [&](int n) { return w.t.clock->now_ms() - n * kDayMs; };  // n days ago
  const auto bike = w.item({{"category", "bike"}, {"name", "Road bike"}});
  const auto gravel = w.item({{"category", "bike"}, {"name", "Gravel bike"}});
  w.workout({bike}, 50000, 6000, day(20));
  // A chain installed ten days ago: the ride before does not count for it.
  const auto chain =
      w.t.call("gear.create", w.ann,
               {{"category", "component"}, {"name", "Chain"}, {"parent_id", bike}, {"installed_on", "2025-12-22"}});
  CHECK(chain["parent_id"] == bike);
  CHECK(chain["installed_at"] == "2025-12-22T00:00:00.000Z");
  const std::string chain_id = chain["id"];
  CHECK(w.get(bike)["components"] == 1);
  w.workout({bike}, 30000, 4000, day(5));
  w.workout({chain_id, bike}, 20000, 3000, day(4));  // named twice: counted once
  w.workout({chain_id}, 1000, 100, day(3));          // on its own
  auto g = w.get(chain_id);
  CHECK(g["distance_m"] == 51000.0);
  CHECK(g["uses"] == 3);
  CHECK(ids_of(w.t.call("gear.list", w.ann, {{"parent_id", bike}})) == std::vector<std::string>{chain_id});

  // Moved to the gravel bike two days ago: the road bike's later rides are not the chain's.
  auto moved = w.t.call("gear.components.install", w.ann,
                        {{"gear_id", chain_id}, {"parent_id", gravel}, {"installed_on", "2025-12-30"}});
  CHECK(moved["parent_id"] == gravel);
  w.workout({bike}, 70000, 9000, day(1));
  w.workout({gravel}, 40000, 5000, day(1));
  w.workout({gravel}, 8000, 900, day(4));  // before the move
  g = w.get(chain_id);
  CHECK(g["distance_m"] == 91000.0);
  CHECK(w.get(bike)["components"] == 0);

  // Taken off: the gravel bike's later rides do not count.
  const auto off = w.t.call("gear.components.remove", w.ann, {{"gear_id", chain_id}});
  CHECK(off["parent_id"].is_null());
  w.workout({gravel}, 10000, 1000, w.t.clock->now_ms() + kMinuteMs);
  CHECK(w.get(chain_id)["distance_m"] == 91000.0);
  CHECK(error_of([&] {
          w.t.call("gear.components.remove", w.ann, {{"gear_id", chain_id}});
        }) == ErrorCode::failed_precondition);

  // Deleting the road bike keeps what the chain gained through it, as its starting values.
  w.t.call("gear.delete", w.ann, {{"gear_id", bike}});
  g = w.get(chain_id);
  CHECK(g["distance_m"] == 91000.0);
  CHECK(g["start_distance_m"] == 30000.0);  // the 20 km ride that also named the chain still counts
  CHECK(g["start_uses"] == 1);
  CHECK(g["uses"] == 4);
}

TEST_CASE("gear usage: installing is checked, and a refused install changes nothing") {
  GearWorld w;
  const auto bike = w.item({{"category", "bike"}, {"name", "Bike"}});
  const auto chain = w.item({{"category", "component"}, {"name", "Chain"}, {"parent_id", bike}});
  const auto tyre = w.item({{"category", "component"}, {"name", "Tyre"}});
  const auto bobs = w.item({{"category", "bike"}, {"name", "Bob's bike"}}, &w.bob);
  const auto retired = w.item({{"category", "bike"}, {"name", "Old bike"}});
  w.t.call("gear.archive", w.ann, {{"gear_id", retired}});
  auto install = [&](const std::string& what, const std::string& on, Json more = Json::object()) {
    more["gear_id"] = what;
    more["parent_id"] = on;
    return error_of([&] { w.t.call("gear.components.install", w.ann, more); });
  };
  const auto before = state_snapshot(w.t);
  CHECK(install(tyre, tyre) == ErrorCode::invalid_argument);     // on itself
  CHECK(install(tyre, chain) == ErrorCode::invalid_argument);    // on a component
  CHECK(install(bike, tyre) == ErrorCode::invalid_argument);     // carries components itself
  CHECK(install(tyre, retired) == ErrorCode::invalid_argument);  // archived parent
  CHECK(install(tyre, bobs) == ErrorCode::not_found);            // not hers
  CHECK(install(tyre, bike, {{"installed_on", "2026-01-02"}}) == ErrorCode::invalid_argument);  // after today
  CHECK(install(tyre, bike, {{"installed_on", "01/01/2026"}}) == ErrorCode::invalid_argument);
  CHECK(install(chain, retired) == ErrorCode::invalid_argument);
  CHECK(error_of([&] {
          w.t.call("gear.components.install", w.bob, {{"gear_id", tyre}, {"parent_id", bobs}});
        }) == ErrorCode::not_found);
  CHECK(changed_parts(before, state_snapshot(w.t)).empty());
  CHECK(w.t.call("gear.components.install", w.ann, {{"gear_id", tyre}, {"parent_id", bike}})["parent_id"] == bike);
  CHECK(w.get(bike)["components"] == 2);
}

TEST_CASE("gear usage: counters logged by hand, listed, filtered and deleted") {
  GearWorld w;
  const auto jacket = w.item({{"category", "clothing"}, {"name", "Jacket"}});
  const auto shorts = w.item({{"category", "clothing"}, {"name", "Shorts"}});
  const auto first = w.t.call("gear.usage.log", w.ann, {{"gear_id", jacket}, {"counter", "washes"}});
  CHECK(std::string(first["id"]).rfind("gus_", 0) == 0);
  CHECK(first["count"] == 1);
  CHECK(first["date"] == "2026-01-01");
  w.t.call("gear.usage.log", w.ann,
           {{"gear_id", jacket}, {"counter", "washes"}, {"count", 3}, {"date", "2025-12-20"}, {"note", "muddy"}});
  w.t.call("gear.usage.log", w.ann, {{"gear_id", jacket}, {"counter", "repairs"}, {"date", "2025-12-25"}});
  w.t.call("gear.usage.log", w.ann, {{"gear_id", shorts}, {"counter", "washes"}, {"date", "2025-12-24"}});
  auto g = w.get(jacket);
  CHECK(g["counters"] == Json{{"repairs", 1}, {"washes", 4}});
  CHECK(g["status"] == "in_use");
  CHECK(g["uses"] == 0);

  auto dates = [](const Json& page) {
    std::vector<std::string> out;
    for (const auto& e : page["items"]) out.push_back(e["date"]);
    return out;
  };
  CHECK(dates(w.t.call("gear.usage.list", w.ann)) ==
        std::vector<std::string>{"2026-01-01", "2025-12-25", "2025-12-24", "2025-12-20"});
  CHECK(dates(w.t.call("gear.usage.list", w.ann, {{"gear_id", jacket}, {"counter", "washes"}})) ==
        std::vector<std::string>{"2026-01-01", "2025-12-20"});
  CHECK(check_walks(w.t, "gear.usage.list", w.ann, Json::object(), "id") == 4);
  CHECK(w.t.call("gear.usage.list", w.bob)["items"].empty());
  CHECK(error_of([&] { w.t.call("gear.usage.list", w.bob, {{"gear_id", jacket}}); }) == ErrorCode::not_found);

  // Bad input: nothing logged.
  const auto before = state_snapshot(w.t);
  for (const Json& bad :
       {Json{{"gear_id", jacket}, {"counter", "Washes"}}, Json{{"gear_id", jacket}, {"counter", "uses"}},
        Json{{"gear_id", jacket}, {"counter", "washes"}, {"count", 0}},
        Json{{"gear_id", jacket}, {"counter", "washes"}, {"count", 1000001}},
        Json{{"gear_id", jacket}, {"counter", "washes"}, {"date", "2026-01-02"}},
        Json{{"gear_id", jacket}, {"counter", "washes"}, {"note", "a\nb"}}}) {
    CAPTURE(bad.dump());
    CHECK(error_of([&] { w.t.call("gear.usage.log", w.ann, bad); }) == ErrorCode::invalid_argument);
  }
  CHECK(error_of([&] {
          w.t.call("gear.usage.log", w.bob, {{"gear_id", jacket}, {"counter", "washes"}});
        }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.t.call("gear.usage.delete", w.bob, {{"entry_id", first["id"]}}); }) == ErrorCode::not_found);
  CHECK(changed_parts(before, state_snapshot(w.t)).empty());

  CHECK(w.t.call("gear.usage.delete", w.ann, {{"entry_id", first["id"]}})["status"] == "deleted");
  CHECK(w.get(jacket)["counters"]["washes"] == 3);
  CHECK(error_of([&] { w.t.call("gear.usage.delete", w.ann, {{"entry_id", first["id"]}}); }) == ErrorCode::not_found);
}

TEST_CASE("gear defaults: several items per sport, replaced as a set, archived ones left out") {
  GearWorld w;
  const auto bike = w.item({{"category", "bike"}, {"name", "Bike"}});
  const auto helmet = w.item({{"category", "accessories"}, {"name", "Helmet"}});
  const auto shoes = w.item({{"name", "Shoes"}});
  auto set = w.t.call("gear.defaults.set", w.ann, {{"sport", "ride"}, {"gear_ids", {helmet, bike, bike}}});
  CHECK(set["sport"] == "ride");
  CHECK(set["gear_ids"].size() == 2);
  w.t.call("gear.defaults.set", w.ann, {{"sport", "run"}, {"gear_ids", {shoes}}});
  auto list = w.t.call("gear.defaults.list", w.ann)["defaults"];
  REQUIRE(list.size() == 2);
  CHECK(list[0]["sport"] == "ride");
  CHECK(list[1]["gear_ids"] == Json::array({shoes}));
  CHECK(w.t.call("gear.defaults.list", w.bob)["defaults"].empty());

  auto c = w.db();
  using gear::default_gear;
  const auto bike_id = parse_id(IdKind::gear, bike), helmet_id = parse_id(IdKind::gear, helmet);
  CHECK(default_gear(*c, w.ann.user_id, "ride") ==
        std::vector<std::int64_t>{std::min(bike_id, helmet_id), std::max(bike_id, helmet_id)});
  CHECK(default_gear(*c, w.ann.user_id, "swim").empty());
  CHECK(default_gear(*c, w.bob.user_id, "ride").empty());
  c.reset();  // an in-memory database has one connection
  w.t.call("gear.archive", w.ann, {{"gear_id", helmet}});
  c = w.db();
  CHECK(default_gear(*c, w.ann.user_id, "ride") == std::vector<std::int64_t>{bike_id});
  c.reset();

  const auto bobs = w.item({{"name", "Bob's"}}, &w.bob);
  const auto before = state_snapshot(w.t);
  for (const Json& bad :
       {Json{{"sport", "quidditch"}, {"gear_ids", {bike}}}, Json{{"sport", "run"}, {"gear_ids", {bobs}}},
        Json{{"sport", "run"}, {"gear_ids", {helmet}}},  // archived
        Json{{"sport", "run"}, {"gear_ids", {"wkt_0000000000001"}}}, Json{{"sport", "run"}, {"gear_ids", {1}}}}) {
    CAPTURE(bad.dump());
    CHECK(error_of([&] { w.t.call("gear.defaults.set", w.ann, bad); }) == ErrorCode::invalid_argument);
  }
  CHECK(changed_parts(before, state_snapshot(w.t)).empty());
  CHECK(w.t.call("gear.defaults.set", w.ann, {{"sport", "run"}, {"gear_ids", Json::array()}})["gear_ids"].empty());
  CHECK(w.t.call("gear.defaults.delete", w.ann, {{"sport", "ride"}})["status"] == "deleted");
  CHECK(error_of([&] { w.t.call("gear.defaults.delete", w.ann, {{"sport", "ride"}}); }) == ErrorCode::not_found);
  CHECK(w.t.call("gear.defaults.list", w.ann)["defaults"].empty());
}

TEST_CASE("gear_usage.hpp: check_usable takes the owner's items in use only") {
  GearWorld w;
  const auto mine = parse_id(IdKind::gear, w.item({{"name", "Mine"}}));
  const auto retired_id = w.item({{"name", "Retired"}});
  w.t.call("gear.archive", w.ann, {{"gear_id", retired_id}});
  const auto retired = parse_id(IdKind::gear, retired_id);
  const auto bobs = parse_id(IdKind::gear, w.item({{"name", "Bob's"}}, &w.bob));
  auto c = w.db();
  auto field_of = [&](const std::vector<std::int64_t>& ids) {
    try {
      gear::check_usable(*c, w.ann.user_id, ids);
    } catch (const Error& e) {
      return std::string(to_string(e.code())) + " " + e.field();
    }
    return std::string("ok");
  };
  CHECK(field_of({}) == "ok");
  CHECK(field_of({mine, mine}) == "ok");
  CHECK(field_of({mine, bobs}) == "invalid_argument gear_ids");
  CHECK(field_of({mine, retired}) == "invalid_argument gear_ids");
  CHECK(field_of({123456789}) == "invalid_argument gear_ids");
}

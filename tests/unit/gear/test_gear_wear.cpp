// Wear limits, status, wear_percent and the notices at 80 % and 100 %: once per threshold, again
// after the wear fell back under it, none for archived items.
#include "core/runtime.hpp"
#include "gear/gear_notices.hpp"
#include "gear/gear_usage.hpp"
#include "unit/gear/gear_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

void after_change(GearWorld& w, const std::vector<std::string>& gear_ids) {
  std::vector<std::int64_t> ids;
  for (const auto& g : gear_ids) ids.push_back(parse_id(IdKind::gear, g));
  auto c = w.db();
  storage::Transaction tx(*c);
  gear::after_usage_change(w.runtime(), *c, w.ann.user_id, ids);
  tx.commit();
}

}  // namespace

TEST_CASE("gear wear: status and wear_percent from the item's own limit or its category's") {
  GearWorld w;
  const auto shoes = w.item({{"brand", "Nike"}, {"model", "Pegasus"}});
  const auto jacket = w.item({{"category", "clothing"}, {"name", "Jacket"}});
  CHECK(w.get(shoes)["status"] == "new");
  auto limit =
      w.t.call("gear.limits.set", w.ann, {{"category", "shoes"}, {"metric", "distance_m"}, {"amount", 800000}});
  CHECK(limit["category"] == "shoes");
  CHECK(limit["amount"] == 800000.0);
  auto g = w.get(shoes);
  CHECK(g["limit"] ==
        Json{{"metric", "distance_m"}, {"counter", nullptr}, {"amount", 800000.0}, {"source", "category"}});
  CHECK(g["wear_percent"] == 0.0);
  CHECK(g["status"] == "new");
  w.workout({shoes}, 400000, 100000);
  g = w.get(shoes);
  CHECK(g["wear_percent"] == 50.0);
  CHECK(g["status"] == "in_use");
  w.workout({shoes}, 240000, 60000);
  CHECK(w.get(shoes)["status"] == "needs_attention");
  w.workout({shoes}, 160000, 40000);
  g = w.get(shoes);
  CHECK(g["wear_percent"] == 100.0);
  CHECK(g["status"] == "replace");
  // The item's own limit wins over the category's.
  g = w.t.call("gear.limits.set", w.ann, {{"gear_id", shoes}, {"metric", "uses"}, {"amount", 30}});
  CHECK(g["limit"]["source"] == "item");
  CHECK(g["wear_percent"] == 10.0);
  CHECK(g["status"] == "in_use");
  g = w.t.call("gear.limits.set", w.ann, {{"gear_id", shoes}, {"metric", "moving_s"}, {"amount", 400000}});
  CHECK(g["wear_percent"] == 50.0);
  g = w.t.call("gear.limits.delete", w.ann, {{"gear_id", shoes}});
  CHECK(g["limit"]["source"] == "category");
  CHECK(error_of([&] { w.t.call("gear.limits.delete", w.ann, {{"gear_id", shoes}}); }) == ErrorCode::not_found);
  // A counter: the jacket after 50 washes.
  w.t.call("gear.limits.set", w.ann,
           {{"category", "clothing"}, {"metric", "counter"}, {"counter", "washes"}, {"amount", 50}});
  w.t.call("gear.usage.log", w.ann, {{"gear_id", jacket}, {"counter", "washes"}, {"count", 45}});
  g = w.get(jacket);
  CHECK(g["wear_percent"] == 90.0);
  CHECK(g["status"] == "needs_attention");
  auto limits = w.t.call("gear.limits.list", w.ann)["limits"];
  REQUIRE(limits.size() == 2);
  CHECK(limits[0]["category"] == "shoes");  // in the order of the categories
  CHECK(limits[1]["counter"] == "washes");
  CHECK(w.t.call("gear.limits.list", w.bob)["limits"].empty());
  CHECK(w.t.call("gear.limits.delete", w.ann, {{"category", "clothing"}})["status"] == "deleted");
  CHECK(w.get(jacket)["wear_percent"].is_null());

  const auto before = state_snapshot(w.t);
  for (const Json& bad : {Json{{"category", "shoes"}, {"metric", "km"}, {"amount", 800}},
                          Json{{"category", "boats"}, {"metric", "uses"}, {"amount", 8}},
                          Json{{"category", "shoes"}, {"metric", "uses"}, {"amount", 0}},
                          Json{{"category", "shoes"}, {"metric", "uses"}, {"amount", -5}},
                          Json{{"category", "shoes"}, {"metric", "uses"}, {"amount", 2.5}},
                          Json{{"category", "shoes"}, {"metric", "counter"}, {"amount", 5}},
                          Json{{"category", "shoes"}, {"metric", "uses"}, {"counter", "washes"}, {"amount", 5}},
                          Json{{"metric", "uses"}, {"amount", 5}},
                          Json{{"category", "shoes"}, {"gear_id", shoes}, {"metric", "uses"}, {"amount", 5}}}) {
    CAPTURE(bad.dump());
    CHECK(error_of([&] { w.t.call("gear.limits.set", w.ann, bad); }) == ErrorCode::invalid_argument);
  }
  CHECK(error_of([&] {
          w.t.call("gear.limits.set", w.bob, {{"gear_id", shoes}, {"metric", "uses"}, {"amount", 5}});
        }) == ErrorCode::not_found);
  CHECK(changed_parts(before, state_snapshot(w.t)).empty());
}

TEST_CASE("gear notices: once at 80 % and once at 100 %, through after_usage_change") {
  GearWorld w;
  const auto shoes = w.item({{"brand", "Nike"}, {"model", "Pegasus"}});
  w.t.call("gear.limits.set", w.ann, {{"category", "shoes"}, {"metric", "distance_m"}, {"amount", 800000}});
  w.workout({shoes}, 600000, 1);
  after_change(w, {shoes});
  CHECK(w.notices("gear_wear_attention") == 0);  // 75 %
  w.workout({shoes}, 40000, 1);
  after_change(w, {shoes});
  CHECK(w.notices("gear_wear_attention") == 1);
  CHECK(w.notice_body("gear_wear_attention") ==
        "Your Nike Pegasus has reached 640 km of 800 km (80 % of its wear limit). Check it and plan a replacement.\n");
  w.workout({shoes}, 10000, 1);
  after_change(w, {shoes});
  after_change(w, {shoes});
  CHECK(w.notices("gear_wear_attention") == 1);  // once
  w.workout({shoes}, 200000, 1);
  after_change(w, {shoes});
  CHECK(w.notices("gear_wear_replace") == 1);
  CHECK(w.notice_body("gear_wear_replace") ==
        "Your Nike Pegasus has reached 850 km of 800 km, its wear limit. Time to replace it.\n");
  after_change(w, {shoes});
  CHECK(w.notices("gear_wear_replace") == 1);
  CHECK(w.notices("gear_wear_attention") == 1);
  CHECK(w.count("SELECT COUNT(*) FROM gear_wear_notices") == 2);
  // The data of the notice names the item.
  const auto data = w.db()->query_text("SELECT data FROM notifications WHERE type = 'gear_wear_replace'");
  CHECK(Json::parse(*data)["gear_id"] == shoes);
  CHECK(Json::parse(*data)["threshold"] == 100);
}

TEST_CASE("gear notices: a limit raised and crossed again tells again; straight past both, one notice") {
  GearWorld w;
  const auto shoes = w.item({{"name", "Trail shoes"}});
  w.workout({shoes}, 700000, 1);
  // Setting a limit the item is already past: one notice, the higher threshold.
  w.t.call("gear.limits.set", w.ann, {{"gear_id", shoes}, {"metric", "distance_m"}, {"amount", 600000}});
  CHECK(w.notices("gear_wear_replace") == 1);
  CHECK(w.notices("gear_wear_attention") == 0);
  // Raised: under both thresholds, both forgotten.
  w.t.call("gear.limits.set", w.ann, {{"gear_id", shoes}, {"metric", "distance_m"}, {"amount", 1000000}});
  CHECK(w.count("SELECT COUNT(*) FROM gear_wear_notices") == 0);
  const auto w2 = w.workout({shoes}, 150000, 1);
  after_change(w, {shoes});
  CHECK(w.notices("gear_wear_attention") == 1);
  // Deleting the workout takes the wear back under 80 %; adding it again crosses again.
  w.db()->exec("DELETE FROM workouts WHERE id = ?", {w2});
  after_change(w, {shoes});
  CHECK(w.count("SELECT COUNT(*) FROM gear_wear_notices") == 0);
  w.workout({shoes}, 150000, 1);
  after_change(w, {shoes});
  CHECK(w.notices("gear_wear_attention") == 2);  // a digest: one unread row, counted twice
}

TEST_CASE("gear notices: components through their parent, archived items never, in the user's language") {
  GearWorld w;
  const auto bike = w.item({{"category", "bike"}, {"name", "Bike"}});
  const auto chain =
      w.item({{"category", "component"}, {"name", "Chain"}, {"parent_id", bike}, {"installed_on", "2025-12-01"}});
  w.t.call("gear.limits.set", w.ann, {{"gear_id", chain}, {"metric", "distance_m"}, {"amount", 3000000}});
  w.workout({bike}, 2500000, 1);
  after_change(w, {bike});  // the bike's workouts: the chain is checked too
  CHECK(w.notices("gear_wear_attention") == 1);
  CHECK(w.notice_body("gear_wear_attention").find("Chain has reached 2500 km of 3000 km") != std::string::npos);

  const auto old = w.item({{"name", "Old shoes"}});
  w.t.call("gear.limits.set", w.ann, {{"gear_id", old}, {"metric", "uses"}, {"amount", 2}});
  w.t.call("gear.archive", w.ann, {{"gear_id", old}});
  w.workout({old}, 1, 1);
  w.workout({old}, 1, 1);
  after_change(w, {old});
  CHECK(w.notices("gear_wear_replace") == 0);
  // Someone else's ids are skipped, not an error.
  const auto bobs = w.item({{"name", "Bob's"}}, &w.bob);
  after_change(w, {bobs});
  // Unarchiving looks again.
  w.t.call("gear.unarchive", w.ann, {{"gear_id", old}});
  CHECK(w.notices("gear_wear_replace") == 1);

  w.db()->exec("UPDATE users SET language = 'ru' WHERE id = ?", {w.bob.user_id});  // chosen at sign-up
  const auto boots = w.item({{"name", "Ботинки"}}, &w.bob);
  w.t.call("gear.limits.set", w.bob, {{"gear_id", boots}, {"metric", "uses"}, {"amount", 4}});
  for (int i = 0; i < 4; ++i) w.workout({boots}, 1, 1, 0, &w.bob);
  w.t.call("gear.usage.log", w.bob, {{"gear_id", boots}, {"counter", "washes"}});  // re-evaluates too
  CHECK(w.notices("gear_wear_replace", &w.bob) == 1);
  const auto body = w.db()->query_text(
      "SELECT body FROM notifications WHERE user_id = ? AND type = 'gear_wear_replace'", {w.bob.user_id});
  CHECK(*body == "Снаряжение «Ботинки»: 4 тренировки из 4 тренировки — предел износа достигнут. Пора его заменить.\n");
}

TEST_CASE("gear notices: amounts read as people say them") {
  const WearLimit distance{"distance_m", std::nullopt, 800000}, time{"moving_s", std::nullopt, 0};
  const WearLimit uses{"uses", std::nullopt, 0}, washes{"counter", "machine_washes", 0};
  CHECK(gear::format_amount(640000, distance, "en") == "640 km");
  CHECK(gear::format_amount(12345, distance, "en") == "12.3 km");
  CHECK(gear::format_amount(640000, distance, "ru") == "640 км");
  CHECK(gear::format_amount(36000, time, "en") == "10 h");
  CHECK(gear::format_amount(5400, time, "ru") == "1.5 ч");
  CHECK(gear::format_amount(1, uses, "en") == "1 use");
  CHECK(gear::format_amount(150, uses, "en") == "150 uses");
  CHECK(gear::format_amount(21, uses, "ru") == "21 тренировка");
  CHECK(gear::format_amount(12, uses, "ru") == "12 тренировок");
  CHECK(gear::format_amount(12, washes, "en") == "12 machine washes");
  CHECK(gear::format_amount(12, washes, "ru") == "12 (machine washes)");
}

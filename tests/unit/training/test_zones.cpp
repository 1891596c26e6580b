// Training zones: values derived from the profile and metrics, settings that override them,
// clearing, Karvonen and Coggan zones, load_user_zones for other domains, and bad input.
#include "training/user_zones.hpp"
#include "unit/permit_world.hpp"
#include "unit/training/training_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

training::UserZones zones_of(TestPlatform& t, const std::string& user_id) {
  auto c = t.platform->database().acquire();
  return training::load_user_zones(*c, parse_id(IdKind::user, user_id), t.clock->now_ms());
}

}  // namespace

TEST_CASE("zones: nothing known, then derived from age and metrics, then set") {
  TestPlatform t;
  const auto ann_id = t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto z = t.call("zones.get", ann);
  CHECK(z["max_hr"].is_null());
  CHECK(z["max_hr_source"].is_null());
  CHECK(z["resting_hr"].is_null());
  CHECK(z["heart_rate_zones"].empty());
  CHECK(z["power_zones"].empty());
  CHECK(z["updated_at"].is_null());
  auto none = zones_of(t, ann_id);
  CHECK(none.hr_bounds.empty());
  CHECK(none.power_bounds.empty());

  // Born 1986-01-02: 39 on 2026-01-01, so 220 - 39 = 181. Resting HR from the latest metrics day.
  t.call("profile.update", ann, {{"birth_date", "1986-01-02"}});
  t.call("metrics.record", ann, {{"date", "2025-12-20"}, {"resting_hr", 60}});
  t.call("metrics.record", ann, {{"date", "2025-12-28"}, {"resting_hr", 51}});
  t.call("metrics.record", ann, {{"date", "2025-12-30"}, {"weight_kg", 61}});
  z = t.call("zones.get", ann);
  CHECK(z["max_hr"] == 181.0);
  CHECK(z["max_hr_source"] == "age");
  CHECK(z["resting_hr"] == 51.0);
  CHECK(z["resting_hr_source"] == "metrics");
  // Karvonen: 51 + 50 % of the 130 bpm reserve = 116; 60 % = 129; ... 90 % = 168; up to 181.
  REQUIRE(z["heart_rate_zones"].size() == 5);
  CHECK(z["heart_rate_zones"][0] == Json{{"zone", 1}, {"min_bpm", 116.0}, {"max_bpm", 129.0}});
  CHECK(z["heart_rate_zones"][4] == Json{{"zone", 5}, {"min_bpm", 168.0}, {"max_bpm", 181.0}});
  auto derived = zones_of(t, ann_id);
  REQUIRE(derived.hr_bounds.size() == 5);
  CHECK(derived.hr_bounds[0] == doctest::Approx(116.0));
  CHECK(derived.hr_bounds[2] == doctest::Approx(142.0));

  t.clock->advance(kMinuteMs);
  z = t.call("zones.set", ann, {{"max_hr", 190}, {"ftp_w", 250}, {"threshold_pace_s_per_km", 270}});
  CHECK(z["max_hr"] == 190.0);
  CHECK(z["max_hr_source"] == "settings");
  CHECK(z["resting_hr_source"] == "metrics");
  CHECK(z["ftp_w"] == 250.0);
  CHECK(z["threshold_pace_s_per_km"] == 270.0);
  CHECK(z["updated_at"] == "2026-01-01T00:01:00.000Z");
  // Coggan: 0–55–75–90–105–120–150 % of FTP, the last zone open.
  REQUIRE(z["power_zones"].size() == 7);
  CHECK(z["power_zones"][0] == Json{{"zone", 1}, {"min_w", 0.0}, {"max_w", 138.0}});
  CHECK(z["power_zones"][3] == Json{{"zone", 4}, {"min_w", 225.0}, {"max_w", 263.0}});
  CHECK(z["power_zones"][6] == Json{{"zone", 7}, {"min_w", 375.0}, {"max_w", nullptr}});
  auto set = zones_of(t, ann_id);
  CHECK(set.max_hr == 190.0);
  CHECK(set.ftp_w == 250.0);
  CHECK(set.threshold_pace_s_per_km == 270.0);
  REQUIRE(set.power_bounds.size() == 7);
  CHECK(set.power_bounds[0] == 0.0);
  CHECK(set.power_bounds[1] == doctest::Approx(137.5));
  CHECK(set.power_bounds[6] == doctest::Approx(375.0));
  CHECK(set.hr_bounds[0] == doctest::Approx(51 + 0.5 * 139));

  // Setting one value keeps the others; clearing one derives it again.
  z = t.call("zones.set", ann, {{"resting_hr", 48}});
  CHECK(z["resting_hr_source"] == "settings");
  CHECK(z["ftp_w"] == 250.0);
  z = t.call("zones.set", ann, {{"clear", {"max_hr", "resting_hr", "ftp_w"}}});
  CHECK(z["max_hr_source"] == "age");
  CHECK(z["resting_hr"] == 51.0);
  CHECK(z["ftp_w"].is_null());
  CHECK(z["power_zones"].empty());
  CHECK(z["threshold_pace_s_per_km"] == 270.0);
}

TEST_CASE("zones: bad settings are refused, named, and change nothing") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  t.call("zones.set", ann, {{"max_hr", 180}});
  struct Row {
    Json params;
    const char* field;
  };
  const std::vector<Row> rows{
      {{{"max_hr", 99}}, "max_hr"},
      {{{"max_hr", 251}}, "max_hr"},
      {{{"resting_hr", 20}}, "resting_hr"},
      {{{"resting_hr", 150}, {"max_hr", 140}}, "resting_hr"},
      {{{"ftp_w", 10}}, "ftp_w"},
      {{{"threshold_pace_s_per_km", 60}}, "threshold_pace_s_per_km"},
      {{{"clear", {"weight"}}}, "clear"},
      {{{"clear", {"max_hr"}}, {"max_hr", 170}}, "clear"},
      {{{"max_hr", "fast"}}, "max_hr"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.params.dump());
    const auto changed = changes_made_by(t, [&] {
      try {
        t.call("zones.set", ann, row.params);
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK(e.field() == row.field);
      }
    });
    CHECK_MESSAGE(changed.empty(), "the refused call changed " << join_parts(changed));
  }
}

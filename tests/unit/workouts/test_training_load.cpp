// Zones, TRIMP and fitness / fatigue / form against values worked out by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "fitkit/error.hpp"
#include "workouts/training_load.hpp"

using namespace fitkit;
using namespace fitkit::workouts;

TEST_CASE("training load: Karvonen heart-rate zones and Coggan power zones") {
  auto hr = heart_rate_zone_bounds(60, 190);  // reserve 130
  REQUIRE(hr.size() == 5);
  CHECK(hr[0] == doctest::Approx(125));
  CHECK(hr[2] == doctest::Approx(151));
  CHECK(hr[4] == doctest::Approx(177));
  auto power = power_zone_bounds(250);
  REQUIRE(power.size() == 6);
  CHECK(power[0] == doctest::Approx(137.5));
  CHECK(power[3] == doctest::Approx(262.5));
  CHECK(power[5] == doctest::Approx(375));
  CHECK_THROWS_AS(heart_rate_zone_bounds(190, 60), Error);
  CHECK_THROWS_AS(heart_rate_zone_bounds(0, 190), Error);
  CHECK_THROWS_AS(heart_rate_zone_bounds(60, 300), Error);
  CHECK_THROWS_AS(power_zone_bounds(0), Error);
  CHECK_THROWS_AS(power_zone_bounds(std::nan("")), Error);
}

TEST_CASE("training load: Banister's TRIMP from samples and from an average") {
  // An hour at 151 bpm with rest 60 and max 190: HRr = 0.7.
  std::vector<TrackSample> hour;
  for (int t = 0; t <= 3600; t += 10) hour.push_back({.time_ms = t * 1000LL, .heart_rate_bpm = 151.0});
  const double male = 60 * 0.7 * 0.64 * std::exp(1.92 * 0.7);
  const double female = 60 * 0.7 * 0.86 * std::exp(1.67 * 0.7);
  CHECK(trimp(hour, 60, 190, TrimpSex::male).value() == doctest::Approx(male));
  CHECK(trimp(hour, 60, 190, TrimpSex::female).value() == doctest::Approx(female));
  CHECK(trimp_from_average(60, 151, 60, 190, TrimpSex::male) == doctest::Approx(male));
  // Below rest counts nothing; no heart rate at all is no TRIMP.
  CHECK(trimp_from_average(30, 50, 60, 190, TrimpSex::male) == 0);
  std::vector<TrackSample> no_hr{{.time_ms = 0}, {.time_ms = 60000}};
  CHECK_FALSE(trimp(no_hr, 60, 190, TrimpSex::male).has_value());
  CHECK_THROWS_AS(trimp_from_average(-1, 150, 60, 190, TrimpSex::male), Error);
}

TEST_CASE("training load: fitness, fatigue and form, day by day") {
  const std::vector<DailyLoad> loads{{"2026-01-01", 100}, {"2026-01-03", 50}, {"2026-01-03", 50}};
  auto days = fitness_fatigue_form(loads, "2026-01-01", "2026-01-04");
  REQUIRE(days.size() == 4);
  CHECK(days[0].date == "2026-01-01");
  CHECK(days[0].load == 100);
  CHECK(days[0].fitness == doctest::Approx(100.0 / 42));
  CHECK(days[0].fatigue == doctest::Approx(100.0 / 7));
  CHECK(days[0].form == 0);
  CHECK(days[1].form == doctest::Approx(100.0 / 42 - 100.0 / 7));
  CHECK(days[2].load == 100);  // two workouts on one day
  CHECK(days[3].date == "2026-01-04");
  CHECK(days[3].fitness < days[2].fitness);

  // Loads before the range still build fitness; the range alone is returned.
  auto later = fitness_fatigue_form(loads, "2026-01-03", "2026-01-03");
  REQUIRE(later.size() == 1);
  CHECK(later[0].fitness == doctest::Approx(days[2].fitness));

  // Across a month end and a leap day.
  auto leap = fitness_fatigue_form({}, "2028-02-28", "2028-03-01");
  REQUIRE(leap.size() == 3);
  CHECK(leap[1].date == "2028-02-29");
  CHECK(leap[2].fitness == 0);

  CHECK_THROWS_AS(fitness_fatigue_form({}, "2026-02-30", "2026-03-01"), Error);
  CHECK_THROWS_AS(fitness_fatigue_form({}, "2026-03-01", "2026-02-01"), Error);
  CHECK_THROWS_AS(fitness_fatigue_form({}, "20260301", "2026-03-02"), Error);
  CHECK_THROWS_AS(fitness_fatigue_form({}, "1990-01-01", "2026-03-02"), Error);
  const std::vector<DailyLoad> bad{{"yesterday", 10}};
  CHECK_THROWS_AS(fitness_fatigue_form(bad, "2026-01-01", "2026-01-02"), Error);
}

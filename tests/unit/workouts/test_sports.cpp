// The closed list of sports, and the names of files and of Strava mapped onto it.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "workouts/sports.hpp"

using namespace fitkit::workouts;

TEST_CASE("sports: a closed list of at least 30, ids unique and snake_case, each with a family") {
  std::set<std::string_view> ids;
  std::set<SportFamily> families;
  for (const Sport& s : sports()) {
    CAPTURE(s.id);
    CHECK(ids.insert(s.id).second);
    families.insert(s.family);
    for (char c : s.id) CHECK(((c >= 'a' && c <= 'z') || c == '_'));
    CHECK_FALSE(s.name.empty());
    CHECK(find_sport(s.id) == &s);
    if (s.has_track) CHECK(s.has_distance);  // a track has a length
    CHECK(moving_speed_threshold(s.family) > 0);
  }
  CHECK(ids.size() >= 30);
  CHECK(families.size() == 10);
  for (const char* wanted : {"run", "trail_run", "treadmill_run", "walk", "hike", "ride", "mountain_bike",
                             "indoor_ride", "open_water_swim", "pool_swim", "row", "alpine_ski",
                             "cross_country_ski", "strength", "yoga", "hiit", "climbing"})
    CHECK(find_sport(wanted) != nullptr);
  CHECK(find_sport("Run") == nullptr);
  CHECK(find_sport("") == nullptr);
  CHECK_FALSE(find_sport("treadmill_run")->has_track);
  CHECK_FALSE(find_sport("yoga")->has_distance);
  CHECK(to_string(find_sport("kayak")->family) == "paddling");
}

TEST_CASE("sports: FIT, TCX and GPX names map onto the list; unknown names stay unknown") {
  CHECK(sport_from_file("running") == "run");
  CHECK(sport_from_file("running", "trail") == "trail_run");
  CHECK(sport_from_file("running", "treadmill") == "treadmill_run");
  CHECK(sport_from_file("running", "virtual_activity") == "virtual_run");
  CHECK(sport_from_file("cycling", "virtual_activity") == "virtual_ride");
  CHECK(sport_from_file("cycling", "mountain") == "mountain_bike");
  CHECK(sport_from_file("cycling", "indoor_cycling") == "indoor_ride");
  CHECK(sport_from_file("cycling", "track") == "ride");  // a velodrome is no track run
  CHECK(sport_from_file("swimming", "lap_swimming") == "pool_swim");
  CHECK(sport_from_file("swimming", "open_water") == "open_water_swim");
  CHECK(sport_from_file("training", "strength_training") == "strength");
  CHECK(sport_from_file("generic") == "other");
  CHECK(sport_from_file("Biking") == "ride");      // TCX
  CHECK(sport_from_file("Running") == "run");      // TCX
  CHECK(sport_from_file("Other") == "other");      // TCX
  CHECK(sport_from_file("hiking") == "hike");      // GPX <type>
  CHECK(sport_from_file("trail_run") == "trail_run");
  CHECK_FALSE(sport_from_file("quidditch").has_value());
  CHECK_FALSE(sport_from_file("").has_value());
}

TEST_CASE("sports: Strava's activity types map onto the list") {
  CHECK(sport_from_strava("Run") == "run");
  CHECK(sport_from_strava("Ride") == "ride");
  CHECK(sport_from_strava("VirtualRide") == "virtual_ride");
  CHECK(sport_from_strava("Mountain Bike Ride") == "mountain_bike");
  CHECK(sport_from_strava("MountainBikeRide") == "mountain_bike");
  CHECK(sport_from_strava("Weight Training") == "strength");
  CHECK(sport_from_strava("NordicSki") == "cross_country_ski");
  CHECK(sport_from_strava("Swim") == "pool_swim");
  CHECK(sport_from_strava("Workout") == "other");
  CHECK_FALSE(sport_from_strava("Teleportation").has_value());
}

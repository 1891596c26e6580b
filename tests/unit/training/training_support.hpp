// Shared by the training tests: template parameters, and workouts written straight into the
// table the workouts domain owns.
#pragma once

#include "unit/fixture.hpp"

namespace fitkit::test {

// 10 min warm-up in zone 2, 5 × [1 km at 3:55–4:05 /km, 2 min recovery], cool-down.
inline Json interval_steps() {
  return Json::parse(R"([
    {"type": "warmup", "name": "Easy", "duration": {"type": "time", "seconds": 600}, "target": {"type": "heart_rate", "zone": 2}},
    {"type": "repeat", "count": 5, "steps": [
      {"type": "work", "duration": {"type": "distance", "meters": 1000}, "target": {"type": "pace", "min_s_per_km": 235, "max_s_per_km": 245}},
      {"type": "recovery", "duration": {"type": "time", "seconds": 120}}]},
    {"type": "cooldown", "duration": {"type": "open"}}])");
}

inline Json interval_template(const std::string& name = "5 x 1 km") {
  return {{"name", name}, {"sport", "run"}, {"description", "VO2max intervals"}, {"steps", interval_steps()}};
}

// A workout row of the user's, as the workouts service would store it; returns its wkt_ id.
inline std::string insert_workout(TestPlatform& t, const std::string& user_id, std::int64_t id,
                                  const std::string& sport = "run") {
  auto c = t.platform->database().acquire();
  c->exec("INSERT INTO workouts (id, user_id, sport, title, start_at, time_zone, visibility, source, created_at,"
          " updated_at) VALUES (?, ?, ?, 'Morning run', 0, 'UTC', 'only_me', 'manual', 0, 0)",
          {id, parse_id(IdKind::user, user_id), sport});
  return format_id(IdKind::workout, id);
}

inline std::int64_t count_rows(TestPlatform& t, const std::string& table) {
  return t.platform->database().acquire()->query_i64("SELECT COUNT(*) FROM " + table).value_or(-1);
}

}  // namespace fitkit::test

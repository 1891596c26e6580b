// Template steps without a database: the JSON shape both ways, the rules and their field paths,
// the watch step count, and how steps become FIT workout steps.
#include <doctest/doctest.h>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "formats/fit_profile.hpp"
#include "training/template_fit.hpp"
#include "training/template_json.hpp"
#include "training/template_rules.hpp"
#include "workouts/sports.hpp"

using namespace fitkit;
using namespace fitkit::training;
using Json = StepsJson;

namespace {

std::vector<WorkoutStep> parsed(const char* json) { return parse_steps(Json::parse(json)); }

// The field an invalid_argument names, or "" when the steps are good.
std::string refused(const char* json) {
  try {
    auto steps = parsed(json);
    check_steps(steps);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    return e.field();
  }
  return "";
}

const char* kIntervals = R"([
  {"type": "warmup", "name": "Easy", "duration": {"type": "time", "seconds": 600}, "target": {"type": "heart_rate", "zone": 2}},
  {"type": "repeat", "count": 5, "steps": [
    {"type": "work", "duration": {"type": "distance", "meters": 1000}, "target": {"type": "pace", "min_s_per_km": 235, "max_s_per_km": 245}},
    {"type": "recovery", "duration": {"type": "time", "seconds": 120}}
  ]},
  {"type": "cooldown", "duration": {"type": "open"}, "notes": "jog home"}
])";

}  // namespace

TEST_CASE("template steps: JSON in, rules, and the same JSON out") {
  auto steps = parsed(kIntervals);
  CHECK(check_steps(steps) == 5);  // warm-up, two in the repeat, the repeat, cool-down
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].kind == StepKind::warmup);
  CHECK(steps[0].target.zone == 2);
  CHECK(steps[1].repeat_count == 5);
  CHECK(steps[1].steps[0].target.kind == TargetKind::pace);
  CHECK(steps[1].steps[0].target.min == 235.0);
  CHECK(steps[2].duration.kind == DurationKind::open);
  const auto out = steps_json(steps);
  CHECK(out[0] == Json::parse(R"({"type": "warmup", "name": "Easy", "duration": {"type": "time", "seconds": 600.0},
                                 "target": {"type": "heart_rate", "zone": 2}})"));
  CHECK(out[1]["steps"][1] == Json::parse(R"({"type": "recovery", "duration": {"type": "time", "seconds": 120.0}})"));
  CHECK(out[2] == Json::parse(R"({"type": "cooldown", "notes": "jog home", "duration": {"type": "open"}})"));
  // What comes out goes back in unchanged.
  CHECK(steps_json(parse_steps(out)) == out);
  CHECK(steps_json(parse_steps_text(out.dump())) == out);
}

TEST_CASE("template steps: a step without a duration lasts until the lap button") {
  auto steps = parsed(R"([{"type": "work"}])");
  CHECK(check_steps(steps) == 1);
  CHECK(steps[0].duration.kind == DurationKind::open);
  CHECK(steps[0].target.kind == TargetKind::none);
}

TEST_CASE("template steps: exercises, sets and the watch step count") {
  const auto id = format_id(IdKind::exercise, 7);
  auto steps = parsed((R"([{"type": "exercise", "exercise_id": ")" + id +
                       R"(", "sets": 3, "reps": 8, "weight_kg": 60, "rest_s": 90},
                          {"type": "exercise", "exercise_id": ")" + id + R"(", "duration_s": 45},
                          {"type": "repeat", "count": 3, "steps": [
                            {"type": "exercise", "exercise_id": ")" + id + R"(", "reps": 10, "rest_s": 30},
                            {"type": "exercise", "exercise_id": ")" + id + R"(", "reps": 15}]}])")
                          .c_str());
  // 3 (work, rest, sets) + 1 + (2 + 1 + the repeat).
  CHECK(check_steps(steps) == 8);
  CHECK(steps[0].exercise_id == 7);
  CHECK(steps[0].sets == 3);
  CHECK(steps[1].sets == 1);
  CHECK(steps[1].duration_s == 45.0);
  const auto out = steps_json(steps);
  CHECK(out[0]["exercise_id"] == id);
  CHECK(out[0]["weight_kg"] == 60.0);
  // exercise_name is what reads give back; it goes back in as it came out.
  CHECK(out[0]["exercise_name"] == "");
  CHECK(steps_json(parse_steps(out)) == out);
}

TEST_CASE("template steps: bad steps are refused naming the JSON path") {
  struct Row {
    const char* json;
    const char* field;
  };
  const std::vector<Row> rows{
      {R"({"type": "work"})", "steps"},
      {R"([])", "steps"},
      {R"([1])", "steps[0]"},
      {R"([{}])", "steps[0].type"},
      {R"([{"type": "sprint"}])", "steps[0].type"},
      {R"([{"type": "work", "speed": 3}])", "steps[0].speed"},
      {R"([{"type": "work", "duration": {"type": "time"}}])", "steps[0].duration.seconds"},
      {R"([{"type": "work", "duration": {"type": "time", "seconds": 0}}])", "steps[0].duration.seconds"},
      {R"([{"type": "work", "duration": {"type": "time", "seconds": 86401}}])", "steps[0].duration.seconds"},
      {R"([{"type": "work", "duration": {"type": "time", "seconds": "600"}}])", "steps[0].duration.seconds"},
      {R"([{"type": "work", "duration": {"type": "distance", "meters": -5}}])", "steps[0].duration.meters"},
      {R"([{"type": "work", "duration": {"type": "laps"}}])", "steps[0].duration.type"},
      {R"([{"type": "work", "target": {"type": "heart_rate", "zone": 6}}])", "steps[0].target.zone"},
      {R"([{"type": "work", "target": {"type": "heart_rate", "zone": 0}}])", "steps[0].target.zone"},
      {R"([{"type": "work", "target": {"type": "heart_rate", "zone": 2.5}}])", "steps[0].target.zone"},
      {R"([{"type": "work", "target": {"type": "power", "zone": 8}}])", "steps[0].target.zone"},
      {R"([{"type": "work", "target": {"type": "power", "zone": 7}}])", ""},
      {R"([{"type": "work", "target": {"type": "power", "zone": 3, "min_w": 200, "max_w": 250}}])", "steps[0].target"},
      {R"([{"type": "work", "target": {"type": "power", "min_w": 300, "max_w": 250}}])", "steps[0].target.max_w"},
      {R"([{"type": "work", "target": {"type": "power", "min_w": 300}}])", "steps[0].target"},
      {R"([{"type": "work", "target": {"type": "pace", "zone": 2}}])", "steps[0].target.zone"},
      {R"([{"type": "work", "target": {"type": "pace", "min_s_per_km": 30, "max_s_per_km": 300}}])",
       "steps[0].target.min_s_per_km"},
      {R"([{"type": "work", "target": {"type": "heart_rate", "min_bpm": 140, "max_bpm": 400}}])",
       "steps[0].target.max_bpm"},
      {R"([{"type": "work", "target": {"type": "cadence", "min_rpm": 80, "max_rpm": 90, "zone": 1}}])",
       "steps[0].target.zone"},
      {R"([{"type": "work", "target": {"type": "cadence", "min_bpm": 80, "max_bpm": 90}}])", "steps[0].target.min_bpm"},
      {R"([{"type": "work", "name": "a\nb"}])", "steps[0].name"},
      {R"([{"type": "repeat", "count": 1, "steps": [{"type": "work"}]}])", "steps[0].count"},
      {R"([{"type": "repeat", "count": 100, "steps": [{"type": "work"}]}])", "steps[0].count"},
      {R"([{"type": "repeat", "count": 2, "steps": []}])", "steps[0].steps"},
      {R"([{"type": "repeat", "count": 2}])", "steps[0].steps"},
      {R"([{"type": "repeat", "count": 2, "steps": [{"type": "repeat", "count": 2, "steps": [{"type": "work"}]}]}])",
       "steps[0].steps[0]"},
      {R"([{"type": "repeat", "count": 2, "steps": [{"type": "work", "duration": {"type": "time", "seconds": -1}}]}])",
       "steps[0].steps[0].duration.seconds"},
      {R"([{"type": "exercise"}])", "steps[0].exercise_id"},
      {R"([{"type": "exercise", "exercise_id": "tpl_0000000000001", "reps": 5}])", "steps[0].exercise_id"},
      {R"([{"type": "exercise", "exercise_id": "exe_0000000000001"}])", "steps[0]"},
      {R"([{"type": "exercise", "exercise_id": "exe_0000000000001", "reps": 5, "duration_s": 30}])", "steps[0]"},
      {R"([{"type": "exercise", "exercise_id": "exe_0000000000001", "reps": 5, "sets": 21}])", "steps[0].sets"},
      {R"([{"type": "exercise", "exercise_id": "exe_0000000000001", "reps": 5, "sets": 99999999999}])",
       "steps[0].sets"},
      {R"([{"type": "exercise", "exercise_id": "exe_0000000000001", "reps": 0}])", "steps[0].reps"},
      {R"([{"type": "exercise", "exercise_id": "exe_0000000000001", "reps": 5, "weight_kg": 1001}])",
       "steps[0].weight_kg"},
      {R"([{"type": "exercise", "exercise_id": "exe_0000000000001", "reps": 5, "rest_s": -1}])", "steps[0].rest_s"},
      {R"([{"type": "repeat", "count": 3, "steps": [{"type": "exercise", "exercise_id": "exe_0000000000001", "reps": 5, "sets": 2}]}])",
       "steps[0].steps[0].sets"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.json);
    CHECK(refused(row.json) == row.field);
  }
}

TEST_CASE("template steps: at most 100 steps on a watch; 64 KiB of JSON") {
  Json steps = Json::array();
  for (int i = 0; i < 100; ++i) steps.push_back({{"type", "work"}});
  auto ok = parse_steps(steps);
  CHECK(check_steps(ok) == 100);
  steps.push_back({{"type", "work"}});
  auto over = parse_steps(steps);
  CHECK_THROWS_AS(check_steps(over), Error);
  Json big = Json::array({{{"type", "work"}, {"notes", std::string(70000, 'x')}}});
  try {
    parse_steps(big);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.field() == "steps");
  }
}

TEST_CASE("template to FIT: durations, targets and repeats in the profile's units") {
  WorkoutTemplate t;
  t.id = 42;
  t.name = "5 x 1 km";
  t.sport = "trail_run";
  t.steps = parse_steps(Json::parse(kIntervals));
  t.steps.push_back(parse_steps(Json::parse(
      R"([{"type": "work", "target": {"type": "heart_rate", "min_bpm": 150, "max_bpm": 160}}])"))[0]);
  t.steps.push_back(parse_steps(Json::parse(
      R"([{"type": "work", "target": {"type": "power", "min_w": 250, "max_w": 280}}])"))[0]);
  t.steps.push_back(parse_steps(Json::parse(
      R"([{"type": "work", "target": {"type": "cadence", "min_rpm": 85, "max_rpm": 95}}])"))[0]);
  const auto spec = fit_workout(t, 1767225600000LL);
  CHECK(formats::fit::sport_name(spec.sport) == "running");
  CHECK(formats::fit::sub_sport_name(spec.sub_sport) == "trail");
  CHECK(spec.serial_number == 42u);
  REQUIRE(spec.steps.size() == 8);
  using formats::fit::Duration;
  using formats::fit::Intensity;
  using formats::fit::Target;
  CHECK(spec.steps[0].duration_value == 600000u);
  CHECK(spec.steps[0].intensity == Intensity::warmup);
  CHECK(spec.steps[0].target_type == Target::heart_rate);
  CHECK(spec.steps[0].target_value == 2u);
  // Pace 3:55–4:05 /km is 4.082–4.255 m/s: the slower pace is the lower speed.
  CHECK(spec.steps[1].duration_type == Duration::distance);
  CHECK(spec.steps[1].duration_value == 100000u);
  CHECK(spec.steps[1].target_type == Target::speed);
  CHECK(spec.steps[1].custom_target_low == 4082u);
  CHECK(spec.steps[1].custom_target_high == 4255u);
  CHECK(spec.steps[2].intensity == Intensity::rest);
  CHECK(spec.steps[3].duration_type == Duration::repeat_until_steps_cmplt);
  CHECK(spec.steps[3].duration_value == 1u);
  CHECK(spec.steps[3].target_value == 5u);
  CHECK(spec.steps[4].duration_type == Duration::open);
  CHECK(spec.steps[4].intensity == Intensity::cooldown);
  CHECK(spec.steps[5].custom_target_low == 250u);  // bpm + 100
  CHECK(spec.steps[5].custom_target_high == 260u);
  CHECK(spec.steps[6].custom_target_low == 1250u);  // W + 1000
  CHECK(spec.steps[7].target_type == Target::cadence);
  CHECK(spec.steps[7].custom_target_high == 95u);
}

TEST_CASE("template to FIT: every sport has a sport and sub-sport of the profile") {
  for (const auto& sport : workouts::sports()) {
    CAPTURE(sport.id);
    const auto [fit_sport_value, fit_sub_sport] = fit_sport(sport.id);
    CHECK(!formats::fit::sport_name(fit_sport_value).empty());
    CHECK(!formats::fit::sub_sport_name(fit_sub_sport).empty());
  }
  CHECK(fit_sport("strength") == std::pair<std::uint8_t, std::uint8_t>{10, 20});
  CHECK(fit_sport("pool_swim") == std::pair<std::uint8_t, std::uint8_t>{5, 17});
}

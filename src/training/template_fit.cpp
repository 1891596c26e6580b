#include "training/template_fit.hpp"

#include <array>
#include <cmath>
#include <string_view>
#include <tuple>

namespace fitkit::training {
namespace {

namespace fit = formats::fit;
using fit::Duration;
using fit::Intensity;
using fit::Target;
using fit::WorkoutStepRecord;

struct SportCode {
  std::string_view sport;
  std::uint8_t fit_sport, fit_sub_sport;
};

// The profile's sport / sub_sport for each sport of src/workouts/sports.cpp; what has no
// closer match is the family's sport with a generic sub-sport.
constexpr std::array kSportCodes{
    SportCode{"run", 1, 0},           SportCode{"trail_run", 1, 3},       SportCode{"treadmill_run", 1, 1},
    SportCode{"track_run", 1, 4},     SportCode{"virtual_run", 1, 58},    SportCode{"walk", 11, 0},
    SportCode{"hike", 17, 0},         SportCode{"mountaineering", 16, 0}, SportCode{"ride", 2, 7},
    SportCode{"mountain_bike", 2, 8}, SportCode{"gravel_ride", 2, 46},    SportCode{"e_bike_ride", 21, 0},
    SportCode{"indoor_ride", 2, 6},   SportCode{"virtual_ride", 2, 58},   SportCode{"pool_swim", 5, 17},
    SportCode{"open_water_swim", 5, 18}, SportCode{"row", 15, 0},         SportCode{"indoor_row", 4, 14},
    SportCode{"kayak", 41, 0},        SportCode{"canoe", 19, 0},          SportCode{"stand_up_paddle", 37, 0},
    SportCode{"alpine_ski", 13, 0},   SportCode{"backcountry_ski", 13, 37}, SportCode{"cross_country_ski", 12, 0},
    SportCode{"snowboard", 14, 0},    SportCode{"snowshoe", 35, 0},       SportCode{"ice_skate", 33, 0},
    SportCode{"inline_skate", 30, 0}, SportCode{"strength", 10, 20},      SportCode{"hiit", 10, 26},
    SportCode{"crossfit", 10, 26},    SportCode{"yoga", 10, 43},          SportCode{"pilates", 10, 44},
    SportCode{"elliptical", 4, 15},   SportCode{"stair_climber", 4, 16},  SportCode{"dance", 10, 0},
    SportCode{"martial_arts", 47, 0}, SportCode{"climbing", 31, 0},       SportCode{"indoor_climbing", 31, 0},
    SportCode{"bouldering", 31, 0},   SportCode{"football", 7, 0},        SportCode{"basketball", 6, 0},
    SportCode{"tennis", 8, 0},        SportCode{"badminton", 0, 0},       SportCode{"golf", 25, 0},
    SportCode{"other", 0, 0},
};

std::uint32_t rounded(double v) { return static_cast<std::uint32_t>(std::llround(v)); }

Intensity intensity_of(StepKind kind) {
  switch (kind) {
    case StepKind::warmup: return Intensity::warmup;
    case StepKind::cooldown: return Intensity::cooldown;
    case StepKind::recovery: return Intensity::rest;  // "rest" is what every watch knows
    default: return Intensity::active;
  }
}

void set_duration(WorkoutStepRecord& r, const StepDuration& d) {
  switch (d.kind) {
    case DurationKind::time:
      r.duration_type = Duration::time;
      r.duration_value = rounded(d.value * 1000);  // ms
      break;
    case DurationKind::distance:
      r.duration_type = Duration::distance;
      r.duration_value = rounded(d.value * 100);  // cm
      break;
    case DurationKind::open: r.duration_type = Duration::open; break;
  }
}

void set_target(WorkoutStepRecord& r, const StepTarget& t) {
  r.target_value = 0;  // 0: open, or a custom range
  switch (t.kind) {
    case TargetKind::none: r.target_type = Target::open; return;
    case TargetKind::heart_rate:
      r.target_type = Target::heart_rate;
      if (t.zone) {
        r.target_value = static_cast<std::uint32_t>(*t.zone);
      } else {  // bpm + 100: values up to 100 would be % of max HR
        r.custom_target_low = rounded(*t.min) + 100;
        r.custom_target_high = rounded(*t.max) + 100;
      }
      return;
    case TargetKind::power:
      r.target_type = Target::power;
      if (t.zone) {
        r.target_value = static_cast<std::uint32_t>(*t.zone);
      } else {  // W + 1000: values up to 1000 would be % of FTP
        r.custom_target_low = rounded(*t.min) + 1000;
        r.custom_target_high = rounded(*t.max) + 1000;
      }
      return;
    case TargetKind::pace:
      // Speed in mm/s: the slower pace (more s/km) is the lower speed.
      r.target_type = Target::speed;
      r.custom_target_low = rounded(1e6 / *t.max);
      r.custom_target_high = rounded(1e6 / *t.min);
      return;
    case TargetKind::cadence:
      r.target_type = Target::cadence;
      r.custom_target_low = rounded(*t.min);
      r.custom_target_high = rounded(*t.max);
      return;
  }
}

WorkoutStepRecord repeat_record(std::size_t first, int count) {
  WorkoutStepRecord r;
  r.duration_type = Duration::repeat_until_steps_cmplt;
  r.duration_value = static_cast<std::uint32_t>(first);
  r.target_value = static_cast<std::uint32_t>(count);
  return r;
}

void add_exercise(std::vector<WorkoutStepRecord>& out, const WorkoutStep& s) {
  const std::size_t first = out.size();
  WorkoutStepRecord work;
  work.name = s.exercise_name;
  work.notes = s.notes;
  if (s.reps) {
    work.duration_type = Duration::reps;
    work.duration_value = static_cast<std::uint32_t>(*s.reps);
  } else {
    set_duration(work, {DurationKind::time, s.duration_s.value_or(0)});
  }
  work.target_type = Target::open;
  work.target_value = 0;
  work.intensity = Intensity::active;
  if (s.weight_kg) work.exercise_weight = static_cast<std::uint16_t>(std::llround(*s.weight_kg * 100));
  out.push_back(std::move(work));
  if (s.rest_s && *s.rest_s > 0) {
    WorkoutStepRecord rest;
    rest.name = "Rest";
    set_duration(rest, {DurationKind::time, *s.rest_s});
    rest.target_type = Target::open;
    rest.target_value = 0;
    rest.intensity = Intensity::rest;
    out.push_back(std::move(rest));
  }
  if (s.sets > 1) out.push_back(repeat_record(first, s.sets));
}

void add_step(std::vector<WorkoutStepRecord>& out, const WorkoutStep& s) {
  switch (s.kind) {
    case StepKind::repeat: {
      const std::size_t first = out.size();
      for (const auto& child : s.steps) add_step(out, child);
      out.push_back(repeat_record(first, s.repeat_count));
      return;
    }
    case StepKind::exercise: add_exercise(out, s); return;
    default: break;
  }
  WorkoutStepRecord r;
  r.name = s.name;
  r.notes = s.notes;
  set_duration(r, s.duration);
  set_target(r, s.target);
  r.intensity = intensity_of(s.kind);
  out.push_back(std::move(r));
}

}  // namespace

std::pair<std::uint8_t, std::uint8_t> fit_sport(std::string_view sport) noexcept {
  for (const auto& c : kSportCodes)
    if (c.sport == sport) return {c.fit_sport, c.fit_sub_sport};
  return {0, 0};  // generic
}

formats::fit::WorkoutFileSpec fit_workout(const WorkoutTemplate& tpl, std::int64_t now_ms) {
  formats::fit::WorkoutFileSpec spec;
  spec.name = tpl.name;
  std::tie(spec.sport, spec.sub_sport) = fit_sport(tpl.sport);
  spec.time_created = formats::fit::fit_time(now_ms);
  // Devices tell files apart by serial number and time created: the template's id keeps two
  // templates exported in the same second apart.
  spec.serial_number = static_cast<std::uint32_t>(tpl.id & 0xFFFFFFFF);
  if (spec.serial_number == 0) spec.serial_number = 1;
  for (const auto& s : tpl.steps) add_step(spec.steps, s);
  return spec;
}

}  // namespace fitkit::training

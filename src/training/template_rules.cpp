#include "training/template_rules.hpp"

#include <string>

#include "fitkit/error.hpp"
#include "training/training_common.hpp"
#include "core/text_rules.hpp"

namespace fitkit {

std::string_view to_string(StepKind kind) noexcept {
  switch (kind) {
    case StepKind::warmup: return "warmup";
    case StepKind::work: return "work";
    case StepKind::recovery: return "recovery";
    case StepKind::cooldown: return "cooldown";
    case StepKind::repeat: return "repeat";
    case StepKind::exercise: return "exercise";
  }
  return "work";
}

namespace training {
namespace {

constexpr std::size_t kMaxStepName = 60, kMaxNotes = 500;

std::string at(const std::string& path, std::string_view key) { return path + "." + std::string(key); }

[[noreturn]] void bad(const std::string& path, const std::string& what) { throw Error::invalid(path, path + " " + what); }

void check_duration(StepDuration& d, const std::string& path) {
  switch (d.kind) {
    case DurationKind::time: check_number(d.value, 1, 86400, at(path, "seconds"), "s"); break;
    case DurationKind::distance: check_number(d.value, 1, 1000000, at(path, "meters"), "m"); break;
    case DurationKind::open: d.value = 0; break;
  }
}

struct Bounds {
  const char* min_key;
  const char* max_key;
  double lo, hi;
  const char* unit;
  int zones;  // 0: no zones
};

Bounds bounds_of(TargetKind kind) {
  switch (kind) {
    case TargetKind::pace: return {"min_s_per_km", "max_s_per_km", 60, 3600, "s/km", 0};
    case TargetKind::heart_rate: return {"min_bpm", "max_bpm", 30, 250, "bpm", 5};
    case TargetKind::power: return {"min_w", "max_w", 1, 3000, "W", 7};
    case TargetKind::cadence: return {"min_rpm", "max_rpm", 1, 300, "rpm", 0};
    case TargetKind::none: break;
  }
  return {"min", "max", 0, 0, "", 0};
}

void check_target(const StepTarget& t, const std::string& path) {
  if (t.kind == TargetKind::none) {
    if (t.zone || t.min || t.max) bad(path, "has values but no type");
    return;
  }
  const Bounds b = bounds_of(t.kind);
  if (t.zone) {
    if (b.zones == 0) bad(at(path, "zone"), "is not for this target: give a range");
    if (t.min || t.max) bad(path, "takes a zone or a range, not both");
    if (*t.zone < 1 || *t.zone > b.zones) bad(at(path, "zone"), "must be between 1 and " + std::to_string(b.zones));
    return;
  }
  if (!t.min || !t.max)
    bad(path, std::string(b.zones ? "needs a zone, or " : "needs ") + b.min_key + " and " + b.max_key);
  check_number(*t.min, b.lo, b.hi, at(path, b.min_key), b.unit);
  check_number(*t.max, b.lo, b.hi, at(path, b.max_key), b.unit);
  if (*t.min > *t.max) bad(at(path, b.max_key), std::string("must not be below ") + b.min_key);
}

void check_exercise(WorkoutStep& s, const std::string& path, bool in_repeat) {
  if (s.exercise_id <= 0) bad(at(path, "exercise_id"), "is required: an exe_… id of the exercise library");
  if (s.sets < 1 || s.sets > 20) bad(at(path, "sets"), "must be between 1 and 20");
  if (in_repeat && s.sets != 1) bad(at(path, "sets"), "must be 1 inside a repeat: the repeat gives the rounds");
  if (s.reps.has_value() == s.duration_s.has_value()) bad(path, "needs reps or duration_s, one of them");
  if (s.reps && (*s.reps < 1 || *s.reps > 999)) bad(at(path, "reps"), "must be between 1 and 999");
  if (s.duration_s) check_number(*s.duration_s, 1, 3600, at(path, "duration_s"), "s");
  if (s.weight_kg) check_number(*s.weight_kg, 0.1, 1000, at(path, "weight_kg"), "kg");
  if (s.rest_s) check_number(*s.rest_s, 0, 3600, at(path, "rest_s"), "s");
  s.notes = text::free_text(s.notes, at(path, "notes"), kMaxNotes);
}

void check_step(WorkoutStep& s, const std::string& path, bool in_repeat) {
  switch (s.kind) {
    case StepKind::repeat: {
      if (in_repeat) bad(path, "is a repeat inside a repeat; repeats nest one level deep");
      if (s.repeat_count < 2 || s.repeat_count > 99) bad(at(path, "count"), "must be between 2 and 99");
      if (s.steps.empty()) bad(at(path, "steps"), "must hold at least one step");
      for (std::size_t i = 0; i < s.steps.size(); ++i)
        check_step(s.steps[i], at(path, "steps") + "[" + std::to_string(i) + "]", true);
      return;
    }
    case StepKind::exercise: check_exercise(s, path, in_repeat); return;
    default: break;
  }
  if (!s.steps.empty() || s.repeat_count != 0) bad(path, "holds steps, but only a repeat does");
  if (!s.name.empty()) s.name = text::one_line(s.name, at(path, "name"), kMaxStepName);
  s.notes = text::free_text(s.notes, at(path, "notes"), kMaxNotes);
  check_duration(s.duration, at(path, "duration"));
  check_target(s.target, at(path, "target"));
}

int count_step(const WorkoutStep& s) {
  switch (s.kind) {
    case StepKind::repeat: return 1 + watch_step_count(s.steps);
    case StepKind::exercise: return 1 + (s.rest_s && *s.rest_s > 0 ? 1 : 0) + (s.sets > 1 ? 1 : 0);
    default: return 1;
  }
}

}  // namespace

int check_steps(std::vector<WorkoutStep>& steps) {
  if (steps.empty()) throw Error::invalid("steps", "steps must hold at least one step");
  for (std::size_t i = 0; i < steps.size(); ++i) check_step(steps[i], "steps[" + std::to_string(i) + "]", false);
  const int count = watch_step_count(steps);
  if (count > kMaxWatchSteps)
    throw Error::invalid("steps", "steps come to " + std::to_string(count) + " steps on a watch; at most " +
                                      std::to_string(kMaxWatchSteps) + " fit (see docs/training.md)");
  return count;
}

int watch_step_count(const std::vector<WorkoutStep>& steps) {
  int n = 0;
  for (const auto& s : steps) n += count_step(s);
  return n;
}

}  // namespace training
}  // namespace fitkit

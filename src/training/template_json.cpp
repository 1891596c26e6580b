#include "training/template_json.hpp"

#include <cmath>
#include <initializer_list>
#include <limits>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

namespace fitkit::training {
namespace {

using Json = StepsJson;

[[noreturn]] void bad(const std::string& path, const std::string& what) { throw Error::invalid(path, path + " " + what); }

std::string at(const std::string& path, std::string_view key) { return path + "." + std::string(key); }

void only_keys(const Json& object, const std::string& path, std::initializer_list<std::string_view> keys) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (auto k : keys) known = known || k == key;
    if (!known) bad(at(path, key), "is not a field here");
  }
}

const Json* find(const Json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

double number(const Json& v, const std::string& path) {
  if (!v.is_number()) bad(path, "must be a number");
  const double d = v.get<double>();
  if (!std::isfinite(d)) bad(path, "must be a finite number");
  return d;
}

int integer(const Json& v, const std::string& path) {
  if (!v.is_number_integer()) bad(path, "must be an integer");
  // Out of int's range is out of every range the rules allow: say so there rather than wrap.
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    return std::numeric_limits<int>::max();
  const auto i = v.get<std::int64_t>();
  if (i > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
  if (i < std::numeric_limits<int>::min()) return std::numeric_limits<int>::min();
  return static_cast<int>(i);
}

std::string text(const Json& v, const std::string& path) {
  if (!v.is_string()) bad(path, "must be a string");
  return v.get<std::string>();
}

std::optional<double> opt_number(const Json& object, std::string_view key, const std::string& path) {
  const Json* v = find(object, key);
  return v ? std::optional<double>(number(*v, at(path, key))) : std::nullopt;
}

StepDuration parse_duration(const Json& v, const std::string& path) {
  if (!v.is_object()) bad(path, "must be an object such as {\"type\": \"time\", \"seconds\": 600}");
  const Json* type = find(v, "type");
  if (!type) bad(at(path, "type"), "is required: time, distance or open");
  const std::string kind = text(*type, at(path, "type"));
  StepDuration d;
  if (kind == "time") {
    only_keys(v, path, {"type", "seconds"});
    const Json* s = find(v, "seconds");
    if (!s) bad(at(path, "seconds"), "is required for a time");
    d = {DurationKind::time, number(*s, at(path, "seconds"))};
  } else if (kind == "distance") {
    only_keys(v, path, {"type", "meters"});
    const Json* m = find(v, "meters");
    if (!m) bad(at(path, "meters"), "is required for a distance");
    d = {DurationKind::distance, number(*m, at(path, "meters"))};
  } else if (kind == "open") {
    only_keys(v, path, {"type"});
  } else {
    bad(at(path, "type"), "must be time, distance or open");
  }
  return d;
}

// The keys of a target's range, by kind.
struct RangeKeys {
  const char* min;
  const char* max;
};
RangeKeys range_keys(TargetKind kind) {
  switch (kind) {
    case TargetKind::pace: return {"min_s_per_km", "max_s_per_km"};
    case TargetKind::heart_rate: return {"min_bpm", "max_bpm"};
    case TargetKind::power: return {"min_w", "max_w"};
    case TargetKind::cadence: return {"min_rpm", "max_rpm"};
    case TargetKind::none: break;
  }
  return {"min", "max"};
}

StepTarget parse_target(const Json& v, const std::string& path) {
  if (!v.is_object()) bad(path, "must be an object such as {\"type\": \"heart_rate\", \"zone\": 2}");
  const Json* type = find(v, "type");
  if (!type) bad(at(path, "type"), "is required: pace, heart_rate, power, cadence or open");
  const std::string kind = text(*type, at(path, "type"));
  StepTarget t;
  if (kind == "open") {
    only_keys(v, path, {"type"});
    return t;
  }
  if (kind == "pace") t.kind = TargetKind::pace;
  else if (kind == "heart_rate") t.kind = TargetKind::heart_rate;
  else if (kind == "power") t.kind = TargetKind::power;
  else if (kind == "cadence") t.kind = TargetKind::cadence;
  else bad(at(path, "type"), "must be pace, heart_rate, power, cadence or open");
  const auto keys = range_keys(t.kind);
  const bool zones = t.kind == TargetKind::heart_rate || t.kind == TargetKind::power;
  if (zones) only_keys(v, path, {"type", "zone", keys.min, keys.max});
  else only_keys(v, path, {"type", keys.min, keys.max});
  if (const Json* z = zones ? find(v, "zone") : nullptr) t.zone = integer(*z, at(path, "zone"));
  t.min = opt_number(v, keys.min, path);
  t.max = opt_number(v, keys.max, path);
  return t;
}

WorkoutStep parse_step(const Json& v, const std::string& path, int depth);

void parse_plain(WorkoutStep& s, const Json& v, const std::string& path) {
  only_keys(v, path, {"type", "name", "notes", "duration", "target"});
  if (const Json* n = find(v, "name")) s.name = text(*n, at(path, "name"));
  if (const Json* n = find(v, "notes")) s.notes = text(*n, at(path, "notes"));
  if (const Json* d = find(v, "duration")) s.duration = parse_duration(*d, at(path, "duration"));
  if (const Json* t = find(v, "target")) s.target = parse_target(*t, at(path, "target"));
}

void parse_repeat(WorkoutStep& s, const Json& v, const std::string& path, int depth) {
  only_keys(v, path, {"type", "count", "steps"});
  const Json* count = find(v, "count");
  if (!count) bad(at(path, "count"), "is required: how many times, 2 to 99");
  s.repeat_count = integer(*count, at(path, "count"));
  const Json* steps = find(v, "steps");
  if (!steps || !steps->is_array()) bad(at(path, "steps"), "must be an array of the steps to repeat");
  // One level of repeats is what watches show well; deeper JSON is refused before it is read.
  if (depth > 0) bad(path, "is a repeat inside a repeat; repeats nest one level deep");
  for (std::size_t i = 0; i < steps->size(); ++i)
    s.steps.push_back(parse_step((*steps)[i], at(path, "steps") + "[" + std::to_string(i) + "]", depth + 1));
}

void parse_exercise(WorkoutStep& s, const Json& v, const std::string& path) {
  only_keys(v, path, {"type", "exercise_id", "exercise_name", "sets", "reps", "duration_s", "weight_kg", "rest_s", "notes"});
  const Json* id = find(v, "exercise_id");
  if (!id) bad(at(path, "exercise_id"), "is required: an exe_… id of the exercise library");
  s.exercise_id = parse_id(IdKind::exercise, text(*id, at(path, "exercise_id")), at(path, "exercise_id"));
  // What a read gives back; the service puts the library's name in its place on every save.
  if (const Json* n = find(v, "exercise_name")) s.exercise_name = text(*n, at(path, "exercise_name"));
  if (const Json* n = find(v, "notes")) s.notes = text(*n, at(path, "notes"));
  if (const Json* n = find(v, "sets")) s.sets = integer(*n, at(path, "sets"));
  if (const Json* n = find(v, "reps")) s.reps = integer(*n, at(path, "reps"));
  s.duration_s = opt_number(v, "duration_s", path);
  s.weight_kg = opt_number(v, "weight_kg", path);
  s.rest_s = opt_number(v, "rest_s", path);
}

WorkoutStep parse_step(const Json& v, const std::string& path, int depth) {
  if (!v.is_object()) bad(path, "must be an object with a \"type\"");
  const Json* type = find(v, "type");
  if (!type) bad(at(path, "type"), "is required: warmup, work, recovery, cooldown, repeat or exercise");
  const std::string kind = text(*type, at(path, "type"));
  WorkoutStep s;
  if (kind == "warmup") s.kind = StepKind::warmup;
  else if (kind == "work") s.kind = StepKind::work;
  else if (kind == "recovery") s.kind = StepKind::recovery;
  else if (kind == "cooldown") s.kind = StepKind::cooldown;
  else if (kind == "repeat") s.kind = StepKind::repeat;
  else if (kind == "exercise") s.kind = StepKind::exercise;
  else bad(at(path, "type"), "must be warmup, work, recovery, cooldown, repeat or exercise");
  if (s.kind == StepKind::repeat) parse_repeat(s, v, path, depth);
  else if (s.kind == StepKind::exercise) parse_exercise(s, v, path);
  else parse_plain(s, v, path);
  return s;
}

std::vector<WorkoutStep> parse_array(const Json& json, const std::string& path) {
  std::vector<WorkoutStep> out;
  for (std::size_t i = 0; i < json.size(); ++i) out.push_back(parse_step(json[i], path + "[" + std::to_string(i) + "]", 0));
  return out;
}

Json duration_json(const StepDuration& d) {
  switch (d.kind) {
    case DurationKind::time: return Json{{"type", "time"}, {"seconds", d.value}};
    case DurationKind::distance: return Json{{"type", "distance"}, {"meters", d.value}};
    case DurationKind::open: break;
  }
  return Json{{"type", "open"}};
}

std::string_view target_name(TargetKind kind) {
  switch (kind) {
    case TargetKind::pace: return "pace";
    case TargetKind::heart_rate: return "heart_rate";
    case TargetKind::power: return "power";
    case TargetKind::cadence: return "cadence";
    case TargetKind::none: break;
  }
  return "open";
}

Json step_json(const WorkoutStep& s) {
  Json out = Json::object();
  out["type"] = to_string(s.kind);
  if (s.kind == StepKind::repeat) {
    out["count"] = s.repeat_count;
    out["steps"] = steps_json(s.steps);
    return out;
  }
  if (s.kind == StepKind::exercise) {
    out["exercise_id"] = format_id(IdKind::exercise, s.exercise_id);
    out["exercise_name"] = s.exercise_name;
    out["sets"] = s.sets;
    if (s.reps) out["reps"] = *s.reps;
    if (s.duration_s) out["duration_s"] = *s.duration_s;
    if (s.weight_kg) out["weight_kg"] = *s.weight_kg;
    if (s.rest_s) out["rest_s"] = *s.rest_s;
    if (!s.notes.empty()) out["notes"] = s.notes;
    return out;
  }
  if (!s.name.empty()) out["name"] = s.name;
  if (!s.notes.empty()) out["notes"] = s.notes;
  out["duration"] = duration_json(s.duration);
  if (s.target.kind != TargetKind::none) {
    Json t = Json::object();
    t["type"] = target_name(s.target.kind);
    const auto keys = range_keys(s.target.kind);
    if (s.target.zone) t["zone"] = *s.target.zone;
    if (s.target.min) t[keys.min] = *s.target.min;
    if (s.target.max) t[keys.max] = *s.target.max;
    out["target"] = std::move(t);
  }
  return out;
}

}  // namespace

std::vector<WorkoutStep> parse_steps(const StepsJson& json, std::string_view field) {
  const std::string path(field);
  if (!json.is_array()) bad(path, "must be an array of steps");
  if (json.dump().size() > kMaxStepsJsonBytes)
    bad(path, "must be at most " + std::to_string(kMaxStepsJsonBytes) + " bytes of JSON");
  return parse_array(json, path);
}

// What the database keeps was written by steps_json: no limit on its size applies again.
std::vector<WorkoutStep> parse_steps_text(std::string_view text) {
  const auto json = StepsJson::parse(text.begin(), text.end());
  if (!json.is_array()) throw Error::internal("a stored template's steps are not an array");
  return parse_array(json, "steps");
}

StepsJson steps_json(const std::vector<WorkoutStep>& steps) {
  Json out = Json::array();
  for (const auto& s : steps) out.push_back(step_json(s));
  return out;
}

}  // namespace fitkit::training

#include "training/training_json.hpp"

#include "core/object_builder.hpp"
#include "fitkit/id.hpp"
#include "training/template_json.hpp"

namespace fitkit::training {
namespace {

Json opt_id_json(const std::optional<std::int64_t>& id, IdKind kind) {
  return id ? Json(format_id(kind, *id)) : Json(nullptr);
}

Json source_json(const std::string& source) { return source.empty() ? Json(nullptr) : Json(source); }

Json ranges_json(const std::vector<ZoneRange>& ranges, const char* min_key, const char* max_key) {
  Json out = Json::array();
  for (const auto& r : ranges) {
    Json item = Json::object();
    item["zone"] = r.zone;
    item[min_key] = r.min;
    item[max_key] = r.max ? Json(*r.max) : Json(nullptr);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Json template_json(const WorkoutTemplate& t, bool with_steps) {
  ObjectBuilder b(9);
  b.add("id", format_id(IdKind::workout_template, t.id))
      .add("name", t.name)
      .add("sport", t.sport)
      .add_optional("description", t.description);
  if (with_steps) b.add("steps", training::steps_json(t.steps));
  return b.add("watch_steps", t.watch_steps)
      .add("created_at", time_json(t.created_at))
      .add("updated_at", time_json(t.updated_at))
      .build();
}

Json plan_json(const PlannedWorkout& p) {
  return ObjectBuilder(13)
      .add("id", format_id(IdKind::planned_workout, p.id))
      .add("date", p.date)
      .add("template_id", opt_id_json(p.template_id, IdKind::workout_template))
      .add("title", p.title)
      .add("sport", p.sport)
      .add_optional("notes", p.notes)
      .add_optional("duration_s", p.duration_s)
      .add_optional("distance_m", p.distance_m)
      .add("status", p.status)
      .add("workout_id", opt_id_json(p.workout_id, IdKind::workout))
      .add("completed_at", time_json(p.completed_at))
      .add("created_at", time_json(p.created_at))
      .add("updated_at", time_json(p.updated_at))
      .build();
}

Json exercise_json(const Exercise& e) {
  return ObjectBuilder(10)
      .add("id", format_id(IdKind::exercise, e.id))
      .add("name", e.name)
      .add("category", e.category)
      .add("muscle_groups", e.muscle_groups)
      .add("equipment", e.equipment)
      .add_optional("description", e.description)
      .add_optional("video_url", e.video_url)
      .add("builtin", e.builtin)
      .add("created_at", time_json(e.created_at))
      .add("updated_at", time_json(e.updated_at))
      .build();
}

Json zones_json(const TrainingZones& z) {
  return ObjectBuilder(10)
      .add_optional("max_hr", z.max_hr)
      .add("max_hr_source", source_json(z.max_hr_source))
      .add_optional("resting_hr", z.resting_hr)
      .add("resting_hr_source", source_json(z.resting_hr_source))
      .add("heart_rate_zones", ranges_json(z.heart_rate_zones, "min_bpm", "max_bpm"))
      .add_optional("ftp_w", z.ftp_w)
      .add("power_zones", ranges_json(z.power_zones, "min_w", "max_w"))
      .add_optional("threshold_pace_s_per_km", z.threshold_pace_s_per_km)
      .add("updated_at", time_json(z.updated_at))
      .build();
}

}  // namespace fitkit::training

#include "workouts/workout_json.hpp"

#include "core/object_builder.hpp"
#include "fitkit/id.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit::workouts {
namespace {

template <class T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace


Json workout_json(const Workout& w) {
  Json o = Json::object();
  o["id"] = format_id(IdKind::workout, w.id);
  o["user_id"] = format_id(IdKind::user, w.user_id);
  o["sport"] = w.sport;
  o["title"] = w.title;
  o["notes"] = or_null(w.notes);
  o["start_at"] = time_json(w.start_at);
  o["time_zone"] = w.time_zone;
  for (const auto& f : kNumberFields) o[std::string(f.column)] = or_null(w.*f.value);
  Json gear = Json::array();
  for (auto g : w.gear_ids) gear.push_back(format_id(IdKind::gear, g));
  o["effort"] = or_null(w.effort);
  o["gear_ids"] = std::move(gear);
  o["visibility"] = w.visibility;
  o["source"] = w.source;
  o["device"] = or_null(w.device);
  o["file_format"] = or_null(w.file_format);
  o["file_name"] = or_null(w.file_name);
  o["has_track"] = w.track_visible;
  o["created_at"] = time_json(w.created_at);
  o["updated_at"] = time_json(w.updated_at);
  return o;
}

Json import_summary_json(const ImportSummary& s) {
  Json files = Json::array();
  for (const auto& f : s.files) {
    Json row{{"file_name", f.file_name}, {"status", f.status}};
    row["workout_id"] = f.workout_id ? Json(format_id(IdKind::workout, *f.workout_id)) : Json(nullptr);
    row["error"] = f.error.empty() ? Json(nullptr) : Json(f.error);
    files.push_back(std::move(row));
  }
  return Json{{"imported", s.imported}, {"duplicates", s.duplicates}, {"failed", s.failed}, {"files", files}};
}

Json personal_record_json(const PersonalRecord& r) {
  return Json{{"sport", r.sport}, {"kind", r.kind}, {"value", r.value},
              {"workout_id", format_id(IdKind::workout, r.workout_id)}, {"achieved_at", time_json(r.achieved_at)}};
}

Json totals_row_json(const TotalsRow& r) {
  return Json{{"period", r.period},         {"sport", r.sport},       {"count", r.count},
              {"distance_m", r.distance_m}, {"moving_s", r.moving_s}, {"elapsed_s", r.elapsed_s},
              {"ascent_m", r.ascent_m}};
}

Json load_day_json(const LoadDay& d) {
  return Json{{"date", d.date}, {"trimp", d.trimp}, {"fitness", d.fitness}, {"fatigue", d.fatigue}, {"form", d.form}};
}

Json privacy_zone_json(const PrivacyZone& z) {
  return Json{{"id", format_id(IdKind::privacy_zone, z.id)}, {"name", z.name}, {"lat", z.lat}, {"lon", z.lon},
              {"radius_m", z.radius_m}, {"created_at", time_json(z.created_at)}};
}

Json analysis_json(const WorkoutAnalysis& a) {
  auto splits = [](const std::vector<WorkoutAnalysis::Split>& rows) {
    Json out = Json::array();
    for (const auto& s : rows)
      out.push_back({{"number", s.number}, {"distance_m", s.distance_m}, {"elapsed_s", s.elapsed_s},
                     {"ascent_m", s.ascent_m}, {"avg_hr", or_null(s.avg_hr)}});
    return out;
  };
  auto zones = [](const std::vector<double>& seconds) {
    Json out = Json::array();
    for (std::size_t i = 0; i < seconds.size(); ++i) out.push_back({{"zone", i + 1}, {"seconds", seconds[i]}});
    return out;
  };
  Json laps = Json::array();
  for (const auto& l : a.laps)
    laps.push_back({{"start_at", time_json(l.start_at)}, {"elapsed_s", or_null(l.elapsed_s)},
                    {"distance_m", or_null(l.distance_m)}, {"avg_hr", or_null(l.avg_hr)}, {"max_hr", or_null(l.max_hr)},
                    {"avg_power", or_null(l.avg_power)}});
  Json efforts = Json::array();
  for (const auto& e : a.best_efforts) efforts.push_back({{"kind", e.kind}, {"value", e.value}});
  return Json{{"splits_km", splits(a.splits_km)},     {"splits_mile", splits(a.splits_mile)},
              {"heart_rate_zones", zones(a.heart_rate_zones_s)}, {"power_zones", zones(a.power_zones_s)},
              {"laps", std::move(laps)},               {"best_efforts", std::move(efforts)}};
}

Json workout_settings_json(const WorkoutSettings& s) {
  return Json{{"default_visibility", s.default_visibility}, {"hide_start_finish_m", s.hide_start_finish_m},
              {"hide_heart_rate", s.hide_heart_rate}, {"hide_calories", s.hide_calories}, {"hide_map", s.hide_map}};
}

std::string_view track_content_type(std::string_view format) {
  if (format == "gpx") return "application/gpx+xml";
  if (format == "tcx") return "application/vnd.garmin.tcx+xml";
  if (format == "geojson") return "application/geo+json";
  return "text/plain; charset=utf-8";
}

const std::vector<std::pair<const char*, std::optional<double> WorkoutFields::*>>& workout_number_inputs() {
  static const auto inputs = [] {
    std::vector<std::pair<const char*, std::optional<double> WorkoutFields::*>> out;
    for (const auto& f : kNumberFields)
      if (f.input) out.emplace_back(f.column.data(), f.input);
    return out;
  }();
  return inputs;
}

}  // namespace fitkit::workouts

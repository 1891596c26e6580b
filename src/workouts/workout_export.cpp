// Workouts out: a track as GPX, TCX, GeoJSON or an encoded polyline; the list as CSV; the
// original file back to its owner; the route and profile pictures.
#include "core/runtime.hpp"
#include "core/time_format.hpp"
#include "fitkit/error.hpp"
#include "fitkit/workouts.hpp"
#include "formats/csv_writer.hpp"
#include "formats/track_writers.hpp"
#include "workouts/workout_access.hpp"
#include "workouts/workout_compute.hpp"
#include "workouts/workout_store.hpp"
#include "workouts/workout_svg.hpp"

namespace fitkit {
namespace {

// A CSV export holds at most this many workouts: decades of daily training.
constexpr int kMaxCsvRows = 50'000;

std::string_view tcx_sport(workouts::SportFamily family) {
  if (family == workouts::SportFamily::running || family == workouts::SportFamily::walking) return "Running";
  if (family == workouts::SportFamily::cycling) return "Biking";
  return "Other";
}

struct VisibleTrack {
  workouts::VisibleWorkout v;
  workouts::StoredTrack track;
};

VisibleTrack visible_track_of(Runtime& rt, const Actor& actor, std::int64_t id) {
  auto c = rt.db->acquire();
  VisibleTrack out{workouts::load_visible(*c, actor, id), {}};
  out.track = workouts::visible_track(*c, out.v);
  return out;
}

}  // namespace

std::string WorkoutService::export_track(const Actor& actor, std::int64_t id, std::string_view format) {
  if (format != "gpx" && format != "tcx" && format != "geojson" && format != "polyline")
    throw Error::invalid("format", "format must be gpx, tcx, geojson or polyline");
  const auto t = visible_track_of(rt_, actor, id);
  if (t.track.points.empty()) throw Error::precondition("this workout has no track to export");
  const auto& w = t.v.workout;
  formats::TrackDocument doc{w.title, w.sport, w.notes.value_or(""), t.track.points, t.track.segment_starts};
  if (format == "gpx") return formats::write_gpx(doc);
  if (format == "tcx") {
    const auto* sport = workouts::find_sport(w.sport);
    return formats::write_tcx(doc, tcx_sport(sport ? sport->family : workouts::SportFamily::other));
  }
  if (format == "geojson") return formats::write_geojson(doc);
  return formats::encode_polyline(t.track.points);
}

std::string WorkoutService::export_csv(const Actor& actor, WorkoutQuery query) {
  formats::CsvWriter csv;
  csv.text("id").text("start").text("time_zone").text("sport").text("title").text("distance_m").text("elapsed_s");
  csv.text("moving_s").text("ascent_m").text("descent_m").text("avg_hr").text("max_hr").text("calories");
  csv.text("avg_power").text("effort").text("visibility").text("source").text("notes");
  csv.end_row();
  query.limit = kPageLimitMax;
  int rows = 0;
  while (true) {
    const auto page = list(actor, query);
    for (const auto& w : page.items) {
      csv.text(format_id(IdKind::workout, w.id)).text(format_utc(w.start_at)).text(w.time_zone).text(w.sport);
      csv.text(w.title).number(w.distance_m, 1).number(w.elapsed_s, 0).number(w.moving_s, 0).number(w.ascent_m, 0);
      csv.number(w.descent_m, 0).number(w.avg_hr, 0).number(w.max_hr, 0).number(w.calories, 0).number(w.avg_power, 0);
      csv.integer(w.effort ? std::optional<long long>(*w.effort) : std::nullopt).text(w.visibility).text(w.source);
      csv.text(w.notes.value_or(""));
      csv.end_row();
    }
    rows += static_cast<int>(page.items.size());
    if (!page.more || page.items.empty()) break;
    if (rows >= kMaxCsvRows)
      throw Error::invalid("to", "more than " + std::to_string(kMaxCsvRows) + " workouts; export a shorter date range");
    query.before = {page.items.back().start_at, page.items.back().id};
  }
  return csv.str();
}

WorkoutFile WorkoutService::original_file(const Actor& actor, std::int64_t id) {
  auto c = rt_.db->acquire();
  const auto v = workouts::load_visible(*c, actor, id);
  // The original carries everything, privacy zones included: its owner's alone.
  if (!v.owner) throw Error::not_found("no such workout");
  const auto key = c->query_text("SELECT file_blob FROM workouts WHERE id = ?", {id});
  if (!key) throw Error::precondition("this workout was entered by hand: there is no original file");
  auto bytes = rt_.blobs->get(*key);
  if (!bytes) throw Error::unavailable("the original file of this workout cannot be read");
  const bool gz = key->ends_with(".gz");
  auto name = v.workout.file_name.value_or(format_id(IdKind::workout, id) + "." + v.workout.file_format.value_or(""));
  const auto slash = name.find_last_of("/:");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  const auto fmt = v.workout.file_format.value_or("");
  std::string type = gz ? "application/gzip"
                        : fmt == "fit" ? "application/vnd.ant.fit"
                        : fmt == "gpx" ? "application/gpx+xml"
                                       : "application/vnd.garmin.tcx+xml";
  return {name, type, std::move(*bytes)};
}

std::string WorkoutService::route_svg(const Actor& actor, std::int64_t id) {
  const auto t = visible_track_of(rt_, actor, id);
  return workouts::draw_route_svg(t.track.points, t.track.segment_starts);
}

std::string WorkoutService::profile_svg(const Actor& actor, std::int64_t id) {
  const auto t = visible_track_of(rt_, actor, id);
  const auto samples = workouts::to_samples(t.track);
  const auto* sport = workouts::find_sport(t.v.workout.sport);
  const auto stats = workouts::track_stats(samples, sport ? sport->family : workouts::SportFamily::other);
  return workouts::draw_profile_svg(t.track.points, stats.cumulative_m);
}

}  // namespace fitkit

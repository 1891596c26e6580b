// Operations on workouts: workouts.create/get/list/update/delete, import, export and pictures.
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "workouts/workout_json.hpp"
#include "core/time_format.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/workouts.hpp"

namespace fitkit::api {
namespace {

using workouts::workout_json;
using workouts::analysis_json;
using workouts::import_summary_json;
using workouts::personal_record_json;
using workouts::totals_row_json;
using workouts::load_day_json;
using workouts::privacy_zone_json;
using workouts::workout_settings_json;
using workouts::track_content_type;
using workouts::workout_number_inputs;

constexpr std::string_view kWorkoutsList = "workouts.list";
// An upload: one activity file or a ZIP of many (a Strava export of years of training).
constexpr std::size_t kMaxUploadBytes = 1024ull << 20;

const ParamSpec kWorkoutId{"workout_id", ParamType::id, true, "wkt_… id", IdKind::workout};

std::optional<std::vector<std::int64_t>> opt_gear_ids(const Json& p) {
  auto it = p.find("gear_ids");
  if (it == p.end() || it->is_null()) return std::nullopt;
  std::vector<std::int64_t> ids;
  for (const auto& v : *it) {
    if (!v.is_string()) throw Error::invalid("gear_ids", "gear_ids must be gear_… ids");
    ids.push_back(parse_id(IdKind::gear, v.get<std::string>(), "gear_ids"));
  }
  return ids;
}

// The fields a caller may set, shared by create and update.
std::vector<ParamSpec> field_params(bool creating) {
  return {{"sport", ParamType::string, creating, "the sport (see workouts.sports), e.g. run, ride, yoga", {}, false, 40},
          {"start_at", ParamType::string, creating, "start, RFC 3339 with offset, e.g. 2026-05-01T07:30:00+02:00"},
          {"title", ParamType::string, false, "a title; by default the time of day and the sport", {}, false, 400},
          {"notes", ParamType::string, false, "notes (empty removes them)"},
          {"time_zone", ParamType::string, false, "IANA zone it happened in; default your profile's", {}, false, 64},
          {"visibility", ParamType::string, false, "everyone, friends or only_me; default your setting", {}, false, 16},
          {"elapsed_s", ParamType::number, false, "elapsed time in seconds"},
          {"moving_s", ParamType::number, false, "moving time in seconds"},
          {"distance_m", ParamType::number, false, "distance in metres"},
          {"ascent_m", ParamType::number, false, "ascent in metres"},
          {"descent_m", ParamType::number, false, "descent in metres"},
          {"calories", ParamType::number, false, "energy in kcal"},
          {"avg_hr", ParamType::number, false, "average heart rate, bpm"},
          {"max_hr", ParamType::number, false, "maximum heart rate, bpm"},
          {"avg_cadence", ParamType::number, false, "average cadence, per minute"},
          {"max_cadence", ParamType::number, false, "maximum cadence, per minute"},
          {"avg_power", ParamType::number, false, "average power, watts"},
          {"max_power", ParamType::number, false, "maximum power, watts"},
          {"max_speed", ParamType::number, false, "maximum speed, m/s"},
          {"effort", ParamType::integer, false, "perceived effort, 1 (easy) to 10 (all out)"},
          {"gear_ids", ParamType::array, false, "gear_… ids used; default your gear for the sport"}};
}

WorkoutFields fields_of(const Json& p) {
  WorkoutFields f;
  f.sport = opt_str(p, "sport");
  f.start_at = opt_time(p, "start_at");
  f.title = opt_str(p, "title");
  f.notes = opt_str(p, "notes");
  f.time_zone = opt_str(p, "time_zone");
  f.visibility = opt_str(p, "visibility");
  for (const auto& [name, member] : workout_number_inputs()) f.*member = opt_num(p, name);
  if (auto effort = opt_int(p, "effort")) {
    if (*effort < 1 || *effort > 10) throw Error::invalid("effort", "effort must be between 1 and 10");
    f.effort = static_cast<int>(*effort);
  }
  f.gear_ids = opt_gear_ids(p);
  return f;
}

// The filters of a list, shared by workouts.list and workouts.export_list.
std::vector<ParamSpec> filter_params() {
  return {{"user_id", ParamType::id, false, "whose workouts; yours by default", IdKind::user},
          {"sport", ParamType::string, false, "only this sport", {}, false, 40},
          {"from", ParamType::string, false, "started at or after, RFC 3339"},
          {"to", ParamType::string, false, "started at or before, RFC 3339"},
          {"min_distance_m", ParamType::number, false, "at least this far, metres"},
          {"max_distance_m", ParamType::number, false, "at most this far, metres"},
          {"gear_id", ParamType::id, false, "done with this item of your gear", IdKind::gear}};
}

WorkoutQuery query_of(const Json& p) {
  WorkoutQuery q;
  q.user_id = opt_id(p, "user_id", IdKind::user);
  q.sport = opt_str(p, "sport");
  q.from = opt_time(p, "from");
  q.to = opt_time(p, "to");
  q.min_distance_m = opt_num(p, "min_distance_m");
  q.max_distance_m = opt_num(p, "max_distance_m");
  q.gear_id = opt_id(p, "gear_id", IdKind::gear);
  return q;
}

}  // namespace

void add_workout_operations(Registry& r) {
  r.add({"workouts.create", "Record a workout by hand", HttpMethod::post, "/v1/workouts", Access::signed_in,
         field_params(true), [](Context& ctx, const Json& p) {
           return workout_json(ctx.platform.workouts().create(ctx.actor, fields_of(p)));
         }});
  r.add({"workouts.get", "A workout, if its visibility lets you see it", HttpMethod::get,
         "/v1/workouts/{workout_id}", Access::anyone, {kWorkoutId}, [](Context& ctx, const Json& p) {
           return workout_json(ctx.platform.workouts().get(ctx.actor, id(p, "workout_id", IdKind::workout)));
         }});
  r.add({"workouts.list", "Workouts, newest first: yours, or someone's that you may see", HttpMethod::get,
         "/v1/workouts", Access::anyone, paging_params(filter_params()),
         [](Context& ctx, const Json& p) {
           auto q = query_of(p);
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kWorkoutsList, *page.cursor);
             const auto start = reader.integer();
             q.before = {{start, reader.integer()}};
             reader.finish();
           }
           q.limit = page.limit;
           return page_json(ctx.platform.workouts().list(ctx.actor, q), workout_json, [](const Workout& w) {
             return CursorWriter(kWorkoutsList).integer(w.start_at).integer(w.id).finish();
           });
         },
         "items"});
  auto update_params = field_params(false);
  update_params.insert(update_params.begin(), kWorkoutId);
  r.add({"workouts.update", "Change your workout; fields not given keep their values", HttpMethod::patch,
         "/v1/workouts/{workout_id}", Access::signed_in, update_params, [](Context& ctx, const Json& p) {
           return workout_json(
               ctx.platform.workouts().update(ctx.actor, id(p, "workout_id", IdKind::workout), fields_of(p)));
         }});
  r.add({"workouts.delete", "Delete your workout and its original file", HttpMethod::del, "/v1/workouts/{workout_id}",
         Access::signed_in, {kWorkoutId}, [](Context& ctx, const Json& p) {
           ctx.platform.workouts().remove(ctx.actor, id(p, "workout_id", IdKind::workout));
           return Json{{"status", "deleted"}};
         }});

  Operation import_op{
      "workouts.import",
      "Import a FIT, GPX or TCX file (gzipped or not), or a ZIP of them such as a Strava account export",
      HttpMethod::post,
      "/v1/workouts/import",
      Access::signed_in,
      {{"file", ParamType::file, true, "the file", {}, false, kMaxUploadBytes},
       {"file_name", ParamType::string, false, "the file's name, for messages", {}, false, 255},
       {"sport", ParamType::string, false, "the sport, when the file does not say or says wrong", {}, false, 40},
       {"visibility", ParamType::string, false, "everyone, friends or only_me; default your setting", {}, false, 16},
       {"gear_ids", ParamType::array, false, "gear_… ids used; default your gear for the sport"}},
      [](Context& ctx, const Json& p) {
        ImportOptions options;
        options.sport = opt_str(p, "sport");
        options.visibility = opt_str(p, "visibility");
        options.gear_ids = opt_gear_ids(p);
        options.progress = ctx.progress;
        const auto name = opt_str(p, "file_name").value_or("");
        auto& service = ctx.platform.workouts();
        if (const auto* path = local_file(ctx, "file"))
          return import_summary_json(service.import_path(ctx.actor, name, *path, options));
        return import_summary_json(service.import(ctx.actor, name, file_bytes(p, "file"), options));
      },
      "files"};
  // fitctl names the file (or a ZIP it made of a folder) instead of sending its bytes.
  import_op.streams_local_files = true;
  r.add(std::move(import_op));

  r.add({"workouts.analysis", "A workout's splits per km and mile, laps, time in zones and best efforts",
         HttpMethod::get, "/v1/workouts/{workout_id}/analysis", Access::anyone, {kWorkoutId},
         [](Context& ctx, const Json& p) {
           return analysis_json(ctx.platform.workouts().analysis(ctx.actor, id(p, "workout_id", IdKind::workout)));
         }});
  r.add(file_operation({"workouts.export", "A workout's track as GPX, TCX, GeoJSON or an encoded polyline",
                        HttpMethod::get, "/v1/workouts/{workout_id}/export", Access::anyone,
                        {kWorkoutId, {"format", ParamType::string, true, "gpx, tcx, geojson or polyline", {}, false, 16}},
                        [](Context& ctx, const Json& p) {
                          const auto workout = id(p, "workout_id", IdKind::workout);
                          const auto format = str(p, "format");
                          const auto text = ctx.platform.workouts().export_track(ctx.actor, workout, format);
                          return file_result(format_id(IdKind::workout, workout) + "." + format,
                                             track_content_type(format), text);
                        }}));
  r.add(file_operation({"workouts.export_list", "Workouts as CSV, one row each, with the filters of workouts.list",
                        HttpMethod::get, "/v1/workouts/export", Access::anyone, filter_params(),
                        [](Context& ctx, const Json& p) {
                          return file_result("workouts.csv", "text/csv; charset=utf-8",
                                             ctx.platform.workouts().export_csv(ctx.actor, query_of(p)));
                        }}));
  r.add(file_operation({"workouts.original", "The file your workout was imported from, as uploaded", HttpMethod::get,
                        "/v1/workouts/{workout_id}/original", Access::signed_in, {kWorkoutId},
                        [](Context& ctx, const Json& p) {
                          const auto f =
                              ctx.platform.workouts().original_file(ctx.actor, id(p, "workout_id", IdKind::workout));
                          return file_result(f.file_name, f.content_type, f.bytes);
                        }}));
  r.add(file_operation({"workouts.route_svg", "A picture of the route (SVG)", HttpMethod::get,
                        "/v1/workouts/{workout_id}/route.svg", Access::anyone, {kWorkoutId},
                        [](Context& ctx, const Json& p) {
                          const auto workout = id(p, "workout_id", IdKind::workout);
                          return file_result(format_id(IdKind::workout, workout) + "-route.svg", "image/svg+xml",
                                             ctx.platform.workouts().route_svg(ctx.actor, workout));
                        }}));
  r.add(file_operation({"workouts.profile_svg", "Elevation and heart rate over distance (SVG)", HttpMethod::get,
                        "/v1/workouts/{workout_id}/profile.svg", Access::anyone, {kWorkoutId},
                        [](Context& ctx, const Json& p) {
                          const auto workout = id(p, "workout_id", IdKind::workout);
                          return file_result(format_id(IdKind::workout, workout) + "-profile.svg", "image/svg+xml",
                                             ctx.platform.workouts().profile_svg(ctx.actor, workout));
                        }}));
}

}  // namespace fitkit::api

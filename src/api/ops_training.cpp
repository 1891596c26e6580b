// Operations on structured training: templates.*, plans.*, exercises.*, zones.*.
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/training.hpp"
#include "training/exercise_store.hpp"
#include "training/template_json.hpp"
#include "training/training_json.hpp"

namespace fitkit::api {
namespace {

using training::exercise_json;
using training::plan_json;
using training::template_json;
using training::zones_json;

constexpr std::string_view kTemplatesList = "templates.list";
constexpr std::string_view kPlansList = "plans.list";
constexpr std::string_view kExercisesList = "exercises.list";
constexpr std::size_t kMaxImportBytes = 1024 * 1024;

TrainingService& training(Context& ctx) { return ctx.platform.training(); }

const ParamSpec kTemplateId{"template_id", ParamType::id, true, "tpl_… id", IdKind::workout_template};
const ParamSpec kPlanId{"plan_id", ParamType::id, true, "pln_… id", IdKind::planned_workout};
const ParamSpec kExerciseId{"exercise_id", ParamType::id, true, "exe_… id", IdKind::exercise};

std::vector<ParamSpec> template_params(bool create) {
  return {{"name", ParamType::string, create, "the template's name, up to 80 characters", {}, false, 400},
          {"sport", ParamType::string, create, "a sport of the list (docs/workouts.md), e.g. run, ride, strength", {}, false, 40},
          {"description", ParamType::string, false, "what it is for, up to 2000 characters; \"\" clears it", {}, false, 8000},
          {"steps", ParamType::array, create,
           "the steps as JSON: warmup, work, recovery, cooldown, repeat and exercise (docs/training.md)"}};
}

TemplateFields template_fields(const Json& p) {
  TemplateFields f;
  f.name = opt_str(p, "name");
  f.sport = opt_str(p, "sport");
  f.description = opt_str(p, "description");
  if (auto it = p.find("steps"); it != p.end() && !it->is_null()) f.steps = training::parse_steps(*it, "steps");
  return f;
}

std::vector<ParamSpec> plan_params(bool create) {
  std::vector<ParamSpec> out{{"date", ParamType::string, create, "the day, YYYY-MM-DD, in your time zone", {}, false, 10}};
  if (create)
    out.push_back({"template_id", ParamType::id, false, "tpl_… id of the template to plan; its name and sport are the plan's",
                   IdKind::workout_template});
  out.push_back({"title", ParamType::string, false, "what the plan is called (required without a template)", {}, false, 400});
  out.push_back({"sport", ParamType::string, false, "a sport of the list (required without a template)", {}, false, 40});
  out.push_back({"notes", ParamType::string, false, "notes, up to 2000 characters; \"\" clears them", {}, false, 8000});
  out.push_back({"duration_s", ParamType::number, false, "planned duration in seconds"});
  out.push_back({"distance_m", ParamType::number, false, "planned distance in metres"});
  if (!create) out.push_back({"status", ParamType::string, false, "planned or skipped", {}, false, 20});
  return out;
}

PlanFields plan_fields(const Json& p) {
  PlanFields f;
  f.date = opt_str(p, "date");
  f.template_id = opt_id(p, "template_id", IdKind::workout_template);
  f.title = opt_str(p, "title");
  f.sport = opt_str(p, "sport");
  f.notes = opt_str(p, "notes");
  f.duration_s = opt_num(p, "duration_s");
  f.distance_m = opt_num(p, "distance_m");
  f.status = opt_str(p, "status");
  return f;
}

std::vector<ParamSpec> exercise_params(bool create) {
  return {{"name", ParamType::string, create, "the exercise's name, up to 80 characters", {}, false, 400},
          {"category", ParamType::string, create, "strength, cardio, plyometrics, mobility, stretching or balance", {}, false, 40},
          {"muscle_groups", ParamType::array, create, "muscle groups it works, from the list in docs/training.md"},
          {"equipment", ParamType::array, false, "equipment it needs, from the list in docs/training.md; [] for none"},
          {"description", ParamType::string, false, "how to do it, up to 2000 characters; \"\" clears it", {}, false, 8000},
          {"video_url", ParamType::string, false, "an https:// address of a video; \"\" clears it", {}, false, 500}};
}

ExerciseFields exercise_fields(const Json& p) {
  ExerciseFields f;
  f.name = opt_str(p, "name");
  f.category = opt_str(p, "category");
  f.muscle_groups = opt_string_list(p, "muscle_groups");
  f.equipment = opt_string_list(p, "equipment");
  f.description = opt_str(p, "description");
  f.video_url = opt_str(p, "video_url");
  return f;
}

Json deleted() { return Json{{"status", "deleted"}}; }

void add_template_operations(Registry& r) {
  r.add({"templates.create", "Save a structured workout as a template", HttpMethod::post, "/v1/me/templates",
         Access::signed_in, template_params(true), [](Context& ctx, const Json& p) {
           return template_json(training(ctx).create_template(ctx.actor, template_fields(p)));
         }});
  r.add({"templates.get", "One of your templates, with its steps", HttpMethod::get, "/v1/me/templates/{template_id}",
         Access::signed_in, {kTemplateId}, [](Context& ctx, const Json& p) {
           return template_json(training(ctx).get_template(ctx.actor, id(p, "template_id", IdKind::workout_template)));
         }});
  r.add({"templates.list", "Your templates, newest first (without their steps)", HttpMethod::get, "/v1/me/templates",
         Access::signed_in, paging_params({{"sport", ParamType::string, false, "only this sport", {}, false, 40}}),
         [](Context& ctx, const Json& p) {
           TemplateQuery q;
           q.sport = opt_str(p, "sport");
           const auto page = page_request(p);
           q.before_id = id_position(kTemplatesList, page.cursor);
           q.limit = page.limit;
           return page_json(training(ctx).templates(ctx.actor, q),
                            [](const WorkoutTemplate& t) { return template_json(t, false); },
                            [](const WorkoutTemplate& t) { return id_cursor(kTemplatesList, t.id); });
         },
         "items"});
  auto update_params = template_params(false);
  update_params.insert(update_params.begin(), kTemplateId);
  r.add({"templates.update", "Change a template: the fields given", HttpMethod::patch, "/v1/me/templates/{template_id}",
         Access::signed_in, update_params, [](Context& ctx, const Json& p) {
           return template_json(training(ctx).update_template(
               ctx.actor, id(p, "template_id", IdKind::workout_template), template_fields(p)));
         }});
  r.add({"templates.delete", "Delete a template (plans made from it stay)", HttpMethod::del,
         "/v1/me/templates/{template_id}", Access::signed_in, {kTemplateId}, [](Context& ctx, const Json& p) {
           training(ctx).delete_template(ctx.actor, id(p, "template_id", IdKind::workout_template));
           return deleted();
         }});
  r.add({"templates.copy", "Copy a template into a new one", HttpMethod::post, "/v1/me/templates/{template_id}/copy",
         Access::signed_in,
         {kTemplateId, {"name", ParamType::string, false, "the copy's name; \"<name> (copy)\" if not given", {}, false, 400}},
         [](Context& ctx, const Json& p) {
           return template_json(training(ctx).copy_template(ctx.actor, id(p, "template_id", IdKind::workout_template),
                                                            opt_str(p, "name")));
         }});
  Operation export_op{"templates.export", "A template as a FIT workout file for a watch", HttpMethod::get,
                      "/v1/me/templates/{template_id}/fit", Access::signed_in, {kTemplateId},
                      [](Context& ctx, const Json& p) {
                        auto file = training(ctx).export_template_fit(ctx.actor,
                                                                     id(p, "template_id", IdKind::workout_template));
                        return file_result(file.file_name, "application/vnd.ant.fit", file.bytes);
                      }};
  export_op.returns_file = true;
  r.add(std::move(export_op));
}

void add_plan_operations(Registry& r) {
  r.add({"plans.create", "Plan a workout on a day: a template, or a title and sport", HttpMethod::post, "/v1/me/plans",
         Access::signed_in, plan_params(true), [](Context& ctx, const Json& p) {
           return plan_json(training(ctx).create_plan(ctx.actor, plan_fields(p)));
         }});
  r.add({"plans.get", "One of your planned workouts", HttpMethod::get, "/v1/me/plans/{plan_id}", Access::signed_in,
         {kPlanId}, [](Context& ctx, const Json& p) {
           return plan_json(training(ctx).get_plan(ctx.actor, id(p, "plan_id", IdKind::planned_workout)));
         }});
  r.add({"plans.list", "Your planned workouts by day, earliest first", HttpMethod::get, "/v1/me/plans",
         Access::signed_in,
         paging_params({{"from", ParamType::string, false, "first day, YYYY-MM-DD", {}, false, 10},
                        {"to", ParamType::string, false, "last day, YYYY-MM-DD", {}, false, 10},
                        {"status", ParamType::string, false, "only planned, completed or skipped", {}, false, 20}}),
         [](Context& ctx, const Json& p) {
           PlanQuery q;
           q.from = opt_str(p, "from");
           q.to = opt_str(p, "to");
           q.status = opt_str(p, "status");
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kPlansList, *page.cursor);
             auto day = reader.text();  // checked by the service
             auto plan = reader.integer();
             reader.finish();
             q.after = std::make_pair(std::move(day), plan);
           }
           q.limit = page.limit;
           return page_json(training(ctx).plans(ctx.actor, q), plan_json, [](const PlannedWorkout& pl) {
             return CursorWriter(kPlansList).text(pl.date).integer(pl.id).finish();
           });
         },
         "items"});
  auto update_params = plan_params(false);
  update_params.insert(update_params.begin(), kPlanId);
  r.add({"plans.update", "Move, rename or skip a planned workout", HttpMethod::patch, "/v1/me/plans/{plan_id}",
         Access::signed_in, update_params, [](Context& ctx, const Json& p) {
           return plan_json(training(ctx).update_plan(ctx.actor, id(p, "plan_id", IdKind::planned_workout), plan_fields(p)));
         }});
  r.add({"plans.delete", "Delete a planned workout", HttpMethod::del, "/v1/me/plans/{plan_id}", Access::signed_in,
         {kPlanId}, [](Context& ctx, const Json& p) {
           training(ctx).delete_plan(ctx.actor, id(p, "plan_id", IdKind::planned_workout));
           return deleted();
         }});
  r.add({"plans.complete", "Mark a planned workout done, with the workout that did it if you like", HttpMethod::post,
         "/v1/me/plans/{plan_id}/complete", Access::signed_in,
         {kPlanId, {"workout_id", ParamType::id, false, "wkt_… id of your workout that fulfilled it", IdKind::workout}},
         [](Context& ctx, const Json& p) {
           return plan_json(training(ctx).complete_plan(ctx.actor, id(p, "plan_id", IdKind::planned_workout),
                                                        opt_id(p, "workout_id", IdKind::workout)));
         }});
  r.add({"plans.link", "Link one of your workouts to a planned workout (which is then completed)", HttpMethod::put,
         "/v1/me/plans/{plan_id}/workout", Access::signed_in,
         {kPlanId, {"workout_id", ParamType::id, true, "wkt_… id of your workout", IdKind::workout}},
         [](Context& ctx, const Json& p) {
           return plan_json(training(ctx).link_workout(ctx.actor, id(p, "plan_id", IdKind::planned_workout),
                                                       id(p, "workout_id", IdKind::workout)));
         }});
  r.add({"plans.unlink", "Unlink the workout of a planned workout (which is planned again)", HttpMethod::del,
         "/v1/me/plans/{plan_id}/workout", Access::signed_in, {kPlanId}, [](Context& ctx, const Json& p) {
           return plan_json(training(ctx).unlink_workout(ctx.actor, id(p, "plan_id", IdKind::planned_workout)));
         }});
}

void add_exercise_operations(Registry& r) {
  r.add({"exercises.list", "The exercise library by name; filter by muscle, equipment, category or text",
         HttpMethod::get, "/v1/exercises", Access::anyone,
         paging_params({{"muscle", ParamType::string, false, "a muscle group, e.g. glutes", {}, false, 40},
                        {"equipment", ParamType::string, false, "a kind of equipment, e.g. kettlebell", {}, false, 40},
                        {"category", ParamType::string, false, "a category, e.g. mobility", {}, false, 40},
                        {"search", ParamType::string, false, "text in the name or description", {}, false, 400}}),
         [](Context& ctx, const Json& p) {
           ExerciseQuery q;
           q.muscle = opt_str(p, "muscle");
           q.equipment = opt_str(p, "equipment");
           q.category = opt_str(p, "category");
           q.search = opt_str(p, "search");
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kExercisesList, *page.cursor);
             auto key = reader.text();
             auto exercise = reader.integer();
             reader.finish();
             q.after = std::make_pair(std::move(key), exercise);
           }
           q.limit = page.limit;
           return page_json(training(ctx).exercises(ctx.actor, q), exercise_json, [](const Exercise& e) {
             return CursorWriter(kExercisesList).text(training::exercise_store::sort_key(e)).integer(e.id).finish();
           });
         },
         "items"});
  r.add({"exercises.get", "One exercise of the library", HttpMethod::get, "/v1/exercises/{exercise_id}",
         Access::anyone, {kExerciseId}, [](Context& ctx, const Json& p) {
           return exercise_json(training(ctx).get_exercise(ctx.actor, id(p, "exercise_id", IdKind::exercise)));
         }});
  r.add({"exercises.create", "Add an exercise to the library (admins)", HttpMethod::post, "/v1/exercises",
         Access::signed_in, exercise_params(true), [](Context& ctx, const Json& p) {
           return exercise_json(training(ctx).create_exercise(ctx.actor, exercise_fields(p)));
         }});
  auto update_params = exercise_params(false);
  update_params.insert(update_params.begin(), kExerciseId);
  r.add({"exercises.update", "Change an exercise of the library (admins)", HttpMethod::patch,
         "/v1/exercises/{exercise_id}", Access::signed_in, update_params, [](Context& ctx, const Json& p) {
           return exercise_json(
               training(ctx).update_exercise(ctx.actor, id(p, "exercise_id", IdKind::exercise), exercise_fields(p)));
         }});
  r.add({"exercises.delete", "Remove an exercise from the library (admins); templates keep its name",
         HttpMethod::del, "/v1/exercises/{exercise_id}", Access::signed_in, {kExerciseId},
         [](Context& ctx, const Json& p) {
           training(ctx).delete_exercise(ctx.actor, id(p, "exercise_id", IdKind::exercise));
           return deleted();
         }});
  r.add({"exercises.import", "Import a catalogue of exercises from JSON or CSV, all or nothing (admins)",
         HttpMethod::post, "/v1/exercises/import", Access::signed_in,
         {{"file", ParamType::file, true, "a JSON array or a CSV file with a header row (docs/training.md)", {}, false,
           kMaxImportBytes},
          {"file_name", ParamType::string, false, "the file's name; .json reads JSON", {}, false, 255},
          {"update_existing", ParamType::boolean, false, "update exercises whose name exists rather than refuse"}},
         [](Context& ctx, const Json& p) {
           const auto result = training(ctx).import_exercises(ctx.actor, file_bytes(p, "file"),
                                                              opt_str(p, "file_name").value_or(""),
                                                              opt_bool(p, "update_existing").value_or(false));
           Json items = Json::array();
           for (const auto& e : result.exercises) items.push_back(exercise_json(e));
           return Json{{"created", result.created}, {"updated", result.updated}, {"exercises", std::move(items)}};
         },
         "exercises"});
}

void add_zone_operations(Registry& r) {
  r.add({"zones.get", "Your heart-rate and power zones, and where their values come from", HttpMethod::get,
         "/v1/me/zones", Access::signed_in, {},
         [](Context& ctx, const Json&) { return zones_json(training(ctx).zones(ctx.actor)); }});
  r.add({"zones.set", "Set your max and resting heart rate, FTP or threshold pace", HttpMethod::patch, "/v1/me/zones",
         Access::signed_in,
         {{"max_hr", ParamType::number, false, "maximum heart rate, 100 to 250 bpm"},
          {"resting_hr", ParamType::number, false, "resting heart rate, 25 to 150 bpm"},
          {"ftp_w", ParamType::number, false, "functional threshold power, 30 to 2000 W"},
          {"threshold_pace_s_per_km", ParamType::number, false, "threshold running pace, 120 to 1200 s/km"},
          {"clear", ParamType::array, false, "settings to clear, so that they are derived again"}},
         [](Context& ctx, const Json& p) {
           ZoneSettings s;
           s.max_hr = opt_num(p, "max_hr");
           s.resting_hr = opt_num(p, "resting_hr");
           s.ftp_w = opt_num(p, "ftp_w");
           s.threshold_pace_s_per_km = opt_num(p, "threshold_pace_s_per_km");
           const auto clear = opt_string_list(p, "clear").value_or(std::vector<std::string>{});
           return zones_json(training(ctx).set_zones(ctx.actor, s, clear));
         }});
}

}  // namespace

void add_training_operations(Registry& r) {
  add_template_operations(r);
  add_plan_operations(r);
  add_exercise_operations(r);
  add_zone_operations(r);
}

}  // namespace fitkit::api

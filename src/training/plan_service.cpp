// Planned workouts: a template or a free-form plan on a day of the user's calendar, and the
// workout that fulfilled it.
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/training.hpp"
#include "training/plan_store.hpp"
#include "training/template_store.hpp"
#include "training/training_common.hpp"
#include "training/training_policy.hpp"
#include "core/text_rules.hpp"

namespace fitkit {
namespace {

namespace store = training::plan_store;

constexpr std::size_t kMaxTitle = 80, kMaxNotes = 2000;

std::string id_text(std::int64_t id) { return format_id(IdKind::planned_workout, id); }

PlannedWorkout owned(storage::Connection& c, const Actor& actor, std::int64_t id) {
  auto p = store::find(c, id);
  if (!p || !training::policy::can_access_plan(actor, p->user_id)) throw Error::not_found("no plan " + id_text(id));
  return *p;
}

// The caller's own workout; anyone else's does not exist for them.
void check_workout(storage::Connection& c, const Actor& actor, std::int64_t workout_id, std::int64_t plan_id) {
  const auto owner = c.query_i64("SELECT user_id FROM workouts WHERE id = ?", {workout_id});
  if (!owner || !training::policy::can_link_workout(actor, *owner))
    throw Error::not_found("no workout " + format_id(IdKind::workout, workout_id));
  const auto linked = store::plan_of_workout(c, workout_id);
  if (linked && *linked != plan_id)
    throw Error::conflict("workout " + format_id(IdKind::workout, workout_id) + " already fulfils plan " +
                          id_text(*linked) + "; unlink it there first");
}

// The fields onto a plan: checked, and applied only if all of them are good.
void apply(PlannedWorkout& p, const PlanFields& f) {
  if (f.date) {
    training::check_date(*f.date, "date");
    p.date = *f.date;
  }
  if (f.title) p.title = text::one_line(*f.title, "title", kMaxTitle);
  if (f.sport) {
    training::check_sport(*f.sport, "sport");
    p.sport = *f.sport;
  }
  if (f.notes) {
    auto n = text::free_text(*f.notes, "notes", kMaxNotes);
    p.notes = n.empty() ? std::nullopt : std::optional<std::string>(std::move(n));
  }
  if (f.duration_s) {
    training::check_number(*f.duration_s, 1, 86400, "duration_s", "s");
    p.duration_s = f.duration_s;
  }
  if (f.distance_m) {
    training::check_number(*f.distance_m, 1, 1000000, "distance_m", "m");
    p.distance_m = f.distance_m;
  }
}

void check_status_change(const std::optional<std::string>& status) {
  if (status && *status != "planned" && *status != "skipped")
    throw Error::invalid("status", "status must be planned or skipped (plans.complete marks a plan completed)");
}

}  // namespace

PlannedWorkout TrainingService::create_plan(const Actor& actor, const PlanFields& fields) {
  training::require_user(actor);
  if (!fields.date) throw Error::invalid("date", "date is required: the day, YYYY-MM-DD");
  if (!fields.template_id && !fields.title) throw Error::invalid("title", "title is required without a template_id");
  if (!fields.template_id && !fields.sport) throw Error::invalid("sport", "sport is required without a template_id");
  check_status_change(fields.status);
  PlannedWorkout p;
  p.status = fields.status.value_or("planned");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (fields.template_id) {
    // Someone else's template does not exist for the caller.
    auto t = training::template_store::find(*c, *fields.template_id);
    if (!t || !training::policy::can_access_template(actor, t->user_id))
      throw Error::not_found("no template " + format_id(IdKind::workout_template, *fields.template_id));
    p.template_id = t->id;
    p.title = t->name;
    p.sport = t->sport;
  }
  apply(p, fields);
  p.id = rt_.next_id();
  p.user_id = actor.user_id;
  p.created_at = p.updated_at = rt_.now();
  store::insert(*c, p);
  tx.commit();
  return p;
}

PlannedWorkout TrainingService::get_plan(const Actor& actor, std::int64_t id) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  return owned(*c, actor, id);
}

Page<PlannedWorkout> TrainingService::plans(const Actor& actor, const PlanQuery& q) {
  training::require_user(actor);
  if (q.from) training::check_date(*q.from, "from");
  if (q.to) training::check_date(*q.to, "to");
  if (q.from && q.to && *q.from > *q.to) throw Error::invalid("to", "to must not be before from");
  if (q.status && *q.status != "planned" && *q.status != "completed" && *q.status != "skipped")
    throw Error::invalid("status", "status must be planned, completed or skipped");
  // The position comes from a page cursor: that is the parameter a caller got wrong.
  if (q.after) {
    try {
      training::check_date(q.after->first, "cursor");
    } catch (const Error&) {
      throw Error::invalid("cursor", "cursor does not hold a position of plans.list; pass the next_cursor of a page");
    }
  }
  check_page_limit(q.limit);
  auto c = rt_.db->acquire();
  return Page<PlannedWorkout>::from_rows(store::list(*c, actor.user_id, q), q.limit);
}

PlannedWorkout TrainingService::update_plan(const Actor& actor, std::int64_t id, const PlanFields& fields) {
  training::require_user(actor);
  if (fields.template_id)
    throw Error::invalid("template_id", "a plan's template stays; delete the plan and plan the other template");
  check_status_change(fields.status);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  PlannedWorkout p = owned(*c, actor, id);
  apply(p, fields);
  if (fields.status && *fields.status != p.status) {
    // Back to planned or skipped: what fulfilled it no longer does.
    p.status = *fields.status;
    p.workout_id.reset();
    p.completed_at = 0;
  }
  p.updated_at = rt_.now();
  store::update(*c, p);
  tx.commit();
  return p;
}

void TrainingService::delete_plan(const Actor& actor, std::int64_t id) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  owned(*c, actor, id);
  store::remove(*c, id);
  tx.commit();
}

PlannedWorkout TrainingService::complete_plan(const Actor& actor, std::int64_t id,
                                              std::optional<std::int64_t> workout_id) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  PlannedWorkout p = owned(*c, actor, id);
  if (workout_id) {
    check_workout(*c, actor, *workout_id, id);
    p.workout_id = workout_id;
  }
  if (p.status != "completed") p.completed_at = rt_.now();
  p.status = "completed";
  p.updated_at = rt_.now();
  store::update(*c, p);
  tx.commit();
  return p;
}

PlannedWorkout TrainingService::link_workout(const Actor& actor, std::int64_t id, std::int64_t workout_id) {
  return complete_plan(actor, id, workout_id);
}

PlannedWorkout TrainingService::unlink_workout(const Actor& actor, std::int64_t id) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  PlannedWorkout p = owned(*c, actor, id);
  if (!p.workout_id) throw Error::precondition("plan " + id_text(id) + " has no workout linked");
  p.workout_id.reset();
  p.status = "planned";
  p.completed_at = 0;
  p.updated_at = rt_.now();
  store::update(*c, p);
  tx.commit();
  return p;
}

}  // namespace fitkit

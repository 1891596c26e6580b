// Manual entry, reading, listing, editing and deleting workouts.
#include <algorithm>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/workouts.hpp"
#include "gear/gear_usage.hpp"
#include "workouts/workout_gear.hpp"
#include "workouts/workout_load.hpp"
#include "workouts/workout_access.hpp"
#include "workouts/workout_compute.hpp"
#include "workouts/workout_rules.hpp"
#include "workouts/workout_store.hpp"
#include "workouts/workouts_policy.hpp"

namespace fitkit {
namespace {

void require_user(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
}

// For a list: which of the owner's workouts the viewer may see, as an SQL condition.
std::string visibility_condition(const std::vector<workouts::policy::Visibility>& levels) {
  std::string in;
  for (auto v : levels) in += std::string(in.empty() ? "" : ", ") + "'" + std::string(to_string(v)) + "'";
  return "w.visibility IN (" + in + ")";
}

}  // namespace

Workout WorkoutService::create(const Actor& actor, const WorkoutFields& fields) {
  require_user(actor);
  if (!fields.sport) throw Error::invalid("sport", "sport is required");
  if (!fields.start_at) throw Error::invalid("start_at", "start_at is required");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  Workout w;
  w.id = rt_.next_id();
  w.user_id = actor.user_id;
  w.source = "manual";
  w.time_zone = workouts::profile_time_zone(*c, actor.user_id);
  w.visibility = workouts::load_settings(*c, actor.user_id).default_visibility;
  workouts::apply_fields(w, fields, rt_.now());
  const auto& sport = workouts::require_sport(w.sport);
  if (w.title.empty()) w.title = workouts::default_title(sport, w.start_at, w.time_zone);
  if (!sport.has_distance) w.distance_m.reset();
  workouts::derive_average_speed(w);
  workouts::compute_trimp(*c, w, {}, rt_.now());
  w.created_at = w.updated_at = rt_.now();
  workouts::insert_workout(*c, w, std::nullopt, std::nullopt);
  workouts::attach_gear(rt_, *c, w, fields.gear_ids, true);
  tx.commit();
  w.track_visible = false;
  return w;
}

Workout WorkoutService::get(const Actor& actor, std::int64_t id) {
  auto c = rt_.db->acquire();
  return workouts::load_visible(*c, actor, id).workout;
}

Page<Workout> WorkoutService::list(const Actor& actor, const WorkoutQuery& q) {
  check_page_limit(q.limit);
  if (!q.user_id && !actor.is_user()) throw Error::invalid("user_id", "user_id is required when not signed in");
  const auto owner = q.user_id.value_or(actor.user_id);
  if (q.sport) workouts::require_sport(*q.sport);
  if (q.from && q.to && *q.from > *q.to) throw Error::invalid("to", "to must not be before from");
  if (q.min_distance_m && q.max_distance_m && *q.min_distance_m > *q.max_distance_m)
    throw Error::invalid("max_distance_m", "max_distance_m must not be below min_distance_m");
  auto c = rt_.db->acquire();
  const auto levels = workouts::policy::visible_levels(actor, owner, workouts::relation_of(*c, actor, owner));
  if (levels.empty()) return {};

  std::string sql = "SELECT " + workouts::workout_columns() + " FROM workouts w WHERE w.user_id = ? AND " +
                    visibility_condition(levels);
  std::vector<storage::Param> params{owner};
  if (q.sport) {
    sql += " AND w.sport = ?";
    params.emplace_back(*q.sport);
  }
  if (q.from) {
    sql += " AND w.start_at >= ?";
    params.emplace_back(*q.from);
  }
  if (q.to) {
    sql += " AND w.start_at <= ?";
    params.emplace_back(*q.to);
  }
  if (q.min_distance_m) {
    sql += " AND w.distance_m >= ?";
    params.emplace_back(*q.min_distance_m);
  }
  if (q.max_distance_m) {
    sql += " AND w.distance_m <= ?";
    params.emplace_back(*q.max_distance_m);
  }
  // Gear is its owner's business: only the owner filters by it.
  if (q.gear_id) {
    if (!workouts::policy::is_owner(actor, owner)) return {};
    sql += " AND EXISTS (SELECT 1 FROM workout_gear g WHERE g.workout_id = w.id AND g.gear_id = ?)";
    params.emplace_back(*q.gear_id);
  }
  if (q.before) {
    sql += " AND (w.start_at < ? OR (w.start_at = ? AND w.id < ?))";
    params.emplace_back(q.before->first);
    params.emplace_back(q.before->first);
    params.emplace_back(q.before->second);
  }
  sql += " ORDER BY w.start_at DESC, w.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{q.limit} + 1);
  std::vector<Workout> rows;
  c->query(sql, params, [&](const storage::Row& r) { rows.push_back(workouts::read_workout(r)); });
  auto page = Page<Workout>::from_rows(std::move(rows), q.limit);
  workouts::load_gear_ids(*c, page.items);
  const bool owner_view = workouts::policy::is_owner(actor, owner);
  const auto settings = workouts::load_settings(*c, owner);
  for (auto& w : page.items) workouts::redact(w, settings, owner_view);
  return page;
}

Workout WorkoutService::update(const Actor& actor, std::int64_t id, const WorkoutFields& fields) {
  require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto w = workouts::find_workout(*c, id);
  // Someone else's workout is not found, whether or not they may see it.
  if (!w || !workouts::policy::is_owner(actor, w->user_id)) throw Error::not_found("no such workout");
  const auto old_sport = w->sport;
  workouts::apply_fields(*w, fields, rt_.now());
  const auto& sport = workouts::require_sport(w->sport);
  if (!sport.has_distance) w->distance_m.reset();
  workouts::derive_average_speed(*w);
  // The load of a recorded track stays; one entered by hand follows the edited numbers.
  if (!w->has_track) workouts::compute_trimp(*c, *w, {}, rt_.now());
  w->updated_at = rt_.now();
  workouts::update_workout(*c, *w);
  // Best efforts follow the sport; the numbers changed by hand do not move them.
  if (w->sport != old_sport)
    c->exec("UPDATE workout_efforts SET sport = ? WHERE workout_id = ?", {w->sport, w->id});
  workouts::attach_gear(rt_, *c, *w, fields.gear_ids, false);
  tx.commit();
  workouts::redact(*w, {}, true);
  return *w;
}

void WorkoutService::remove(const Actor& actor, std::int64_t id) {
  require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto w = workouts::find_workout(*c, id);
  if (!w || !workouts::policy::is_owner(actor, w->user_id)) throw Error::not_found("no such workout");
  const auto blob = c->query_text("SELECT file_blob FROM workouts WHERE id = ?", {id});
  c->exec("DELETE FROM workouts WHERE id = ?", {id});
  if (!w->gear_ids.empty()) gear::after_usage_change(rt_, *c, w->user_id, w->gear_ids);
  tx.commit();
  // The original file goes once the row that names it is gone; a failure here leaves an orphan
  // blob, never a workout without its file.
  if (blob) {
    try {
      rt_.blobs->remove(*blob);
    } catch (const Error&) {
    }
  }
}

}  // namespace fitkit

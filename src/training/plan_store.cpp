#include "training/plan_store.hpp"

#include <deque>
#include <string>

namespace fitkit::training::plan_store {
namespace {

constexpr std::string_view kColumns =
    "id, user_id, planned_on, template_id, title, sport, notes, duration_s, distance_m, status, workout_id,"
    " completed_at, created_at, updated_at";

PlannedWorkout read_row(const storage::Row& r) {
  PlannedWorkout p;
  p.id = r.i64(0);
  p.user_id = r.i64(1);
  p.date = r.text(2);
  p.template_id = r.opt_i64(3);
  p.title = r.text(4);
  p.sport = r.text(5);
  p.notes = r.opt_text(6);
  p.duration_s = r.opt_f64(7);
  p.distance_m = r.opt_f64(8);
  p.status = r.text(9);
  p.workout_id = r.opt_i64(10);
  p.completed_at = r.opt_i64(11).value_or(0);
  p.created_at = r.i64(12);
  p.updated_at = r.i64(13);
  return p;
}

storage::Param time_or_null(std::int64_t ms) { return ms ? storage::Param(ms) : storage::Param(nullptr); }

}  // namespace

std::optional<PlannedWorkout> find(storage::Connection& c, std::int64_t id) {
  std::optional<PlannedWorkout> out;
  c.query("SELECT " + std::string(kColumns) + " FROM planned_workouts WHERE id = ?", {id},
          [&](const storage::Row& r) { out = read_row(r); });
  return out;
}

void insert(storage::Connection& c, const PlannedWorkout& p) {
  c.exec("INSERT INTO planned_workouts (id, user_id, planned_on, template_id, title, sport, notes, duration_s,"
         " distance_m, status, workout_id, completed_at, created_at, updated_at)"
         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {p.id, p.user_id, p.date, p.template_id, p.title, p.sport, p.notes, p.duration_s, p.distance_m, p.status,
          p.workout_id, time_or_null(p.completed_at), p.created_at, p.updated_at});
}

void update(storage::Connection& c, const PlannedWorkout& p) {
  c.exec("UPDATE planned_workouts SET planned_on = ?, template_id = ?, title = ?, sport = ?, notes = ?,"
         " duration_s = ?, distance_m = ?, status = ?, workout_id = ?, completed_at = ?, updated_at = ? WHERE id = ?",
         {p.date, p.template_id, p.title, p.sport, p.notes, p.duration_s, p.distance_m, p.status, p.workout_id,
          time_or_null(p.completed_at), p.updated_at, p.id});
}

bool remove(storage::Connection& c, std::int64_t id) {
  return c.exec("DELETE FROM planned_workouts WHERE id = ?", {id}) > 0;
}

std::vector<PlannedWorkout> list(storage::Connection& c, std::int64_t user_id, const PlanQuery& q) {
  // Dates as YYYY-MM-DD order as text; the defaults take in every date the service accepts.
  const std::string from = q.from.value_or("1900-01-01"), to = q.to.value_or("9999-12-31");
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM planned_workouts WHERE user_id = ? AND planned_on >= ? AND planned_on <= ?";
  std::vector<storage::Param> params{user_id, from, to};
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(*q.status);
  }
  if (q.after) {
    sql += " AND (planned_on > ? OR (planned_on = ? AND id > ?))";
    params.emplace_back(q.after->first);
    params.emplace_back(q.after->first);
    params.emplace_back(q.after->second);
  }
  sql += " ORDER BY planned_on, id LIMIT ?";
  params.emplace_back(std::int64_t{q.limit} + 1);
  std::vector<PlannedWorkout> out;
  c.query(sql, params, [&](const storage::Row& r) { out.push_back(read_row(r)); });
  return out;
}

std::optional<std::int64_t> plan_of_workout(storage::Connection& c, std::int64_t workout_id) {
  return c.query_i64("SELECT id FROM planned_workouts WHERE workout_id = ?", {workout_id});
}

}  // namespace fitkit::training::plan_store

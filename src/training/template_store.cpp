#include "training/template_store.hpp"

#include <limits>
#include <string>

#include "training/template_json.hpp"

namespace fitkit::training::template_store {
namespace {

constexpr std::string_view kColumns =
    "id, user_id, name, sport, description, steps, watch_steps, created_at, updated_at";

WorkoutTemplate read_row(const storage::Row& r) {
  WorkoutTemplate t;
  t.id = r.i64(0);
  t.user_id = r.i64(1);
  t.name = r.text(2);
  t.sport = r.text(3);
  t.description = r.opt_text(4);
  t.steps = parse_steps_text(r.text(5));
  t.watch_steps = static_cast<int>(r.i64(6));
  t.created_at = r.i64(7);
  t.updated_at = r.i64(8);
  return t;
}

}  // namespace

std::optional<WorkoutTemplate> find(storage::Connection& c, std::int64_t id) {
  std::optional<WorkoutTemplate> out;
  c.query("SELECT " + std::string(kColumns) + " FROM workout_templates WHERE id = ?", {id},
          [&](const storage::Row& r) { out = read_row(r); });
  return out;
}

void insert(storage::Connection& c, const WorkoutTemplate& t) {
  const std::string steps = steps_json(t.steps).dump();
  c.exec("INSERT INTO workout_templates (id, user_id, name, sport, description, steps, watch_steps, created_at,"
         " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {t.id, t.user_id, t.name, t.sport, t.description, steps, t.watch_steps, t.created_at, t.updated_at});
}

void update(storage::Connection& c, const WorkoutTemplate& t) {
  const std::string steps = steps_json(t.steps).dump();
  c.exec("UPDATE workout_templates SET name = ?, sport = ?, description = ?, steps = ?, watch_steps = ?,"
         " updated_at = ? WHERE id = ?",
         {t.name, t.sport, t.description, steps, t.watch_steps, t.updated_at, t.id});
}

bool remove(storage::Connection& c, std::int64_t id) {
  return c.exec("DELETE FROM workout_templates WHERE id = ?", {id}) > 0;
}

std::vector<WorkoutTemplate> list(storage::Connection& c, std::int64_t user_id, const TemplateQuery& q) {
  const std::int64_t before = q.before_id.value_or(std::numeric_limits<std::int64_t>::max());
  std::vector<WorkoutTemplate> out;
  const auto on_row = [&](const storage::Row& r) { out.push_back(read_row(r)); };
  const std::int64_t limit = std::int64_t{q.limit} + 1;
  if (q.sport)
    c.query("SELECT " + std::string(kColumns) +
                " FROM workout_templates WHERE user_id = ? AND sport = ? AND id < ? ORDER BY id DESC LIMIT ?",
            {user_id, *q.sport, before, limit}, on_row);
  else
    c.query("SELECT " + std::string(kColumns) +
                " FROM workout_templates WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
            {user_id, before, limit}, on_row);
  return out;
}

}  // namespace fitkit::training::template_store

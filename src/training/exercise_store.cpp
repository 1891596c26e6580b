#include "training/exercise_store.hpp"

#include <deque>

#include <nlohmann/json.hpp>

#include "core/embedded.hpp"
#include "fitkit/error.hpp"
#include "training/exercise_import.hpp"
#include "training/exercise_rules.hpp"
#include "training/training_common.hpp"
#include "core/text_rules.hpp"

namespace fitkit {
extern const EmbeddedFile kDataFiles[];
extern const std::size_t kDataFiles_count;
}  // namespace fitkit

namespace fitkit::training::exercise_store {
namespace {

constexpr std::string_view kColumns =
    "id, name, category, muscle_groups, equipment, description, video_url, builtin, created_at, updated_at";

std::string list_json(const std::vector<std::string>& values) { return nlohmann::json(values).dump(); }

std::vector<std::string> list_of(const std::string& text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Exercise read_row(const storage::Row& r) {
  Exercise e;
  e.id = r.i64(0);
  e.name = r.text(1);
  e.category = r.text(2);
  e.muscle_groups = list_of(r.text(3));
  e.equipment = list_of(r.text(4));
  e.description = r.opt_text(5);
  e.video_url = r.opt_text(6);
  e.builtin = r.i64(7) != 0;
  e.created_at = r.i64(8);
  e.updated_at = r.i64(9);
  return e;
}

std::string search_text(const Exercise& e) { return text::text_key(e.name + "\n" + e.description.value_or("")); }

std::string_view starter_file() {
  for (std::size_t i = 0; i < kDataFiles_count; ++i)
    if (kDataFiles[i].name == "exercises.json") return kDataFiles[i].content;
  throw Error::internal("the exercise starter set is not built in");
}

}  // namespace

void ensure_starter_set(storage::Connection& c, std::int64_t now_ms) {
  // The starter set's first row is never removed (deletion only marks it), so its presence
  // says the set was added, by this process or another, even if an admin deleted all of it.
  if (c.query_i64("SELECT 1 FROM exercises WHERE id = 1")) return;
  const auto rows = read_exercise_file(starter_file(), "exercises.json");
  std::deque<std::string> texts;  // Param borrows strings: they live here until the statement ran
  std::vector<storage::Param> params;
  std::string sql =
      "INSERT INTO exercises (id, name, name_key, search_key, category, muscle_groups, equipment, description,"
      " video_url, builtin, created_at, updated_at) VALUES ";
  std::int64_t id = 0;
  for (const auto& row : rows) {
    const Exercise e = checked_exercise(row.fields);
    sql += std::string(id == 0 ? "" : ", ") + "(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)";
    params.emplace_back(++id);
    for (std::string text : {e.name, text::text_key(e.name), search_text(e), e.category, list_json(e.muscle_groups),
                             list_json(e.equipment)})
      params.emplace_back(texts.emplace_back(std::move(text)));
    params.emplace_back(e.description ? storage::Param(texts.emplace_back(*e.description)) : storage::Param(nullptr));
    params.emplace_back(e.video_url ? storage::Param(texts.emplace_back(*e.video_url)) : storage::Param(nullptr));
    params.emplace_back(now_ms);
    params.emplace_back(now_ms);
  }
  // A concurrent first use may have added it meanwhile: its rows stay.
  c.exec(sql + " ON CONFLICT DO NOTHING", params);
}

std::optional<Exercise> find(storage::Connection& c, std::int64_t id) {
  std::optional<Exercise> out;
  c.query("SELECT " + std::string(kColumns) + " FROM exercises WHERE id = ? AND deleted_at IS NULL", {id},
          [&](const storage::Row& r) { out = read_row(r); });
  return out;
}

std::optional<std::int64_t> find_by_name(storage::Connection& c, const std::string& name) {
  return c.query_i64("SELECT id FROM exercises WHERE name_key = ? AND deleted_at IS NULL", {text::text_key(name)});
}

void insert(storage::Connection& c, const Exercise& e) {
  c.exec("INSERT INTO exercises (id, name, name_key, search_key, category, muscle_groups, equipment, description,"
         " video_url, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {e.id, e.name, text::text_key(e.name), search_text(e), e.category, list_json(e.muscle_groups),
          list_json(e.equipment), e.description, e.video_url, e.builtin, e.created_at, e.updated_at});
}

void update(storage::Connection& c, const Exercise& e) {
  c.exec("UPDATE exercises SET name = ?, name_key = ?, search_key = ?, category = ?, muscle_groups = ?,"
         " equipment = ?, description = ?, video_url = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
         {e.name, text::text_key(e.name), search_text(e), e.category, list_json(e.muscle_groups), list_json(e.equipment),
          e.description, e.video_url, e.updated_at, e.id});
}

bool mark_deleted(storage::Connection& c, std::int64_t id, std::int64_t now_ms) {
  return c.exec("UPDATE exercises SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                {now_ms, now_ms, id}) > 0;
}

std::vector<Exercise> list(storage::Connection& c, const ExerciseQuery& q) {
  const std::string collate(byte_order(c));
  std::string sql = "SELECT " + std::string(kColumns) + " FROM exercises WHERE deleted_at IS NULL";
  std::deque<std::string> texts;
  std::vector<storage::Param> params;
  auto bind = [&](std::string text) { params.emplace_back(texts.emplace_back(std::move(text))); };
  if (q.category) {
    sql += " AND category = ?";
    bind(*q.category);
  }
  // The lists are JSON arrays of names from closed lists: a quoted name matches one element.
  if (q.muscle) {
    sql += " AND muscle_groups LIKE ?";
    bind("%\"" + *q.muscle + "\"%");
  }
  if (q.equipment) {
    sql += " AND equipment LIKE ?";
    bind("%\"" + *q.equipment + "\"%");
  }
  if (q.search) {
    sql += " AND search_key LIKE ? ESCAPE '\\'";
    bind(text::contains_pattern(text::text_key(*q.search)));
  }
  if (q.after) {
    sql += " AND (name_key" + collate + " > ? OR (name_key" + collate + " = ? AND id > ?))";
    bind(q.after->first);
    bind(q.after->first);
    params.emplace_back(q.after->second);
  }
  sql += " ORDER BY name_key" + collate + ", id LIMIT ?";
  params.emplace_back(std::int64_t{q.limit} + 1);
  std::vector<Exercise> out;
  c.query(sql, params, [&](const storage::Row& r) { out.push_back(read_row(r)); });
  return out;
}

std::string sort_key(const Exercise& e) { return text::text_key(e.name); }

}  // namespace fitkit::training::exercise_store

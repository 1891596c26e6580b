// The exercise library: anyone reads it, admins edit it and import their own catalogue.
#include <map>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/training.hpp"
#include "training/exercise_import.hpp"
#include "training/exercise_rules.hpp"
#include "training/exercise_store.hpp"
#include "training/training_policy.hpp"
#include "core/text_rules.hpp"

namespace fitkit {
namespace {

namespace store = training::exercise_store;

void require_editor(const Actor& actor) {
  if (actor.is_anonymous()) throw Error::unauthenticated();
  if (!training::policy::can_edit_library(actor))
    throw Error::permission_denied("only admins edit the exercise library");
}

std::string id_text(std::int64_t id) { return format_id(IdKind::exercise, id); }

void check_name_free(storage::Connection& c, const std::string& name, std::int64_t self) {
  auto other = store::find_by_name(c, name);
  if (other && *other != self)
    throw Error::already_exists("an exercise named '" + name + "' is in the library already (" + id_text(*other) + ")",
                                "name");
}

// A filter's value from a closed list, or nothing when empty.
std::optional<std::string> listed_filter(const std::optional<std::string>& value,
                                         std::span<const std::string_view> list, const char* field,
                                         const char* what) {
  if (!value || value->empty()) return std::nullopt;
  training::check_listed(*value, list, field, what);
  return value;
}

}  // namespace

Page<Exercise> TrainingService::exercises(const Actor& actor, const ExerciseQuery& query) {
  if (!training::policy::can_read_library(actor)) throw Error::permission_denied();
  check_page_limit(query.limit);
  ExerciseQuery q = query;
  q.muscle = listed_filter(query.muscle, training::muscle_groups(), "muscle", "muscle group");
  q.equipment = listed_filter(query.equipment, training::equipment_kinds(), "equipment", "equipment kind");
  q.category = listed_filter(query.category, training::exercise_categories(), "category", "category");
  if (query.search && !query.search->empty()) q.search = text::one_line(*query.search, "search", 100);
  else q.search.reset();
  // A position comes from a page cursor: that is the parameter a caller got wrong.
  if (q.after && (q.after->first.size() > 255 || q.after->second < 0))
    throw Error::invalid("cursor", "cursor does not hold a position of exercises.list");
  auto c = rt_.db->acquire();
  store::ensure_starter_set(*c, rt_.now());
  return Page<Exercise>::from_rows(store::list(*c, q), q.limit);
}

Exercise TrainingService::get_exercise(const Actor& actor, std::int64_t id) {
  if (!training::policy::can_read_library(actor)) throw Error::permission_denied();
  auto c = rt_.db->acquire();
  store::ensure_starter_set(*c, rt_.now());
  auto e = store::find(*c, id);
  if (!e) throw Error::not_found("no exercise " + id_text(id));
  return *e;
}

Exercise TrainingService::create_exercise(const Actor& actor, const ExerciseFields& fields) {
  require_editor(actor);
  Exercise e = training::checked_exercise(fields);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  store::ensure_starter_set(*c, rt_.now());
  check_name_free(*c, e.name, 0);
  e.id = rt_.next_id();
  e.created_at = e.updated_at = rt_.now();
  store::insert(*c, e);
  tx.commit();
  return e;
}

Exercise TrainingService::update_exercise(const Actor& actor, std::int64_t id, const ExerciseFields& fields) {
  require_editor(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  store::ensure_starter_set(*c, rt_.now());
  auto current = store::find(*c, id);
  if (!current) throw Error::not_found("no exercise " + id_text(id));
  Exercise e = training::checked_exercise(fields, &*current);
  check_name_free(*c, e.name, id);
  e.updated_at = rt_.now();
  store::update(*c, e);
  tx.commit();
  return e;
}

void TrainingService::delete_exercise(const Actor& actor, std::int64_t id) {
  require_editor(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  store::ensure_starter_set(*c, rt_.now());
  if (!store::mark_deleted(*c, id, rt_.now())) throw Error::not_found("no exercise " + id_text(id));
  tx.commit();
}

ExerciseImport TrainingService::import_exercises(const Actor& actor, std::string_view file, std::string_view file_name,
                                                 bool update_existing) {
  require_editor(actor);
  const auto rows = training::read_exercise_file(file, file_name);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  store::ensure_starter_set(*c, rt_.now());
  ExerciseImport out;
  std::map<std::string, std::string> seen;  // name key -> where it was first
  const std::int64_t now = rt_.now();
  // Every row is checked before the first write: one bad row leaves the library as it was.
  std::vector<std::pair<Exercise, bool>> planned;  // the exercise, and whether it is new
  for (const auto& row : rows) {
    try {
      std::optional<Exercise> current;
      const auto existing =
          row.fields.name ? store::find_by_name(*c, text::one_line(*row.fields.name, "name", 80)) : std::nullopt;
      if (existing && !update_existing)
        throw Error::already_exists("an exercise named '" + *row.fields.name + "' is in the library already (" +
                                    id_text(*existing) + "); import with update_existing to update it");
      if (existing) current = store::find(*c, *existing);
      Exercise e = training::checked_exercise(row.fields, current ? &*current : nullptr);
      if (auto [it, fresh] = seen.emplace(text::text_key(e.name), row.where); !fresh)
        throw Error::invalid("name", "the name '" + e.name + "' is also in " + it->second);
      if (!current) {
        e.id = rt_.next_id();
        e.created_at = now;
      }
      e.updated_at = now;
      planned.emplace_back(std::move(e), !current);
    } catch (const Error& err) {
      if (err.code() != ErrorCode::invalid_argument && err.code() != ErrorCode::already_exists) throw;
      throw Error(err.code(), row.where + ": " + err.what(), "file");
    }
  }
  for (auto& [e, fresh] : planned) {
    if (fresh) {
      store::insert(*c, e);
      ++out.created;
    } else {
      store::update(*c, e);
      ++out.updated;
    }
    out.exercises.push_back(std::move(e));
  }
  tx.commit();
  return out;
}

}  // namespace fitkit

// Workout templates: saved, structured workouts of one user, and their FIT export.
#include <cctype>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/training.hpp"
#include "training/exercise_store.hpp"
#include "training/template_fit.hpp"
#include "training/template_rules.hpp"
#include "training/template_store.hpp"
#include "training/training_common.hpp"
#include "training/training_policy.hpp"
#include "core/text_rules.hpp"

namespace fitkit {
namespace {

namespace store = training::template_store;

constexpr std::size_t kMaxName = 80, kMaxDescription = 2000;

std::string id_text(std::int64_t id) { return format_id(IdKind::workout_template, id); }

// The template, if the actor may use it; to anyone else it does not exist.
WorkoutTemplate owned(storage::Connection& c, const Actor& actor, std::int64_t id) {
  auto t = store::find(c, id);
  if (!t || !training::policy::can_access_template(actor, t->user_id)) throw Error::not_found("no template " + id_text(id));
  return *t;
}

bool has_exercises(const std::vector<WorkoutStep>& steps) {
  for (const auto& s : steps)
    if (s.kind == StepKind::exercise || has_exercises(s.steps)) return true;
  return false;
}

// Each exercise step names an exercise of the library; its name is kept with the step.
void resolve_exercises(storage::Connection& c, std::vector<WorkoutStep>& steps, const std::string& path) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto& s = steps[i];
    const std::string here = path + "[" + std::to_string(i) + "]";
    if (s.kind == StepKind::repeat) resolve_exercises(c, s.steps, here + ".steps");
    if (s.kind != StepKind::exercise) continue;
    auto e = training::exercise_store::find(c, s.exercise_id);
    if (!e)
      throw Error::invalid(here + ".exercise_id", here + ".exercise_id: no exercise " +
                                                      format_id(IdKind::exercise, s.exercise_id) + " in the library");
    s.exercise_name = e->name;
  }
}

// The fields onto a template: checked, and applied only if all of them are good.
void apply(WorkoutTemplate& t, const TemplateFields& f) {
  if (f.name) t.name = text::one_line(*f.name, "name", kMaxName);
  if (f.sport) {
    training::check_sport(*f.sport, "sport");
    t.sport = *f.sport;
  }
  if (f.description) {
    auto d = text::free_text(*f.description, "description", kMaxDescription);
    t.description = d.empty() ? std::nullopt : std::optional<std::string>(std::move(d));
  }
  if (f.steps) {
    t.steps = *f.steps;
    t.watch_steps = training::check_steps(t.steps);
  }
}

// The first `n` characters of UTF-8 text.
std::string first_chars(const std::string& text, std::size_t n) {
  std::size_t chars = 0, i = 0;
  for (; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == n) break;
  return text.substr(0, i);
}

// "5 x 1 km" -> "5_x_1_km.fit": letters, digits, - and _ only, so that every system keeps it.
std::string fit_file_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    if (keep) out += c;
    else if (!out.empty() && out.back() != '_') out += '_';
    if (out.size() >= 40) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return (out.empty() ? "workout" : out) + ".fit";
}

}  // namespace

WorkoutTemplate TrainingService::create_template(const Actor& actor, const TemplateFields& fields) {
  training::require_user(actor);
  if (!fields.name) throw Error::invalid("name", "name is required");
  if (!fields.sport) throw Error::invalid("sport", "sport is required: a sport of the list (docs/workouts.md)");
  if (!fields.steps) throw Error::invalid("steps", "steps is required");
  WorkoutTemplate t;
  apply(t, fields);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (has_exercises(t.steps)) {
    training::exercise_store::ensure_starter_set(*c, rt_.now());
    resolve_exercises(*c, t.steps, "steps");
  }
  t.id = rt_.next_id();
  t.user_id = actor.user_id;
  t.created_at = t.updated_at = rt_.now();
  store::insert(*c, t);
  tx.commit();
  return t;
}

WorkoutTemplate TrainingService::get_template(const Actor& actor, std::int64_t id) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  return owned(*c, actor, id);
}

Page<WorkoutTemplate> TrainingService::templates(const Actor& actor, const TemplateQuery& query) {
  training::require_user(actor);
  check_page_limit(query.limit);
  if (query.sport) training::check_sport(*query.sport, "sport");
  auto c = rt_.db->acquire();
  return Page<WorkoutTemplate>::from_rows(store::list(*c, actor.user_id, query), query.limit);
}

WorkoutTemplate TrainingService::update_template(const Actor& actor, std::int64_t id, const TemplateFields& fields) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  WorkoutTemplate t = owned(*c, actor, id);
  apply(t, fields);
  if (fields.steps && has_exercises(t.steps)) {
    training::exercise_store::ensure_starter_set(*c, rt_.now());
    resolve_exercises(*c, t.steps, "steps");
  }
  t.updated_at = rt_.now();
  store::update(*c, t);
  tx.commit();
  return t;
}

void TrainingService::delete_template(const Actor& actor, std::int64_t id) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  owned(*c, actor, id);
  // Plans made from it keep their date, title and sport; their template_id becomes null.
  store::remove(*c, id);
  tx.commit();
}

WorkoutTemplate TrainingService::copy_template(const Actor& actor, std::int64_t id,
                                               const std::optional<std::string>& name) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  WorkoutTemplate t = owned(*c, actor, id);
  t.name = name ? text::one_line(*name, "name", kMaxName) : first_chars(t.name, kMaxName - 7) + " (copy)";
  t.id = rt_.next_id();
  t.created_at = t.updated_at = rt_.now();
  store::insert(*c, t);
  tx.commit();
  return t;
}

ExportedFile TrainingService::export_template_fit(const Actor& actor, std::int64_t id) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  const WorkoutTemplate t = owned(*c, actor, id);
  return {fit_file_name(t.name), formats::fit::write_workout_file(training::fit_workout(t, rt_.now()))};
}

}  // namespace fitkit

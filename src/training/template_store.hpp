// The SQL of workout templates (table workout_templates); steps are kept as their JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fitkit/storage.hpp"
#include "fitkit/training.hpp"

namespace fitkit::training::template_store {

// Whoever owns it.
std::optional<WorkoutTemplate> find(storage::Connection& c, std::int64_t id);
void insert(storage::Connection& c, const WorkoutTemplate& t);
void update(storage::Connection& c, const WorkoutTemplate& t);
bool remove(storage::Connection& c, std::int64_t id);
// One page more than q.limit of the user's templates, newest first.
std::vector<WorkoutTemplate> list(storage::Connection& c, std::int64_t user_id, const TemplateQuery& q);

}  // namespace fitkit::training::template_store

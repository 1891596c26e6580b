// The SQL of the exercise library (table exercises), with the starter set added on first use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fitkit/storage.hpp"
#include "fitkit/training.hpp"

namespace fitkit::training::exercise_store {

// Adds the built-in starter set (src/training/data/exercises.json) unless it is there: ids 1..N
// in the file's order, one statement, so concurrent first uses add it once.
void ensure_starter_set(storage::Connection& c, std::int64_t now_ms);

// An exercise that is not deleted, or empty.
std::optional<Exercise> find(storage::Connection& c, std::int64_t id);
// The id of the exercise (not deleted) whose name has this key.
std::optional<std::int64_t> find_by_name(storage::Connection& c, const std::string& name);

void insert(storage::Connection& c, const Exercise& e);
void update(storage::Connection& c, const Exercise& e);
// Marks it deleted; false if there is no such exercise (or it was deleted already).
bool mark_deleted(storage::Connection& c, std::int64_t id, std::int64_t now_ms);

// One page more than q.limit, in (name key, id) order.
std::vector<Exercise> list(storage::Connection& c, const ExerciseQuery& q);

// The sort key of an exercise: what a page cursor holds with its id.
std::string sort_key(const Exercise& e);

}  // namespace fitkit::training::exercise_store

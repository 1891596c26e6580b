// The exercise library's closed lists (categories, muscle groups, equipment) and the rules an
// exercise follows, shared by create, update, import and the starter set.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "fitkit/training.hpp"

namespace fitkit::training {

std::span<const std::string_view> exercise_categories() noexcept;
std::span<const std::string_view> muscle_groups() noexcept;
std::span<const std::string_view> equipment_kinds() noexcept;

// invalid_argument naming `field` unless `value` is on the list.
void check_listed(std::string_view value, std::span<const std::string_view> list, std::string_view field,
                  std::string_view what);

// A whole exercise from fields given on create (or merged onto one for update): checked and
// tidied (text trimmed, lists without repeats). Throws Error::invalid naming the field.
Exercise checked_exercise(const ExerciseFields& fields, const Exercise* current = nullptr);

}  // namespace fitkit::training

// Reading an exercise catalogue file: a JSON array of objects, or CSV with a header row, both
// with the fields name, category, muscle_groups, equipment, description, video_url. What each
// row says is checked later (exercise_rules.hpp); here only its shape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fitkit/training.hpp"

namespace fitkit::training {

inline constexpr std::size_t kMaxImportRows = 2000;

struct ImportRow {
  std::string where;  // "row 3" (CSV, the header being row 1) or "item 2" (JSON, from 1)
  ExerciseFields fields;
};

// JSON when the name ends in .json or the text starts with '['; CSV otherwise. Errors are
// Error::invalid("file") and say where: "row 4: muscle_groups is required".
std::vector<ImportRow> read_exercise_file(std::string_view bytes, std::string_view file_name);

}  // namespace fitkit::training

// The JSON shape of a template's steps (docs/training.md), both ways: what callers send and
// get back, and what the database keeps. Shape errors name the path of the offending value
// ("steps[2].target.zone"); the ranges are template_rules.cpp's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/training.hpp"

namespace fitkit::training {

using StepsJson = nlohmann::ordered_json;

// At most this much JSON for one template's steps, as the caller wrote it.
inline constexpr std::size_t kMaxStepsJsonBytes = 64 * 1024;

// The steps of a JSON array. Unknown keys, wrong types and missing values are invalid_argument.
std::vector<WorkoutStep> parse_steps(const StepsJson& json, std::string_view field = "steps");
// The same from JSON text (the database's copy).
std::vector<WorkoutStep> parse_steps_text(std::string_view text);

// The array for callers and for the database: only the keys a step uses, in a fixed order.
StepsJson steps_json(const std::vector<WorkoutStep>& steps);

}  // namespace fitkit::training

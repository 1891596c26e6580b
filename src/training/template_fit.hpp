// A template as a FIT workout: its sport in the profile's numbers and its steps written out
// as a watch follows them (docs/training.md, "The FIT export").
#pragma once

#include <cstdint>
#include <utility>

#include "fitkit/training.hpp"
#include "formats/fit_workout_writer.hpp"

namespace fitkit::training {

// The FIT sport and sub_sport of a sport of the list.
std::pair<std::uint8_t, std::uint8_t> fit_sport(std::string_view sport) noexcept;

// The file's description; `now_ms` is its creation time.
formats::fit::WorkoutFileSpec fit_workout(const WorkoutTemplate& tpl, std::int64_t now_ms);

}  // namespace fitkit::training

// The rules a template's steps follow (docs/training.md): kinds and their fields, ranges,
// repeats one level deep, and how many steps a watch counts once repeats and sets are
// written out. Field names in errors are the JSON paths ("steps[1].steps[0].target.zone").
#pragma once

#include <vector>

#include "fitkit/training.hpp"

namespace fitkit::training {

inline constexpr int kMaxWatchSteps = 100;

// Checks the steps and tidies their text in place (names and notes trimmed); returns the
// watch step count. Throws Error::invalid naming the offending value.
int check_steps(std::vector<WorkoutStep>& steps);

// Steps once written out for a watch: a repeat is one more step after its own, an exercise
// one for its work, one for its rest and one more to repeat its sets.
int watch_step_count(const std::vector<WorkoutStep>& steps);

}  // namespace fitkit::training

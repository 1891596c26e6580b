// The rules a workout's fields obey, in one place for manual entry, edits and imports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fitkit/workouts.hpp"
#include "workouts/sports.hpp"

namespace fitkit::workouts {

inline constexpr std::size_t kMaxTitleBytes = 400;
inline constexpr std::size_t kMaxNotesBytes = 10'000;

// Throws Error::invalid naming the field unless it is a sport of the list.
const Sport& require_sport(std::string_view id, std::string_view field = "sport");
// Throws Error::invalid naming the field unless it is everyone, friends or only_me.
void require_visibility(std::string_view visibility, std::string_view field = "visibility");
// Checks every given field (ranges, lengths, the start not in the future) and copies it onto
// `w`; `now_ms` bounds the start time. Gear ids are the gear domain's to check.
void apply_fields(Workout& w, const WorkoutFields& fields, std::int64_t now_ms);
// "Morning run", "Evening ride": the name people give a workout they did not name, from the
// local hour of its start.
std::string default_title(const Sport& sport, std::int64_t start_at, const std::string& time_zone);
// Days since 1970-01-01 of a valid YYYY-MM-DD (accounts::is_valid_date), and back.
std::int64_t day_number(std::string_view yyyy_mm_dd);
std::string day_text(std::int64_t day_number);

}  // namespace fitkit::workouts

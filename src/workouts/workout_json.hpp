// The JSON shapes of workouts and what comes with them, for the operations and the account export.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/workouts.hpp"

namespace fitkit::workouts {

using Json = nlohmann::ordered_json;

Json workout_json(const Workout& w);
Json import_summary_json(const ImportSummary& s);
Json personal_record_json(const PersonalRecord& r);
Json totals_row_json(const TotalsRow& r);
Json load_day_json(const LoadDay& d);
Json privacy_zone_json(const PrivacyZone& z);
Json analysis_json(const WorkoutAnalysis& a);
Json workout_settings_json(const WorkoutSettings& s);
// The media type of an exported track.
std::string_view track_content_type(std::string_view format);
// The numbers a caller may set, by parameter name.
const std::vector<std::pair<const char*, std::optional<double> WorkoutFields::*>>& workout_number_inputs();

}  // namespace fitkit::workouts

// A user's training zones, for the zones.* operations and for other domains (the workouts
// service computes time in zones and training load with them). See docs/training.md.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fitkit/storage.hpp"
#include "fitkit/training.hpp"

namespace fitkit::training {

struct UserZones {
  std::optional<double> max_hr, resting_hr, ftp_w, threshold_pace_s_per_km;
  std::vector<double> hr_bounds, power_bounds;  // lower bounds of zones 1..N, empty if unknown
};

// Max and resting heart rate from the settings, else resting HR from the latest metrics day
// that has one and max HR as 220 - age (profiles.birth_date, in the user's time zone);
// heart-rate zones by Karvonen (5) once both are known and resting < max; power zones by
// Coggan (7, the first from 0 W) from FTP. Reads only; any connection or snapshot will do.
UserZones load_user_zones(storage::Connection& c, std::int64_t user_id, std::int64_t now_ms);

// The same with where each value came from and the zones as ranges, for zones.get.
TrainingZones training_zones(storage::Connection& c, std::int64_t user_id, std::int64_t now_ms);

}  // namespace fitkit::training

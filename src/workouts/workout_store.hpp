// Rows of workouts, their gear, tracks, laps and best efforts: the SQL of the workouts domain.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fitkit/storage.hpp"
#include "fitkit/workouts.hpp"
#include "workouts/track_codec.hpp"
#include "workouts/workouts_policy.hpp"

namespace fitkit::workouts {

// The measured numbers of a workout: the column, the Workout member, and the WorkoutFields
// member a caller may set it with (null: computed only). One list for reads, writes and views.
struct NumberField {
  std::string_view column;
  std::optional<double> Workout::*value;
  std::optional<double> WorkoutFields::*input;
};
extern const std::array<NumberField, 15> kNumberFields;

// The SELECT list that read_workout() reads, for a table aliased "w".
std::string workout_columns();
Workout read_workout(const storage::Row& row);  // gear_ids left empty
void load_gear_ids(storage::Connection& c, std::span<Workout> workouts);

std::optional<Workout> find_workout(storage::Connection& c, std::int64_t id);
policy::Relation relation_of(storage::Connection& c, const Actor& viewer, std::int64_t owner_id);

void insert_workout(storage::Connection& c, const Workout& w, const std::optional<std::string>& file_sha256,
                    const std::optional<std::string>& file_blob);
void update_workout(storage::Connection& c, const Workout& w);
void set_gear(storage::Connection& c, std::int64_t workout_id, const std::vector<std::int64_t>& gear_ids);

void store_track(storage::Connection& c, std::int64_t workout_id, const StoredTrack& track);
std::optional<StoredTrack> load_track(storage::Connection& c, std::int64_t workout_id);

struct Effort {
  std::string kind;  // time_1000m, power_1200s
  double value = 0;
};
void store_efforts(storage::Connection& c, const Workout& w, const std::vector<Effort>& efforts);

struct StoredLap {
  std::int64_t start_at = 0;
  std::optional<double> elapsed_s, distance_m, avg_hr, max_hr, avg_power;
};
void store_laps(storage::Connection& c, std::int64_t workout_id, const std::vector<StoredLap>& laps);
std::vector<StoredLap> load_laps(storage::Connection& c, std::int64_t workout_id);

// The owner's time zone from the profile (UTC when unset).
std::string profile_time_zone(storage::Connection& c, std::int64_t user_id);
WorkoutSettings load_settings(storage::Connection& c, std::int64_t user_id);
std::vector<fitkit::PrivacyZone> load_privacy_zones(storage::Connection& c, std::int64_t user_id);

}  // namespace fitkit::workouts

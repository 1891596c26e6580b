// The writer of FIT workout files (file type 5): the structured workouts that Garmin watches
// and bike computers, among others, load and guide a workout by. A file holds a file_id, one
// workout and its workout_step messages, a 14-byte header with its CRC and the file CRC.
// Pure: it takes the steps as the FIT profile numbers them and knows nothing of templates.
// See docs/training.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/fit_profile.hpp"

namespace fitkit::formats::fit {

namespace mesg {
inline constexpr std::uint16_t workout = 26;
inline constexpr std::uint16_t workout_step = 27;
}  // namespace mesg

// Values of the profile's enums that a workout uses.
inline constexpr std::uint8_t kFileTypeWorkout = 5;           // file
inline constexpr std::uint16_t kManufacturerDevelopment = 255;  // manufacturer
inline constexpr std::uint8_t kWeightUnitKilogram = 1;        // fit_base_unit

enum class Duration : std::uint8_t {  // wkt_step_duration
  time = 0,                           // value in ms
  distance = 1,                       // value in cm
  open = 5,                           // until the lap button
  repeat_until_steps_cmplt = 6,       // value: the index of the first step to repeat
  reps = 29,                          // value: repetitions
};

enum class Target : std::uint8_t {  // wkt_step_target
  speed = 0,                        // custom range in mm/s
  heart_rate = 1,                   // zone 1-5, or custom: bpm + 100
  open = 2,
  cadence = 3,                      // custom range in rpm
  power = 4,                        // zone 1-7, or custom: W + 1000
};

enum class Intensity : std::uint8_t { active = 0, rest = 1, warmup = 2, cooldown = 3, recovery = 4 };

// One workout_step message. A repeat step has no target type nor intensity and carries its
// count in target_value. Empty optionals are written as the profile's invalid value.
struct WorkoutStepRecord {
  std::string name;   // wkt_step_name; cut to kMaxStepNameBytes at a character boundary
  std::string notes;  // cut to kMaxNotesBytes
  Duration duration_type = Duration::open;
  std::optional<std::uint32_t> duration_value;
  std::optional<Target> target_type;
  std::optional<std::uint32_t> target_value;
  std::optional<std::uint32_t> custom_target_low, custom_target_high;
  std::optional<Intensity> intensity;
  std::optional<std::uint16_t> exercise_weight;  // kg × 100
};

struct WorkoutFileSpec {
  std::string name;            // wkt_name; cut to kMaxNameBytes at a character boundary
  std::uint8_t sport = 0;      // sport enum
  std::uint8_t sub_sport = 0;  // sub_sport enum
  std::uint32_t time_created = 0;  // seconds since the FIT epoch (kEpochOffsetSeconds)
  std::uint16_t manufacturer = kManufacturerDevelopment;
  std::uint16_t product = 0;
  std::uint32_t serial_number = 0;  // 0: not written
  std::vector<WorkoutStepRecord> steps;
};

inline constexpr std::size_t kMaxNameBytes = 63;
inline constexpr std::size_t kMaxStepNameBytes = 63;
inline constexpr std::size_t kMaxNotesBytes = 254;
inline constexpr std::size_t kMaxSteps = 1000;

// The file's bytes. Throws Error::invalid("steps") for no steps, more than kMaxSteps, or a
// repeat step that does not point back to an earlier step.
std::string write_workout_file(const WorkoutFileSpec& spec);

// The FIT seconds of a Unix time in milliseconds (0 before the FIT epoch).
std::uint32_t fit_time(std::int64_t epoch_ms) noexcept;

}  // namespace fitkit::formats::fit

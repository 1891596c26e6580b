// The FIT workout writer: files decoded back field by field (header, both CRCs, the profile's
// field numbers and base types), read by the project's FIT reader, and its refusals.
#include <doctest/doctest.h>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/fit_profile.hpp"
#include "formats/fit_reader.hpp"
#include "formats/fit_workout_writer.hpp"
#include "unit/formats/fit_test_support.hpp"
#include "unit/formats/fit_workout_decoding.hpp"

using namespace fitkit;
using namespace fitkit::formats::fit;
using fitkit::test::decode_fit_file;

namespace {

// 10 min warm-up in HR zone 2, 4 × [1 km at 4:00–4:10 /km, 2 min rest], cool-down to the lap button.
WorkoutFileSpec intervals() {
  WorkoutFileSpec spec;
  spec.name = "4 x 1 km";
  spec.sport = 1;  // running
  spec.sub_sport = 0;
  spec.time_created = 1000000000;
  spec.serial_number = 0xABCDEF;
  WorkoutStepRecord warmup{"Warm up", "easy", Duration::time, 600000, Target::heart_rate, 2, {}, {}, Intensity::warmup, {}};
  WorkoutStepRecord work{"Fast", "", Duration::distance, 100000, Target::speed, 0, 4000, 4167, Intensity::active, {}};
  WorkoutStepRecord rest{"", "", Duration::time, 120000, Target::open, 0, {}, {}, Intensity::rest, {}};
  WorkoutStepRecord repeat{};
  repeat.duration_type = Duration::repeat_until_steps_cmplt;
  repeat.duration_value = 1;
  repeat.target_value = 4;
  WorkoutStepRecord cooldown{"", "", Duration::open, {}, Target::open, 0, {}, {}, Intensity::cooldown, {}};
  spec.steps = {warmup, work, rest, repeat, cooldown};
  return spec;
}

}  // namespace

TEST_CASE("fit workout writer: a file decodes back to the messages and values written") {
  const auto bytes = write_workout_file(intervals());
  const auto file = decode_fit_file(bytes);
  CHECK(file.protocol == 0x10);
  CHECK(file.profile == 2132);
  fitkit::test::check_against_profile(file);
  REQUIRE(file.messages.size() == 7);  // file_id, workout, five steps
  CHECK(file.messages[0].global == mesg::file_id);  // file_id comes first

  const auto& id = file.messages[0];
  CHECK(id.integer(0) == 5);       // type: workout
  CHECK(id.integer(1) == 255);     // manufacturer: development
  CHECK(id.integer(2) == 0);       // product
  CHECK(id.integer(3) == 0xABCDEF);  // serial_number
  CHECK(id.integer(4) == 1000000000);

  const auto& workout = file.messages[1];
  CHECK(workout.global == mesg::workout);
  CHECK(workout.integer(4) == 1);  // sport: running
  CHECK(sport_name(static_cast<std::uint32_t>(*workout.integer(4))) == "running");
  CHECK(workout.integer(11) == 0);
  CHECK(workout.integer(6) == 5);  // num_valid_steps
  CHECK(workout.text(8) == "4 x 1 km");

  const auto steps = file.of(mesg::workout_step);
  REQUIRE(steps.size() == 5);
  for (std::size_t i = 0; i < steps.size(); ++i) CHECK(steps[i]->integer(254) == static_cast<std::int64_t>(i));
  // Warm-up: 600 000 ms, heart-rate zone 2.
  CHECK(steps[0]->text(0) == "Warm up");
  CHECK(steps[0]->text(8) == "easy");
  CHECK(steps[0]->integer(1) == 0);
  CHECK(steps[0]->integer(2) == 600000);
  CHECK(steps[0]->integer(3) == 1);
  CHECK(steps[0]->integer(4) == 2);
  CHECK(steps[0]->integer(5) == std::nullopt);  // invalid: no custom range
  CHECK(steps[0]->integer(7) == 2);              // intensity: warmup
  // Work: 1 km (100 000 cm), speed 4.000–4.167 m/s.
  CHECK(steps[1]->integer(1) == 1);
  CHECK(steps[1]->integer(2) == 100000);
  CHECK(steps[1]->integer(3) == 0);
  CHECK(steps[1]->integer(4) == 0);
  CHECK(steps[1]->integer(5) == 4000);
  CHECK(steps[1]->integer(6) == 4167);
  CHECK(steps[1]->integer(7) == 0);
  CHECK(steps[2]->text(0).empty());
  CHECK(steps[2]->integer(7) == 1);  // rest
  // The repeat: back to step 1, four times; no target type nor intensity.
  CHECK(steps[3]->integer(1) == 6);
  CHECK(steps[3]->integer(2) == 1);
  CHECK(steps[3]->integer(4) == 4);
  CHECK(steps[3]->integer(3) == std::nullopt);
  CHECK(steps[3]->integer(7) == std::nullopt);
  // Open: no duration value.
  CHECK(steps[4]->integer(1) == 5);
  CHECK(steps[4]->integer(2) == std::nullopt);
  CHECK(steps[4]->integer(7) == 3);
  // No step has a weight: those fields are not defined at all.
  CHECK(steps[0]->field(12) == nullptr);
}

TEST_CASE("fit workout writer: the project's FIT reader accepts the file and its file_id") {
  const auto bytes = write_workout_file(intervals());
  formats::MemorySource in(bytes);
  fitkit::test::RecordingSink sink;
  formats::read_fit(in, sink);  // checks both CRCs, the sizes and the framing
  REQUIRE(sink.devices.size() == 1);
  CHECK(sink.devices[0].manufacturer == manufacturer_name(kManufacturerDevelopment));
  CHECK(sink.devices[0].serial_number == 0xABCDEFu);
  CHECK(sink.points.empty());

  // A flipped byte anywhere is a CRC mismatch for the reader.
  for (std::size_t at : {std::size_t{3}, std::size_t{20}, bytes.size() / 2, bytes.size() - 3}) {
    CAPTURE(at);
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x01);
    formats::MemorySource bad(damaged);
    fitkit::test::RecordingSink ignored;
    CHECK_THROWS_AS(formats::read_fit(bad, ignored), Error);
  }
}

TEST_CASE("fit workout writer: strength steps carry reps and the weight in kg x 100") {
  WorkoutFileSpec spec;
  spec.name = "Legs";
  spec.sport = 10;
  spec.sub_sport = 20;
  WorkoutStepRecord squat{"Back squat", "", Duration::reps, 8, Target::open, 0, {}, {}, Intensity::active, 6250};
  WorkoutStepRecord rest{"Rest", "", Duration::time, 90000, Target::open, 0, {}, {}, Intensity::rest, {}};
  WorkoutStepRecord sets{};
  sets.duration_type = Duration::repeat_until_steps_cmplt;
  sets.duration_value = 0;
  sets.target_value = 3;
  spec.steps = {squat, rest, sets};
  const auto file = decode_fit_file(write_workout_file(spec));
  fitkit::test::check_against_profile(file);
  const auto workout = file.of(mesg::workout);
  REQUIRE(workout.size() == 1);
  CHECK(sport_name(static_cast<std::uint32_t>(*workout[0]->integer(4))) == "training");
  CHECK(sub_sport_name(static_cast<std::uint32_t>(*workout[0]->integer(11))) == "strength_training");
  const auto steps = file.of(mesg::workout_step);
  REQUIRE(steps.size() == 3);
  CHECK(steps[0]->integer(1) == 29);  // reps
  CHECK(steps[0]->integer(2) == 8);
  CHECK(steps[0]->integer(12) == 6250);  // 62.5 kg
  CHECK(steps[0]->integer(13) == 1);     // kilogram
  CHECK(steps[1]->integer(12) == std::nullopt);
  CHECK(steps[1]->integer(13) == std::nullopt);
  CHECK(steps[2]->integer(2) == 0);
  CHECK(steps[2]->integer(4) == 3);
}

TEST_CASE("fit workout writer: names are cut at a character boundary, and no name, no field") {
  WorkoutFileSpec spec = intervals();
  spec.name = std::string(60, 'a') + "ééé";  // the cut falls inside the second é
  spec.steps[0].name = std::string(100, 'b');
  spec.steps[0].notes = std::string(300, 'c');
  auto file = decode_fit_file(write_workout_file(spec));
  CHECK(file.of(mesg::workout)[0]->text(8) == std::string(60, 'a') + "é");
  CHECK(file.of(mesg::workout_step)[0]->text(0) == std::string(kMaxStepNameBytes, 'b'));
  CHECK(file.of(mesg::workout_step)[0]->text(8) == std::string(kMaxNotesBytes, 'c'));

  spec.name.clear();
  for (auto& s : spec.steps) s.name.clear(), s.notes.clear();
  file = decode_fit_file(write_workout_file(spec));
  CHECK(file.of(mesg::workout)[0]->field(8) == nullptr);
  CHECK(file.of(mesg::workout_step)[0]->field(0) == nullptr);
  CHECK(file.of(mesg::workout_step)[0]->field(8) == nullptr);
  // A NUL inside a name ends it rather than hiding text after it.
  spec.name = std::string("ab\0cd", 5);
  file = decode_fit_file(write_workout_file(spec));
  CHECK(file.of(mesg::workout)[0]->text(8) == "ab");
}

TEST_CASE("fit workout writer: no steps, too many, or a repeat that does not point back are refused") {
  WorkoutFileSpec spec = intervals();
  spec.steps.clear();
  CHECK_THROWS_AS(write_workout_file(spec), Error);
  spec = intervals();
  spec.steps[3].duration_value = 3;  // itself
  CHECK_THROWS_AS(write_workout_file(spec), Error);
  spec.steps[3].duration_value = std::nullopt;
  CHECK_THROWS_AS(write_workout_file(spec), Error);
  spec = intervals();
  spec.steps.assign(kMaxSteps + 1, spec.steps[0]);
  CHECK_THROWS_AS(write_workout_file(spec), Error);
  spec.steps.resize(kMaxSteps);
  CHECK(decode_fit_file(write_workout_file(spec)).of(mesg::workout_step).size() == kMaxSteps);
}

TEST_CASE("fit workout writer: FIT time is seconds since 1989-12-31") {
  CHECK(fit_time(631065600000LL) == 0);
  CHECK(fit_time(0) == 0);
  CHECK(fit_time(1767225600000LL) == 1767225600u - 631065600u);  // 2026-01-01T00:00Z
}

// The FIT reader over files built here: both byte orders, compressed time stamps, developer
// fields, chained files, invalid values, odd field sizes, timer breaks, and every refusal
// (with the byte offset it names).
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/fit_reader.hpp"
#include "unit/formats/fit_test_support.hpp"

using namespace fitkit;
using namespace fitkit::formats;
using fitkit::test::FitField;
using fitkit::test::FitWriter;
using fitkit::test::RecordingSink;
namespace b = fitkit::test::fit_base;

namespace {

constexpr std::uint32_t kT = 1000000030;  // FIT seconds; the low five bits are 30
constexpr std::int64_t ms(std::uint32_t fit_seconds) { return (std::int64_t{fit_seconds} + 631065600) * 1000; }
std::uint64_t s32(std::int32_t v) { return static_cast<std::uint32_t>(v); }
std::uint64_t semicircles(double degrees) { return s32(static_cast<std::int32_t>(degrees * 2147483648.0 / 180.0)); }

RecordingSink read(const std::string& bytes) {
  MemorySource in(bytes);
  RecordingSink sink;
  read_fit(in, sink);
  return sink;
}

// The message of the refusal of `bytes`, which must be Error(invalid_argument, "file").
std::string refusal(const std::string& bytes) {
  MemorySource in(bytes);
  RecordingSink sink;
  try {
    read_fit(in, sink);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "file");
    return e.what();
  }
  FAIL("the file was read without an error");
  return {};
}

// Replaces the file CRC after an edit of the bytes before it.
std::string with_new_crc(std::string file) {
  file.resize(file.size() - 2);
  const std::uint16_t crc = test::fit_sdk_crc(file);
  file += static_cast<char>(crc & 0xFF);
  file += static_cast<char>(crc >> 8);
  return file;
}

// A small activity: file_id, two device_info, timer events, two records, a lap, a session and
// an activity message, each with most of the fields the reader maps.
std::string activity_file(bool big_endian) {
  FitWriter w(big_endian);
  w.define(0, 0, {{0, 1, b::enum_}, {1, 2, b::uint16}, {2, 2, b::uint16}, {3, 4, b::uint32z}, {4, 4, b::uint32}})
      .data(0, {4, 1, 1036, 558069241, kT});
  w.define(1, 23, {{253, 4, b::uint32}, {0, 1, b::uint8}, {2, 2, b::uint16}, {3, 4, b::uint32z}, {4, 2, b::uint16}})
      .data(1, {kT, 0, 32, 1234, 15})
      .data(1, {kT, 1, 1, 99, 7});  // a sensor: not the creator
  w.define(2, 21, {{253, 4, b::uint32}, {0, 1, b::enum_}, {1, 1, b::enum_}, {3, 4, b::uint32}}).data(2, {kT, 0, 0, 0});
  w.define(3, 20,
           {{253, 4, b::uint32}, {0, 4, b::sint32}, {1, 4, b::sint32}, {2, 2, b::uint16}, {3, 1, b::uint8},
            {4, 1, b::uint8}, {5, 4, b::uint32}, {6, 2, b::uint16}, {7, 2, b::uint16}, {13, 1, b::sint8},
            {53, 1, b::uint8}, {73, 4, b::uint32}, {78, 4, b::uint32}})
      .data(3, {kT, semicircles(45.5), semicircles(-122.25), 3000, 150, 85, 12345, 3000, 250, 0xFB, 64, 3100,
                3005});
  w.define(4, 20, {{253, 4, b::uint32}, {2, 2, b::uint16}, {6, 2, b::uint16}}).data(4, {kT + 1, 2600, 2500});
  w.data(2, {kT + 2, 0, 4, 0});
  w.define(5, 19,
           {{253, 4, b::uint32}, {2, 4, b::uint32}, {7, 4, b::uint32}, {8, 4, b::uint32}, {9, 4, b::uint32},
            {11, 2, b::uint16}, {13, 2, b::uint16}, {14, 2, b::uint16}, {15, 1, b::uint8}, {16, 1, b::uint8},
            {17, 1, b::uint8}, {19, 2, b::uint16}, {20, 2, b::uint16}, {21, 2, b::uint16}, {22, 2, b::uint16},
            {25, 1, b::enum_}, {39, 1, b::enum_}, {110, 4, b::uint32}})
      .data(5, {kT + 2, kT, 2500, 2000, 12345, 33, 2900, 3500, 140, 170, 84, 240, 600, 12, 8, 1, 3, 2950});
  w.define(6, 18,
           {{253, 4, b::uint32}, {2, 4, b::uint32}, {5, 1, b::enum_}, {6, 1, b::enum_}, {7, 4, b::uint32},
            {8, 4, b::uint32}, {9, 4, b::uint32}, {11, 2, b::uint16}, {14, 2, b::uint16}, {15, 2, b::uint16},
            {16, 1, b::uint8}, {17, 1, b::uint8}, {18, 1, b::uint8}, {20, 2, b::uint16}, {21, 2, b::uint16},
            {22, 2, b::uint16}, {23, 2, b::uint16}, {124, 4, b::uint32}, {125, 4, b::uint32}})
      .data(6, {kT + 2, kT, 2, 7, 2500, 2000, 12345, 33, 2900, 3500, 140, 170, 84, 240, 600, 12, 8, 0xFFFFFFFF, 3600});
  w.define(7, 34, {{253, 4, b::uint32}, {1, 2, b::uint16}}).data(7, {kT + 2, 1});
  return w.file();
}

void check_activity(const RecordingSink& s) {
  CHECK(s.log == std::vector<std::string>{"device", "device", "event timer start", "track", "point", "point",
                                          "event timer stop_all", "lap", "session"});
  REQUIRE(s.devices.size() == 2);
  CHECK(s.devices[0].manufacturer == "garmin");
  CHECK(s.devices[0].product == "1036");
  CHECK(s.devices[0].serial_number == 558069241u);
  CHECK(s.devices[1].manufacturer == "wahoo_fitness");
  CHECK(s.devices[1].product == "15");
  CHECK(s.devices[1].serial_number == 1234u);

  REQUIRE(s.events.size() == 2);
  CHECK(s.events[0].time_ms == ms(kT));
  CHECK(s.events[1].time_ms == ms(kT + 2));

  REQUIRE(s.points.size() == 2);
  const TrackPoint& p = s.points[0];
  CHECK(p.time_ms == ms(kT));
  CHECK(*p.latitude == doctest::Approx(45.5).epsilon(1e-9));
  CHECK(*p.longitude == doctest::Approx(-122.25).epsilon(1e-9));
  CHECK(*p.elevation_m == doctest::Approx(101));  // enhanced_altitude wins over altitude
  CHECK(p.heart_rate_bpm == 150);
  CHECK(*p.cadence_rpm == doctest::Approx(85.5));  // with fractional_cadence
  CHECK(*p.distance_m == doctest::Approx(123.45));
  CHECK(*p.speed_mps == doctest::Approx(3.1));  // enhanced_speed wins over speed
  CHECK(p.power_w == 250);
  CHECK(p.temperature_c == -5);
  const TrackPoint& q = s.points[1];
  CHECK(q.time_ms == ms(kT + 1));
  CHECK(*q.elevation_m == doctest::Approx(20));
  CHECK(*q.speed_mps == doctest::Approx(2.5));
  CHECK_FALSE(q.latitude);
  CHECK_FALSE(q.heart_rate_bpm);

  REQUIRE(s.laps.size() == 1);
  REQUIRE(s.sessions.size() == 1);
  for (const Summary* sum : {&s.laps[0], &s.sessions[0]}) {
    CHECK(sum->start_ms == ms(kT));
    CHECK(*sum->elapsed_s == doctest::Approx(2.5));
    CHECK(*sum->moving_s == doctest::Approx(2.0));
    CHECK(*sum->distance_m == doctest::Approx(123.45));
    CHECK(sum->calories_kcal == 33);
    CHECK(sum->avg_heart_rate_bpm == 140);
    CHECK(sum->max_heart_rate_bpm == 170);
    CHECK(sum->avg_cadence_rpm == 84);
    CHECK(sum->avg_power_w == 240);
    CHECK(sum->max_power_w == 600);
    CHECK(sum->ascent_m == 12);
    CHECK(sum->descent_m == 8);
  }
  CHECK(*s.laps[0].avg_speed_mps == doctest::Approx(2.95));  // enhanced
  CHECK(*s.laps[0].max_speed_mps == doctest::Approx(3.5));
  CHECK(s.laps[0].sport == "running");
  CHECK(s.laps[0].sub_sport == "trail");
  CHECK(*s.sessions[0].avg_speed_mps == doctest::Approx(2.9));  // the enhanced one is invalid
  CHECK(*s.sessions[0].max_speed_mps == doctest::Approx(3.6));
  CHECK(s.sessions[0].sport == "cycling");
  CHECK(s.sessions[0].sub_sport == "road");
}

}  // namespace

TEST_CASE("fit reader: an activity in little-endian definitions") { check_activity(read(activity_file(false))); }

TEST_CASE("fit reader: an activity in big-endian definitions reads the same") {
  const std::string big = activity_file(true);
  CHECK(big != activity_file(false));
  check_activity(read(big));
}

TEST_CASE("fit reader: a 12-byte header without a CRC, and a 14-byte one whose CRC is 0") {
  FitWriter w;
  w.define(0, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}}).data(0, {kT, 120});
  CHECK(read(w.file(12)).points.size() == 1);
  std::string zero_crc = w.file(14);
  zero_crc[12] = zero_crc[13] = '\0';
  CHECK(read(with_new_crc(zero_crc)).points.size() == 1);
}

TEST_CASE("fit reader: compressed time stamps roll over the last full time stamp") {
  FitWriter w;
  w.define(0, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}}).define(1, 20, {{3, 1, b::uint8}});
  w.data(0, {kT, 100}).compressed(1, 31, {101}).compressed(1, 2, {102}).compressed(1, 4, {103});  // 30, 31, 2, 4
  w.data(0, {kT + 100, 104}).compressed(1, (kT + 101) & 0x1F, {105});
  const auto s = read(w.file());
  REQUIRE(s.points.size() == 6);
  CHECK(s.points[0].time_ms == ms(kT));
  CHECK(s.points[1].time_ms == ms(kT + 1));  // 30 -> 31
  CHECK(s.points[2].time_ms == ms(kT + 4));  // 31 -> 2 of the next 32 seconds
  CHECK(s.points[3].time_ms == ms(kT + 6));
  CHECK(s.points[4].time_ms == ms(kT + 100));
  CHECK(s.points[5].time_ms == ms(kT + 101));
  CHECK(s.points[3].heart_rate_bpm == 103);
}

TEST_CASE("fit reader: developer fields are read past") {
  FitWriter w;
  w.define(0, 207, {{1, 16, b::byte}, {3, 1, b::uint8}}).data(0, {0, 0});  // developer_data_id
  w.define(1, 206, {{0, 1, b::uint8}, {1, 1, b::uint8}, {2, 1, b::uint8}, {3, 8, b::string}})
      .data(1, {0, 0, 0x84, 0x6572707365726f66});  // field_description
  w.define(2, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}}, {{0, 5, 0}, {1, 2, 0}})
      .data(2, {kT, 150, 0xFFFFFFFFFF, 0x4242})
      .data(2, {kT + 1, 151, 0x0102030405, 0xFFFF});
  w.define(3, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}}).data(3, {kT + 2, 152});
  const auto s = read(w.file());
  REQUIRE(s.points.size() == 3);
  CHECK(s.points[0].heart_rate_bpm == 150);
  CHECK(s.points[1].heart_rate_bpm == 151);
  CHECK(s.points[1].time_ms == ms(kT + 1));
  CHECK(s.points[2].heart_rate_bpm == 152);
}

TEST_CASE("fit reader: chained files read one after the other") {
  FitWriter first;
  first.define(0, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}}).data(0, {kT, 120});
  FitWriter second(true);
  second.define(0, 20, {{253, 4, b::uint32}, {7, 2, b::uint16}}).data(0, {kT + 5, 300});
  const std::string chain = first.file() + second.file(12);
  const auto s = read(chain);
  CHECK(s.log == std::vector<std::string>{"track", "point", "point"});
  REQUIRE(s.points.size() == 2);
  CHECK(s.points[0].heart_rate_bpm == 120);
  CHECK(s.points[1].power_w == 300);
  CHECK(s.points[1].time_ms == ms(kT + 5));

  // Definitions belong to their file: the next one starts without any.
  FitWriter orphan;
  orphan.raw(std::string("\x00", 1) + std::string(5, '\x01'));
  const std::string first_file = first.file();
  CHECK(refusal(first_file + orphan.file()) ==
        "FIT: data message of local type 0 before its definition at byte " + std::to_string(first_file.size() + 14));
}

TEST_CASE("fit reader: invalid values become empty fields") {
  FitWriter w;
  w.define(0, 0, {{1, 2, b::uint16}, {2, 2, b::uint16}, {3, 4, b::uint32z}}).data(0, {0xFFFF, 1036, 0});
  w.define(1, 20,
           {{253, 4, b::uint32}, {0, 4, b::sint32}, {1, 4, b::sint32}, {2, 2, b::uint16}, {3, 1, b::uint8},
            {4, 1, b::uint8}, {5, 4, b::uint32}, {6, 2, b::uint16}, {7, 2, b::uint16}, {13, 1, b::sint8},
            {73, 4, b::uint32}, {78, 4, b::uint32}, {8, 3, b::byte}})
      .data(1, {kT, 0x7FFFFFFF, 0x7FFFFFFF, 0xFFFF, 0xFF, 0xFF, 0xFFFFFFFF, 0xFFFF, 0xFFFF, 0x7F, 0xFFFFFFFF,
                0xFFFFFFFF, 0xFFFFFF});
  w.define(2, 18, {{253, 4, b::uint32}, {5, 1, b::enum_}, {7, 4, b::uint32}, {16, 1, b::uint8}})
      .data(2, {0xFFFFFFFF, 0xFF, 0xFFFFFFFF, 0xFF});
  w.define(3, 21, {{0, 1, b::enum_}, {1, 1, b::enum_}}).data(3, {0xFF, 0}).data(3, {200, 0xFF});
  const auto s = read(w.file());
  REQUIRE(s.devices.size() == 1);
  CHECK(s.devices[0].manufacturer.empty());
  CHECK(s.devices[0].product == "1036");
  CHECK_FALSE(s.devices[0].serial_number);
  REQUIRE(s.points.size() == 1);
  const TrackPoint& p = s.points[0];
  CHECK(p.time_ms == ms(kT));
  CHECK_FALSE(p.latitude);
  CHECK_FALSE(p.longitude);
  CHECK_FALSE(p.elevation_m);
  CHECK_FALSE(p.heart_rate_bpm);
  CHECK_FALSE(p.cadence_rpm);
  CHECK_FALSE(p.distance_m);
  CHECK_FALSE(p.speed_mps);
  CHECK_FALSE(p.power_w);
  CHECK_FALSE(p.temperature_c);
  REQUIRE(s.sessions.size() == 1);
  CHECK_FALSE(s.sessions[0].start_ms);
  CHECK_FALSE(s.sessions[0].elapsed_s);
  CHECK_FALSE(s.sessions[0].avg_heart_rate_bpm);
  CHECK(s.sessions[0].sport.empty());
  // An event without its event field is dropped; a number the profile does not name is kept as text.
  REQUIRE(s.events.size() == 1);
  CHECK(s.events[0].event == "200");
  CHECK(s.events[0].type.empty());
}

TEST_CASE("fit reader: fields are decoded by their declared type, odd sizes are skipped") {
  FitWriter w;
  // heart_rate as uint16, power as float32, speed and power with sizes that fit no base type,
  // temperature as an array, a base type that does not exist: only the fields after them move.
  w.define(0, 20,
           {{253, 4, b::uint32}, {3, 2, b::uint16}, {7, 4, b::float32}, {5, 1, b::uint32}, {6, 3, b::uint16},
            {13, 2, b::sint8}, {78, 4, 0x1F}, {4, 1, b::uint8}})
      .data(0, {kT, 160, 0x43770000 /* 247.0f */, 7, 0x010203, 0x0505, 0x01020304, 90});
  w.data(0, {kT + 1, 161, 0x7FC00000 /* NaN */, 7, 0, 0, 0, 91});
  const auto s = read(w.file());
  REQUIRE(s.points.size() == 2);
  CHECK(s.points[0].heart_rate_bpm == 160);
  CHECK(s.points[0].power_w == 247);
  CHECK_FALSE(s.points[0].distance_m);
  CHECK_FALSE(s.points[0].speed_mps);
  CHECK_FALSE(s.points[0].temperature_c);
  CHECK_FALSE(s.points[0].elevation_m);
  CHECK(s.points[0].cadence_rpm == 90);
  CHECK_FALSE(s.points[1].power_w);
  CHECK(s.points[1].cadence_rpm == 91);
}

TEST_CASE("fit reader: compressed speed and distance accumulate as the SDK does") {
  FitWriter w;
  w.define(0, 20, {{253, 4, b::uint32}, {8, 3, b::byte}});
  // speed 12 bits in 1/100 m/s, then a distance of 12 bits in 1/16 m that rolls over at 4096.
  const auto packed = [](std::uint32_t speed, std::uint32_t distance16) { return speed | (distance16 << 12); };
  w.data(0, {kT, packed(350, 4000)}).data(0, {kT + 1, packed(360, 100)}).data(0, {kT + 2, packed(370, 200)});
  const auto s = read(w.file());
  REQUIRE(s.points.size() == 3);
  CHECK(*s.points[0].speed_mps == doctest::Approx(3.5));
  CHECK(*s.points[0].distance_m == doctest::Approx(4000 / 16.0));
  CHECK(*s.points[1].distance_m == doctest::Approx((4096 + 100) / 16.0));
  CHECK(*s.points[2].distance_m == doctest::Approx((4096 + 200) / 16.0));
  CHECK(*s.points[2].speed_mps == doctest::Approx(3.7));
}

TEST_CASE("fit reader: a timer stop then a start begins a new segment") {
  FitWriter w;
  w.define(0, 21, {{253, 4, b::uint32}, {0, 1, b::enum_}, {1, 1, b::enum_}});
  w.define(1, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}});
  w.data(0, {kT, 0, 0}).data(1, {kT, 100});
  w.data(0, {kT + 1, 0, 4}).data(0, {kT + 2, 9, 3}).data(0, {kT + 3, 0, 0});
  w.data(1, {kT + 3, 101}).data(1, {kT + 4, 102});
  w.data(0, {kT + 5, 0, 1}).data(0, {kT + 6, 0, 0});
  const auto s = read(w.file());
  CHECK(s.log == std::vector<std::string>{"event timer start", "track", "point", "event timer stop_all",
                                          "event lap marker", "event timer start", "segment", "point", "point",
                                          "event timer stop", "event timer start"});
}

TEST_CASE("fit reader: streaming through a source that gives one byte at a time, and a long file") {
  struct Trickle final : ByteSource {
    explicit Trickle(std::string_view bytes) : bytes_(bytes) {}
    std::size_t read(char* out, std::size_t size) override {
      if (size == 0 || pos_ == bytes_.size()) return 0;
      *out = bytes_[pos_++];
      return 1;
    }
    std::string_view bytes_;
    std::size_t pos_ = 0;
  };
  const std::string file = activity_file(false);
  Trickle in(file);
  RecordingSink sink;
  read_fit(in, sink);
  check_activity(sink);

  // Far more than the reader's buffer: it refills, keeping the CRC and message boundaries.
  FitWriter w;
  w.define(0, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}, {5, 4, b::uint32}}).define(1, 20, {{3, 1, b::uint8}});
  for (std::uint32_t i = 0; i < 100000; ++i) {
    if (i % 10 == 0)
      w.data(0, {kT + i, i % 200, i * 100});
    else
      w.compressed(1, static_cast<int>((kT + i) & 0x1F), {i % 200});
  }
  const auto s = read(w.file());
  REQUIRE(s.points.size() == 100000);
  CHECK(s.points.back().time_ms == ms(kT + 99999));
  CHECK(s.points.back().heart_rate_bpm == 99999 % 200);
  CHECK(*s.points[99990].distance_m == doctest::Approx(99990.0));
}

TEST_CASE("fit reader: damaged files are refused with what and where") {
  FitWriter w;
  w.define(0, 20, {{253, 4, b::uint32}, {3, 1, b::uint8}});
  const std::size_t record_at = 14 + w.data_size();
  w.data(0, {kT, 100});
  const std::string good = w.file();
  REQUIRE(read(good).points.size() == 1);

  CHECK(refusal("") == "FIT: the input is empty");
  CHECK(refusal(good.substr(0, 9)) == "FIT: the file ends inside the file header at byte 0");
  CHECK(refusal(good.substr(0, 13)) == "FIT: the file ends inside the file header at byte 0");
  CHECK(refusal(good.substr(0, record_at + 3)) ==
        "FIT: the file ends inside the data message at byte " + std::to_string(record_at) + " (truncated)");
  CHECK(refusal(good.substr(0, 20)) == "FIT: the file ends inside the definition message at byte 14 (truncated)");
  CHECK(refusal(good.substr(0, good.size() - 1)) ==
        "FIT: the file ends before its CRC at byte " + std::to_string(good.size() - 2) + " (truncated)");

  std::string bad = good;
  bad[9] = 'X';
  CHECK(refusal(bad) == "FIT: no \".FIT\" signature in the file header at byte 0");
  bad = good;
  bad[0] = 13;
  CHECK(refusal(bad) == "FIT: bad file header size 13 at byte 0");
  bad = good;
  bad[12] ^= 0x01;
  CHECK(refusal(bad).starts_with("FIT: file header CRC mismatch at byte 0 (computed 0x"));
  bad = good;
  bad.back() ^= 0x01;
  CHECK(refusal(bad).starts_with("FIT: file CRC mismatch at byte " + std::to_string(good.size() - 2)));
  bad = good;
  bad[record_at + 5] ^= 0x01;  // the data, not the CRC
  CHECK(refusal(bad).starts_with("FIT: file CRC mismatch at byte "));

  // A data size that ends inside the definition (a 12-byte header, so no header CRC to redo).
  std::string short_data = w.file(12);
  short_data[4] = 4;
  short_data[5] = short_data[6] = short_data[7] = 0;
  CHECK(refusal(short_data) == "FIT: the definition message at byte 12 runs past the end of the data at byte 16");

  // A definition whose fields are larger than what is left of the data.
  FitWriter too_big;
  too_big.define(0, 20, {{3, 200, b::byte}}).raw(std::string(11, '\0'));
  CHECK(refusal(too_big.file()) == "FIT: the data message at byte 23 runs past the end of the data at byte 34");

  FitWriter undefined;
  undefined.raw(std::string("\x03\x01\x02", 3));
  CHECK(refusal(undefined.file()) == "FIT: data message of local type 3 before its definition at byte 14");
  FitWriter compressed_undefined;
  compressed_undefined.define(0, 20, {{3, 1, b::uint8}}).raw("\xE5");  // compressed header, local type 3
  CHECK(refusal(compressed_undefined.file()) == "FIT: data message of local type 3 before its definition at byte 23");

  // A chained file after a good one: the offsets are those of the whole input.
  const std::string n = std::to_string(good.size());
  CHECK(refusal(good + "0123456789ab") == "FIT: no \".FIT\" signature in the file header at byte " + n);
  CHECK(refusal(good + good.substr(0, 5)) == "FIT: the file ends inside the file header at byte " + n);
  CHECK(refusal(good + good.substr(0, good.size() - 3)).starts_with("FIT: the file ends inside the data message"));
}

TEST_CASE("fit reader: the writer's CRC is the SDK's (CRC-16/ARC)") {
  CHECK(test::fit_sdk_crc("123456789") == 0xBB3D);
}

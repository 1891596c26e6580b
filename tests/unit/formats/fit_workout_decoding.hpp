// For the tests of the FIT workout writer and of templates.export: a decoder that walks a FIT
// file message by message, checks its header, both CRCs (with the SDK's nibble-wise CRC, not
// the writer's table) and its declared size, and reads each field with the reader's own field
// layer (formats/fit_fields.hpp). Also the FIT profile's numbers and base types of the fields
// a workout file uses, from Garmin's Profile.xlsx, for golden checks.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/fit_fields.hpp"
#include "unit/formats/fit_test_support.hpp"

namespace fitkit::test {

struct FitFieldDef {
  std::uint8_t number = 0, size = 0, base = 0;
};

struct FitMessage {
  std::uint16_t global = 0;
  std::vector<FitFieldDef> fields;
  std::string content;  // the data message's bytes after its header byte

  const FitFieldDef* field(std::uint8_t number) const {
    for (const auto& f : fields)
      if (f.number == number) return &f;
    return nullptr;
  }
  formats::fit::FieldRef ref(std::uint8_t number) const {
    std::uint32_t offset = 0;
    for (const auto& f : fields) {
      if (f.number == number) return {offset, f.size, f.base, true};
      offset += f.size;
    }
    return {};
  }
  // An integer field, empty when absent or the profile's invalid value.
  std::optional<std::int64_t> integer(std::uint8_t number) const {
    const auto* data = reinterpret_cast<const unsigned char*>(content.data());
    return formats::fit::FieldReader(data, false).integer(ref(number));
  }
  // A string field up to its first NUL; empty when absent.
  std::string text(std::uint8_t number) const {
    const auto r = ref(number);
    if (!r.present) return {};
    std::string s = content.substr(r.offset, r.size);
    return s.substr(0, s.find('\0'));
  }
};

struct FitFile {
  std::uint8_t header_size = 0, protocol = 0;
  std::uint16_t profile = 0;
  std::vector<FitMessage> messages;

  std::vector<const FitMessage*> of(std::uint16_t global) const {
    std::vector<const FitMessage*> out;
    for (const auto& m : messages)
      if (m.global == global) out.push_back(&m);
    return out;
  }
};

inline std::uint16_t fit_le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}

// Decodes a whole file, failing the test (REQUIRE) at the first thing that is not as FIT says.
inline FitFile decode_fit_file(std::string_view bytes) {
  FitFile out;
  REQUIRE(bytes.size() >= 16);
  out.header_size = static_cast<std::uint8_t>(bytes[0]);
  REQUIRE(out.header_size == 14);
  out.protocol = static_cast<std::uint8_t>(bytes[1]);
  out.profile = fit_le16(bytes, 2);
  const std::uint32_t data_size = fit_le16(bytes, 4) | (std::uint32_t{fit_le16(bytes, 6)} << 16);
  REQUIRE(bytes.substr(8, 4) == ".FIT");
  CHECK(fit_le16(bytes, 12) == fit_sdk_crc(bytes.substr(0, 12)));
  REQUIRE(bytes.size() == out.header_size + data_size + 2);
  CHECK(fit_le16(bytes, bytes.size() - 2) == fit_sdk_crc(bytes.substr(0, bytes.size() - 2)));
  // The CRC of a whole file, its own CRC included, is 0.
  CHECK(fit_sdk_crc(bytes) == 0);

  std::map<int, std::pair<std::uint16_t, std::vector<FitFieldDef>>> defs;
  std::size_t pos = out.header_size;
  const std::size_t end = out.header_size + data_size;
  while (pos < end) {
    const auto header = static_cast<std::uint8_t>(bytes[pos++]);
    REQUIRE_MESSAGE((header & 0x80) == 0, "no compressed time stamps in a workout file");
    const int local = header & 0x0F;
    if (header & 0x40) {
      REQUIRE_MESSAGE((header & 0x20) == 0, "no developer fields in a workout file");
      REQUIRE(pos + 5 <= end);
      CHECK(bytes[pos] == 0);      // reserved
      REQUIRE(bytes[pos + 1] == 0);  // little-endian
      const std::uint16_t global = fit_le16(bytes, pos + 2);
      const std::size_t n = static_cast<unsigned char>(bytes[pos + 4]);
      pos += 5;
      REQUIRE(pos + 3 * n <= end);
      std::vector<FitFieldDef> fields;
      for (std::size_t i = 0; i < n; ++i, pos += 3)
        fields.push_back({static_cast<std::uint8_t>(bytes[pos]), static_cast<std::uint8_t>(bytes[pos + 1]),
                          static_cast<std::uint8_t>(bytes[pos + 2])});
      defs[local] = {global, std::move(fields)};
    } else {
      REQUIRE_MESSAGE(defs.count(local), "a data message before its definition");
      FitMessage m;
      m.global = defs[local].first;
      m.fields = defs[local].second;
      std::size_t size = 0;
      for (const auto& f : m.fields) size += f.size;
      REQUIRE(pos + size <= end);
      m.content = std::string(bytes.substr(pos, size));
      pos += size;
      out.messages.push_back(std::move(m));
    }
  }
  REQUIRE(pos == end);
  return out;
}

// The profile's fields of file_id (0), workout (26) and workout_step (27) that a workout file
// uses: field number -> base type byte.
inline const std::map<std::uint16_t, std::map<std::uint8_t, std::uint8_t>>& fit_profile_fields() {
  static const std::map<std::uint16_t, std::map<std::uint8_t, std::uint8_t>> fields{
      {0, {{0, 0x00}, {1, 0x84}, {2, 0x84}, {3, 0x8C}, {4, 0x86}}},  // type, manufacturer, product, serial, time_created
      {26, {{4, 0x00}, {6, 0x84}, {8, 0x07}, {11, 0x00}}},            // sport, num_valid_steps, wkt_name, sub_sport
      {27,
       {{254, 0x84},  // message_index
        {0, 0x07},    // wkt_step_name
        {1, 0x00},    // duration_type
        {2, 0x86},    // duration_value
        {3, 0x00},    // target_type
        {4, 0x86},    // target_value
        {5, 0x86},    // custom_target_value_low
        {6, 0x86},    // custom_target_value_high
        {7, 0x00},    // intensity
        {8, 0x07},    // notes
        {12, 0x84},   // exercise_weight (kg x 100)
        {13, 0x00}}},  // weight_display_unit
  };
  return fields;
}

// Every field of every message is in the profile with its base type, and its size fits the type.
inline void check_against_profile(const FitFile& file) {
  for (const auto& m : file.messages) {
    CAPTURE(m.global);
    const auto message = fit_profile_fields().find(m.global);
    REQUIRE(message != fit_profile_fields().end());
    for (const auto& f : m.fields) {
      CAPTURE(int(f.number));
      const auto field = message->second.find(f.number);
      REQUIRE(field != message->second.end());
      CHECK(int(f.base) == int(field->second));
      const int unit = (f.base & 0x1F) == 0x04 ? 2 : (f.base & 0x1F) == 0x06 || (f.base & 0x1F) == 0x0C ? 4 : 1;
      CHECK(f.size % unit == 0);
      CHECK(f.size > 0);
    }
  }
}

}  // namespace fitkit::test

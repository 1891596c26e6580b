// The part of Garmin's FIT profile that the reader maps: message and field numbers, and the
// names of the enums it reports (sport, sub_sport, manufacturer, event, event_type), spelt as
// the profile spells them, in lower case.
#pragma once

#include <cstdint>
#include <string_view>

namespace fitkit::formats::fit {

// Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.
inline constexpr std::int64_t kEpochOffsetSeconds = 631065600;

// Global message numbers.
namespace mesg {
inline constexpr std::uint16_t file_id = 0;
inline constexpr std::uint16_t session = 18;
inline constexpr std::uint16_t lap = 19;
inline constexpr std::uint16_t record = 20;
inline constexpr std::uint16_t event = 21;
inline constexpr std::uint16_t device_info = 23;
inline constexpr std::uint16_t activity = 34;
}  // namespace mesg

// The field number every message uses for its time stamp.
inline constexpr std::uint8_t kTimestampField = 253;

// Names from the profile, or empty when the number is not in it.
std::string_view sport_name(std::uint32_t value) noexcept;
std::string_view sub_sport_name(std::uint32_t value) noexcept;
std::string_view manufacturer_name(std::uint32_t value) noexcept;
std::string_view event_name(std::uint32_t value) noexcept;
std::string_view event_type_name(std::uint32_t value) noexcept;

}  // namespace fitkit::formats::fit

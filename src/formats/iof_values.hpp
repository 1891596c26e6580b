// The text values of IOF XML 3.0 as the reader takes them from a document being read: each
// function trims the XML white space, and refuses the document (refuse_xml) for a value
// that is there but not what the schema allows, naming `what`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit::formats::iof {

// An xsd:double of seconds that is finite and not negative (Time, TimeBehind, a split's Time).
std::optional<double> read_seconds_field(std::string_view what, std::string_view text);
// An xsd:integer from `min` up to INT_MAX (Position, Leg, raceNumber).
std::optional<int> read_integer_field(std::string_view what, std::string_view text, int min);
// An xsd:date ("2011-07-30", optionally followed by "Z" or an offset): the YYYY-MM-DD part.
std::optional<std::string> read_date_field(std::string_view what, std::string_view text);
// An xsd:dateTime ("2011-07-30T10:00:00+01:00", fractions of a second cut to the millisecond;
// no offset: UTC) as UTC epoch milliseconds.
std::optional<std::int64_t> read_date_time_field(std::string_view what, std::string_view text);
// An xsd:date (checked already) and an xsd:time ("10:00:00+01:00"), the same way.
std::int64_t read_date_and_time(std::string_view date, std::string_view time);

// The times IOF files can hold: the years 0001 to 9999, UTC (xsd:dateTime, four-digit years).
inline constexpr std::int64_t kMinTimeMs = -62135596800000;
inline constexpr std::int64_t kMaxTimeMs = 253402300799999;

// Whether `text` is a date as YYYY-MM-DD that exists.
bool is_iso_date(std::string_view text) noexcept;

}  // namespace fitkit::formats::iof

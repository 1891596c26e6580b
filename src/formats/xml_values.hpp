// The text values of the XML activity formats (GPX, TCX): decimal numbers and ISO 8601 times.
// The parsers allocate nothing, since they run once per field of every point.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fitkit::formats {

// `text` without the XML white space (space, tab, CR, LF) around it.
std::string_view trim_xml_space(std::string_view text) noexcept;

// A finite number written as xsd:decimal or xsd:double allow ("12", "-0.5", ".5", "+3",
// "1e-5"), with no white space around it; empty for anything else, including NaN and INF.
std::optional<double> parse_xml_number(std::string_view text) noexcept;

// An xsd:dateTime as GPX and TCX write it, with no white space around it:
// "YYYY-MM-DDThh:mm:ss", optional fractions of a second (cut to the millisecond), then "Z",
// an offset ("+01:00", "-0530", "+01") or nothing, which is read as UTC. Returns UTC epoch
// milliseconds; empty for anything else, including an impossible date.
std::optional<std::int64_t> parse_xml_time(std::string_view text) noexcept;

// The same, as fields of a document being read: empty text (after trimming) is an absent
// field; text that is there but unreadable refuses the document (refuse_xml), naming `what`.
std::optional<double> read_number_field(std::string_view what, std::string_view text);
std::optional<std::int64_t> read_time_field(std::string_view what, std::string_view text);
// A latitude (limit 90) or longitude (limit 180): required, finite and within ±limit.
double read_coordinate_field(std::string_view what, std::string_view text, double limit);

}  // namespace fitkit::formats

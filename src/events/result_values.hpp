// The values of a result as people write them in a results file: times, distances, whole
// numbers, statuses and genders, read leniently and refused with a reason a results officer
// understands. docs/results.md, "Results CSV".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit::events {

// The longest time a result may have: 7 days.
inline constexpr std::int64_t kMaxResultTimeMs = 7LL * 24 * 3600 * 1000;

// Each reader gives the value, or leaves it empty and says what is wrong in `problem`, as a
// phrase about the text ("has minutes of 60 or more").

// "1:02:03", "1:02:03.45", "62:03", "62:03.4", "3723.5" (seconds) or ISO 8601 "PT1H2M3.5S",
// "P1DT2H" as milliseconds, from 0 to kMaxResultTimeMs; digits past the millisecond are cut.
std::optional<std::int64_t> read_time_ms(std::string_view text, std::string& problem);
// Metres, decimals allowed ("42195", "42.195", "1,5") as millimetres; digits past the
// millimetre are cut.
std::optional<std::int64_t> read_distance_mm(std::string_view metres, std::string& problem);
// A whole number from `least` on ("12"; a place may be written "3."), at most 999,999,999.
std::optional<std::int64_t> read_whole(std::string_view text, std::int64_t least, std::string& problem);

// The IOF result status (OK, DidNotFinish, …) that the text names: an IOF status in any case
// and spacing ("did not finish"), or DNS, DNF, DSQ, DQ, MP, OT, NC, SW, DNE; empty text is OK.
// Empty for anything else.
std::optional<std::string_view> result_status_of(std::string_view text) noexcept;
// female, male or other from F, W, M, X, D and the English words, in any case.
std::optional<std::string_view> gender_of(std::string_view text) noexcept;

// "H:MM:SS", or "H:MM:SS.t" when the tenths are not 0 (cut, not rounded: 1:02:03.99 is
// "1:02:03.9"); hours are not bounded (170:00:00). Negative times get a "-".
std::string format_time_ms(std::int64_t ms);

// A result's value as people read it, by the contest's result kind: a time as format_time_ms,
// a distance in metres without trailing zeros ("42195", "42195.5"), points and places as they
// are. Empty for no value.
std::string value_text(const std::optional<std::int64_t>& value, std::string_view result_kind);

// Text to quote in a message: valid UTF-8 (a broken byte becomes U+FFFD, a control character a
// space), at most `max_chars` characters, "…" marking a cut.
std::string shown(std::string_view text, std::size_t max_chars = 60);

}  // namespace fitkit::events

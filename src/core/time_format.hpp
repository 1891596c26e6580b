// Times in text: RFC 3339 UTC for APIs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit {

// "2026-01-02T03:04:05.678Z"
std::string format_utc(std::int64_t epoch_ms);
// "2026-01-02", the UTC date
std::string format_date(std::int64_t epoch_ms);
// An RFC 3339 date-time with its offset ("2026-01-02T03:04:05Z", "...05.5+03:00") as UTC epoch
// ms; empty for anything else (a date alone, no offset, a field out of range).
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace fitkit

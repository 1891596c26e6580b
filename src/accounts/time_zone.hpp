// Validation of IANA time zone names and calendar dates (Howard Hinnant's date/tz,
// reading the system's /usr/share/zoneinfo).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fitkit::accounts {

// Whether `name` is a zone of the tz database ("Europe/Moscow", "UTC"). Names are case-sensitive.
bool is_valid_time_zone(std::string_view name);

// Whether the text is exactly YYYY-MM-DD and names a real day of years 0001 to 9999.
bool is_valid_date(std::string_view yyyy_mm_dd);

// YYYY-MM-DD of a day counted from 1970-01-01 (day 0).
std::string format_day(std::int64_t days_since_epoch);

// The calendar day (YYYY-MM-DD) of an instant in a time zone; the UTC day when the zone is
// unknown or there is no tz database.
std::string local_date(std::int64_t at_ms, std::string_view time_zone);
// The wall-clock time there, "YYYY-MM-DD HH:MM"; UTC for an unknown zone.
std::string local_time(std::int64_t at_ms, std::string_view time_zone);

}  // namespace fitkit::accounts

// Validation of IANA time zone names and calendar dates (Howard Hinnant's date/tz,
// reading the system's /usr/share/zoneinfo).
#pragma once

#include <string_view>

namespace fitkit::accounts {

// Whether `name` is a zone of the tz database ("Europe/Moscow", "UTC"). Names are case-sensitive.
bool is_valid_time_zone(std::string_view name);

// Whether the text is exactly YYYY-MM-DD and names a real day of years 0001 to 9999.
bool is_valid_date(std::string_view yyyy_mm_dd);

}  // namespace fitkit::accounts

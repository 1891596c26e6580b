// A user's own calendar: the time zone of their profile, and the day it is there. Dates that a
// user types ("measured on", "bought on") are checked against this day, not against UTC's.
#pragma once

#include <cstdint>
#include <string>

#include "fitkit/storage.hpp"

namespace fitkit::accounts {

// The profile's time zone, "UTC" when the user has none.
std::string user_time_zone(storage::Connection& c, std::int64_t user_id);

// Today as YYYY-MM-DD in the user's time zone, so that a morning weigh-in in Tokyo is not
// "in the future".
std::string user_today(storage::Connection& c, std::int64_t user_id, std::int64_t now_ms);

}  // namespace fitkit::accounts

// Race records: a user's fastest official race per sport and distance, and which lines of a
// leaderboard are their athletes' personal bests. One rule says which results count.
#pragma once

#include <vector>

#include "fitkit/events.hpp"
#include "fitkit/results.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

// Marks the standings whose result is their athlete's personal best at the contest's sport and
// distance: no faster counted result of theirs, this event's own results counted while
// provisional. Lines without an account, or of a contest that is no timed distance, stay unmarked.
void mark_personal_bests(storage::Connection& c, const Event& event, const Contest& contest,
                         std::vector<Standing>& standings);

// The user's fastest counted result per sport and distance (whole metres), by sport then distance.
std::vector<RaceRecord> race_records_of(storage::Connection& c, std::int64_t user_id);

}  // namespace fitkit::events

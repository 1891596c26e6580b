// The awards of places, given when an event's results are published and taken back when they
// are withdrawn (docs/results.md, "Awards").
#pragma once

#include <cstdint>

#include "core/runtime.hpp"
#include "fitkit/events.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

// Gives each award of the event that has a place to the participants who hold that place, in
// each contest (of its category, if it has one), anew; tells the winners.
void give_place_awards(Runtime& rt, storage::Connection& c, const Event& event);
void take_back_place_awards(storage::Connection& c, std::int64_t event_id);

}  // namespace fitkit::events

// The rules of results that need no storage: when results are taken, whose, which contest a
// query means, and a value as people write it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "fitkit/events.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit::events {

// Results are taken once the event is under way (in_progress) and after (finished);
// failed_precondition otherwise.
void check_results_open(const Event& event);
// A result goes to a registration that holds a place and is not a mere offer; failed_precondition
// otherwise.
void check_takes_part(const EventRegistration& r);
// The contest a query names, or the event's only one; invalid_argument naming contest_id when
// the event has no such contest, or several and none was named.
const Contest& contest_of_query(const Event& event, std::optional<std::int64_t> contest_id);
// A value as people write it for a contest of `result_kind`: a time ("41:20.5"), a distance in
// metres ("42195"), points ("12") or a place ("3"). invalid_argument naming "value" with what
// is wrong.
std::int64_t result_value(std::string_view result_kind, std::string_view text);

}  // namespace fitkit::events

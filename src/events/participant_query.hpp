// The condition that finds an event's participants by status, contest and words or bib, as SQL
// over event_registrations with its values.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "fitkit/events.hpp"
#include "fitkit/participants.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

struct ParticipantCondition {
  std::string sql;  // "" when nothing is filtered
  std::vector<std::variant<std::int64_t, std::string>> values;

  // The values to bind; they borrow from this condition, so keep it alive for the query.
  std::vector<storage::Param> params() const;
};

// Checks the filter against the event (a status of registration_statuses(), a contest of the
// event; invalid_argument naming the field otherwise) and gives its condition.
ParticipantCondition participant_condition(const Event& event, const ParticipantFilter& filter);

}  // namespace fitkit::events

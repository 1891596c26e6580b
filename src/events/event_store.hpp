// Reading events and their contests, and the facts that the policy decides on.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "events/events_policy.hpp"
#include "fitkit/actor.hpp"
#include "fitkit/events.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

// The event with its contests, categories and organizer's name, as the actor may see it (the
// link token only to its managers), or nothing if there is no such event.
std::optional<Event> find_event(storage::Connection& c, const Actor& actor, std::int64_t event_id);

policy::EventFacts facts_of(storage::Connection& c, const Actor& actor, const Event& event,
                            std::string_view link_token = {});

// The event if the actor may see it, else not_found word for word as for one that does not exist.
Event visible_event(storage::Connection& c, const Actor& actor, std::int64_t event_id, std::string_view link_token = {});
// The event if the actor manages it: not_found when they may not see it, permission_denied
// when they see it but do not manage it.
Event managed_event(storage::Connection& c, const Actor& actor, std::int64_t event_id);

// The blob store key of the event's cover: "events/evt_…/cover".
std::string cover_key(std::int64_t event_id);

// Adds the starting category taxonomy to a database that has no category yet.
void ensure_starter_categories(storage::Connection& c, std::int64_t now_ms);

std::vector<Contest> contests_of(storage::Connection& c, std::int64_t event_id);
std::optional<Contest> find_contest(storage::Connection& c, std::int64_t contest_id);

}  // namespace fitkit::events

// A registration as the actor may reach it: its registrant and the event's managers see it,
// everyone else gets not_found, word for word as for one that does not exist.
#pragma once

#include <cstdint>

#include "fitkit/actor.hpp"
#include "fitkit/events.hpp"
#include "fitkit/registrations.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

struct ReachedRegistration {
  EventRegistration registration;  // contacts included: hide them with shown() before answering
  Event event;
  bool manager = false;       // the actor manages the event
  bool registrant = false;    // the actor is the registrant
};

// Seen by its registrant or the event's managers; not_found for anyone else.
ReachedRegistration seen_registration(storage::Connection& c, const Actor& actor, std::int64_t registration_id);
// The event's managers only: permission_denied for the registrant, not_found for others.
ReachedRegistration managed_registration(storage::Connection& c, const Actor& actor, std::int64_t registration_id);
// The registrant only: permission_denied for a manager, not_found for others.
ReachedRegistration own_registration(storage::Connection& c, const Actor& actor, std::int64_t registration_id);

// The registration as answered to someone who may (or may not) see its contacts, answers
// and documents.
EventRegistration shown(EventRegistration r, bool contacts_visible);

}  // namespace fitkit::events

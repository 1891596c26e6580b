// Who may do what with gear: one predicate per action, pure functions of the actor and the
// facts the service has loaded (the item's owner). Tested as permit/deny tables.
#pragma once

#include <cstdint>

#include "fitkit/actor.hpp"

namespace fitkit::gear::policy {

// Gear is personal: a signed-in user has their own; the system and anonymous callers none.
bool can_own_gear(const Actor& actor);
// The owner alone sees an item, its usage, photo, log and review; admins do not (it is not
// theirs to see, and nothing about gear needs moderation but reviews, which are anonymous).
bool can_view_item(const Actor& actor, std::int64_t owner_id);
bool can_change_item(const Actor& actor, std::int64_t owner_id);
// Reviewing: the owner of the item reviewed.
bool can_review_item(const Actor& actor, std::int64_t owner_id);
// The catalogue is public: anyone, signed in or not.
bool can_read_catalogue(const Actor& actor);

}  // namespace fitkit::gear::policy

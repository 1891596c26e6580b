// Who may do what with structured training: one predicate per action, pure functions of the
// actor and facts the service has loaded. Tested as permit/deny tables.
#pragma once

#include <cstdint>

#include "fitkit/actor.hpp"

namespace fitkit::training::policy {

// Templates, plans and zones are personal: their owner's alone, not even admins'. To anyone
// else they are not_found, so that their existence is not revealed.
bool can_use_own_training(const Actor& actor);                        // a signed-in user
bool can_access_template(const Actor& actor, std::int64_t owner_id);  // the owner
bool can_access_plan(const Actor& actor, std::int64_t owner_id);      // the owner
// A plan is linked only to a workout of its own owner's.
bool can_link_workout(const Actor& actor, std::int64_t workout_owner_id);

// The exercise library: anyone reads it, signed in or not; admins (and the system) edit it.
bool can_read_library(const Actor& actor);
bool can_edit_library(const Actor& actor);

}  // namespace fitkit::training::policy

// Who may see and change workouts: one predicate per action, pure functions of the viewer and
// facts the service loaded. Tested as permit/deny tables (tests/unit/workouts).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"

namespace fitkit::workouts::policy {

// A workout's audience: anyone (signed in or not), the owner's friends, the owner alone.
enum class Visibility { everyone, friends, only_me };
std::string_view to_string(Visibility v) noexcept;
std::optional<Visibility> parse_visibility(std::string_view text) noexcept;

// Facts about a viewer and a workout's owner.
struct Relation {
  bool owner_active = true;  // a blocked or deleted account shows nothing to others
  bool is_friend = false;    // an accepted friendship
};

// Admins get no more than anyone else here: a private workout stays private; what moderation
// may open up is the moderation domain's to decide.
bool can_view(const Actor& viewer, std::int64_t owner_id, Visibility visibility, const Relation& relation);
// The visibilities of the owner's workouts that the viewer may see, for filtering lists, totals
// and records in SQL; empty when none.
std::vector<Visibility> visible_levels(const Actor& viewer, std::int64_t owner_id, const Relation& relation);
// Edit, delete, download the original file, see hidden details (heart rate, calories, map).
bool is_owner(const Actor& actor, std::int64_t owner_id);
// Add a workout: any signed-in user, for themselves.
bool can_create(const Actor& actor);

}  // namespace fitkit::workouts::policy

#include "gear/gear_policy.hpp"

namespace fitkit::gear::policy {

bool can_own_gear(const Actor& actor) { return actor.is_user(); }

bool can_view_item(const Actor& actor, std::int64_t owner_id) { return actor.is_user(owner_id); }

bool can_change_item(const Actor& actor, std::int64_t owner_id) { return actor.is_user(owner_id); }

bool can_review_item(const Actor& actor, std::int64_t owner_id) { return actor.is_user(owner_id); }

bool can_read_catalogue(const Actor&) { return true; }

}  // namespace fitkit::gear::policy

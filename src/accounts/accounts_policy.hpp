// Who may do what with accounts: one predicate per action, pure functions of
// the actor and facts the service has loaded. Tested as permit/deny tables.
#pragma once

#include <cstdint>
#include <string_view>

#include "fitkit/actor.hpp"

namespace fitkit::accounts::policy {

bool can_create_user(const Actor& actor);             // admins, and the system (the first admin)
bool can_view_user(const Actor& actor, std::int64_t user_id);  // oneself, admins
bool can_list_users(const Actor& actor);              // admins
bool can_block(const Actor& actor, std::int64_t user_id);      // admins, never themselves
bool can_change_roles(const Actor& actor, std::int64_t user_id, Role role);  // admins; not their own admin role
bool can_read_audit(const Actor& actor);              // admins
// Admins delete other accounts; their own goes through account.delete, with the password.
bool can_delete_user(const Actor& actor, std::int64_t user_id);
bool can_manage_own_account(const Actor& actor);      // a signed-in user

// Facts about a viewer and a profile's owner, loaded by the service.
struct ProfileRelation {
  bool is_friend = false;           // an accepted friendship (the social domain)
  bool medical_access = false;      // the owner authorised this coach
};
enum class ProfileVisibility { none, public_view, full };
ProfileVisibility profile_visibility(const Actor& viewer, std::int64_t owner_id, std::string_view privacy,
                                     const ProfileRelation& relation);
// Medical notes: the user and the coaches they authorise; nobody else, not even admins.
bool can_view_medical(const Actor& viewer, std::int64_t owner_id, const ProfileRelation& relation);

}  // namespace fitkit::accounts::policy

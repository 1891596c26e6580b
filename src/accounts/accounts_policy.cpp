#include "accounts/accounts_policy.hpp"

#include <string_view>

namespace fitkit::accounts::policy {

bool can_create_user(const Actor& actor) { return actor.has_role(Role::admin); }

bool can_view_user(const Actor& actor, std::int64_t user_id) {
  return actor.is_user(user_id) || actor.has_role(Role::admin);
}

bool can_list_users(const Actor& actor) { return actor.has_role(Role::admin); }

bool can_block(const Actor& actor, std::int64_t user_id) {
  return actor.has_role(Role::admin) && !actor.is_user(user_id);
}

bool can_change_roles(const Actor& actor, std::int64_t user_id, Role role) {
  // An admin cannot take away (or re-grant) their own admin role: no lock-out by accident.
  if (role == Role::admin && actor.is_user(user_id)) return false;
  return actor.has_role(Role::admin);
}

bool can_read_audit(const Actor& actor) { return actor.has_role(Role::admin); }

bool can_delete_user(const Actor& actor, std::int64_t user_id) {
  return actor.has_role(Role::admin) && !actor.is_user(user_id);
}

bool can_manage_own_account(const Actor& actor) { return actor.is_user(); }

ProfileVisibility profile_visibility(const Actor& viewer, std::int64_t owner_id, std::string_view privacy,
                                     const ProfileRelation& relation) {
  if (viewer.is_user(owner_id)) return ProfileVisibility::full;
  if (viewer.has_role(Role::admin) || viewer.has_role(Role::moderator)) return ProfileVisibility::full;
  if (relation.medical_access && viewer.has_role(Role::coach)) return ProfileVisibility::full;
  if (privacy == "public") return ProfileVisibility::public_view;
  if (privacy == "friends" && relation.is_friend) return ProfileVisibility::public_view;
  return ProfileVisibility::none;
}

bool can_view_medical(const Actor& viewer, std::int64_t owner_id, const ProfileRelation& relation) {
  if (viewer.is_user(owner_id)) return true;
  return viewer.is_user() && viewer.roles.has(Role::coach) && relation.medical_access;
}

}  // namespace fitkit::accounts::policy

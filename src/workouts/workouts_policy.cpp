#include "workouts/workouts_policy.hpp"

namespace fitkit::workouts::policy {

std::string_view to_string(Visibility v) noexcept {
  switch (v) {
    case Visibility::everyone: return "everyone";
    case Visibility::friends: return "friends";
    case Visibility::only_me: return "only_me";
  }
  return "only_me";
}

std::optional<Visibility> parse_visibility(std::string_view text) noexcept {
  if (text == "everyone") return Visibility::everyone;
  if (text == "friends") return Visibility::friends;
  if (text == "only_me") return Visibility::only_me;
  return std::nullopt;
}

bool is_owner(const Actor& actor, std::int64_t owner_id) { return actor.is_user(owner_id); }

bool can_create(const Actor& actor) { return actor.is_user(); }

bool can_view(const Actor& viewer, std::int64_t owner_id, Visibility visibility, const Relation& relation) {
  if (is_owner(viewer, owner_id)) return true;
  if (!relation.owner_active) return false;
  switch (visibility) {
    case Visibility::everyone: return true;
    case Visibility::friends: return viewer.is_user() && relation.is_friend;
    case Visibility::only_me: return false;
  }
  return false;
}

std::vector<Visibility> visible_levels(const Actor& viewer, std::int64_t owner_id, const Relation& relation) {
  std::vector<Visibility> out;
  for (auto v : {Visibility::everyone, Visibility::friends, Visibility::only_me})
    if (can_view(viewer, owner_id, v, relation)) out.push_back(v);
  return out;
}

}  // namespace fitkit::workouts::policy

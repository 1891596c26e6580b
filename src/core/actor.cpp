#include "fitkit/actor.hpp"

#include <array>
#include <utility>

namespace fitkit {
namespace {
constexpr std::array<std::pair<Role, std::string_view>, 7> kRoles{{
    {Role::user, "user"},
    {Role::coach, "coach"},
    {Role::organizer, "organizer"},
    {Role::moderator, "moderator"},
    {Role::admin, "admin"},
    {Role::analyst, "analyst"},
    {Role::marketer, "marketer"},
}};
}  // namespace

std::string_view to_string(Role role) noexcept {
  for (const auto& [r, name] : kRoles)
    if (r == role) return name;
  return "user";
}

std::optional<Role> role_from_string(std::string_view name) noexcept {
  for (const auto& [r, n] : kRoles)
    if (n == name) return r;
  return std::nullopt;
}

const std::vector<Role>& all_roles() noexcept {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& [r, name] : kRoles) v.push_back(r);
    return v;
  }();
  return roles;
}

std::vector<Role> RoleSet::list() const {
  std::vector<Role> out;
  for (Role r : all_roles())
    if (has(r)) out.push_back(r);
  return out;
}

Actor Actor::anonymous(Origin origin) {
  Actor a;
  a.origin = std::move(origin);
  return a;
}

Actor Actor::system() {
  Actor a;
  a.kind = Kind::system;
  return a;
}

Actor Actor::user(std::int64_t user_id, RoleSet roles, std::int64_t session_id, Origin origin) {
  Actor a;
  a.kind = Kind::user;
  a.user_id = user_id;
  a.roles = roles;
  a.session_id = session_id;
  a.origin = std::move(origin);
  return a;
}

}  // namespace fitkit

// Who is acting: a signed-in user with roles, an anonymous caller, or the system.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fitkit {

enum class Role : std::uint8_t { user, coach, organizer, moderator, admin, analyst, marketer };

std::string_view to_string(Role role) noexcept;
std::optional<Role> role_from_string(std::string_view name) noexcept;
const std::vector<Role>& all_roles() noexcept;

class RoleSet {
 public:
  RoleSet() = default;
  RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) add(r);
  }
  bool has(Role r) const noexcept { return bits_ & bit(r); }
  void add(Role r) noexcept { bits_ |= bit(r); }
  void remove(Role r) noexcept { bits_ &= ~bit(r); }
  std::vector<Role> list() const;
  bool operator==(const RoleSet&) const = default;

 private:
  static std::uint32_t bit(Role r) noexcept { return 1u << static_cast<unsigned>(r); }
  std::uint32_t bits_ = 0;
};

// Where a request comes from: used for sessions, throttling and the audit log.
struct Origin {
  std::string ip;          // "127.0.0.1"; empty for a local process
  std::string user_agent;  // "fitctl/0.1", a browser's string
};

struct Actor {
  enum class Kind { anonymous, user, system };

  Kind kind = Kind::anonymous;
  std::int64_t user_id = 0;     // for users
  std::int64_t session_id = 0;  // 0 when acting without a session (--as on a local database)
  RoleSet roles;
  Origin origin;

  static Actor anonymous(Origin origin = {});
  static Actor system();
  static Actor user(std::int64_t user_id, RoleSet roles, std::int64_t session_id = 0, Origin origin = {});

  bool is_anonymous() const noexcept { return kind == Kind::anonymous; }
  bool is_system() const noexcept { return kind == Kind::system; }
  bool is_user() const noexcept { return kind == Kind::user; }
  bool is_user(std::int64_t id) const noexcept { return kind == Kind::user && user_id == id; }
  // The system holds every role.
  bool has_role(Role r) const noexcept { return is_system() || (is_user() && roles.has(r)); }
};

}  // namespace fitkit

// Rows of users and their roles: the SQL of the accounts domain lives in the *_store files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fitkit/accounts.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::accounts {

struct UserRecord {
  User user;
  std::string password_hash;
  std::optional<std::string> totp_secret;  // sealed
  std::optional<std::int64_t> totp_enabled_at;
  std::optional<std::int64_t> totp_last_step;
};

std::optional<UserStatus> user_status_from_string(std::string_view s) noexcept;

std::optional<UserRecord> find_user(storage::Connection& c, std::int64_t id, bool with_roles = true);
std::optional<UserRecord> find_user_by_email(storage::Connection& c, std::string_view email);
RoleSet load_roles(storage::Connection& c, std::int64_t id);
// A page by id after f.after_id; f.limit is checked by the caller.
Page<User> list_users(storage::Connection& c, const UserFilter& f);

void insert_user(storage::Connection& c, const User& u, std::string_view password_hash, std::int64_t now);
void set_status(storage::Connection& c, std::int64_t id, UserStatus status, std::int64_t now);
void set_password_hash(storage::Connection& c, std::int64_t id, std::string_view hash, std::int64_t now);
void set_email(storage::Connection& c, std::int64_t id, std::string_view email, std::int64_t now);
void set_totp(storage::Connection& c, std::int64_t id, std::optional<std::string_view> sealed_secret,
              std::optional<std::int64_t> enabled_at, std::int64_t now);
// Records the step of an accepted TOTP code; false if that step (or a later one) was already used.
bool use_totp_step(storage::Connection& c, std::int64_t id, std::int64_t step);

void add_role(storage::Connection& c, std::int64_t id, Role role, std::int64_t granted_by, std::int64_t now);
void remove_role(storage::Connection& c, std::int64_t id, Role role);

}  // namespace fitkit::accounts

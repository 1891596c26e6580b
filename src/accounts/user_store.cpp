#include "accounts/user_store.hpp"

#include <algorithm>
#include <array>

namespace fitkit {

std::string_view to_string(UserStatus s) noexcept {
  switch (s) {
    case UserStatus::pending: return "pending";
    case UserStatus::active: return "active";
    case UserStatus::blocked: return "blocked";
    case UserStatus::deleted: return "deleted";
  }
  return "pending";
}

}  // namespace fitkit

namespace fitkit::accounts {
namespace {

constexpr std::string_view kColumns =
    "id, email, status, language, phone, phone_verified_at, created_at, password_hash, totp_secret, "
    "totp_enabled_at, totp_last_step";

UserRecord read_user(const storage::Row& r) {
  UserRecord u;
  u.user.id = r.i64(0);
  u.user.email = r.opt_text(1).value_or("");
  u.user.status = user_status_from_string(r.text(2)).value_or(UserStatus::pending);
  u.user.language = r.text(3);
  if (!r.is_null(5)) u.user.phone = r.opt_text(4);
  u.user.created_at = r.i64(6);
  u.password_hash = r.opt_text(7).value_or("");
  u.totp_secret = r.opt_text(8);
  u.totp_enabled_at = r.opt_i64(9);
  u.totp_last_step = r.opt_i64(10);
  u.user.two_factor = u.totp_enabled_at.has_value();
  return u;
}

std::optional<UserRecord> find_where(storage::Connection& c, const std::string& sql, storage::Param key,
                                    bool with_roles = true) {
  std::optional<UserRecord> out;
  c.query(sql, {key}, [&](const storage::Row& r) { out = read_user(r); });
  if (out && with_roles) out->user.roles = load_roles(c, out->user.id);
  return out;
}

}  // namespace

RoleSet load_roles(storage::Connection& c, std::int64_t id) {
  RoleSet roles{Role::user};
  c.query("SELECT role FROM user_roles WHERE user_id = ?", {id}, [&](const storage::Row& r) {
    if (auto role = role_from_string(r.text(0))) roles.add(*role);
  });
  return roles;
}

std::optional<UserStatus> user_status_from_string(std::string_view s) noexcept {
  for (auto st : {UserStatus::pending, UserStatus::active, UserStatus::blocked, UserStatus::deleted})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

std::optional<UserRecord> find_user(storage::Connection& c, std::int64_t id, bool with_roles) {
  static const std::string sql = "SELECT " + std::string(kColumns) + " FROM users WHERE id = ?";
  return find_where(c, sql, id, with_roles);
}

std::optional<UserRecord> find_user_by_email(storage::Connection& c, std::string_view email) {
  static const std::string sql = "SELECT " + std::string(kColumns) + " FROM users WHERE email = ?";
  return find_where(c, sql, email);
}

Page<User> list_users(storage::Connection& c, const UserFilter& f) {
  // Ids are positive: 0 is before the first.
  std::string sql = "SELECT " + std::string(kColumns) + " FROM users u WHERE id > ?";
  std::vector<storage::Param> params{f.after_id.value_or(0)};
  const std::string status = f.status ? std::string(to_string(*f.status)) : "";
  const std::string role = f.role ? std::string(to_string(*f.role)) : "";
  const std::string prefix = f.email_prefix.value_or("");
  // Characters, not bytes: substr counts characters in SQLite and PostgreSQL alike.
  const auto prefix_chars = static_cast<std::int64_t>(
      std::count_if(prefix.begin(), prefix.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
  if (f.status) {
    sql += " AND status = ?";
    params.emplace_back(status);
  }
  if (f.role) {
    sql += " AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)";
    params.emplace_back(role);
  }
  if (f.email_prefix) {
    // Compared as text instead of LIKE, so that '%' and '_' in the input mean themselves,
    // and not as a range, whose order would depend on PostgreSQL's collation.
    sql += " AND substr(email, 1, CAST(? AS INTEGER)) = ?";
    params.emplace_back(prefix_chars);
    params.emplace_back(prefix);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(f.limit) + 1);  // one more: whether a next page exists
  std::vector<User> rows;
  c.query(sql, params, [&](const storage::Row& r) { rows.push_back(read_user(r).user); });
  auto page = Page<User>::from_rows(std::move(rows), f.limit);
  for (auto& u : page.items) u.roles = load_roles(c, u.id);
  return page;
}

void insert_user(storage::Connection& c, const User& u, std::string_view password_hash, std::int64_t now) {
  c.exec(
      "INSERT INTO users (id, email, password_hash, status, language, email_verified_at, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {u.id, u.email, password_hash, to_string(u.status), u.language,
       u.status == UserStatus::active ? storage::Param(now) : storage::Param(nullptr), now, now});
  for (Role r : u.roles.list())
    if (r != Role::user) add_role(c, u.id, r, 0, now);
}

void set_status(storage::Connection& c, std::int64_t id, UserStatus status, std::int64_t now) {
  c.exec("UPDATE users SET status = ?, updated_at = ? WHERE id = ?", {to_string(status), now, id});
}

void set_password_hash(storage::Connection& c, std::int64_t id, std::string_view hash, std::int64_t now) {
  c.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", {hash, now, id});
}

void set_email(storage::Connection& c, std::int64_t id, std::string_view email, std::int64_t now) {
  c.exec("UPDATE users SET email = ?, email_verified_at = ?, updated_at = ? WHERE id = ?", {email, now, now, id});
}

void set_totp(storage::Connection& c, std::int64_t id, std::optional<std::string_view> sealed_secret,
              std::optional<std::int64_t> enabled_at, std::int64_t now) {
  c.exec("UPDATE users SET totp_secret = ?, totp_enabled_at = ?, totp_last_step = NULL, updated_at = ? WHERE id = ?",
         {sealed_secret, enabled_at, now, id});
}

bool use_totp_step(storage::Connection& c, std::int64_t id, std::int64_t step) {
  return c.exec("UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
                {step, id, step}) == 1;
}

void add_role(storage::Connection& c, std::int64_t id, Role role, std::int64_t granted_by, std::int64_t now) {
  c.exec("INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)"
         " ON CONFLICT (user_id, role) DO NOTHING",
         {id, to_string(role), granted_by ? storage::Param(granted_by) : storage::Param(nullptr), now});
}

void remove_role(storage::Connection& c, std::int64_t id, Role role) {
  c.exec("DELETE FROM user_roles WHERE user_id = ? AND role = ?", {id, to_string(role)});
}

}  // namespace fitkit::accounts

// Registration, email verification, password reset and change, email change.
#include <nlohmann/json.hpp>

#include "accounts/accounts_policy.hpp"
#include "accounts/audit.hpp"
#include "accounts/email_address.hpp"
#include "accounts/mail_limit.hpp"
#include "accounts/one_time_tokens.hpp"
#include "accounts/password_hasher.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/profile_store.hpp"
#include "accounts/reauthentication.hpp"
#include "accounts/session_store.hpp"
#include "accounts/throttle.hpp"
#include "accounts/user_store.hpp"
#include "core/runtime.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/error.hpp"
#include "notify/notify.hpp"
#include "notify/outbox.hpp"

namespace fitkit {
namespace {

constexpr std::string_view kVerifyEmail = "verify_email";
constexpr std::string_view kResetPassword = "reset_password";
constexpr std::string_view kChangeEmail = "change_email";

accounts::PasswordPolicy policy_of(const Runtime& rt) {
  return {rt.options.auth.min_password_length, 128};
}

std::string link(const Runtime& rt, std::string_view page, std::string_view token) {
  return rt.options.public_url + "/" + std::string(page) + "?token=" + std::string(token);
}

std::string language_or_default(const std::string& language) {
  if (language.empty()) return "en";
  if (!notify::is_supported_language(language)) throw Error::invalid("language", "language must be en or ru");
  return language;
}

void send_verification(Runtime& rt, storage::Connection& c, const User& u) {
  auto token = accounts::issue_token(rt, c, u.id, kVerifyEmail, rt.options.auth.email_token_ttl_ms);
  notify::enqueue_template_mail(rt, c, u.email, "verify_email", u.language,
                                {{"link", link(rt, "verify-email", token)},
                                 {"hours", std::to_string(rt.options.auth.email_token_ttl_ms / kHourMs)}});
}

bool may_mail(Runtime& rt, storage::Connection& c, const std::string& email) {
  return accounts::take_account_mail(c, email, rt.now(), rt.options.auth.account_mails_per_hour);
}

accounts::UserRecord require_user(storage::Connection& c, std::int64_t id) {
  auto u = accounts::find_user(c, id);
  if (!u || u->user.status == UserStatus::deleted) throw Error::not_found("no such user");
  return *u;
}

// The links a blocked account was mailed (password reset, email change) stay unusable
// until an admin unblocks it; the refusal rolls back, so the link is not spent.
void refuse_blocked(const accounts::UserRecord& u) {
  if (u.user.status == UserStatus::blocked) throw Error::permission_denied("this account is blocked");
}

}  // namespace

void AccountService::register_user(const Actor& actor, const Registration& r) {
  const std::string email = accounts::normalize_email(r.email);
  const std::string language = language_or_default(r.language);
  accounts::check_password(policy_of(rt_), r.password, email, r.nickname.value_or(""));
  // Hash before looking the address up, so that both answers take the same time.
  const std::string hash = accounts::hash_password(r.password, rt_.options.password_hashing);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  // A taken nickname is refused before the address is looked up, so that the
  // answer never depends on whether the email has an account.
  if (r.nickname) accounts::check_nickname_free(*c, *r.nickname);
  if (auto existing = accounts::find_user_by_email(*c, email)) {
    if (may_mail(rt_, *c, email))
      notify::enqueue_template_mail(rt_, *c, email, "already_registered", existing->user.language,
                                    {{"email", email}, {"link", rt_.options.public_url + "/reset-password"}});
    tx.commit();
    return;
  }
  User u;
  u.id = rt_.next_id();
  u.email = email;
  u.status = UserStatus::pending;
  u.roles = {Role::user};
  u.language = language;
  accounts::insert_user(*c, u, hash, rt_.now());
  accounts::create_profile(*c, u.id, r.nickname, rt_.now());
  if (may_mail(rt_, *c, email)) send_verification(rt_, *c, u);
  accounts::audit(rt_, *c, "user.registered", actor, u.id);
  tx.commit();
}

void AccountService::resend_verification(const Actor&, const std::string& email_input) {
  const std::string email = accounts::normalize_email(email_input);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = accounts::find_user_by_email(*c, email);
  if (u && u->user.status == UserStatus::pending && may_mail(rt_, *c, email)) send_verification(rt_, *c, u->user);
  tx.commit();
}

User AccountService::verify_email(const Actor& actor, const std::string& token) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto redeemed = accounts::redeem_token(rt_, *c, token, kVerifyEmail);
  auto u = require_user(*c, redeemed.user_id);
  if (u.user.status == UserStatus::pending) {
    accounts::set_status(*c, u.user.id, UserStatus::active, rt_.now());
    c->exec("UPDATE users SET email_verified_at = ? WHERE id = ?", {rt_.now(), u.user.id});
    u.user.status = UserStatus::active;
    notify::enqueue_template_mail(rt_, *c, u.user.email, "welcome", u.user.language, {});
    accounts::audit(rt_, *c, "user.email_verified", actor, u.user.id);
  }
  tx.commit();
  return u.user;
}

void AccountService::request_password_reset(const Actor& actor, const std::string& email_input) {
  const std::string email = accounts::normalize_email(email_input);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = accounts::find_user_by_email(*c, email);
  // The same answer either way; only an account that can sign in gets a link.
  // Past the cap the earlier link stays the valid one: a new one would void it.
  if (u && (u->user.status == UserStatus::active || u->user.status == UserStatus::pending) &&
      may_mail(rt_, *c, email)) {
    auto token = accounts::issue_token(rt_, *c, u->user.id, kResetPassword, rt_.options.auth.reset_token_ttl_ms);
    notify::enqueue_template_mail(rt_, *c, email, "password_reset", u->user.language,
                                  {{"link", link(rt_, "reset-password", token)},
                                   {"minutes", std::to_string(rt_.options.auth.reset_token_ttl_ms / kMinuteMs)}});
    accounts::audit(rt_, *c, "password.reset_requested", actor, u->user.id);
  }
  tx.commit();
}

void AccountService::reset_password(const Actor& actor, const std::string& token, const std::string& new_password) {
  if (token.empty()) throw Error::invalid("token", "token is required");
  auto c = rt_.db->acquire();
  // A new password that the policy refuses rolls back, leaving the token unspent.
  storage::Transaction tx(*c);
  auto redeemed = accounts::redeem_token(rt_, *c, token, kResetPassword);
  auto u = require_user(*c, redeemed.user_id);
  refuse_blocked(u);
  accounts::check_password(policy_of(rt_), new_password, u.user.email, accounts::nickname_of(*c, u.user.id));
  accounts::set_password_hash(*c, u.user.id, accounts::hash_password(new_password, rt_.options.password_hashing),
                              rt_.now());
  // A reset proves control of the mailbox: it also confirms a pending address.
  if (u.user.status == UserStatus::pending) accounts::set_status(*c, u.user.id, UserStatus::active, rt_.now());
  accounts::revoke_all_sessions(*c, u.user.id, 0, "password_reset", rt_.now());
  accounts::clear_throttle(*c, accounts::account_throttle_key(u.user.email));
  notify::notify_user(rt_, *c, {u.user.id, "security", "password_changed", {}, "{}"});
  accounts::audit(rt_, *c, "password.reset", actor, u.user.id);
  tx.commit();
}

void AccountService::change_password(const Actor& actor, const std::string& current, const std::string& next) {
  if (!accounts::policy::can_manage_own_account(actor)) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  accounts::reauthenticate(rt_, *c, actor.user_id, current, "current_password");
  storage::Transaction tx(*c);
  auto u = require_user(*c, actor.user_id);
  accounts::check_password(policy_of(rt_), next, u.user.email, accounts::nickname_of(*c, u.user.id));
  accounts::set_password_hash(*c, u.user.id, accounts::hash_password(next, rt_.options.password_hashing), rt_.now());
  accounts::revoke_all_sessions(*c, u.user.id, actor.session_id, "password_changed", rt_.now());
  notify::notify_user(rt_, *c, {u.user.id, "security", "password_changed", {}, "{}"});
  accounts::audit(rt_, *c, "password.changed", actor, u.user.id);
  tx.commit();
}

void AccountService::request_email_change(const Actor& actor, const std::string& password,
                                          const std::string& new_email_input) {
  if (!accounts::policy::can_manage_own_account(actor)) throw Error::unauthenticated();
  const std::string new_email = accounts::normalize_email(new_email_input);
  auto c = rt_.db->acquire();
  accounts::reauthenticate(rt_, *c, actor.user_id, password);
  storage::Transaction tx(*c);
  auto u = require_user(*c, actor.user_id);
  if (new_email == u.user.email) throw Error::invalid("new_email", "this is already your address");
  // The caller is known, so the cap is told rather than hidden.
  if (!may_mail(rt_, *c, new_email))
    throw Error::rate_limited("this address has had too many mails this hour; try again later", kHourMs);
  // A taken address is only discovered at confirmation: no enumeration here.
  auto token = accounts::issue_token(rt_, *c, u.user.id, kChangeEmail, rt_.options.auth.email_token_ttl_ms, new_email);
  notify::enqueue_template_mail(rt_, *c, new_email, "email_change", u.user.language,
                                {{"email", new_email}, {"link", link(rt_, "confirm-email", token)}});
  accounts::audit(rt_, *c, "email.change_requested", actor, u.user.id);
  tx.commit();
}

User AccountService::confirm_email_change(const Actor& actor, const std::string& token) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto redeemed = accounts::redeem_token(rt_, *c, token, kChangeEmail);
  auto u = require_user(*c, redeemed.user_id);
  refuse_blocked(u);
  if (accounts::find_user_by_email(*c, redeemed.payload))
    throw Error::already_exists("another account uses this address now", "email");
  accounts::set_email(*c, u.user.id, redeemed.payload, rt_.now());
  accounts::audit(rt_, *c, "email.changed", actor, u.user.id);
  tx.commit();
  u.user.email = redeemed.payload;
  return u.user;
}

User AccountService::me(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  // The actor's roles were loaded when it was authenticated: one query less on the hottest read.
  auto u = accounts::find_user(*c, actor.user_id, false);
  if (!u || u->user.status == UserStatus::deleted) throw Error::not_found("no such user");
  u->user.roles = actor.roles;
  u->user.roles.add(Role::user);
  return u->user;
}

User AccountService::create_user(const Actor& actor, const NewUser& n) {
  if (!accounts::policy::can_create_user(actor)) throw Error::permission_denied("only admins create accounts");
  const std::string email = accounts::normalize_email(n.email);
  const std::string language = language_or_default(n.language);
  accounts::check_password(policy_of(rt_), n.password, email, "");
  const std::string hash = accounts::hash_password(n.password, rt_.options.password_hashing);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (accounts::find_user_by_email(*c, email)) throw Error::already_exists("an account with this email exists", "email");
  User u;
  u.id = rt_.next_id();
  u.email = email;
  u.status = UserStatus::active;  // an admin vouches for the address
  u.roles = n.roles;
  u.roles.add(Role::user);
  u.language = language;
  u.created_at = rt_.now();
  accounts::insert_user(*c, u, hash, rt_.now());
  accounts::create_profile(*c, u.id, std::nullopt, rt_.now());
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : u.roles.list()) roles.push_back(to_string(r));
  accounts::audit(rt_, *c, "user.created", actor, u.id, nlohmann::json{{"roles", roles}}.dump());
  tx.commit();
  return u;
}

User AccountService::get_user(const Actor& actor, std::int64_t user_id) {
  if (!accounts::policy::can_view_user(actor, user_id)) throw Error::not_found("no such user");
  auto c = rt_.db->acquire();
  return require_user(*c, user_id).user;
}

Page<User> AccountService::list_users(const Actor& actor, const UserFilter& filter) {
  if (!accounts::policy::can_list_users(actor)) throw Error::permission_denied("only admins list accounts");
  check_page_limit(filter.limit);
  auto c = rt_.db->acquire();
  return accounts::list_users(*c, filter);
}

User AccountService::set_blocked(const Actor& actor, std::int64_t user_id, bool blocked) {
  if (!accounts::policy::can_block(actor, user_id))
    throw Error::permission_denied(actor.is_user(user_id) ? "you cannot block yourself" : "only admins block accounts");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = require_user(*c, user_id);
  const auto status = blocked ? UserStatus::blocked : UserStatus::active;
  if (u.user.status != status) {
    accounts::set_status(*c, user_id, status, rt_.now());
    if (blocked) accounts::revoke_all_sessions(*c, user_id, 0, "blocked", rt_.now());
    accounts::audit(rt_, *c, blocked ? "user.blocked" : "user.unblocked", actor, user_id);
    u.user.status = status;
  }
  tx.commit();
  return u.user;
}

User AccountService::grant_role(const Actor& actor, std::int64_t user_id, Role role) {
  if (!accounts::policy::can_change_roles(actor, user_id, role))
    throw Error::permission_denied("only admins grant roles, and not the admin role to themselves");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = require_user(*c, user_id);
  if (role != Role::user && !u.user.roles.has(role)) {
    accounts::add_role(*c, user_id, role, actor.user_id, rt_.now());
    accounts::audit(rt_, *c, "role.granted", actor, user_id, nlohmann::json{{"role", to_string(role)}}.dump());
    u.user.roles.add(role);
  }
  tx.commit();
  return u.user;
}

User AccountService::revoke_role(const Actor& actor, std::int64_t user_id, Role role) {
  if (!accounts::policy::can_change_roles(actor, user_id, role))
    throw Error::permission_denied("only admins revoke roles, and not their own admin role");
  if (role == Role::user) throw Error::invalid("role", "every account has the user role");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = require_user(*c, user_id);
  if (u.user.roles.has(role)) {
    accounts::remove_role(*c, user_id, role);
    accounts::audit(rt_, *c, "role.revoked", actor, user_id, nlohmann::json{{"role", to_string(role)}}.dump());
    u.user.roles.remove(role);
  }
  tx.commit();
  return u.user;
}

}  // namespace fitkit

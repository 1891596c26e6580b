// Deleting an account: personal data removed, the row kept as "deleted user".
#include "accounts/accounts_policy.hpp"
#include "accounts/audit.hpp"
#include "accounts/avatar.hpp"
#include "accounts/reauthentication.hpp"
#include "accounts/throttle.hpp"
#include "accounts/two_factor.hpp"
#include "accounts/user_store.hpp"
#include "core/runtime.hpp"
#include "gear/gear_account.hpp"
#include "training/training_account.hpp"
#include "workouts/workout_account.hpp"
#include "fitkit/account_data.hpp"
#include "fitkit/error.hpp"
#include "notify/outbox.hpp"

namespace fitkit {
namespace {

void erase(Runtime& rt, storage::Connection& c, const accounts::UserRecord& u, const Actor& actor,
           std::string_view by) {
  const auto id = u.user.id;
  const auto now = rt.now();
  // Numbers to stop messages to; without one, the address stands in so that the query keeps its shape.
  const auto pending_phone =
      c.query_text("SELECT phone FROM phone_verifications WHERE user_id = ?", {id}).value_or(u.user.email);
  const auto phone = u.user.phone.value_or(u.user.email);
  // Sessions go with their refresh tokens: the next request of any device is refused.
  c.exec("DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?)", {id});
  c.exec("DELETE FROM sessions WHERE user_id = ?", {id});
  c.exec("DELETE FROM one_time_tokens WHERE user_id = ?", {id});
  c.exec("DELETE FROM recovery_codes WHERE user_id = ?", {id});
  c.exec("DELETE FROM phone_verifications WHERE user_id = ?", {id});
  c.exec("DELETE FROM notifications WHERE user_id = ?", {id});
  c.exec("DELETE FROM notification_preferences WHERE user_id = ?", {id});
  c.exec("DELETE FROM user_metrics WHERE user_id = ?", {id});
  c.exec("DELETE FROM medical_access WHERE user_id = ? OR coach_id = ?", {id, id});
  c.exec("DELETE FROM user_roles WHERE user_id = ?", {id});
  training::delete_user_training(c, id);
  const auto gear_photos = gear::delete_user_gear(c, id);
  const auto workout_files = workouts::delete_workouts(c, id);
  // Messages not yet sent (a reset link, a code) are not sent any more.
  c.exec("DELETE FROM outbox WHERE status = 'pending' AND recipient IN (?, ?, ?)",
         {u.user.email, phone, pending_phone});
  if (!u.user.email.empty()) accounts::clear_throttle(c, accounts::account_throttle_key(u.user.email));
  c.exec("UPDATE profiles SET first_name = NULL, last_name = NULL, nickname = NULL, nickname_key = NULL,"
         " gender = NULL, birth_date = NULL, city = NULL, time_zone = 'UTC', about = NULL, height_cm = NULL,"
         " weight_kg = NULL, goal = NULL, level = NULL, interests = '[]', medical_notes = NULL,"
         " privacy = 'private', avatar_type = NULL, updated_at = ? WHERE user_id = ?",
         {now, id});
  c.exec("UPDATE users SET email = NULL, password_hash = NULL, email_verified_at = NULL, phone = NULL,"
         " phone_verified_at = NULL, totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL,"
         " status = 'deleted', deleted_at = ?, updated_at = ? WHERE id = ?",
         {now, now, id});
  // Last, so that a store that fails leaves the whole deletion undone and retryable.
  rt.blobs->remove(accounts::avatar_key(id));
  for (const auto& key : workout_files) rt.blobs->remove(key);
  for (const auto& key : gear_photos) rt.blobs->remove(key);
  // Whoever owns the mailbox learns of it: a deletion they did not ask for must not go unnoticed.
  if (u.user.status == UserStatus::active || u.user.status == UserStatus::blocked)
    notify::enqueue_template_mail(rt, c, u.user.email, "account_deleted", u.user.language, {});
  accounts::audit(rt, c, "user.deleted", actor, id, R"({"by":")" + std::string(by) + "\"}");
}

}  // namespace

void AccountDataService::delete_account(const Actor& actor, const std::string& password,
                                        const std::optional<std::string>& code) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  accounts::reauthenticate(rt_, *c, actor.user_id, password);
  storage::Transaction tx(*c);
  auto u = accounts::find_user(*c, actor.user_id);
  if (!u || u->user.status == UserStatus::deleted) throw Error::not_found("no such user");
  if (u->totp_enabled_at) {
    if (!code || code->empty())
      throw Error::invalid("code", "two-factor sign-in is on: give the code from your authenticator app "
                                   "or a recovery code");
    if (!accounts::check_second_factor(rt_, *c, *u, code, std::nullopt) &&
        !accounts::check_second_factor(rt_, *c, *u, std::nullopt, code))
      throw Error::invalid("code", "the code is wrong or already used");
  }
  erase(rt_, *c, *u, actor, "self");
  tx.commit();
}

void AccountDataService::delete_user(const Actor& actor, std::int64_t user_id) {
  if (!accounts::policy::can_delete_user(actor, user_id))
    throw Error::permission_denied(actor.is_user(user_id) ? "delete your own account with account.delete"
                                                          : "only admins delete accounts");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = accounts::find_user(*c, user_id);
  if (!u || u->user.status == UserStatus::deleted) throw Error::not_found("no such user");
  erase(rt_, *c, *u, actor, "admin");
  tx.commit();
}

}  // namespace fitkit

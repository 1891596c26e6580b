// TOTP enrolment, confirmation and removal, and the check at sign-in.
#include "accounts/two_factor.hpp"

#include "accounts/accounts_policy.hpp"
#include "accounts/audit.hpp"
#include "accounts/reauthentication.hpp"
#include "accounts/recovery_codes.hpp"
#include "accounts/totp.hpp"
#include "core/crypto.hpp"
#include "core/sealed.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/error.hpp"

namespace fitkit::accounts {
namespace {

std::string associated_data(std::int64_t user_id) { return "totp:" + std::to_string(user_id); }

std::optional<std::string> secret_of(Runtime& rt, const UserRecord& u) {
  if (!u.totp_secret) return std::nullopt;
  return crypto::open_sealed(rt.sealing_key, *u.totp_secret, associated_data(u.user.id));
}

bool check_totp(Runtime& rt, storage::Connection& c, const UserRecord& u, const std::string& code) {
  auto secret = secret_of(rt, u);
  if (!secret) return false;
  auto step = totp_verify(*secret, code, rt.now(), u.totp_last_step);
  return step && use_totp_step(c, u.user.id, *step);
}

bool use_recovery_code(Runtime& rt, storage::Connection& c, std::int64_t user_id, const std::string& code) {
  const auto hash = crypto::sha256_hex(normalize_recovery_code(code));
  return c.exec("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                {rt.now(), user_id, hash}) == 1;
}

UserRecord require_self(storage::Connection& c, const Actor& actor) {
  if (!policy::can_manage_own_account(actor)) throw Error::unauthenticated();
  auto u = find_user(c, actor.user_id);
  if (!u) throw Error::not_found("no such user");
  return *u;
}

}  // namespace

bool check_second_factor(Runtime& rt, storage::Connection& c, const UserRecord& user,
                         const std::optional<std::string>& totp_code, const std::optional<std::string>& recovery_code) {
  if (totp_code) return check_totp(rt, c, user, *totp_code);
  if (recovery_code) return use_recovery_code(rt, c, user.user.id, *recovery_code);
  return false;
}

}  // namespace fitkit::accounts

namespace fitkit {

TotpEnrollment AuthService::enroll_totp(const Actor& actor, const std::string& password) {
  auto c = rt_.db->acquire();
  if (!actor.is_user()) throw Error::unauthenticated();
  accounts::reauthenticate(rt_, *c, actor.user_id, password);
  storage::Transaction tx(*c);
  auto u = accounts::require_self(*c, actor);
  if (u.totp_enabled_at) throw Error::precondition("two-factor sign-in is already on; disable it first");
  TotpEnrollment e;
  e.secret = accounts::new_totp_secret();
  e.uri = accounts::totp_uri(e.secret, "fitkit", u.user.email);
  accounts::set_totp(*c, u.user.id, crypto::seal(rt_.sealing_key, e.secret, accounts::associated_data(u.user.id)),
                     std::nullopt, rt_.now());
  tx.commit();
  return e;
}

std::vector<std::string> AuthService::confirm_totp(const Actor& actor, const std::string& code) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = accounts::require_self(*c, actor);
  if (u.totp_enabled_at) throw Error::precondition("two-factor sign-in is already on");
  if (!u.totp_secret) throw Error::precondition("enrol first: auth.totp.enroll");
  auto secret = accounts::secret_of(rt_, u);
  auto step = secret ? accounts::totp_verify(*secret, code, rt_.now(), std::nullopt) : std::nullopt;
  if (!step) throw Error::invalid("code", "the code is wrong; check the time on your device and try again");
  c->exec("UPDATE users SET totp_enabled_at = ?, totp_last_step = ? WHERE id = ?", {rt_.now(), *step, u.user.id});
  c->exec("DELETE FROM recovery_codes WHERE user_id = ?", {u.user.id});
  auto codes = accounts::new_recovery_codes(10);
  for (const auto& code_text : codes)
    c->exec("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)",
            {u.user.id, crypto::sha256_hex(accounts::normalize_recovery_code(code_text))});
  accounts::audit(rt_, *c, "2fa.enabled", actor, u.user.id);
  tx.commit();
  return codes;
}

void AuthService::disable_totp(const Actor& actor, const std::string& password, const std::string& code) {
  auto c = rt_.db->acquire();
  if (!actor.is_user()) throw Error::unauthenticated();
  if (!accounts::require_self(*c, actor).totp_enabled_at) throw Error::precondition("two-factor sign-in is not on");
  accounts::reauthenticate(rt_, *c, actor.user_id, password);
  storage::Transaction tx(*c);
  auto u = accounts::require_self(*c, actor);
  if (!accounts::check_totp(rt_, *c, u, code) && !accounts::use_recovery_code(rt_, *c, u.user.id, code))
    throw Error::invalid("code", "the code is wrong or already used");
  accounts::set_totp(*c, u.user.id, std::nullopt, std::nullopt, rt_.now());
  c->exec("DELETE FROM recovery_codes WHERE user_id = ?", {u.user.id});
  accounts::audit(rt_, *c, "2fa.disabled", actor, u.user.id);
  tx.commit();
}

}  // namespace fitkit

// Verifying a phone number with a one-time code sent by SMS.
#include <algorithm>

#include "accounts/audit.hpp"
#include "accounts/user_store.hpp"
#include "core/crypto.hpp"
#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "fitkit/account_data.hpp"
#include "fitkit/error.hpp"
#include "notify/outbox.hpp"
#include "notify/templates.hpp"

namespace fitkit {
namespace {

constexpr std::size_t kCodeDigits = 6;


// Bound to the user and the number, keyed with the platform's secret: a leaked
// table row does not give the code away to a 10^6 brute force.
std::string code_hash(const Runtime& rt, std::int64_t user_id, std::string_view phone, std::string_view code) {
  return crypto::hex(crypto::hmac_sha256(
      rt.signing_key, "phone-code:" + std::to_string(user_id) + ":" + std::string(phone) + ":" + std::string(code)));
}

std::string new_code() {
  std::string digits = std::to_string(crypto::random_below(1000000));
  return std::string(kCodeDigits - digits.size(), '0') + digits;  // leading zeros are part of the code
}

accounts::UserRecord require_self(storage::Connection& c, const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto u = accounts::find_user(c, actor.user_id);
  if (!u || u->user.status == UserStatus::deleted) throw Error::not_found("no such user");
  return *u;
}

struct Pending {
  std::string phone, code_hash;
  std::int64_t sent_at = 0, expires_at = 0;
  int attempts = 0;
};

std::optional<Pending> pending_of(storage::Connection& c, std::int64_t user_id) {
  std::optional<Pending> out;
  c.query("SELECT phone, code_hash, sent_at, expires_at, attempts FROM phone_verifications WHERE user_id = ?",
          {user_id}, [&](const storage::Row& r) {
            out = Pending{r.text(0), r.text(1), r.i64(2), r.i64(3), static_cast<int>(r.i64(4))};
          });
  return out;
}

}  // namespace

PhoneVerification AccountDataService::start_phone_verification(const Actor& actor, const std::string& phone) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (!text::is_e164(phone))
    throw Error::invalid("phone", "phone must be in E.164 form: '+', the country code and the number, "
                                  "8 to 15 digits in all, e.g. +15551234567");
  const auto& limits = rt_.options.auth;
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = require_self(*c, actor);
  if (u.user.phone == phone) throw Error::precondition("this number is already verified on your account", "phone");
  const auto now = rt_.now();
  // At most one code per resend delay for each user, and for each number whoever asks.
  const auto last_sent = c->query_i64("SELECT MAX(sent_at) FROM phone_verifications WHERE user_id = ? OR phone = ?",
                                      {actor.user_id, phone});
  if (last_sent && now < *last_sent + limits.sms_resend_delay_ms) {
    const auto wait = *last_sent + limits.sms_resend_delay_ms - now;
    throw Error::rate_limited("a code was sent moments ago; ask for another in " +
                                  std::to_string((wait + kSecondMs - 1) / kSecondMs) + " s",
                              wait);
  }
  const std::string code = new_code();
  const auto expires_at = now + limits.sms_code_ttl_ms;
  // A new code replaces the previous one and its count of attempts.
  c->exec("INSERT INTO phone_verifications (user_id, phone, code_hash, sent_at, expires_at, attempts)"
          " VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone,"
          " code_hash = excluded.code_hash, sent_at = excluded.sent_at, expires_at = excluded.expires_at,"
          " attempts = 0",
          {actor.user_id, phone, code_hash(rt_, actor.user_id, phone, code), now, expires_at});
  const auto text = notify::render("phone_code", u.user.language,
                                   {{"code", code}, {"minutes", std::to_string(limits.sms_code_ttl_ms / kMinuteMs)}});
  notify::enqueue_sms(rt_, *c, phone, text.text);
  accounts::audit(rt_, *c, "phone.verification_started", actor, actor.user_id);
  tx.commit();
  return {phone, expires_at, now + limits.sms_resend_delay_ms};
}

User AccountDataService::confirm_phone(const Actor& actor, const std::string& code) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (code.size() != kCodeDigits || code.find_first_not_of("0123456789") != std::string::npos)
    throw Error::invalid("code", "the code is the 6 digits of the text message");
  const int max_attempts = std::max(1, rt_.options.auth.sms_max_attempts);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = require_self(*c, actor);
  auto pending = pending_of(*c, actor.user_id);
  const auto now = rt_.now();
  if (!pending) throw Error::precondition("there is no code to check: start phone verification first", "code");
  if (now >= pending->expires_at) throw Error::precondition("the code has expired: ask for a new one", "code");
  if (pending->attempts >= max_attempts)
    throw Error::precondition("too many wrong codes: ask for a new one", "code");
  const auto expected = code_hash(rt_, actor.user_id, pending->phone, code);
  if (!crypto::constant_time_equal(expected, pending->code_hash)) {
    c->exec("UPDATE phone_verifications SET attempts = attempts + 1 WHERE user_id = ?", {actor.user_id});
    tx.commit();  // the failed attempt counts even though the call fails
    const int left = max_attempts - pending->attempts - 1;
    if (left == 0) throw Error::invalid("code", "the code is wrong and now void: ask for a new one");
    throw Error::invalid("code", "the code is wrong; " + std::to_string(left) + " attempt" +
                                     (left == 1 ? "" : "s") + " left");
  }
  c->exec("UPDATE users SET phone = ?, phone_verified_at = ?, updated_at = ? WHERE id = ?",
          {pending->phone, now, now, actor.user_id});
  c->exec("DELETE FROM phone_verifications WHERE user_id = ?", {actor.user_id});
  accounts::audit(rt_, *c, "phone.verified", actor, actor.user_id);
  tx.commit();
  u.user.phone = pending->phone;
  return u.user;
}

User AccountDataService::remove_phone(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto u = require_self(*c, actor);
  if (!u.user.phone) throw Error::not_found("you have no verified phone number");
  c->exec("UPDATE users SET phone = NULL, phone_verified_at = NULL, updated_at = ? WHERE id = ?",
          {rt_.now(), actor.user_id});
  accounts::audit(rt_, *c, "phone.removed", actor, actor.user_id);
  tx.commit();
  u.user.phone.reset();
  return u.user;
}

}  // namespace fitkit

// Sign-in, refresh, sign-out and the resolution of access tokens to actors.
#include <mutex>

#include "accounts/access_token.hpp"
#include "accounts/audit.hpp"
#include "accounts/email_address.hpp"
#include "accounts/password_hasher.hpp"
#include "accounts/session_store.hpp"
#include "accounts/throttle.hpp"
#include "accounts/two_factor.hpp"
#include "accounts/user_store.hpp"
#include "core/runtime.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/error.hpp"

namespace fitkit {
namespace {

constexpr std::int64_t kTouchEveryMs = kMinuteMs;  // last_seen_at is precise to a minute: reads stay reads

Error wrong_credentials() { return Error::unauthenticated("the email or password is incorrect"); }

// A hash to verify against when the email is unknown, so that both answers take as long.
const std::string& dummy_hash(const PasswordHashing& cost) {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [&] { hash = accounts::hash_password("fitkit-timing-equalizer", cost); });
  return hash;
}

TokenPair issue_tokens(const Runtime& rt, const accounts::AccessTokens& tokens, storage::Connection& c,
                       std::int64_t user_id, std::int64_t session_id) {
  const auto now = rt.now();
  TokenPair t;
  t.session_id = session_id;
  t.user_id = user_id;
  t.refresh_token = accounts::issue_refresh_token(c, session_id, now);
  t.access_token = tokens.sign({user_id, session_id, now, now + rt.options.auth.access_token_ttl_ms});
  t.expires_in_s = rt.options.auth.access_token_ttl_ms / 1000;
  return t;
}

}  // namespace

AuthService::AuthService(Runtime& rt)
    : rt_(rt), access_tokens_(std::make_unique<accounts::AccessTokens>(rt.signing_key)) {}

AuthService::~AuthService() = default;

TokenPair AuthService::login(const Actor& actor, const Credentials& cred) {
  const std::string email = accounts::normalize_email(cred.email);
  const auto& limits = rt_.options.auth;
  const auto account_key = accounts::account_throttle_key(email);
  const auto address_key = accounts::address_throttle_key(actor.origin.ip);
  auto c = rt_.db->acquire();
  accounts::check_throttle(*c, account_key, rt_.now());
  if (!actor.origin.ip.empty()) accounts::check_throttle(*c, address_key, rt_.now());

  auto user = accounts::find_user_by_email(*c, email);
  const bool password_ok = accounts::verify_password(
      cred.password, user ? user->password_hash : dummy_hash(rt_.options.password_hashing));

  auto fail = [&](Error error) -> Error {
    storage::Transaction tx(*c);
    accounts::record_failure(*c, account_key, rt_.now(), limits.free_failures, limits.max_lock_ms,
                             limits.max_account_failures);
    if (!actor.origin.ip.empty())
      accounts::record_failure(*c, address_key, rt_.now(), limits.free_failures_per_ip, limits.max_lock_ms, 0);
    accounts::audit(rt_, *c, "login.failed", actor, user ? user->user.id : 0);
    tx.commit();
    return error;
  };
  if (!user || !password_ok || user->user.status == UserStatus::deleted) throw fail(wrong_credentials());
  if (user->user.status == UserStatus::blocked) throw Error::permission_denied("this account is blocked");
  if (user->user.status == UserStatus::pending)
    throw Error::precondition("confirm your email address first: follow the link we sent you", "email");

  storage::Transaction tx(*c);
  if (user->totp_enabled_at) {
    if (!cred.totp_code && !cred.recovery_code) {
      // The password was right; the caller now needs the second factor.
      throw Error(ErrorCode::unauthenticated, "enter the code from your authenticator app", "totp_code");
    }
    if (!accounts::check_second_factor(rt_, *c, *user, cred.totp_code, cred.recovery_code)) {
      tx.commit();  // keep nothing but the failure below
      throw fail(Error(ErrorCode::unauthenticated, "the two-factor code is wrong or already used", "totp_code"));
    }
  }
  const auto now = rt_.now();
  accounts::SessionRecord s{rt_.next_id(), user->user.id, cred.device_name, actor.origin.user_agent,
                            actor.origin.ip, now, now, std::nullopt};
  accounts::insert_session(*c, s);
  if (accounts::needs_rehash(user->password_hash, rt_.options.password_hashing))
    accounts::set_password_hash(*c, user->user.id, accounts::hash_password(cred.password, rt_.options.password_hashing),
                                now);
  accounts::clear_throttle(*c, account_key);
  accounts::audit(rt_, *c, "login.succeeded", actor, user->user.id);
  auto tokens = issue_tokens(rt_, *access_tokens_, *c, user->user.id, s.id);
  tx.commit();
  return tokens;
}

TokenPair AuthService::refresh(const Actor& actor, const std::string& refresh_token) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto now = rt_.now();
  auto use = accounts::use_refresh_token(*c, refresh_token, now);
  if (use.outcome == accounts::RefreshOutcome::unknown)
    throw Error::unauthenticated("the refresh token is invalid; sign in again");
  auto session = accounts::find_session(*c, use.session_id);
  if (!session) throw Error::unauthenticated("the refresh token is invalid; sign in again");
  if (use.outcome == accounts::RefreshOutcome::reused) {
    // A rotated token came back: someone holds a copy. End the whole session.
    if (accounts::revoke_session(*c, session->id, "refresh_token_reused", now))
      accounts::audit(rt_, *c, "session.refresh_reuse", actor, session->user_id,
                      R"({"session":")" + format_id(IdKind::session, session->id) + "\"}");
    tx.commit();
    throw Error::unauthenticated("this refresh token was already used; the session has ended, sign in again");
  }
  const auto& limits = rt_.options.auth;
  auto user = accounts::find_user(*c, session->user_id);
  if (!accounts::is_live(*session, now, limits.session_idle_ms, limits.session_absolute_ms) || !user ||
      user->user.status != UserStatus::active)
    throw Error::unauthenticated("the session has ended; sign in again");
  accounts::touch_session(*c, session->id, now);
  auto tokens = issue_tokens(rt_, *access_tokens_, *c, session->user_id, session->id);
  tx.commit();
  return tokens;
}

void AuthService::logout(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (actor.session_id == 0) throw Error::precondition("there is no session to end (acting as a user has none)");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  accounts::revoke_session(*c, actor.session_id, "logout", rt_.now());
  accounts::audit(rt_, *c, "logout", actor, actor.user_id);
  tx.commit();
}

Actor AuthService::authenticate(const std::string& access_token, Origin origin) {
  const auto now = rt_.now();
  const auto claims = access_tokens_->verify(access_token, now);
  auto c = rt_.db->acquire();
  // The session is checked on every request, so that sign-out and blocking take effect at once.
  auto owner = accounts::find_session_owner(*c, claims.session_id);
  const auto& limits = rt_.options.auth;
  if (!owner || owner->session.user_id != claims.user_id ||
      !accounts::is_live(owner->session, now, limits.session_idle_ms, limits.session_absolute_ms))
    throw Error::unauthenticated("the session has ended; sign in again");
  if (owner->user_status != to_string(UserStatus::active)) throw Error::unauthenticated("the account cannot sign in");
  if (now - owner->session.last_seen_at >= kTouchEveryMs) {
    try {
      storage::Savepoint savepoint(*c);
      accounts::touch_session(*c, claims.session_id, now);
      savepoint.commit();
    } catch (const Error& e) {
      // Inside a read snapshot the update waits for no one: when another writer holds
      // the lock, the next request records the use instead.
      if (e.code() != ErrorCode::unavailable) throw;
    }
  }
  RoleSet roles{Role::user};
  for (std::string_view rest = owner->roles; !rest.empty();) {
    const auto comma = rest.find(',');
    if (auto role = role_from_string(rest.substr(0, comma))) roles.add(*role);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return Actor::user(claims.user_id, roles, claims.session_id, std::move(origin));
}

Actor AuthService::act_as(const std::string& who, Origin origin) {
  if (who == "system") {
    Actor a = Actor::system();
    a.origin = std::move(origin);
    return a;
  }
  auto c = rt_.db->acquire();
  auto user = who.starts_with("usr_") ? accounts::find_user(*c, parse_id(IdKind::user, who, "as"))
                                      : accounts::find_user_by_email(*c, accounts::normalize_email(who));
  if (!user || user->user.status == UserStatus::deleted) throw Error::not_found("no user " + who);
  if (user->user.status != UserStatus::active)
    throw Error::precondition("user " + who + " is " + std::string(to_string(user->user.status)), "as");
  return Actor::user(user->user.id, user->user.roles, 0, std::move(origin));
}

Page<SessionInfo> AuthService::sessions(const Actor& actor, std::optional<SessionPosition> after, int limit) {
  if (!actor.is_user()) throw Error::unauthenticated();
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  const auto& limits = rt_.options.auth;
  const accounts::Liveness live{rt_.now(), limits.session_idle_ms, limits.session_absolute_ms};
  std::vector<SessionInfo> rows;
  // One row more than asked tells whether a next page exists.
  for (auto& s : accounts::live_sessions(*c, actor.user_id, live, after, std::int64_t{limit} + 1))
    rows.push_back({s.id, s.device_name, s.user_agent, s.ip, s.created_at, s.last_seen_at, s.id == actor.session_id});
  return Page<SessionInfo>::from_rows(std::move(rows), limit);
}

void AuthService::revoke_session(const Actor& actor, std::int64_t session_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto s = accounts::find_session(*c, session_id);
  // Someone else's session is reported as missing: its existence is not theirs to learn.
  if (!s || s->user_id != actor.user_id || s->revoked_at) throw Error::not_found("no such session");
  accounts::revoke_session(*c, session_id, "revoked_by_user", rt_.now());
  accounts::audit(rt_, *c, "session.revoked", actor, actor.user_id,
                  R"({"session":")" + format_id(IdKind::session, session_id) + "\"}");
  tx.commit();
}

int AuthService::revoke_other_sessions(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  int n = accounts::revoke_all_sessions(*c, actor.user_id, actor.session_id, "revoked_by_user", rt_.now());
  accounts::audit(rt_, *c, "session.revoked_others", actor, actor.user_id, "{\"count\":" + std::to_string(n) + "}");
  tx.commit();
  return n;
}

}  // namespace fitkit

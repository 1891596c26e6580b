#include "accounts/session_store.hpp"

#include <limits>

#include "core/crypto.hpp"

namespace fitkit::accounts {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, user_id, device_name, user_agent, ip, created_at, last_seen_at, revoked_at FROM sessions";

SessionRecord read_session(const storage::Row& r) {
  return {r.i64(0), r.i64(1), r.opt_text(2).value_or(""), r.opt_text(3).value_or(""), r.opt_text(4).value_or(""),
          r.i64(5), r.i64(6), r.opt_i64(7)};
}

// now - span, saturated: a span longer than all of time reaches back to its start.
std::int64_t minus_saturated(std::int64_t now, std::int64_t span) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(now, span, &out))
    return span > 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  return out;
}

}  // namespace

void insert_session(storage::Connection& c, const SessionRecord& s) {
  c.exec("INSERT INTO sessions (id, user_id, device_name, user_agent, ip, created_at, last_seen_at)"
         " VALUES (?, ?, ?, ?, ?, ?, ?)",
         {s.id, s.user_id, s.device_name, s.user_agent, s.ip, s.created_at, s.last_seen_at});
}

std::optional<SessionRecord> find_session(storage::Connection& c, std::int64_t id) {
  static const std::string sql = std::string(kSelect) + " WHERE id = ?";
  std::optional<SessionRecord> out;
  c.query(sql, {id}, [&](const storage::Row& r) { out = read_session(r); });
  return out;
}

std::optional<SessionOwner> find_session_owner(storage::Connection& c, std::int64_t session_id) {
  // Built once per dialect; the roles come along so that a request costs one query here.
  auto sql_for = [](std::string_view agg) {
    return "SELECT s.id, s.user_id, s.device_name, s.user_agent, s.ip, s.created_at, s.last_seen_at, s.revoked_at,"
           " u.status, (SELECT " + std::string(agg) + "(r.role, ',') FROM user_roles r WHERE r.user_id = u.id)"
           " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?";
  };
  static const std::string sqlite_sql = sql_for(storage::string_agg_function("sqlite"));
  static const std::string postgres_sql = sql_for(storage::string_agg_function("postgresql"));
  std::optional<SessionOwner> out;
  c.query(c.dialect() == "postgresql" ? postgres_sql : sqlite_sql, {session_id}, [&](const storage::Row& r) {
    out = SessionOwner{read_session(r), r.text(8), r.opt_text(9).value_or("")};
  });
  return out;
}

bool is_live(const SessionRecord& s, std::int64_t now, std::int64_t idle_ms, std::int64_t absolute_ms) {
  return !s.revoked_at && now - s.last_seen_at < idle_ms && now - s.created_at < absolute_ms;
}

std::vector<SessionRecord> live_sessions(storage::Connection& c, std::int64_t user_id, const Liveness& live,
                                         std::optional<SessionPosition> after,
                                         std::int64_t max_rows) {
  // The test of is_live, as bounds: now - last_seen_at < idle_ms <=> last_seen_at > now - idle_ms.
  static const std::string live_sql =
      std::string(kSelect) + " WHERE user_id = ? AND revoked_at IS NULL AND last_seen_at > ? AND created_at > ?";
  static const std::string first_sql = live_sql + " ORDER BY created_at, id LIMIT ?";
  static const std::string next_sql = live_sql + " AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?";
  std::vector<storage::Param> params{user_id, minus_saturated(live.now, live.idle_ms),
                                     minus_saturated(live.now, live.absolute_ms)};
  if (after) {
    params.emplace_back(after->created_at);
    params.emplace_back(after->id);
  }
  params.emplace_back(max_rows);
  std::vector<SessionRecord> out;
  c.query(after ? next_sql : first_sql, params, [&](const storage::Row& r) { out.push_back(read_session(r)); });
  return out;
}

void touch_session(storage::Connection& c, std::int64_t id, std::int64_t now) {
  c.exec("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?", {now, id, now});
}

bool revoke_session(storage::Connection& c, std::int64_t id, std::string_view reason, std::int64_t now) {
  return c.exec("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL",
                {now, reason, id}) == 1;
}

int revoke_all_sessions(storage::Connection& c, std::int64_t user_id, std::int64_t keep, std::string_view reason,
                        std::int64_t now) {
  return static_cast<int>(c.exec("UPDATE sessions SET revoked_at = ?, revoke_reason = ?"
                                 " WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
                                 {now, reason, user_id, keep}));
}

std::string issue_refresh_token(storage::Connection& c, std::int64_t session_id, std::int64_t now) {
  std::string token = crypto::random_token(32);
  c.exec("INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)",
         {crypto::sha256_hex(token), session_id, now});
  return token;
}

RefreshUse use_refresh_token(storage::Connection& c, std::string_view token, std::int64_t now) {
  const auto hash = crypto::sha256_hex(token);
  RefreshUse use;
  auto session = c.query_i64("SELECT session_id FROM refresh_tokens WHERE token_hash = ?", {hash});
  if (!session) return use;
  use.session_id = *session;
  const bool won =
      c.exec("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", {now, hash}) == 1;
  use.outcome = won ? RefreshOutcome::fresh : RefreshOutcome::reused;
  return use;
}

}  // namespace fitkit::accounts

// Rows of sessions and their refresh tokens.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fitkit/accounts.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::accounts {

struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string device_name;
  std::string user_agent;
  std::string ip;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::optional<std::int64_t> revoked_at;
};

void insert_session(storage::Connection& c, const SessionRecord& s);
std::optional<SessionRecord> find_session(storage::Connection& c, std::int64_t id);

// What every authenticated request needs, in one query: the session and its user's state.
struct SessionOwner {
  SessionRecord session;
  std::string user_status;
  std::string roles;  // comma-separated, besides "user"
};
std::optional<SessionOwner> find_session_owner(storage::Connection& c, std::int64_t session_id);
// Which sessions are live at `now`: not revoked, idle for less than idle_ms, younger than absolute_ms.
struct Liveness {
  std::int64_t now = 0;
  std::int64_t idle_ms = 0;
  std::int64_t absolute_ms = 0;
};
// The user's live sessions by (created_at, id), after that pair when given, at most max_rows.
std::vector<SessionRecord> live_sessions(storage::Connection& c, std::int64_t user_id, const Liveness& live,
                                         std::optional<SessionPosition> after,
                                         std::int64_t max_rows);
bool is_live(const SessionRecord& s, std::int64_t now, std::int64_t idle_ms, std::int64_t absolute_ms);
void touch_session(storage::Connection& c, std::int64_t id, std::int64_t now);
// Ends one session; false if it was not live.
bool revoke_session(storage::Connection& c, std::int64_t id, std::string_view reason, std::int64_t now);
// Ends every session of the user but `keep` (0: none); returns how many ended.
int revoke_all_sessions(storage::Connection& c, std::int64_t user_id, std::int64_t keep, std::string_view reason,
                        std::int64_t now);

// Issues a new refresh token for the session; only its SHA-256 is stored.
std::string issue_refresh_token(storage::Connection& c, std::int64_t session_id, std::int64_t now);

enum class RefreshOutcome { fresh, unknown, reused };
struct RefreshUse {
  RefreshOutcome outcome = RefreshOutcome::unknown;
  std::int64_t session_id = 0;
};
// Marks a presented refresh token used, atomically: of two concurrent uses one
// is `fresh` and the other `reused`.
RefreshUse use_refresh_token(storage::Connection& c, std::string_view token, std::int64_t now);

}  // namespace fitkit::accounts

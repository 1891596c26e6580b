#include "accounts/throttle.hpp"

#include <algorithm>
#include <limits>

#include "fitkit/error.hpp"

namespace fitkit::accounts {

std::string account_throttle_key(std::string_view email) { return "acct:" + std::string(email); }
std::string address_throttle_key(std::string_view ip) { return "ip:" + std::string(ip); }

void check_throttle(storage::Connection& c, std::string_view key, std::int64_t now) {
  auto until = c.query_i64("SELECT locked_until FROM login_throttle WHERE throttle_key = ?", {key});
  if (until && *until > now)
    throw Error::rate_limited("too many failed sign-ins; try again later", *until - now);
}

void record_failure(storage::Connection& c, std::string_view key, std::int64_t now, int free_failures,
                    std::int64_t max_lock_ms, int hard_lock_after) {
  const int failures =
      static_cast<int>(c.query_i64("SELECT failures FROM login_throttle WHERE throttle_key = ?", {key}).value_or(0)) + 1;
  std::int64_t locked_until = 0;
  if (hard_lock_after > 0 && failures >= hard_lock_after) {
    locked_until = std::numeric_limits<std::int64_t>::max() / 2;  // until a password reset
  } else if (failures > free_failures) {
    const int doublings = std::min(failures - free_failures - 1, 30);
    locked_until = now + std::min<std::int64_t>(1000LL << doublings, max_lock_ms);
  }
  c.exec("INSERT INTO login_throttle (throttle_key, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)"
         " ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures,"
         " locked_until = excluded.locked_until, updated_at = excluded.updated_at",
         {key, failures, locked_until, now});
}

void clear_throttle(storage::Connection& c, std::string_view key) {
  c.exec("DELETE FROM login_throttle WHERE throttle_key = ?", {key});
}

}  // namespace fitkit::accounts

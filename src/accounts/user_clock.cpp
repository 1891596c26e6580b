#include "accounts/user_clock.hpp"

#include "accounts/time_zone.hpp"

namespace fitkit::accounts {

std::string user_time_zone(storage::Connection& c, std::int64_t user_id) {
  return c.query_text("SELECT time_zone FROM profiles WHERE user_id = ?", {user_id}).value_or("UTC");
}

std::string user_today(storage::Connection& c, std::int64_t user_id, std::int64_t now_ms) {
  return local_date(now_ms, user_time_zone(c, user_id));
}

}  // namespace fitkit::accounts

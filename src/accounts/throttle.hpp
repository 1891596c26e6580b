// Failed-login throttling per account and per address: free attempts, then a
// delay that doubles with each failure up to a cap, and for an account a hard
// lock after too many consecutive failures (cleared by a password reset).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::accounts {

std::string account_throttle_key(std::string_view email);
std::string address_throttle_key(std::string_view ip);

// Throws Error(rate_limited) with a retry-after while the key is locked.
void check_throttle(storage::Connection& c, std::string_view key, std::int64_t now);
void record_failure(storage::Connection& c, std::string_view key, std::int64_t now, int free_failures,
                    std::int64_t max_lock_ms, int hard_lock_after);
void clear_throttle(storage::Connection& c, std::string_view key);

}  // namespace fitkit::accounts

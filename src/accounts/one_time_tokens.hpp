// Single-use, expiring tokens sent by mail (email verification, password
// reset, email change). Only their SHA-256 is stored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/runtime.hpp"

namespace fitkit::accounts {

// Issues a new token and voids the user's earlier ones for the same purpose.
std::string issue_token(Runtime& rt, storage::Connection& c, std::int64_t user_id, std::string_view purpose,
                        std::int64_t ttl_ms, std::string_view payload = {});

struct RedeemedToken {
  std::int64_t user_id = 0;
  std::string payload;
};

// Marks the token used; an unknown, used or expired token throws invalid_argument("token").
RedeemedToken redeem_token(Runtime& rt, storage::Connection& c, std::string_view token, std::string_view purpose);

}  // namespace fitkit::accounts

// Re-authentication before a sensitive change (password, email, two-factor,
// deletion): the current password, under the same throttle as sign-in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/runtime.hpp"

namespace fitkit::accounts {

// Call before opening the change's transaction: a wrong password is recorded
// as a failed attempt that stays, then refused as invalid_argument(field);
// too many failures answer rate_limited, as sign-in does.
void reauthenticate(Runtime& rt, storage::Connection& c, std::int64_t user_id, std::string_view password,
                    const std::string& field = "password");

}  // namespace fitkit::accounts

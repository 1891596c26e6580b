// The second factor at sign-in: a TOTP code or a single-use recovery code.
#pragma once

#include <optional>
#include <string>

#include "accounts/user_store.hpp"
#include "core/runtime.hpp"

namespace fitkit::accounts {

// True if the code is right and unused; marks it used. Never throws for a wrong code.
bool check_second_factor(Runtime& rt, storage::Connection& c, const UserRecord& user,
                         const std::optional<std::string>& totp_code, const std::optional<std::string>& recovery_code);

}  // namespace fitkit::accounts

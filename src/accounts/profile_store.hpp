// Rows of profiles.
#pragma once

#include <optional>
#include <string>

#include "fitkit/storage.hpp"

namespace fitkit::accounts {

// Checks the nickname's form (3–30 letters, digits, '_', '.', '-') and
// uniqueness (case-insensitive); throws invalid_argument or already_exists.
void create_profile(storage::Connection& c, std::int64_t user_id, const std::optional<std::string>& nickname,
                    std::int64_t now);
std::string nickname_of(storage::Connection& c, std::int64_t user_id);
void check_nickname(std::string_view nickname);
// Checks the form, then throws already_exists if another account uses the nickname.
void check_nickname_free(storage::Connection& c, std::string_view nickname);

}  // namespace fitkit::accounts

// A user's gear, gone with their account.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fitkit/storage.hpp"

namespace fitkit::gear {

// Deletes the user's items (with their collections, installs, notices and reviews), usage log,
// defaults and category limits inside the caller's transaction; returns the blob keys of the
// items' photos for the caller to remove once it has committed.
std::vector<std::string> delete_user_gear(storage::Connection& c, std::int64_t user_id);

}  // namespace fitkit::gear

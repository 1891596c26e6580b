// A user's gear in their account export, and gone with their account.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/actor.hpp"
#include "fitkit/storage.hpp"

namespace fitkit {
struct Runtime;
}

namespace fitkit::gear {

// Every item of the signed-in user (in use and archived) with its review and photo (base64),
// the usage log, the default items per sport and the category limits:
// {"gear": [...], "gear_usage_log": [...], "gear_defaults": [...], "gear_category_limits": [...]}.
// Reads through GearService, each read on a connection of its own.
nlohmann::ordered_json export_user_gear(Runtime& rt, const Actor& actor);

// Deletes the user's items (with their collections, installs, notices and reviews), usage log,
// defaults and category limits inside the caller's transaction; returns the blob keys of the
// items' photos for the caller to remove once it has committed.
std::vector<std::string> delete_user_gear(storage::Connection& c, std::int64_t user_id);

}  // namespace fitkit::gear

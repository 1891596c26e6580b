// The JSON shapes of domain objects, shared by the operations.
#pragma once

#include "api/registry.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit::api {

Json user_json(const User& u);
Json profile_json(const Profile& p);
Json roles_json(const RoleSet& roles);
Json time_json(std::int64_t epoch_ms);  // RFC 3339 text; null for 0
// A list result: {"items": [...], "next_cursor": "..." or null}.
Json page_json(Json items, std::optional<std::string> next_cursor);

}  // namespace fitkit::api

// Reading organisations and memberships, and the rules of their fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "events/events_policy.hpp"
#include "fitkit/organisations.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

std::optional<Organisation> find_organisation(storage::Connection& c, std::int64_t org_id, std::int64_t viewer_id);
// The organisation, or not_found.
Organisation existing_organisation(storage::Connection& c, std::int64_t org_id, std::int64_t viewer_id);

// The user's role in the organisation, if a member.
policy::OrgRole org_role(storage::Connection& c, std::int64_t org_id, std::int64_t user_id);
std::int64_t owner_count(storage::Connection& c, std::int64_t org_id);

// What a person is called to others: their nickname, else their first and last name, else
// their public id.
std::string display_name(storage::Connection& c, std::int64_t user_id);

// The blob store key of the organisation's logo: "orgs/org_…/logo".
std::string logo_key(std::int64_t org_id);

void check_organisation_kind(std::string_view kind);
void check_organisation_role(std::string_view role);

}  // namespace fitkit::events

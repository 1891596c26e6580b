// The JSON shapes of organisations, events and contests (docs/events.md), and the nested parts
// of an event read from JSON with errors that name the field.
#pragma once

#include <nlohmann/json.hpp>

#include "fitkit/events.hpp"
#include "fitkit/organisations.hpp"

namespace fitkit::events {

using Json = nlohmann::ordered_json;

Json organisation_json(const Organisation& o);
Json member_json(const OrganisationMember& m);
Json contest_json(const Contest& k, const std::optional<std::string>& currency);
// Without `full`, the catalogue's summary: no rules, schedule, awards or contests' details.
Json event_json(const Event& e, bool full = true);
Json category_json(const EventCategory& c);

EventPlace place_from(const Json& j);
EventAudience audience_from(const Json& j);
EventRequirements requirements_from(const Json& j);
std::vector<ScheduleItem> schedule_from(const Json& j);
std::vector<Award> awards_from(const Json& j);
std::vector<AgeFee> age_fees_from(const Json& j);
std::vector<RankingCategory> categories_from(const Json& j);

}  // namespace fitkit::events

// The JSON shapes of announcements and questions (docs/event-messages.md).
#pragma once

#include <nlohmann/json.hpp>

#include "fitkit/event_messages.hpp"

namespace fitkit::events {

nlohmann::ordered_json announcement_json(const EventAnnouncement& a);
nlohmann::ordered_json question_json(const EventQuestion& q);

}  // namespace fitkit::events

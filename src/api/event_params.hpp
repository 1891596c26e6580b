// The parameters that name an event and its parts, shared by the events' operations
// (ops_events, ops_registrations, ops_participants, ops_event_messages, ops_results).
#pragma once

#include "api/registry.hpp"

namespace fitkit::api {

inline const ParamSpec kEventId{"event_id", ParamType::id, true, "evt_… id", IdKind::event};
inline const ParamSpec kRegistrationId{"registration_id", ParamType::id, true, "reg_… id", IdKind::registration};

inline std::int64_t event_id(const Json& p) { return id(p, "event_id", IdKind::event); }
inline std::int64_t registration_id(const Json& p) { return id(p, "registration_id", IdKind::registration); }

}  // namespace fitkit::api

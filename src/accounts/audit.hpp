// The audit log of security events: written in the same transaction as the event.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/runtime.hpp"
#include "fitkit/actor.hpp"

namespace fitkit::accounts {

// `detail` is a JSON object as text; it never holds a password, token or code.
void audit(Runtime& rt, storage::Connection& c, std::string_view event, const Actor& actor,
           std::int64_t subject_id, std::string_view detail = "{}");

}  // namespace fitkit::accounts

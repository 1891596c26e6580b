// What fitkit_t and fitkit_actor_t are behind the C API: a Platform, and an
// Actor with its public id kept as text for fitkit_actor_user_id().
#pragma once

#include <memory>
#include <string>

#include "fitkit/actor.hpp"
#include "fitkit/platform.hpp"

// The handle adds no state of its own to the Platform, which is safe to share
// between threads; so the handle is too.
struct fitkit_handle {
  std::unique_ptr<fitkit::Platform> platform;
};

// A value: it does not refer to the handle that made it and may outlive it. It keeps what
// made it, and each call checks it again, as HTTP does per request: a session logged out
// or a user suspended since stops acting at once.
struct fitkit_actor {
  std::string access_token;  // made by fitkit_authenticate
  std::string as_user;       // made by fitkit_act_as
  std::string user_id;       // "usr_..."; empty for the system
};

namespace fitkit::capi {

// Sessions and the audit log see C API callers as this program.
Origin local_origin();

}  // namespace fitkit::capi

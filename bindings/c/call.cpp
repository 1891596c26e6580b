// Running operations and making actors through the C API.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/registry.hpp"
#include "handles.hpp"
#include "fitkit/id.hpp"
#include "last_error.hpp"
#include "results.hpp"

namespace fitkit::capi {
namespace {

// Refuses parameters that are not one JSON object before the platform parses them,
// so that "[1]" is refused the same way whatever the operation and the caller.
void check_params(std::string_view params) {
  if (params.empty()) return;
  auto first = params.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && params[first] == '{') return;  // the platform parses the rest
  if (nlohmann::json::accept(params)) throw Error::invalid("", "the parameters must be a JSON object");
  throw Error::invalid("", "the parameters are not valid JSON");
}

void check_operation(std::string_view name) {
  if (!api::registry().find(name))
    throw Error::invalid("", "no operation named '" + std::string(name) + "' (fitkit_operations lists them)");
}

fitkit_actor* make_actor(const Actor& actor, std::string access_token, std::string as_user) {
  auto out = std::make_unique<fitkit_actor>();
  if (actor.is_user()) out->user_id = format_id(IdKind::user, actor.user_id);
  out->access_token = std::move(access_token);
  out->as_user = std::move(as_user);
  return out.release();
}

// Who the actor is now: its token or user checked again.
Actor current_actor(Platform& platform, const fitkit_actor* actor) {
  if (!actor) return Actor::anonymous(local_origin());
  if (!actor->access_token.empty()) return platform.authenticate(actor->access_token, local_origin());
  return platform.act_as(actor->as_user, local_origin());
}

}  // namespace
}  // namespace fitkit::capi

using namespace fitkit;

extern "C" {

int fitkit_call(fitkit_t* handle, const fitkit_actor_t* actor, const char* operation, const char* json_params,
                char** out) {
  if (out) *out = nullptr;
  return capi::guarded([&] {
    capi::require(out, "out");
    capi::require(handle, "handle");
    capi::require(operation, "operation");
    const std::string_view params = json_params ? json_params : "";
    capi::check_operation(operation);
    capi::check_params(params);
    const Actor caller = capi::current_actor(*handle->platform, actor);
    *out = capi::copy_out(handle->platform->call(operation, caller, params));
  });
}

int fitkit_authenticate(fitkit_actor_t** out, fitkit_t* handle, const char* access_token) {
  if (out) *out = nullptr;
  return capi::guarded([&] {
    capi::require(out, "out");
    capi::require(handle, "handle");
    capi::require(access_token, "access_token");
    *out = capi::make_actor(handle->platform->authenticate(access_token, capi::local_origin()), access_token, {});
  });
}

int fitkit_act_as(fitkit_actor_t** out, fitkit_t* handle, const char* user) {
  if (out) *out = nullptr;
  return capi::guarded([&] {
    capi::require(out, "out");
    capi::require(handle, "handle");
    capi::require(user, "user");
    *out = capi::make_actor(handle->platform->act_as(user, capi::local_origin()), {}, user);
  });
}

const char* fitkit_actor_user_id(const fitkit_actor_t* actor) { return actor ? actor->user_id.c_str() : ""; }

void fitkit_actor_free(fitkit_actor_t* actor) { delete actor; }

}  // extern "C"

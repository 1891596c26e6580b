// The OpenAPI 3.1 description of the HTTP API, generated from the registry.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/registry.hpp"

namespace fitkit::api {

// One path item per operation path, operationId = the dotted operation name;
// errors are RFC 9457 problems; signed-in operations need a bearer token.
Json openapi_document(const Registry& registry, const std::string& server_url);

}  // namespace fitkit::api

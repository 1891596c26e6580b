// The OpenAPI 3.1 description of the HTTP API, generated from the registry.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/registry.hpp"

namespace fitkit::api {

// One path item per operation path, operationId = the dotted operation name,
// tag = its first segment. Errors are RFC 9457 problems; signed-in operations
// need a bearer token; the HTTP conventions (X-Request-Id, ETag with
// If-None-Match and If-Match, Idempotency-Key, Link, RateLimit, Retry-After)
// are described once in `components` and referred to. Deterministic: the same
// registry and URL give the same document.
Json openapi_document(const Registry& registry, const std::string& server_url);

// The description of a tag (an operation name's first segment), if it has one
// written; the document falls back to a generic line.
std::optional<std::string> openapi_tag_description(std::string_view tag);

}  // namespace fitkit::api

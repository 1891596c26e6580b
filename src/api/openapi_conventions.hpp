// The HTTP conventions every operation of the OpenAPI document shares: the
// request and response header fields, the error responses (RFC 9457 problems)
// and the components they are defined in once and referred to by $ref.
#pragma once

#include "api/registry.hpp"

namespace fitkit::api::openapi {

// "#/components/<kind>/<name>" as a reference object.
Json ref(const char* kind, const char* name);

// The `components` object: schemas, parameters, headers, responses, securitySchemes.
Json components();

// The header parameters an operation with this method takes: X-Request-Id always,
// If-None-Match on GET, If-Match on PUT, PATCH and DELETE, Idempotency-Key on every write.
Json header_parameters(HttpMethod method);

// The header fields of a successful answer: X-Request-Id and the rate-limit
// fields always, ETag on GET, Link when the operation pages with a cursor,
// Idempotency-Replayed on writes.
Json success_headers(HttpMethod method, bool paged);

// The `responses` of an operation: 200 with `success_schema`, 304 on GET, the
// 4xx and 5xx problems that can happen to it, and `default` for the rest.
struct ResponseShape {
  HttpMethod method = HttpMethod::get;
  bool list = false;            // the answer is a page: {"items": [...], "next_cursor": ...}
  bool paged = false;           // takes a cursor parameter: Link to the next page
  bool names_resource = false;  // the path names something by id (404 when it does not exist)
};
Json operation_responses(const ResponseShape& shape, const std::string& success_description);

// The schema of a successful answer: a page for lists, else an object.
Json success_schema(bool list);

// `default`: any other error, as a problem.
Json default_response();

}  // namespace fitkit::api::openapi

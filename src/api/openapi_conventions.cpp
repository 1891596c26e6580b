#include "api/openapi_conventions.hpp"

#include <string>

#include "fitkit/error.hpp"

namespace fitkit::api::openapi {
namespace {

constexpr const char* kProblemType = "application/problem+json";

bool is_write(HttpMethod m) { return m != HttpMethod::get; }
bool is_conditional_update(HttpMethod m) {
  return m == HttpMethod::put || m == HttpMethod::patch || m == HttpMethod::del;
}

Json header_parameter(const char* name, const char* description, Json schema) {
  return {{"name", name}, {"in", "header"}, {"required", false}, {"description", description}, {"schema", schema}};
}

Json header(const char* description, Json schema) { return {{"description", description}, {"schema", schema}}; }

Json string_schema() { return {{"type", "string"}}; }

// Every answer, success or not, carries the request's id.
Json with_request_id(Json headers) {
  Json out{{"X-Request-Id", ref("headers", "X-Request-Id")}};
  for (auto& [name, value] : headers.items()) out[name] = value;
  return out;
}

Json problem_response(const char* description, Json headers = Json::object()) {
  return {{"description", description},
          {"headers", with_request_id(std::move(headers))},
          {"content", {{kProblemType, {{"schema", ref("schemas", "Problem")}}}}}};
}

Json problem_schema() {
  Json codes = Json::array();
  for (ErrorCode c : {ErrorCode::invalid_argument, ErrorCode::not_found, ErrorCode::already_exists,
                      ErrorCode::conflict, ErrorCode::permission_denied, ErrorCode::unauthenticated,
                      ErrorCode::failed_precondition, ErrorCode::rate_limited, ErrorCode::unavailable,
                      ErrorCode::internal})
    codes.push_back(to_string(c));
  return {
      {"type", "object"},
      {"description", "An error, as RFC 9457 problem details."},
      {"required", {"type", "title", "status", "code"}},
      {"properties",
       {
           {"type", {{"type", "string"}, {"format", "uri"}, {"description", "urn:fitkit:problem:<code>"}}},
           {"title", {{"type", "string"}, {"description", "a short summary of the kind of error"}}},
           {"status", {{"type", "integer"}, {"description", "the HTTP status"}}},
           {"detail", {{"type", "string"}, {"description", "what went wrong and what to do about it"}}},
           {"code",
            {{"type", "string"},
             {"description", "the fitkit error code; the HTTP layer adds bad_request, method_not_allowed, "
                             "payload_too_large, unsupported_media_type, request_header_fields_too_large, "
                             "precondition_failed, idempotency_key_in_use, idempotency_key_reused and "
                             "origin_not_allowed"},
             {"examples", codes}}},
           {"field", {{"type", "string"}, {"description", "the offending parameter, when there is one"}}},
           {"request_id", {{"type", "string"}, {"description", "the request's id, as in X-Request-Id"}}},
       }},
  };
}

Json page_schema() {
  return {{"type", "object"},
          {"description", "One page of a list; pass next_cursor back as the cursor parameter for the next one."},
          {"required", {"items", "next_cursor"}},
          {"properties",
           {{"items", {{"type", "array"}, {"description", "the entries of this page"}}},
            {"next_cursor",
             {{"type", {"string", "null"}}, {"description", "set when the page is full; null on the last page"}}}}}};
}

Json parameters() {
  return {
      {"RequestId", header_parameter("X-Request-Id",
                                     "An id for this request, chosen by the client: the answer, its problem "
                                     "document and the server's access log carry it. Without one, or with one that "
                                     "does not fit the pattern, the server makes one.",
                                     {{"type", "string"}, {"pattern", "^[A-Za-z0-9._-]{1,128}$"}})},
      {"IfNoneMatch", header_parameter("If-None-Match",
                                       "The ETag of an earlier answer: if the resource has not changed since, the "
                                       "answer is 304 with no body.",
                                       string_schema())},
      {"IfMatch", header_parameter("If-Match",
                                   "The ETag of the version this change is based on: if the resource has changed "
                                   "since, the answer is 412 and nothing changes.",
                                   string_schema())},
      {"IdempotencyKey",
       header_parameter("Idempotency-Key",
                        "A unique key (a UUID, say) that makes retrying this request safe: for 24 hours, a repeat "
                        "by the same caller with the same key and the same request gets the first answer again "
                        "(with Idempotency-Replayed: true) without doing it twice. The same key with a different "
                        "request is 422; while the first request still runs, 409.",
                        {{"type", "string"}, {"pattern", "^[ -~]{1,255}$"}})},
  };
}

Json headers() {
  return {
      {"X-Request-Id", header("The request's id: the client's X-Request-Id, or one the server made.", string_schema())},
      {"ETag", header("The version of the resource (a strong entity tag), for If-None-Match and If-Match.",
                      string_schema())},
      {"Idempotency-Replayed",
       header("`true` when this is the stored first answer to a request with the same Idempotency-Key.",
              {{"type", "string"}, {"const", "true"}})},
      {"Link", header("RFC 8288: rel=\"next\" is the URL of the next page (this one's query with cursor set "
                      "to next_cursor), when there is one.",
                      string_schema())},
      {"RateLimit", header("The caller's quota left in the current window (IETF RateLimit header fields), "
                           "e.g. `\"default\";r=42;t=30`.",
                           string_schema())},
      {"RateLimit-Policy", header("The quota policy that applies (IETF RateLimit header fields), "
                                  "e.g. `\"default\";q=100;w=60`.",
                                  string_schema())},
      {"Retry-After", header("Seconds to wait before trying again.", {{"type", "integer"}, {"minimum", 0}})},
      {"WWW-Authenticate",
       header("The bearer challenge; error=\"invalid_token\" when the token sent is not valid.", string_schema())},
  };
}

Json responses() {
  Json rate_limit{{"Retry-After", ref("headers", "Retry-After")},
                  {"RateLimit", ref("headers", "RateLimit")},
                  {"RateLimit-Policy", ref("headers", "RateLimit-Policy")}};
  return {
      {"NotModified",
       {{"description", "Not modified: the resource still has the ETag given in If-None-Match."},
        {"headers", with_request_id({{"ETag", ref("headers", "ETag")}})}}},
      {"BadRequest", problem_response("A parameter is missing, unknown or invalid (invalid_argument), or the "
                                      "request is not valid HTTP (bad_request).")},
      {"Unauthenticated",
       problem_response("No valid bearer token: missing where one is needed, malformed, expired, or its session "
                        "has ended.",
                        {{"WWW-Authenticate", ref("headers", "WWW-Authenticate")}})},
      {"PermissionDenied", problem_response("The caller may not do this (permission_denied).")},
      {"NotFound", problem_response("What the path names does not exist, or is not visible to the caller.")},
      {"Conflict", problem_response("It exists already (already_exists), clashes with the current state "
                                    "(conflict), or a request with the same Idempotency-Key is still running "
                                    "(idempotency_key_in_use).")},
      {"PreconditionFailed",
       problem_response("The resource has changed since the ETag given in If-Match (precondition_failed); "
                        "nothing was changed. The answer's ETag is the current one.",
                        {{"ETag", ref("headers", "ETag")}})},
      {"UnprocessableContent",
       problem_response("The request cannot be done in the current state (failed_precondition), or its "
                        "Idempotency-Key was already used for a different request (idempotency_key_reused).")},
      {"TooManyRequests", problem_response("Too many requests (rate_limited): wait Retry-After seconds.", rate_limit)},
      {"ServiceUnavailable",
       problem_response("The server or its database cannot answer now (unavailable).",
                        {{"Retry-After", ref("headers", "Retry-After")}})},
  };
}

}  // namespace

Json ref(const char* kind, const char* name) {
  return {{"$ref", std::string("#/components/") + kind + "/" + name}};
}

Json components() {
  return {
      {"schemas", {{"Problem", problem_schema()}, {"Page", page_schema()}}},
      {"parameters", parameters()},
      {"headers", headers()},
      {"responses", responses()},
      {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
  };
}

Json header_parameters(HttpMethod method) {
  Json out = Json::array({ref("parameters", "RequestId")});
  if (method == HttpMethod::get) out.push_back(ref("parameters", "IfNoneMatch"));
  if (is_conditional_update(method)) out.push_back(ref("parameters", "IfMatch"));
  if (is_write(method)) out.push_back(ref("parameters", "IdempotencyKey"));
  return out;
}

Json success_headers(HttpMethod method, bool paged) {
  Json out{{"X-Request-Id", ref("headers", "X-Request-Id")}};
  if (method == HttpMethod::get) out["ETag"] = ref("headers", "ETag");
  if (paged) out["Link"] = ref("headers", "Link");
  if (is_write(method)) out["Idempotency-Replayed"] = ref("headers", "Idempotency-Replayed");
  out["RateLimit"] = ref("headers", "RateLimit");
  out["RateLimit-Policy"] = ref("headers", "RateLimit-Policy");
  return out;
}

Json success_schema(bool list) { return list ? ref("schemas", "Page") : Json{{"type", "object"}}; }

Json default_response() {
  return {{"description", "Any other error"},
          {"headers", with_request_id(Json::object())},
          {"content", {{kProblemType, {{"schema", ref("schemas", "Problem")}}}}}};
}

Json operation_responses(const ResponseShape& shape, const std::string& success_description) {
  Json out{{"200",
            {{"description", success_description},
             {"headers", success_headers(shape.method, shape.paged)},
             {"content", {{"application/json", {{"schema", success_schema(shape.list)}}}}}}}};
  if (shape.method == HttpMethod::get) out["304"] = ref("responses", "NotModified");
  out["400"] = ref("responses", "BadRequest");
  out["401"] = ref("responses", "Unauthenticated");
  out["403"] = ref("responses", "PermissionDenied");
  if (shape.names_resource) out["404"] = ref("responses", "NotFound");
  if (is_write(shape.method)) out["409"] = ref("responses", "Conflict");
  if (is_conditional_update(shape.method)) out["412"] = ref("responses", "PreconditionFailed");
  if (is_write(shape.method)) out["422"] = ref("responses", "UnprocessableContent");
  out["429"] = ref("responses", "TooManyRequests");
  out["503"] = ref("responses", "ServiceUnavailable");
  out["default"] = default_response();
  return out;
}

}  // namespace fitkit::api::openapi

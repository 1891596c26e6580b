#include "api/openapi.hpp"

#include <algorithm>
#include <set>

#include "fitkit/error.hpp"

namespace fitkit::api {
namespace {

constexpr const char* kVersion = "0.1.0";
constexpr const char* kProblemRef = "#/components/schemas/Problem";

bool has_body(HttpMethod m) { return m == HttpMethod::post || m == HttpMethod::put || m == HttpMethod::patch; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Json schema_of(const ParamSpec& p, bool in_query) {
  Json s;
  switch (p.type) {
    case ParamType::string:
      s = {{"type", "string"}, {"maxLength", p.max_length}};
      break;
    case ParamType::id:
      s = {{"type", "string"}};
      if (p.id_kind) s["pattern"] = "^" + std::string(id_prefix(*p.id_kind)) + "_[0-9A-HJKMNP-TV-Z]{13}$";
      break;
    case ParamType::integer:
      s = {{"type", "integer"}, {"format", "int64"}};
      break;
    case ParamType::number:
      s = {{"type", "number"}};
      break;
    case ParamType::boolean:
      s = {{"type", "boolean"}};
      break;
    case ParamType::array:
      // In a query string the items are comma-separated text.
      s = {{"type", "array"}, {"items", in_query ? Json{{"type", "string"}} : Json::object()}};
      break;
    case ParamType::object:
      s = {{"type", "object"}};
      break;
  }
  if (p.secret) {
    s["format"] = "password";
    s["writeOnly"] = true;
  }
  return s;
}

Json parameter(const ParamSpec& p, const char* in, bool required) {
  Json param{{"name", p.name}, {"in", in}, {"required", required}, {"schema", schema_of(p, true)}};
  if (!p.help.empty()) param["description"] = p.help;
  if (p.type == ParamType::array) {
    param["style"] = "form";
    param["explode"] = false;
  }
  return param;
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
           {"title", {{"type", "string"}}},
           {"status", {{"type", "integer"}, {"description", "the HTTP status"}}},
           {"detail", {{"type", "string"}, {"description", "what went wrong and what to do about it"}}},
           {"code",
            {{"type", "string"},
             {"description", "the fitkit error code; the HTTP layer adds bad_request, method_not_allowed, "
                             "payload_too_large, unsupported_media_type and request_header_fields_too_large"},
             {"examples", codes}}},
           {"field", {{"type", "string"}, {"description", "the offending parameter, when there is one"}}},
       }},
  };
}

Json responses(const char* success_description) {
  return {
      {"200", {{"description", success_description}, {"content", {{"application/json", {{"schema", Json::object()}}}}}}},
      {"default",
       {{"description", "An error"},
        {"content", {{"application/problem+json", {{"schema", {{"$ref", kProblemRef}}}}}}}}},
  };
}

Json operation_object(const Operation& op) {
  const auto path_params = path_parameters(op.path);
  auto in_path = [&](const std::string& name) {
    return std::find(path_params.begin(), path_params.end(), name) != path_params.end();
  };
  Json o{
      {"operationId", op.name},
      {"summary", op.summary},
      {"tags", {op.name.substr(0, op.name.find('.'))}},
      {"responses", responses("The operation's result")},
  };
  Json parameters = Json::array();
  Json properties = Json::object();
  Json required = Json::array();
  for (const auto& p : op.params) {
    if (in_path(p.name)) {
      parameters.push_back(parameter(p, "path", true));
    } else if (!has_body(op.method)) {
      parameters.push_back(parameter(p, "query", p.required));
    } else {
      Json s = schema_of(p, false);
      if (!p.help.empty()) s["description"] = p.help;
      properties[p.name] = std::move(s);
      if (p.required) required.push_back(p.name);
    }
  }
  if (!parameters.empty()) o["parameters"] = std::move(parameters);
  if (has_body(op.method) && !properties.empty()) {
    Json schema{{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
    const bool any_required = !required.empty();
    if (any_required) schema["required"] = std::move(required);
    o["requestBody"] = {{"required", any_required},
                        {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
  }
  if (op.access == Access::signed_in) o["security"] = Json::array({{{"bearer", Json::array()}}});
  return o;
}

Json plain_get(const char* id, const char* summary, const char* tag) {
  return {{"get", {{"operationId", id}, {"summary", summary}, {"tags", {tag}}, {"responses", responses(summary)}}}};
}

}  // namespace

Json openapi_document(const Registry& registry, const std::string& server_url) {
  Json paths = Json::object();
  std::set<std::string> tags;
  for (const Operation& op : registry.all()) {
    if (op.path.empty()) continue;  // not served over HTTP
    paths[op.path][lower(to_string(op.method))] = operation_object(op);
    tags.insert(op.name.substr(0, op.name.find('.')));
  }
  paths["/healthz"] = plain_get("healthz", "Whether the server and its database answer", "server");
  paths["/openapi.json"] = plain_get("openapi", "This document", "server");
  tags.insert("server");
  Json tag_list = Json::array();
  for (const auto& t : tags) tag_list.push_back({{"name", t}});
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "fitkit"},
        {"version", kVersion},
        {"description", "The HTTP API of fitkit (`fitctl serve`): JSON in and out, bearer tokens, "
                        "errors as application/problem+json."}}},
      {"servers", {{{"url", server_url}}}},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", {{"Problem", problem_schema()}}},
        {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
  };
}

}  // namespace fitkit::api

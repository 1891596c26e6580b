#include "api/openapi.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "api/openapi_conventions.hpp"

namespace fitkit::api {
namespace {

constexpr const char* kVersion = "0.1.0";
constexpr const char* kServerTag = "server";

bool has_body(HttpMethod m) { return m == HttpMethod::post || m == HttpMethod::put || m == HttpMethod::patch; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string tag_of(const Operation& op) { return op.name.substr(0, op.name.find('.')); }

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
    case ParamType::file:
      s = {{"type", "string"}, {"format", "byte"}};  // base64 in JSON; multipart/form-data takes it binary
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

// Signed-in operations need the bearer token; the others take one when sent
// (it is checked, and decides what the caller may see), hence the empty alternative.
Json security_of(Access access) {
  Json bearer{{"bearer", Json::array()}};
  if (access == Access::signed_in) return Json::array({bearer});
  return Json::array({Json::object(), bearer});
}

Json operation_object(const Operation& op) {
  const auto path_params = path_parameters(op.path);
  auto in_path = [&](const std::string& name) {
    return std::find(path_params.begin(), path_params.end(), name) != path_params.end();
  };
  Json o{
      {"operationId", op.name},
      {"summary", op.summary},
      {"tags", {tag_of(op)}},
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
  for (auto& h : openapi::header_parameters(op.method)) parameters.push_back(std::move(h));
  o["parameters"] = std::move(parameters);
  if (has_body(op.method) && !properties.empty()) {
    Json schema{{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
    const bool any_required = !required.empty();
    if (any_required) schema["required"] = std::move(required);
    Json content{{"application/json", {{"schema", schema}}}};
    const auto file = std::find_if(op.params.begin(), op.params.end(),
                                   [](const ParamSpec& p) { return p.type == ParamType::file; });
    if (file != op.params.end()) {
      // An upload: the same fields as form parts with the file binary, or the file's bytes alone.
      Json form = schema;
      form["properties"][file->name] = {{"type", "string"}, {"format", "binary"}, {"description", file->help}};
      content["multipart/form-data"] = {{"schema", std::move(form)}};
      content["application/octet-stream"] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
    }
    o["requestBody"] = {{"required", any_required}, {"content", std::move(content)}};
  }
  const bool takes_cursor = std::any_of(op.params.begin(), op.params.end(),
                                        [](const ParamSpec& p) { return p.name == "cursor"; });
  const openapi::ResponseShape shape{op.method, op.method == HttpMethod::get && !op.list_field.empty(),
                                     op.method == HttpMethod::get && takes_cursor, !path_params.empty()};
  o["responses"] = openapi::operation_responses(shape, "The operation's result");
  if (op.returns_file) {
    // The file itself; its real type comes in Content-Type, its name in Content-Disposition.
    o["responses"]["200"]["content"] = {
        {"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
    o["responses"]["200"]["headers"]["Content-Disposition"] = {
        {"description", "the file's name"}, {"schema", {{"type", "string"}}}};
  }
  o["security"] = security_of(op.access);
  return o;
}

// /healthz and /openapi.json: served by the HTTP layer itself, to anyone.
Json healthz() {
  Json status{{"type", "object"},
              {"required", {"status"}},
              {"properties", {{"status", {{"type", "string"}, {"const", "ok"}}}}}};
  Json ok{{"description", "The server and its database answer"},
          {"headers", {{"X-Request-Id", openapi::ref("headers", "X-Request-Id")}}},
          {"content", {{"application/json", {{"schema", std::move(status)}}}}}};
  return {{"operationId", "healthz"},
          {"summary", "Whether the server and its database answer"},
          {"tags", {kServerTag}},
          {"parameters", Json::array({openapi::ref("parameters", "RequestId")})},
          {"responses",
           {{"200", std::move(ok)},
            {"400", openapi::ref("responses", "BadRequest")},
            {"503", openapi::ref("responses", "ServiceUnavailable")},
            {"default", openapi::default_response()}}},
          {"security", Json::array()}};
}

Json openapi_itself() {
  Json ok{{"description", "This document"},
          {"headers",
           {{"X-Request-Id", openapi::ref("headers", "X-Request-Id")}, {"ETag", openapi::ref("headers", "ETag")}}},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  return {{"operationId", "openapi"},
          {"summary", "This document: the OpenAPI 3.1 description of the API"},
          {"tags", {kServerTag}},
          {"parameters", openapi::header_parameters(HttpMethod::get)},
          {"responses",
           {{"200", std::move(ok)},
            {"304", openapi::ref("responses", "NotModified")},
            {"400", openapi::ref("responses", "BadRequest")},
            {"default", openapi::default_response()}}},
          {"security", Json::array()}};
}

// One line per tag (an operation name's first segment), for readers of the document.
const std::map<std::string, std::string, std::less<>>& tag_descriptions() {
  static const std::map<std::string, std::string, std::less<>> descriptions{
      {"account", "Your account's data as a whole: export everything, delete it for good"},
      {"audit", "The security audit log (admins)"},
      {"auth", "Registration, email verification, signing in and out, tokens, passwords, two-factor sign-in"},
      {"exercises", "The exercise library: read by anyone, edited and imported by admins"},
      {"events", "Events and their contests, their status, the catalogue that finds them, and registration for them"},
      {"gear", "Your gear, its usage and wear limits, reviews, and the public catalogue of reviews"},
      {"metrics", "Your body metrics by day: weight, height, resting heart rate"},
      {"notifications", "Your notifications, and which of them reach you on which channel"},
      {"orgs", "Organisations (federations, clubs, brands) and their members' roles"},
      {"payments", "The payment provider's signed webhooks"},
      {"phone", "Your verified phone number"},
      {"plans", "Your planned workouts by day, and the workouts that completed them"},
      {"profile", "Your own profile and avatar, and who may read your medical notes"},
      {"profiles", "Other people's profiles and avatars, as far as their privacy lets you see them"},
      {"server", "The server itself: its health and this document"},
      {"sessions", "Your signed-in sessions (devices)"},
      {"templates", "Your structured workout templates, and their export as FIT workout files"},
      {"users", "Accounts as admins manage them: create, block, roles, delete"},
      {"workouts", "Workouts: by hand or imported from FIT, GPX and TCX files; exports, pictures, records, totals, "
                   "training load, and what others may see of them"},
      {"zones", "Your heart-rate and power zones, and the values behind them"},
  };
  return descriptions;
}

// Every $ref into #/components/ in `node`, as "kind/name".
void collect_refs(const Json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    auto r = node.find("$ref");
    if (r != node.end() && r->is_string()) {
      const std::string& target = r->get_ref<const std::string&>();
      constexpr std::string_view prefix = "#/components/";
      if (target.starts_with(prefix)) out.insert(target.substr(prefix.size()));
    }
  }
  if (node.is_structured())
    for (const auto& child : node) collect_refs(child, out);
}

// Keeps the components something refers to (directly or through another component).
Json used_components(const Json& paths, Json all) {
  std::set<std::string> used;
  collect_refs(paths, used);
  for (std::size_t seen = 0; seen != used.size();) {
    seen = used.size();
    for (const auto& kind_name : std::set<std::string>(used)) {
      const auto slash = kind_name.find('/');
      const auto kind = all.find(kind_name.substr(0, slash));
      if (kind == all.end()) continue;
      const auto it = kind->find(kind_name.substr(slash + 1));
      if (it != kind->end()) collect_refs(*it, used);
    }
  }
  Json out = Json::object();
  for (auto& [kind, entries] : all.items()) {
    Json kept = Json::object();
    for (auto& [name, value] : entries.items())
      if (kind == "securitySchemes" || used.contains(kind + "/" + name)) kept[name] = std::move(value);
    if (!kept.empty()) out[kind] = std::move(kept);
  }
  return out;
}

}  // namespace

std::optional<std::string> openapi_tag_description(std::string_view tag) {
  const auto& all = tag_descriptions();
  auto it = all.find(tag);
  if (it == all.end()) return std::nullopt;
  return it->second;
}

Json openapi_document(const Registry& registry, const std::string& server_url) {
  Json paths = Json::object();
  std::set<std::string> tags;
  for (const Operation& op : registry.all()) {
    if (op.path.empty()) continue;  // not served over HTTP
    paths[op.path][lower(to_string(op.method))] = operation_object(op);
    tags.insert(tag_of(op));
  }
  paths["/healthz"]["get"] = healthz();
  paths["/openapi.json"]["get"] = openapi_itself();
  tags.insert(kServerTag);
  Json tag_list = Json::array();
  for (const auto& t : tags) {
    const std::string description = openapi_tag_description(t).value_or("The " + t + ".* operations");
    tag_list.push_back({{"name", t}, {"description", description}});
  }
  Json components = used_components(paths, openapi::components());
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "fitkit"},
        {"version", kVersion},
        {"summary", "The HTTP API of a fitness social platform"},
        {"description",
         "The HTTP API of fitkit (`fitctl serve`). Every operation of the library is one route: parameters as "
         "JSON in the body (POST, PUT, PATCH) or the query string (GET, DELETE), a JSON object back with 200, "
         "errors as application/problem+json (RFC 9457). Signed-in operations take `Authorization: Bearer "
         "TOKEN`. Every answer carries X-Request-Id; reads carry an ETag for If-None-Match, updates honour "
         "If-Match, writes honour Idempotency-Key, and lists link their next page."}}},
      {"servers", {{{"url", server_url}, {"description", "This server"}}}},
      {"security", Json::array({{{"bearer", Json::array()}}})},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components", std::move(components)},
  };
}

}  // namespace fitkit::api

// The OpenAPI document of the real registry: what every operation carries (id, tag,
// security, the header conventions, the responses), that every $ref resolves and every
// component is used, and that the same registry always gives the same document.
// tests/e2e/test_openapi.py runs the linter over the served document.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "api/openapi.hpp"
#include "api/registry.hpp"

using namespace fitkit;
using api::HttpMethod;
using api::Json;

namespace {

constexpr const char* kUrl = "http://127.0.0.1:8080";

std::string lower_method(HttpMethod m) {
  std::string out(api::to_string(m));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_write(HttpMethod m) { return m != HttpMethod::get; }
bool is_conditional_update(HttpMethod m) {
  return m == HttpMethod::put || m == HttpMethod::patch || m == HttpMethod::del;
}
bool takes_cursor(const api::Operation& op) {
  return std::any_of(op.params.begin(), op.params.end(), [](const api::ParamSpec& p) { return p.name == "cursor"; });
}

// Follows a "#/components/..." reference, or returns the object itself.
const Json& resolve(const Json& doc, const Json& node) {
  if (!node.contains("$ref")) return node;
  return doc.at(Json::json_pointer(node["$ref"].get<std::string>().substr(1)));
}

std::set<std::string> header_parameter_names(const Json& doc, const Json& operation) {
  std::set<std::string> out;
  for (const auto& p : operation["parameters"]) {
    const Json& param = resolve(doc, p);
    if (param["in"] == "header") out.insert(param["name"].get<std::string>());
  }
  return out;
}

void collect_refs(const Json& node, std::set<std::string>& out) {
  if (node.is_object() && node.contains("$ref")) out.insert(node["$ref"].get<std::string>());
  if (node.is_structured())
    for (const auto& child : node) collect_refs(child, out);
}

api::Operation op(std::string name, HttpMethod method, std::string path, api::Access access = api::Access::signed_in) {
  api::Operation o;
  o.name = std::move(name);
  o.summary = "summary of " + o.name;
  o.method = method;
  o.path = std::move(path);
  o.access = access;
  o.handler = [](api::Context&, const Json&) { return Json::object(); };
  return o;
}

}  // namespace

TEST_CASE("openapi: info, servers and the bearer scheme") {
  const Json doc = api::openapi_document(api::registry(), kUrl);
  CHECK(doc["openapi"] == "3.1.0");
  CHECK(doc["info"]["title"] == "fitkit");
  CHECK_FALSE(doc["info"]["version"].get<std::string>().empty());
  CHECK(doc["info"]["description"].get<std::string>().find("problem+json") != std::string::npos);
  CHECK(doc["servers"] == Json::array({{{"url", kUrl}, {"description", "This server"}}}));
  // Bearer unless an operation says otherwise.
  CHECK(doc["security"] == Json::array({{{"bearer", Json::array()}}}));
  CHECK(doc["components"]["securitySchemes"]["bearer"]["type"] == "http");
  CHECK(doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer");

  const Json& problem = doc["components"]["schemas"]["Problem"];
  CHECK(problem["required"] == Json{"type", "title", "status", "code"});
  for (const char* field : {"type", "title", "status", "detail", "code", "field", "request_id"}) {
    INFO(field);
    CHECK(problem["properties"].contains(field));
  }
}

TEST_CASE("openapi: every operation has its id, one described tag and its security") {
  const Json doc = api::openapi_document(api::registry(), kUrl);
  std::set<std::string> tags;
  for (const auto& t : doc["tags"]) {
    INFO(t.dump());
    CHECK_FALSE(t["description"].get<std::string>().empty());
    CHECK(tags.insert(t["name"].get<std::string>()).second);
  }
  std::set<std::string> ids;
  for (const api::Operation& op : api::registry().all()) {
    if (op.path.empty()) continue;
    INFO(op.name);
    const Json& o = doc["paths"][op.path][lower_method(op.method)];
    CHECK(o["operationId"] == op.name);
    CHECK(ids.insert(op.name).second);
    CHECK_FALSE(o["summary"].get<std::string>().empty());
    REQUIRE(o["tags"].size() == 1);
    const std::string tag = o["tags"][0].get<std::string>();
    CHECK(tags.contains(tag));
    // A new domain writes a line about its operations.
    CHECK(api::openapi_tag_description(tag).has_value());
    if (op.access == api::Access::signed_in) {
      CHECK(o["security"] == Json::array({{{"bearer", Json::array()}}}));
    } else {
      // Anyone may call; a token, when sent, is checked and used.
      CHECK(o["security"] == Json::array({Json::object(), {{"bearer", Json::array()}}}));
    }
  }
  CHECK(ids.size() > 10);
  CHECK(doc["paths"]["/healthz"]["get"]["security"] == Json::array());
  CHECK(doc["paths"]["/openapi.json"]["get"]["security"] == Json::array());
}

TEST_CASE("openapi: header parameters follow the method") {
  const Json doc = api::openapi_document(api::registry(), kUrl);
  const Json& params = doc["components"]["parameters"];
  CHECK(params["RequestId"]["name"] == "X-Request-Id");
  CHECK(params["RequestId"]["schema"]["pattern"] == "^[A-Za-z0-9._-]{1,128}$");
  CHECK(params["IdempotencyKey"]["name"] == "Idempotency-Key");
  for (const api::Operation& op : api::registry().all()) {
    if (op.path.empty()) continue;
    INFO(op.name);
    const Json& o = doc["paths"][op.path][lower_method(op.method)];
    std::set<std::string> want{"X-Request-Id"};
    if (op.method == HttpMethod::get) want.insert("If-None-Match");
    if (is_conditional_update(op.method)) want.insert("If-Match");
    if (is_write(op.method)) want.insert("Idempotency-Key");
    CHECK(header_parameter_names(doc, o) == want);
    for (const auto& p : o["parameters"]) {
      const Json& param = resolve(doc, p);
      if (param["in"] == "header") CHECK(param["required"] == false);  // all of them optional
    }
  }
}

TEST_CASE("openapi: responses follow the method, errors are problems") {
  const Json doc = api::openapi_document(api::registry(), kUrl);
  const Json& responses = doc["components"]["responses"];
  CHECK(responses["TooManyRequests"]["headers"].contains("Retry-After"));
  CHECK(responses["TooManyRequests"]["headers"].contains("RateLimit"));
  CHECK(responses["TooManyRequests"]["headers"].contains("RateLimit-Policy"));
  CHECK(responses["ServiceUnavailable"]["headers"].contains("Retry-After"));
  CHECK(responses["Unauthenticated"]["headers"].contains("WWW-Authenticate"));
  CHECK(responses["NotModified"]["headers"].contains("ETag"));
  CHECK_FALSE(responses["NotModified"].contains("content"));

  bool some_paged = false;
  for (const api::Operation& op : api::registry().all()) {
    if (op.path.empty()) continue;
    INFO(op.name);
    const Json& r = doc["paths"][op.path][lower_method(op.method)]["responses"];
    const Json& ok = r["200"];
    CHECK(ok["headers"].contains("X-Request-Id"));
    CHECK(ok["headers"].contains("RateLimit"));
    CHECK(ok["headers"].contains("ETag") == (op.method == HttpMethod::get));
    CHECK(ok["headers"].contains("Link") == (op.method == HttpMethod::get && takes_cursor(op)));
    CHECK(ok["headers"].contains("Idempotency-Replayed") == is_write(op.method));
    some_paged = some_paged || ok["headers"].contains("Link");
    if (op.method == HttpMethod::get && !op.list_field.empty())
      CHECK(ok["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Page");

    CHECK(r.contains("304") == (op.method == HttpMethod::get));
    CHECK(r.contains("409") == is_write(op.method));
    CHECK(r.contains("412") == is_conditional_update(op.method));
    CHECK(r.contains("422") == is_write(op.method));
    CHECK(r.contains("404") == !api::path_parameters(op.path).empty());
    for (const char* status : {"400", "401", "403", "429", "503", "default"}) {
      INFO(status);
      REQUIRE(r.contains(status));
    }
    for (const auto& [status, response] : r.items()) {
      if (status == "200" || status == "304") continue;
      INFO(status);
      const Json& problem = resolve(doc, response);
      CHECK(problem["content"]["application/problem+json"]["schema"]["$ref"] == "#/components/schemas/Problem");
      CHECK(problem["headers"].contains("X-Request-Id"));
    }
  }
  CHECK(some_paged);
}

TEST_CASE("openapi: every $ref resolves and every component is used") {
  const Json doc = api::openapi_document(api::registry(), kUrl);
  std::set<std::string> refs;
  collect_refs(doc, refs);
  for (const auto& ref : refs) {
    INFO(ref);
    REQUIRE(ref.starts_with("#/components/"));
    CHECK(doc.contains(Json::json_pointer(ref.substr(1))));
  }
  for (const auto& [kind, entries] : doc["components"].items()) {
    if (kind == "securitySchemes") continue;  // used through `security`, not $ref
    for (const auto& [name, value] : entries.items()) {
      INFO(kind << "/" << name);
      CHECK(refs.contains("#/components/" + kind + "/" + name));
    }
  }

  // A registry with reads only has no use for what writes need: none of it is left over.
  api::Registry reads;
  reads.add(op("things.get", HttpMethod::get, "/v1/things"));
  const Json small = api::openapi_document(reads, kUrl);
  CHECK_FALSE(small["components"]["responses"].contains("PreconditionFailed"));
  CHECK_FALSE(small["components"]["parameters"].contains("IdempotencyKey"));
  CHECK(small["components"]["responses"].contains("NotModified"));
}

TEST_CASE("openapi: the same registry gives the same document") {
  const std::string first = api::openapi_document(api::registry(), kUrl).dump();
  CHECK(api::openapi_document(api::registry(), kUrl).dump() == first);
  CHECK(api::openapi_document(api::registry(), "http://127.0.0.1:9").dump() != first);
}

TEST_CASE("openapi: a tag without a written description still gets one") {
  CHECK_FALSE(api::openapi_tag_description("zzz").has_value());
  CHECK(api::openapi_tag_description("auth").has_value());
  api::Registry r;
  r.add(op("zzz.ping", HttpMethod::post, "/v1/zzz/ping", api::Access::anyone));
  r.add(op("zzz.local", HttpMethod::post, ""));  // not served over HTTP: not in the document
  const Json doc = api::openapi_document(r, kUrl);
  CHECK(doc["tags"] == Json::array({{{"name", "server"}, {"description", *api::openapi_tag_description("server")}},
                                    {{"name", "zzz"}, {"description", "The zzz.* operations"}}}));
  CHECK(doc["paths"].size() == 3);  // /v1/zzz/ping, /healthz, /openapi.json
}

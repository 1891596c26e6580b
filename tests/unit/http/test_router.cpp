#include <doctest/doctest.h>

#include "api/openapi.hpp"
#include "api/registry.hpp"
#include "fitkit/error.hpp"
#include "http/params.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

using namespace fitkit;
using api::HttpMethod;
using api::Json;
using api::ParamType;

namespace {

api::Operation op(std::string name, HttpMethod method, std::string path, std::vector<api::ParamSpec> params = {}) {
  api::Operation o;
  o.name = std::move(name);
  o.summary = "summary of " + o.name;
  o.method = method;
  o.path = std::move(path);
  o.params = std::move(params);
  o.handler = [](api::Context&, const Json&) { return Json::object(); };
  return o;
}

api::Registry sample() {
  api::Registry r;
  r.add(op("users.get", HttpMethod::get, "/v1/users/{user_id}", {{"user_id", ParamType::id, true, "id", IdKind::user}}));
  r.add(op("users.delete", HttpMethod::del, "/v1/users/{id}", {{"id", ParamType::id, true, "id", IdKind::user}}));
  r.add(op("users.me", HttpMethod::get, "/v1/users/me"));
  r.add(op("users.roles.revoke", HttpMethod::del, "/v1/users/{user_id}/roles/{role}",
           {{"user_id", ParamType::string, true, ""}, {"role", ParamType::string, true, ""}}));
  r.add(op("things.search", HttpMethod::get, "/v1/things",
           {{"limit", ParamType::integer, false, "how many"},
            {"near", ParamType::number, false, ""},
            {"open", ParamType::boolean, false, ""},
            {"tags", ParamType::array, false, ""},
            {"q", ParamType::string, false, ""}}));
  r.add(op("things.create", HttpMethod::post, "/v1/things",
           {{"name", ParamType::string, true, "the name"}, {"count", ParamType::integer, false, ""}}));
  api::ParamSpec secret{"password", ParamType::string, true, "the password"};
  secret.secret = true;
  r.add(op("auth.login", HttpMethod::post, "/v1/auth/login", {secret}));
  r.add(op("local.only", HttpMethod::post, ""));  // not on HTTP
  return r;
}

}  // namespace

TEST_CASE("router: literal paths, templates, 404 and 405") {
  auto reg = sample();
  http::Router router(reg);

  auto me = router.match(HttpMethod::get, "/v1/users/me");
  REQUIRE(me.op);
  CHECK(me.op->name == "users.me");
  CHECK(me.path_params.empty());

  auto user = router.match(HttpMethod::get, "/v1/users/usr_123");
  REQUIRE(user.op);
  CHECK(user.op->name == "users.get");
  REQUIRE(user.path_params.size() == 1);
  CHECK(user.path_params[0].first == "user_id");
  CHECK(user.path_params[0].second == "usr_123");

  // Same shape, another method, its own parameter name.
  auto del = router.match(HttpMethod::del, "/v1/users/usr_9");
  REQUIRE(del.op);
  CHECK(del.op->name == "users.delete");
  CHECK(del.path_params[0].first == "id");

  // /v1/users/me has no DELETE, but the template does.
  auto del_me = router.match(HttpMethod::del, "/v1/users/me");
  REQUIRE(del_me.op);
  CHECK(del_me.op->name == "users.delete");

  auto two = router.match(HttpMethod::del, "/v1/users/u1/roles/admin");
  REQUIRE(two.op);
  CHECK(two.path_params.size() == 2);
  CHECK(two.path_params[1].second == "admin");

  auto wrong = router.match(HttpMethod::post, "/v1/users/usr_1");
  CHECK_FALSE(wrong.op);
  REQUIRE(wrong.allow);
  CHECK(*wrong.allow == "GET, DELETE");
  auto head = router.match(std::nullopt, "/v1/things");
  CHECK_FALSE(head.op);
  REQUIRE(head.allow);
  CHECK(*head.allow == "GET, POST");

  for (const char* path : {"/v1/users", "/v1/users/", "/v1/users/a/b", "/v1/users//roles/x", "/v1/things/", "",
                           "v1/things", "/v1/users/me/", "/"}) {
    INFO(path);
    auto m = router.match(HttpMethod::get, path);
    CHECK_FALSE(m.op);
    CHECK_FALSE(m.allow);
  }
  CHECK(router.describe().size() == 7);
}

TEST_CASE("router: two operations on one method and path are refused") {
  api::Registry reg;
  reg.add(op("a.one", HttpMethod::get, "/v1/a/{x}"));
  reg.add(op("a.two", HttpMethod::get, "/v1/a/{y}"));
  CHECK_THROWS_AS(http::Router{reg}, Error);
}

TEST_CASE("params: query text becomes the spec's JSON type") {
  auto reg = sample();
  const auto& search = *reg.find("things.search");
  auto params = http::request_params(search, {}, "limit=10&near=-1.5&open=true&tags=a,b%2Cc&q=two+words%21", "",
                                     "");
  CHECK(params == Json{{"limit", 10}, {"near", -1.5}, {"open", true}, {"tags", {"a", "b,c"}}, {"q", "two words!"}});
  CHECK(http::request_params(search, {}, "tags=a&tags=b", "", "")["tags"] == Json{"a", "b"});
  // The query is a view into the request: what follows it in memory is not read.
  const std::string target = "limit=5&open=true HTTP/1.1\r\nHost: x";
  CHECK(http::request_params(search, {}, std::string_view(target).substr(0, 17), "", "") ==
        Json{{"limit", 5}, {"open", true}});
  CHECK(http::request_params(search, {}, "&&q&limit=3&", "", "") == Json{{"q", ""}, {"limit", 3}});
  CHECK(http::request_params(search, {}, "tags=", "", "")["tags"] == Json::array());
  CHECK(http::request_params(search, {}, "other=1", "", "")["other"] == "1");  // the registry refuses it

  for (const char* bad : {"limit=ten", "limit=1.5", "limit=", "limit=99999999999999999999", "near=abc", "near=inf",
                          "open=yes", "open=1", "limit=1&limit=2", "q=%zz"}) {
    INFO(bad);
    try {
      http::request_params(search, {}, bad, "", "");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      if (std::string_view(bad).substr(0, 2) != "q=") CHECK(!e.field().empty());
    }
  }
}

TEST_CASE("params: JSON bodies, content types and path parameters") {
  auto reg = sample();
  const auto& create = *reg.find("things.create");
  CHECK(http::request_params(create, {}, "", "application/json", R"({"name":"x","count":2})") ==
        Json{{"name", "x"}, {"count", 2}});
  CHECK(http::request_params(create, {}, "", "Application/JSON; charset=utf-8", R"({"name":"x"})")["name"] == "x");
  CHECK(http::request_params(create, {}, "", "", "") == Json::object());
  CHECK_THROWS_AS(http::request_params(create, {}, "", "text/plain", R"({"name":"x"})"), http::HttpError);
  CHECK_THROWS_AS(http::request_params(create, {}, "", "", R"({"name":"x"})"), http::HttpError);
  CHECK_THROWS_AS(http::request_params(create, {}, "", "application/json", "{"), Error);
  CHECK_THROWS_AS(http::request_params(create, {}, "", "application/json", "\"x\""), Error);
  CHECK_THROWS_AS(http::request_params(create, {}, "name=x", "", ""), Error);

  const auto& revoke = *reg.find("users.roles.revoke");
  std::vector<std::pair<std::string_view, std::string_view>> path{{"user_id", "usr_1"}, {"role", "coach%20x"}};
  CHECK(http::request_params(revoke, path, "", "", "") == Json{{"user_id", "usr_1"}, {"role", "coach x"}});
  CHECK(http::request_params(revoke, path, "role=coach+x", "", "")["role"] == "coach x");
  CHECK_THROWS_AS(http::request_params(revoke, path, "role=other", "", ""), Error);
  path[1].second = "bad%2";
  CHECK_THROWS_AS(http::request_params(revoke, path, "", "", ""), Error);
}

TEST_CASE("problem: one mapping from error codes to HTTP statuses") {
  CHECK(http::status_of(ErrorCode::invalid_argument) == 400);
  CHECK(http::status_of(ErrorCode::unauthenticated) == 401);
  CHECK(http::status_of(ErrorCode::permission_denied) == 403);
  CHECK(http::status_of(ErrorCode::not_found) == 404);
  CHECK(http::status_of(ErrorCode::already_exists) == 409);
  CHECK(http::status_of(ErrorCode::conflict) == 409);
  CHECK(http::status_of(ErrorCode::failed_precondition) == 422);
  CHECK(http::status_of(ErrorCode::rate_limited) == 429);
  CHECK(http::status_of(ErrorCode::internal) == 500);
  CHECK(http::status_of(ErrorCode::unavailable) == 503);

  auto invalid = http::problem_from(Error::invalid("email", "email must be an address"));
  CHECK(invalid.status == 400);
  CHECK(Json::parse(invalid.body) == Json{{"type", "urn:fitkit:problem:invalid_argument"},
                                          {"title", "Invalid argument"},
                                          {"status", 400},
                                          {"detail", "email must be an address"},
                                          {"code", "invalid_argument"},
                                          {"field", "email"}});
  CHECK_FALSE(Json::parse(http::problem_from(Error::not_found("no such user")).body).contains("field"));

  auto limited = http::problem_from(Error::rate_limited("too many attempts", 1001));
  CHECK(limited.status == 429);
  CHECK(limited.retry_after_s == 2);
  CHECK(http::problem_from(Error::rate_limited("slow down", 3000)).retry_after_s == 3);

  auto internal = http::problem_from(Error::internal("SELECT * FROM secrets failed at /var/db"));
  CHECK(internal.status == 500);
  CHECK(internal.body.find("secrets") == std::string::npos);

  try {
    throw std::runtime_error("std::bad_thing in module x");
  } catch (...) {
    auto p = http::problem_from_current_exception();
    CHECK(p.status == 500);
    CHECK(p.body.find("bad_thing") == std::string::npos);
  }
  // Text that is not UTF-8 does not break the document.
  CHECK_NOTHROW(Json::parse(http::problem_from(Error::invalid("q", "bad \xff value")).body));
}

TEST_CASE("openapi: the document follows the registry") {
  auto reg = sample();
  Json doc = api::openapi_document(reg, "http://127.0.0.1:9");
  CHECK(doc["openapi"] == "3.1.0");
  CHECK(doc["servers"][0]["url"] == "http://127.0.0.1:9");
  CHECK_FALSE(doc["paths"].contains(""));

  const Json& get_user = doc["paths"]["/v1/users/{user_id}"]["get"];
  CHECK(get_user["operationId"] == "users.get");
  CHECK(get_user["tags"] == Json{"users"});
  CHECK(get_user["security"] == Json::array({{{"bearer", Json::array()}}}));
  CHECK(get_user["parameters"][0]["in"] == "path");
  CHECK(get_user["parameters"][0]["required"] == true);
  CHECK(get_user["parameters"][0]["schema"]["pattern"] == "^usr_[0-9A-HJKMNP-TV-Z]{13}$");
  CHECK(doc["paths"]["/v1/users/{id}"]["delete"]["operationId"] == "users.delete");

  const Json& search = doc["paths"]["/v1/things"]["get"];
  CHECK(search["parameters"].size() == 5 + 2);  // and the X-Request-Id and If-None-Match headers
  // Compared unordered: field order is not part of the document's meaning.
  CHECK(nlohmann::json::parse(search["parameters"][0].dump()) ==
        nlohmann::json{{"name", "limit"}, {"in", "query"}, {"required", false}, {"description", "how many"},
                       {"schema", {{"type", "integer"}, {"format", "int64"}}}});
  CHECK_FALSE(search.contains("requestBody"));

  const Json& create = doc["paths"]["/v1/things"]["post"];
  const Json& body = create["requestBody"]["content"]["application/json"]["schema"];
  CHECK(body["type"] == "object");
  CHECK(body["required"] == Json{"name"});
  CHECK(body["properties"]["name"]["description"] == "the name");
  CHECK(body["properties"]["count"]["type"] == "integer");
  CHECK(create["responses"]["200"]["content"].contains("application/json"));
  CHECK(create["responses"]["default"]["content"]["application/problem+json"]["schema"]["$ref"] ==
        "#/components/schemas/Problem");

  const Json& login = doc["paths"]["/v1/auth/login"]["post"];
  CHECK(login["requestBody"]["content"]["application/json"]["schema"]["properties"]["password"]["format"] ==
        "password");
  CHECK(doc["components"]["schemas"]["Problem"]["properties"].contains("detail"));
  CHECK(doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer");
}

// Request ids: accepted from the client when safe, made otherwise, on every answer and in
// every problem document.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "api/openapi.hpp"
#include "api/registry.hpp"
#include "http/request_id.hpp"
#include "unit/fixture.hpp"
#include "unit/http/handler_harness.hpp"
#include "unit/http/http_client.hpp"
#include "unit/http/platform_server.hpp"

using namespace fitkit;
using fitkit::test::Call;

namespace {

bool is_generated_id(const std::string& id) { return std::regex_match(id, std::regex("[0-9a-f]{32}")); }

http::ServerOptions no_budgets() {
  http::ServerOptions o;
  o.rate_limits.clear();
  return o;
}

}  // namespace

TEST_CASE("request id: 1 to 128 characters of [A-Za-z0-9._-] are accepted, anything else replaced") {
  CHECK(http::is_valid_request_id("a"));
  CHECK(http::is_valid_request_id("Req-42_x.y"));
  CHECK(http::is_valid_request_id(std::string(128, 'a')));
  CHECK_FALSE(http::is_valid_request_id(""));
  CHECK_FALSE(http::is_valid_request_id(std::string(129, 'a')));
  for (std::string bad : {"a b", "a\r\nX-Evil: 1", "ä", "a/b", "a\"b", "{x}"}) {
    CAPTURE(bad);
    CHECK_FALSE(http::is_valid_request_id(bad));
    CHECK(is_generated_id(http::request_id_for(bad)));
  }
  CHECK(http::request_id_for("client-id.1") == "client-id.1");
  std::set<std::string> made;
  for (int i = 0; i < 100; ++i) made.insert(http::request_id_for(""));
  CHECK(made.size() == 100);
}

TEST_CASE("request id: echoed on answers and problems, and written into problem documents") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}", no_budgets());

  auto ok = test::run(handler, test::get("/healthz").with("X-Request-Id", "trace-1"));
  CHECK(ok.status == 200);
  CHECK(ok.header("X-Request-Id") == "trace-1");
  CHECK(ok.count("X-Request-Id") == 1);

  auto missing = test::run(handler, test::get("/v1/nowhere").with("X-Request-Id", "trace-2"));
  CHECK(missing.status == 404);
  CHECK(missing.header("X-Request-Id") == "trace-2");
  CHECK(missing.json()["request_id"] == "trace-2");

  // Refused ids are replaced, never echoed: a header cannot be smuggled through.
  auto bad = test::run(handler, test::get("/v1/me").with("X-Request-Id", "x\r\nSet-Cookie: a=b"));
  CHECK(bad.status == 401);
  const std::string made = bad.header("X-Request-Id");
  CHECK(is_generated_id(made));
  CHECK(bad.json()["request_id"] == made);
  CHECK(bad.json()["code"] == "unauthenticated");

  auto none = test::run(handler, test::send("POST", "/v1/auth/login", {{"email", "x"}}));
  CHECK(none.status == 400);
  CHECK(is_generated_id(none.header("X-Request-Id")));
  CHECK(none.json()["request_id"] == none.header("X-Request-Id"));
  // Two requests, two ids.
  CHECK(test::run(handler, test::get("/healthz")).header("X-Request-Id") !=
        test::run(handler, test::get("/healthz")).header("X-Request-Id"));
}

TEST_CASE("request id: a real server puts X-Request-Id on every answer") {
  test::TestPlatform t;
  test::PlatformServer server(*t.platform);
  test::HttpClient c(server.port());
  auto r = c.request("GET", "/healthz", {}, {{"X-Request-Id", "abc-123"}});
  CHECK(r.status == 200);
  CHECK(r.header("x-request-id") == "abc-123");
  auto p = c.request("DELETE", "/v1/me", {}, {{"X-Request-Id", "abc-124"}});
  CHECK(p.status == 405);
  CHECK(p.header("x-request-id") == "abc-124");
  CHECK(p.json()["request_id"] == "abc-124");
  auto made = c.get("/openapi.json");
  CHECK(is_generated_id(made.header("x-request-id")));
}

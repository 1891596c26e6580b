// CORS: preflights answered for allowed origins and refused for others; answers to an
// allowed origin carry Allow-Origin, Expose-Headers and Vary.
#include <doctest/doctest.h>

#include "api/registry.hpp"
#include "http/cors.hpp"
#include "unit/fixture.hpp"
#include "unit/http/handler_harness.hpp"

using namespace fitkit;
using fitkit::test::Call;

namespace {

http::ServerOptions with_origins(std::vector<std::string> origins) {
  http::ServerOptions o;
  o.allowed_origins = std::move(origins);
  o.rate_limits.clear();
  return o;
}

Call preflight(std::string origin, std::string method = "PATCH") {
  Call c;
  c.method = "OPTIONS";
  c.target = "/v1/me";
  c.with("Origin", std::move(origin))
      .with("Access-Control-Request-Method", std::move(method))
      .with("Access-Control-Request-Headers", "authorization, content-type, if-match");
  return c;
}

}  // namespace

TEST_CASE("cors: a preflight from an allowed origin is 204 with what the browser needs") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}", with_origins({"https://App.Example.org/"}));
  auto r = test::run(handler, preflight("https://app.example.org"));
  CHECK(r.status == 204);
  CHECK(r.body.empty());
  CHECK(r.header("Access-Control-Allow-Origin") == "https://app.example.org");
  for (auto m : {"GET", "POST", "PUT", "PATCH", "DELETE"}) CHECK(r.header("Access-Control-Allow-Methods").find(m) != std::string::npos);
  const std::string allowed = r.header("Access-Control-Allow-Headers");
  for (auto h : {"Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Request-Id"})
    CHECK(allowed.find(h) != std::string::npos);
  CHECK(std::stoi(r.header("Access-Control-Max-Age")) > 0);
  CHECK(r.header("Vary") == "Origin");
  CHECK(r.header("Access-Control-Allow-Credentials").empty());  // bearer tokens, no cookies
  CHECK_FALSE(r.header("X-Request-Id").empty());
}

TEST_CASE("cors: a preflight from another origin is 403 without CORS headers") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}", with_origins({"https://app.example.org"}));
  for (std::string origin : {"https://evil.example.org", "http://app.example.org", "https://app.example.org:8443",
                             "null"}) {
    CAPTURE(origin);
    auto r = test::run(handler, preflight(origin));
    CHECK(r.status == 403);
    CHECK(r.json()["code"] == "origin_not_allowed");
    CHECK(r.header("Access-Control-Allow-Origin").empty());
    CHECK(r.header("Access-Control-Allow-Methods").empty());
  }
  // No origin configured: browsers on other origins get nothing.
  http::Handler closed(*t.platform, api::registry(), "{}", with_origins({}));
  auto r = test::run(closed, preflight("https://app.example.org"));
  CHECK(r.status == 403);
  auto simple = test::run(closed, test::get("/healthz").with("Origin", "https://app.example.org"));
  CHECK(simple.status == 200);
  CHECK(simple.header("Access-Control-Allow-Origin").empty());
  CHECK(simple.header("Vary").empty());
}

TEST_CASE("cors: answers to an allowed origin expose the API's headers; others get none") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}",
                        with_origins({"https://app.example.org", "http://localhost:5173"}));
  auto ok = test::run(handler, test::get("/v1/me").with("Origin", "http://localhost:5173"));
  CHECK(ok.status == 401);  // errors too: the front-end must be able to read them
  CHECK(ok.header("Access-Control-Allow-Origin") == "http://localhost:5173");
  CHECK(ok.header("Vary") == "Origin");
  const std::string exposed = ok.header("Access-Control-Expose-Headers");
  for (auto h : {"ETag", "Link", "RateLimit", "RateLimit-Policy", "Retry-After", "X-Request-Id"})
    CHECK(exposed.find(h) != std::string::npos);

  auto other = test::run(handler, test::get("/healthz").with("Origin", "https://evil.example.org"));
  CHECK(other.status == 200);  // served (a non-browser client could call anyway), but not readable by the page
  CHECK(other.header("Access-Control-Allow-Origin").empty());
  CHECK(other.header("Vary") == "Origin");

  auto plain = test::run(handler, test::get("/healthz"));  // no Origin: a non-browser client
  CHECK(plain.header("Access-Control-Allow-Origin").empty());
  CHECK(plain.header("Vary") == "Origin");  // caches must still tell the answers apart
}

TEST_CASE("cors: * allows every origin without credentials") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}", with_origins({"*"}));
  auto pre = test::run(handler, preflight("https://anything.example.net", "DELETE"));
  CHECK(pre.status == 204);
  CHECK(pre.header("Access-Control-Allow-Origin") == "*");
  auto r = test::run(handler, test::get("/healthz").with("Origin", "https://anything.example.net"));
  CHECK(r.header("Access-Control-Allow-Origin") == "*");
  CHECK(r.header("Access-Control-Allow-Credentials").empty());
  CHECK(r.header("Vary").empty());
}

TEST_CASE("cors: OPTIONS that is not a preflight is 405 like any method no operation uses") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}", with_origins({"https://app.example.org"}));
  Call c;
  c.method = "OPTIONS";
  c.target = "/v1/me";
  c.with("Origin", "https://app.example.org");  // no Access-Control-Request-Method
  auto r = test::run(handler, c);
  CHECK(r.status == 405);
  CHECK(r.header("Access-Control-Allow-Origin") == "https://app.example.org");
  c.target = "/v1/nowhere";
  CHECK(test::run(handler, c).status == 404);
}

TEST_CASE("cors: allowed origins must be origins") {
  CHECK_NOTHROW(http::Cors({"https://a.example", "http://127.0.0.1:3000", "*", "http://[::1]:8080"}));
  for (std::string bad : {"app.example.org", "https://", "https://a.example/path", "https://a b", "https://a\r\nX: y"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(http::Cors({bad}), Error);
  }
  http::Cors cors({"https://a.example"});
  CHECK(cors.allows("https://a.example"));
  CHECK(cors.allows("HTTPS://A.EXAMPLE"));
  CHECK_FALSE(cors.allows("https://a.example.evil"));
  CHECK_FALSE(cors.allows(""));
}

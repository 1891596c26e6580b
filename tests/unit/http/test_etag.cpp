// ETag and If-None-Match on reads, If-Match on updates, and the race If-Match exists for.
#include <doctest/doctest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "api/registry.hpp"
#include "http/etag.hpp"
#include "support/temp_dir.hpp"
#include "unit/fixture.hpp"
#include "unit/http/handler_harness.hpp"
#include "unit/http/http_client.hpp"
#include "unit/http/platform_server.hpp"

using namespace fitkit;
using fitkit::test::HttpClient;
using fitkit::test::HttpResponse;
using nlohmann::json;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers auth(const std::string& token, Headers more = {}) {
  more.emplace_back("Authorization", "Bearer " + token);
  return more;
}

std::string signed_in(test::TestPlatform& t, const std::string& email) {
  t.make_user(email);
  return t.login(email)["access_token"];
}

}  // namespace

TEST_CASE("etag: strong tags of bodies, and how If-None-Match and If-Match compare them") {
  const std::string a = http::strong_etag(R"({"a":1})");
  CHECK(a.size() == 24);
  CHECK(a.front() == '"');
  CHECK(a.back() == '"');
  CHECK(a == http::strong_etag(R"({"a":1})"));
  CHECK(a != http::strong_etag(R"({"a":2})"));
  const std::string b = http::strong_etag("other");

  CHECK(http::none_match_fails(a, a));
  CHECK(http::none_match_fails("W/" + a, a));  // weak comparison
  CHECK(http::none_match_fails(b + ", " + a, a));
  CHECK(http::none_match_fails(" ," + b + " ,W/" + a + ",", a));
  CHECK(http::none_match_fails("*", a));
  CHECK_FALSE(http::none_match_fails(b, a));
  CHECK_FALSE(http::none_match_fails("", a));
  CHECK_FALSE(http::none_match_fails("garbage", a));
  CHECK_FALSE(http::none_match_fails("\"unterminated", a));

  CHECK(http::if_match_holds(a, a));
  CHECK(http::if_match_holds(b + "," + a, a));
  CHECK(http::if_match_holds("*", a));
  CHECK_FALSE(http::if_match_holds("W/" + a, a));  // strong comparison: a weak tag never matches
  CHECK_FALSE(http::if_match_holds(b, a));
  CHECK_FALSE(http::if_match_holds("*", std::nullopt));  // nothing exists
  CHECK_FALSE(http::if_match_holds(a, std::nullopt));
  CHECK_FALSE(http::if_match_holds("nonsense", a));
}

TEST_CASE("etag: GET answers carry an ETag, and If-None-Match turns a match into 304") {
  test::TestPlatform t;
  const std::string token = signed_in(t, "etag@example.com");
  test::PlatformServer server(*t.platform);
  HttpClient c(server.port());

  HttpResponse first = c.get("/v1/me", token);
  REQUIRE(first.status == 200);
  const std::string tag = first.header("etag");
  CHECK(tag == http::strong_etag(first.body));
  CHECK(c.get("/v1/me", token).header("etag") == tag);  // the same representation, the same tag

  for (const std::string& condition : {tag, "W/" + tag, "\"other\", " + tag, std::string("*")}) {
    CAPTURE(condition);
    HttpResponse again = c.request("GET", "/v1/me", {}, auth(token, {{"If-None-Match", condition}}));
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("content-length").empty());  // RFC 9110 §8.6
    CHECK(again.header("content-type").empty());
    CHECK(again.header("etag") == tag);
    CHECK_FALSE(again.header("ratelimit").empty());
  }
  CHECK(c.request("GET", "/v1/me", {}, auth(token, {{"If-None-Match", "\"other\""}})).status == 200);

  // A change makes a new tag; the old one no longer matches.
  REQUIRE(c.request("PATCH", "/v1/me", R"({"city":"Tartu"})", auth(token)).status == 200);
  HttpResponse changed = c.request("GET", "/v1/me", {}, auth(token, {{"If-None-Match", tag}}));
  CHECK(changed.status == 200);
  CHECK(changed.header("etag") != tag);

  // Errors carry none; the OpenAPI document has one of its own.
  CHECK(c.get("/v1/me").header("etag").empty());
  HttpResponse doc = c.get("/openapi.json");
  REQUIRE_FALSE(doc.header("etag").empty());
  CHECK(c.request("GET", "/openapi.json", {}, {{"If-None-Match", doc.header("etag")}}).status == 304);
}

TEST_CASE("etag: If-Match on an update must name the current representation, else 412") {
  test::TestPlatform t;
  const std::string token = signed_in(t, "ifmatch@example.com");
  test::PlatformServer server(*t.platform);
  HttpClient c(server.port());
  const std::string tag = c.get("/v1/me", token).header("etag");
  REQUIRE_FALSE(tag.empty());

  HttpResponse ok = c.request("PATCH", "/v1/me", R"({"city":"Riga"})", auth(token, {{"If-Match", tag}}));
  CHECK(ok.status == 200);
  const std::string now_tag = c.get("/v1/me", token).header("etag");
  CHECK(now_tag != tag);

  // The old tag is stale: refused, nothing changed, and the answer tells the current tag.
  HttpResponse stale = c.request("PATCH", "/v1/me", R"({"city":"Oslo"})", auth(token, {{"If-Match", tag}}));
  CHECK(stale.status == 412);
  CHECK(stale.header("content-type") == "application/problem+json");
  CHECK(stale.json()["code"] == "precondition_failed");
  CHECK(stale.header("etag") == now_tag);
  CHECK(c.get("/v1/me", token).json()["profile"]["city"] == "Riga");

  // A weak tag never matches for If-Match; "*" only asks that the resource exists.
  CHECK(c.request("PATCH", "/v1/me", R"({"city":"Oslo"})", auth(token, {{"If-Match", "W/" + now_tag}})).status == 412);
  CHECK(c.request("PATCH", "/v1/me", R"({"city":"Oslo"})", auth(token, {{"If-Match", "*"}})).status == 200);
  CHECK(c.get("/v1/me", token).json()["profile"]["city"] == "Oslo");

  // PUT on the preferences works the same way.
  const std::string prefs = c.get("/v1/notifications/preferences", token).header("etag");
  HttpResponse put = c.request("PUT", "/v1/notifications/preferences",
                               R"({"type":"marketing","channel":"email","enabled":true})",
                               auth(token, {{"If-Match", "\"nope\""}}));
  CHECK(put.status == 412);
  CHECK(put.header("etag") == prefs);

  // A path with no GET has no representation to match.
  HttpResponse no_get = c.request("DELETE", "/v1/me/phone", {}, auth(token, {{"If-Match", "*"}}));
  CHECK(no_get.status == 412);

  // A resource the caller may not see has no representation for it: 412, and nothing happens.
  t.make_user("other@example.com");
  const std::string other_id = t.call("users.list", Actor::system())["items"].back()["id"];
  HttpResponse foreign = c.request("DELETE", "/v1/users/" + other_id, {}, auth(token, {{"If-Match", "*"}}));
  CHECK(foreign.status == 412);  // invisible is as good as absent: nothing to match, nothing given away
  CHECK(t.call("users.get", Actor::system(), {{"user_id", other_id}})["status"] == "active");
}

TEST_CASE("etag: concurrent updates with one If-Match: exactly one wins, no update is lost") {
  // On the backend under test, and on a SQLite file (where writers are separate connections).
  std::vector<std::string> urls{""};
  test::TempDir file_dir;
  const char* backend = std::getenv("FITKIT_TEST_DOMAIN_BACKEND");
  if (!backend || std::string(backend) != "postgresql") urls.push_back("sqlite:" + (file_dir / "race.db").string());
  for (const auto& url : urls) {
    CAPTURE(url);
    test::TestPlatform t({}, url);
    const std::string token = signed_in(t, "race@example.com");
    test::PlatformServer server(*t.platform);
    constexpr int kWriters = 6;
    for (int round = 0; round < 4; ++round) {
      CAPTURE(round);
      const std::string tag = HttpClient(server.port()).get("/v1/me", token).header("etag");
      std::atomic<int> won{0}, refused{0}, other{0};
      std::atomic<int> winner{-1};
      std::barrier start(kWriters);
      std::vector<std::thread> writers;
      for (int i = 0; i < kWriters; ++i)
        writers.emplace_back([&, i] {
          HttpClient c(server.port());
          // A value of its own: rewriting the current text would leave the tag as it is.
          const std::string body = json{{"about", "writer " + std::to_string(i) + " of round " + std::to_string(round)}}.dump();
          start.arrive_and_wait();
          HttpResponse r = c.request("PATCH", "/v1/me", body, auth(token, {{"If-Match", tag}}));
          if (r.status == 200) {
            ++won;
            winner = i;
          } else if (r.status == 412) {
            ++refused;
          } else {
            ++other;
          }
        });
      for (auto& w : writers) w.join();
      CHECK(won == 1);
      CHECK(refused == kWriters - 1);
      CHECK(other == 0);
      CHECK(HttpClient(server.port()).get("/v1/me", token).json()["profile"]["about"] ==
            "writer " + std::to_string(winner.load()) + " of round " + std::to_string(round));
    }
  }
}

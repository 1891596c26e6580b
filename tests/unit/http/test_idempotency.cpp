// Idempotency-Key: the first answer replayed, other requests under the key refused, a key in
// use refused, 5xx and 429 not kept, keys expiring after 24 hours, and keys shared by every
// process on one database. On SQLite and on PostgreSQL (unit_postgresql).
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <thread>

#include "api/registry.hpp"
#include "support/temp_dir.hpp"
#include "unit/fixture.hpp"
#include "unit/http/handler_harness.hpp"
#include "unit/http/http_client.hpp"
#include "unit/http/platform_server.hpp"

using namespace fitkit;
using fitkit::test::Call;

namespace {

// Operations whose runs the tests can count, fail and hold.
struct Probe {
  std::atomic<int> runs{0};
  std::atomic<int> flaky_calls{0};
  std::promise<void> entered;
  std::shared_future<void> release;
  api::Registry registry;

  explicit Probe(std::shared_future<void> gate = {}) : release(std::move(gate)) {
    using api::Access;
    using api::HttpMethod;
    using api::ParamType;
    registry.add({"probe.count", "Counts its runs", HttpMethod::post, "/v1/count", Access::anyone,
                  {{"x", ParamType::string, false, "anything"}},
                  [this](api::Context&, const api::Json&) { return api::Json{{"run", ++runs}}; }});
    registry.add({"probe.uncount", "Counts its runs", HttpMethod::del, "/v1/count", Access::anyone,
                  {{"x", ParamType::string, false, "anything"}},
                  [this](api::Context&, const api::Json&) { return api::Json{{"run", ++runs}}; }});
    registry.add({"probe.flaky", "Fails with 500 the first time", HttpMethod::post, "/v1/flaky", Access::anyone, {},
                  [this](api::Context&, const api::Json&) -> api::Json {
                    if (++flaky_calls == 1) throw Error::internal("the first call fails");
                    return api::Json{{"run", flaky_calls.load()}};
                  }});
    registry.add({"probe.busy", "Too many requests the first time", HttpMethod::post, "/v1/busy", Access::anyone, {},
                  [this](api::Context&, const api::Json&) -> api::Json {
                    if (++flaky_calls == 1) throw Error::rate_limited("slow down", 1000);
                    return api::Json{{"run", flaky_calls.load()}};
                  }});
    registry.add({"probe.slow", "Waits for the test", HttpMethod::post, "/v1/slow", Access::anyone, {},
                  [this](api::Context&, const api::Json&) {
                    entered.set_value();
                    release.wait();
                    return api::Json{{"run", ++runs}};
                  }});
  }
};

http::ServerOptions no_budgets() {
  http::ServerOptions o;
  o.rate_limits.clear();
  return o;
}

Call keyed(std::string method, std::string target, const api::Json& body, std::string key) {
  Call c = test::send(std::move(method), std::move(target), body);
  c.with("Idempotency-Key", std::move(key));
  return c;
}

}  // namespace

TEST_CASE("idempotency: the same key and request get the first answer again") {
  test::TestPlatform t;
  Probe probe;
  http::Handler handler(*t.platform, probe.registry, "{}", no_budgets());
  const Call call = keyed("POST", "/v1/count", {{"x", "a"}}, "3f1c1c8e-1111-4a8e-9d5b-5f0e2a1b0c01");

  auto first = test::run(handler, call);
  CHECK(first.status == 200);
  CHECK(first.json() == api::Json{{"run", 1}});
  CHECK(first.header("Idempotency-Replayed").empty());
  for (int i = 0; i < 3; ++i) {
    auto again = test::run(handler, call);
    CHECK(again.status == 200);
    CHECK(again.body == first.body);
    CHECK(again.content_type == "application/json");
    CHECK(again.header("Idempotency-Replayed") == "true");
    CHECK(again.header("X-Request-Id") != first.header("X-Request-Id"));
  }
  CHECK(probe.runs == 1);

  // Without a key, or with another one, the operation runs.
  CHECK(test::run(handler, test::send("POST", "/v1/count", {{"x", "a"}})).json()["run"] == 2);
  CHECK(test::run(handler, keyed("POST", "/v1/count", {{"x", "a"}}, "another")).json()["run"] == 3);
  // Keys are per caller: another address with the same key is another request.
  Call elsewhere = call;
  elsewhere.ip = "198.51.100.1";
  CHECK(test::run(handler, elsewhere).json()["run"] == 4);
  CHECK(probe.runs == 4);
}

TEST_CASE("idempotency: the key with another method, path or body is 422; bad keys are 400") {
  test::TestPlatform t;
  Probe probe;
  http::Handler handler(*t.platform, probe.registry, "{}", no_budgets());
  REQUIRE(test::run(handler, keyed("POST", "/v1/count", {{"x", "a"}}, "k1")).status == 200);
  for (const Call& other : {keyed("POST", "/v1/count", {{"x", "b"}}, "k1"),
                            keyed("DELETE", "/v1/count?x=a", api::Json::object(), "k1"),
                            keyed("POST", "/v1/flaky", api::Json::object(), "k1")}) {
    CAPTURE(other.method + " " + other.target + " " + other.body);
    auto r = test::run(handler, other);
    CHECK(r.status == 422);
    CHECK(r.json()["code"] == "idempotency_key_reused");
    CHECK(r.json()["field"] == "Idempotency-Key");
  }
  CHECK(probe.runs == 1);
  CHECK(probe.flaky_calls == 0);

  for (const std::string& bad : {std::string(256, 'k'), std::string("tab\there"), std::string("caf\xc3\xa9")}) {
    auto r = test::run(handler, keyed("POST", "/v1/count", {{"x", "a"}}, bad));
    CHECK(r.status == 400);
    CHECK(r.json()["field"] == "Idempotency-Key");
  }
  CHECK(probe.runs == 1);
  // The longest key and a key with spaces are fine.
  CHECK(test::run(handler, keyed("POST", "/v1/count", {{"x", "a"}}, std::string(255, '~'))).status == 200);
  CHECK(test::run(handler, keyed("POST", "/v1/count", {{"x", "a"}}, "a key with spaces")).status == 200);
  CHECK(probe.runs == 3);
  // A read ignores the header.
  CHECK(test::run(handler, test::get("/healthz").with("Idempotency-Key", "k1")).status == 200);
}

TEST_CASE("idempotency: client errors are kept; 5xx and 429 answers are not") {
  test::TestPlatform t;
  Probe probe;
  http::Handler handler(*t.platform, probe.registry, "{}", no_budgets());

  const Call unknown_param = keyed("POST", "/v1/count", {{"y", 1}}, "bad-request");
  auto first = test::run(handler, unknown_param);
  CHECK(first.status == 400);
  auto again = test::run(handler, unknown_param);
  CHECK(again.status == 400);
  CHECK(again.content_type == "application/problem+json");
  CHECK(again.header("Idempotency-Replayed") == "true");
  CHECK(again.json()["request_id"] == again.header("X-Request-Id"));  // this request's id, not the first one's

  const Call flaky = keyed("POST", "/v1/flaky", api::Json::object(), "flaky");
  CHECK(test::run(handler, flaky).status == 500);
  auto retried = test::run(handler, flaky);
  CHECK(retried.status == 200);
  CHECK(retried.header("Idempotency-Replayed").empty());
  CHECK(test::run(handler, flaky).header("Idempotency-Replayed") == "true");
  CHECK(probe.flaky_calls == 2);

  probe.flaky_calls = 0;
  const Call busy = keyed("POST", "/v1/busy", api::Json::object(), "busy");
  CHECK(test::run(handler, busy).status == 429);
  CHECK(test::run(handler, busy).status == 200);
  CHECK(test::run(handler, busy).header("Idempotency-Replayed") == "true");
}

TEST_CASE("idempotency: a second request while the first is running is 409") {
  test::TestPlatform t;
  std::promise<void> gate;
  Probe probe(gate.get_future().share());
  http::Handler handler(*t.platform, probe.registry, "{}", no_budgets());
  const Call slow = keyed("POST", "/v1/slow", api::Json::object(), "slow-key");
  auto first = std::async(std::launch::async, [&] { return test::run(handler, slow); });
  probe.entered.get_future().wait();
  auto meanwhile = test::run(handler, slow);
  gate.set_value();
  CHECK(meanwhile.status == 409);
  CHECK(meanwhile.json()["code"] == "idempotency_key_in_use");
  CHECK(meanwhile.retry_after_s >= 1);
  CHECK(first.get().status == 200);
  auto after = test::run(handler, slow);
  CHECK(after.status == 200);
  CHECK(after.header("Idempotency-Replayed") == "true");
  CHECK(probe.runs == 1);
}

TEST_CASE("idempotency: keys expire after 24 hours and are purged") {
  test::TestPlatform t;
  Probe probe;
  http::Handler handler(*t.platform, probe.registry, "{}", no_budgets());
  const Call call = keyed("POST", "/v1/count", api::Json::object(), "day-key");
  CHECK(test::run(handler, call).json()["run"] == 1);
  t.clock->advance(24 * kHourMs - 1);
  CHECK(test::run(handler, call).header("Idempotency-Replayed") == "true");
  t.clock->advance(2);
  auto later = test::run(handler, call);
  CHECK(later.json()["run"] == 2);
  CHECK(later.header("Idempotency-Replayed").empty());
  // Another key, a day on: the purge removes the rows that have expired.
  test::run(handler, keyed("POST", "/v1/count", api::Json::object(), "other-key"));
  t.clock->advance(25 * kHourMs);
  test::run(handler, keyed("POST", "/v1/count", api::Json::object(), "fresh-key"));
  CHECK(t.platform->database().acquire()->query_i64("SELECT count(*) FROM idempotency_keys") == 1);
}

TEST_CASE("idempotency: every process on one database shares the keys, and keeps no readable answer") {
  test::TempDir dir;
  const char* backend = std::getenv("FITKIT_TEST_DOMAIN_BACKEND");
  const std::string url = backend && std::string(backend) == "postgresql" ? test::test_database_url()
                                                                          : "sqlite:" + (dir / "shared.db").string();
  test::TestPlatform a({}, url);
  test::TestPlatform b({}, url);
  Probe probe;
  http::Handler on_a(*a.platform, probe.registry, "{}", no_budgets());
  http::Handler on_b(*b.platform, probe.registry, "{}", no_budgets());
  const Call call = keyed("POST", "/v1/count", {{"x", "shared"}}, "cross-process-key");
  auto first = test::run(on_a, call);
  auto second = test::run(on_b, call);
  CHECK(second.body == first.body);
  CHECK(second.header("Idempotency-Replayed") == "true");
  CHECK(probe.runs == 1);

  // A sign-in's answer holds tokens: the table keeps neither them nor the key in clear.
  a.make_user("idem@example.com");
  http::Handler real(*a.platform, api::registry(), "{}", no_budgets());
  const Call login =
      keyed("POST", "/v1/auth/login", {{"email", "idem@example.com"}, {"password", test::kPassword}}, "login-key-1");
  auto signed_in = test::run(real, login);
  REQUIRE(signed_in.status == 200);
  const std::string refresh = signed_in.json()["refresh_token"];
  auto replayed = test::run(real, login);
  CHECK(replayed.json()["refresh_token"] == refresh);
  std::string stored;
  a.platform->database().acquire()->query("SELECT key_hash, request_hash, answer FROM idempotency_keys", {},
                                          [&](const storage::Row& r) {
                                            stored += r.text(0) + r.text(1) + r.opt_text(2).value_or("");
                                          });
  CHECK_FALSE(stored.empty());
  CHECK(stored.find(refresh) == std::string::npos);
  CHECK(stored.find("login-key-1") == std::string::npos);
  CHECK(stored.find("cross-process-key") == std::string::npos);
  CHECK(stored.find("shared") == std::string::npos);
}

TEST_CASE("idempotency: a real server replays with Idempotency-Replayed: true") {
  test::TestPlatform t;
  test::PlatformServer server(*t.platform);
  test::HttpClient c(server.port());
  const std::string body = R"({"email":"replay@example.com","password":"correct horse battery staple"})";
  auto first = c.request("POST", "/v1/auth/register", body, {{"Idempotency-Key", "reg-1"}});
  CHECK(first.status == 200);
  auto again = c.request("POST", "/v1/auth/register", body, {{"Idempotency-Key", "reg-1"}});
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  CHECK(again.header("idempotency-replayed") == "true");
  CHECK(t.take_mail("replay@example.com").size() == 1);  // one verification mail, not two
}

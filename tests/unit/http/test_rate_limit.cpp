// Request budgets: the limiter's arithmetic, its bound on memory and threads, the flag's
// syntax, and 429 answers with RateLimit headers from the handler and a real server.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "api/registry.hpp"
#include "http/rate_limit.hpp"
#include "unit/fixture.hpp"
#include "unit/http/handler_harness.hpp"
#include "unit/http/http_client.hpp"
#include "unit/http/platform_server.hpp"

using namespace fitkit;

namespace {

http::ServerOptions budgets(std::vector<http::RateLimitRule> rules) {
  http::ServerOptions o;
  o.rate_limits = std::move(rules);
  return o;
}

}  // namespace

TEST_CASE("rate limit: a fixed window per client and budget, with the draft's header values") {
  http::RateLimiter limiter({{"default", 3, 60}, {"auth.login", 2, 10}});
  auto d = limiter.take("ip:a", "profile.get", 1000);
  CHECK(d.allowed);
  CHECK(d.policy == R"("default";q=3;w=60)");
  CHECK(d.state == R"("default";r=2;t=60)");
  CHECK(limiter.take("ip:a", "profile.get", 31000).state == R"("default";r=1;t=30)");
  d = limiter.take("ip:a", "auth.login", 32000);
  CHECK(d.allowed);
  CHECK(d.policy == R"("default";q=3;w=60, "auth.login";q=2;w=10)");
  CHECK(d.state == R"("default";r=0;t=29, "auth.login";r=1;t=10)");
  d = limiter.take("ip:a", "profile.get", 40000);
  CHECK_FALSE(d.allowed);
  CHECK(d.retry_after_s == 21);
  CHECK(d.state == R"("default";r=0;t=21)");
  CHECK(d.detail.find("retry in 21 s") != std::string::npos);
  CHECK(limiter.take("ip:b", "profile.get", 40000).allowed);  // another client, its own budget
  CHECK(limiter.take("ip:a", "profile.get", 61000).allowed);  // a new window
}

TEST_CASE("rate limit: an operation's own budget refuses on its own, and refusals are not counted") {
  http::RateLimiter limiter({{"default", 100, 60}, {"auth.login", 2, 60}});
  CHECK(limiter.take("ip:a", "auth.login", 0).allowed);
  CHECK(limiter.take("ip:a", "auth.login", 0).allowed);
  for (int i = 0; i < 5; ++i) {
    auto d = limiter.take("ip:a", "auth.login", 1000);
    CHECK_FALSE(d.allowed);
    CHECK(d.retry_after_s == 59);
    CHECK(d.detail.find("auth.login") != std::string::npos);
  }
  auto other = limiter.take("ip:a", "profile.get", 1000);
  CHECK(other.allowed);
  CHECK(other.state == R"("default";r=97;t=59)");  // 2 logins and this one; not the refused ones
}

TEST_CASE("rate limit: 0 turns a budget off; no budget, no headers") {
  http::RateLimiter none({{"default", 0, 60}, {"auth.login", 0, 60}});
  auto d = none.take("ip:a", "auth.login", 0);
  CHECK(d.allowed);
  CHECK(d.policy.empty());
  CHECK(d.state.empty());
  http::RateLimiter only_login({{"auth.login", 1, 60}});
  CHECK(only_login.take("ip:a", "profile.get", 0).policy.empty());
  CHECK(only_login.take("ip:a", "auth.login", 0).policy == R"("auth.login";q=1;w=60)");
}

TEST_CASE("rate limit: memory stays bounded with many clients") {
  http::RateLimiter limiter({{"default", 5, 60}}, 64);
  for (int i = 0; i < 5000; ++i) CHECK(limiter.take("ip:" + std::to_string(i), "x", i).allowed);
  CHECK(limiter.bucket_count() <= 64);
  CHECK(limiter.bucket_count() > 0);
  // Buckets whose window has ended go first.
  for (int i = 0; i < 5000; ++i) limiter.take("ip:late" + std::to_string(i), "x", 200000 + i);
  CHECK(limiter.bucket_count() <= 64);
}

TEST_CASE("rate limit: many threads never let more through than the budget") {
  http::RateLimiter limiter({{"default", 500, 60}, {"op", 300, 60}});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (limiter.take("usr_same", i % 2 ? "op" : "other", 1000).allowed) ++allowed;
    });
  for (auto& t : threads) t.join();
  // 400 "other" and at most 300 "op" calls could pass: the default budget is spent in any order.
  CHECK(allowed == 500);
}

TEST_CASE("rate limit: --rate-limit syntax") {
  auto r = http::parse_rate_limit("auth.login=10/1m");
  CHECK(r.operation == "auth.login");
  CHECK(r.requests == 10);
  CHECK(r.window_s == 60);
  CHECK(http::parse_rate_limit("default=600/60").window_s == 60);
  CHECK(http::parse_rate_limit("default=600/60s").window_s == 60);
  CHECK(http::parse_rate_limit("x=1/2h").window_s == 7200);
  CHECK(http::parse_rate_limit("x=1/1d").window_s == 86400);
  CHECK(http::parse_rate_limit("auth.register=0/1m").requests == 0);
  for (std::string bad : {"", "x", "x=1", "=1/1m", "x=1/", "x=-1/1m", "x=1/0", "x=a/1m", "x=1/1w", "X Y=1/1m",
                          "x=1/8d", "x=1/1m/2"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(http::parse_rate_limit(bad), Error);
  }
  std::vector<http::RateLimitRule> rules = http::default_rate_limits();
  const auto before = rules.size();
  http::apply_rate_limit(rules, "auth.login=3/1m");
  http::apply_rate_limit(rules, "users.list=5/10s");
  CHECK(rules.size() == before + 1);
  CHECK(std::find_if(rules.begin(), rules.end(), [](auto& x) { return x.operation == "auth.login"; })->requests == 3);
}

TEST_CASE("rate limit: the handler answers 429 with Retry-After and RateLimit headers; budgets are per client") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}", budgets({{"default", 3, 60}, {"auth.login", 1, 60}}));
  for (int i = 0; i < 3; ++i) {
    auto r = test::run(handler, test::get("/v1/me"));
    CHECK(r.status == 401);  // counted all the same
    CHECK(r.header("RateLimit-Policy") == R"("default";q=3;w=60)");
    CHECK(r.header("RateLimit").rfind("\"default\";r=" + std::to_string(2 - i) + ";t=", 0) == 0);
  }
  auto refused = test::run(handler, test::get("/v1/me"));
  CHECK(refused.status == 429);
  CHECK(refused.json()["code"] == "rate_limited");
  CHECK(refused.retry_after_s >= 59);
  CHECK(refused.header("RateLimit").rfind(R"("default";r=0;t=)", 0) == 0);
  // Another address has a budget of its own; so does each signed-in user, wherever it calls from.
  test::Call elsewhere = test::get("/v1/me");
  elsewhere.ip = "198.51.100.7";
  CHECK(test::run(handler, elsewhere).status == 401);

  t.make_user("budget@example.com");
  const std::string token = t.login("budget@example.com")["access_token"];
  for (int i = 0; i < 3; ++i) {
    test::Call c = test::get("/v1/me").bearer(token);
    c.ip = "203.0.113." + std::to_string(i);
    CHECK(test::run(handler, c).status == 200);
  }
  CHECK(test::run(handler, test::get("/v1/me").bearer(token).with("X", "y")).status == 429);

  // A stricter operation budget: the second sign-in from one address is refused.
  test::Call login = test::send("POST", "/v1/auth/login", {{"email", "budget@example.com"}, {"password", test::kPassword}});
  login.ip = "198.51.100.99";
  CHECK(test::run(handler, login).status == 200);
  auto second = test::run(handler, login);
  CHECK(second.status == 429);
  CHECK(second.header("RateLimit-Policy") == R"("default";q=3;w=60, "auth.login";q=1;w=60)");
}

TEST_CASE("rate limit: a refused token still spends its address's budget") {
  test::TestPlatform t;
  http::Handler handler(*t.platform, api::registry(), "{}", budgets({{"default", 2, 60}}));
  for (int i = 0; i < 2; ++i) CHECK(test::run(handler, test::get("/v1/me").bearer("forged")).status == 401);
  CHECK(test::run(handler, test::get("/v1/me").bearer("forged")).status == 429);
}

TEST_CASE("rate limit: budgets of unknown operations are refused at start") {
  test::TestPlatform t;
  CHECK_THROWS_AS(http::Handler(*t.platform, api::registry(), "{}", budgets({{"auth.logn", 1, 60}})), Error);
}

TEST_CASE("rate limit: a real server sends the default policy on API answers") {
  test::TestPlatform t;
  test::PlatformServer server(*t.platform);
  test::HttpClient c(server.port());
  auto r = c.post("/v1/auth/login", {{"email", "nobody@example.com"}, {"password", "wrong password, surely"}});
  CHECK(r.header("ratelimit-policy").find(R"("default";q=600;w=60)") != std::string::npos);
  CHECK(r.header("ratelimit-policy").find(R"("auth.login";q=)") != std::string::npos);
  CHECK_FALSE(r.header("ratelimit").empty());
  CHECK(c.get("/healthz").header("ratelimit").empty());  // not an operation
}

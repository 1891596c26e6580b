// The socket-free rules of /v1/ws: Origin, inbound messages, the rate bucket, the envelopes,
// and when a notification is published (only once its transaction has committed).
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/id.hpp"
#include "fitkit/pubsub.hpp"
#include "fitkit/storage.hpp"
#include "http/websocket_auth.hpp"
#include "notify/live.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::http;
using nlohmann::json;

namespace {

// Collects what a channel receives.
struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> got;
  std::unique_ptr<storage::Subscription> subscription;

  Inbox(storage::PubSub& pubsub, const std::string& channel) {
    subscription = pubsub.subscribe(channel, [this](std::string_view payload) {
      std::lock_guard lock(mu);
      got.emplace_back(payload);
      cv.notify_all();
    });
  }
  std::vector<std::string> wait_for(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, limit, [&] { return got.size() >= n; });
    return got;
  }
};

}  // namespace

TEST_CASE("websocket rules: origins are compared as scheme, host and port") {
  CHECK(normalize_origin("HTTPS://App.Example.org:443/path?q") == "https://app.example.org");
  CHECK(normalize_origin("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
  CHECK(normalize_origin("http://example.org:80") == "http://example.org");
  CHECK(normalize_origin("http://[::1]:8080/") == "http://[::1]:8080");
  CHECK(normalize_origin("example.org") == "");
  CHECK(normalize_origin("null") == "null");

  const OriginPolicy own({"http://127.0.0.1:8080", "https://fit.example.org/"}, {"https://app.example.org"});
  CHECK(own.allows(""));  // not a browser
  CHECK(own.allows("http://127.0.0.1:8080"));
  CHECK(own.allows("https://fit.example.org"));
  CHECK(own.allows("https://APP.example.org"));
  CHECK_FALSE(own.allows("https://evil.example"));
  CHECK_FALSE(own.allows("http://app.example.org"));  // another scheme is another origin
  CHECK_FALSE(own.allows("http://127.0.0.1:8081"));
  CHECK_FALSE(own.allows("null"));
  CHECK_FALSE(own.allows("garbage"));
  const OriginPolicy any({"http://127.0.0.1:8080"}, {"*"});
  CHECK(any.allows("https://evil.example"));
  CHECK(any.allows("null"));
}

TEST_CASE("websocket rules: the endpoint, inbound messages and envelopes") {
  CHECK(is_websocket_target("/v1/ws"));
  CHECK(is_websocket_target("/v1/ws?x=1"));
  CHECK_FALSE(is_websocket_target("/v1/wss"));
  CHECK_FALSE(is_websocket_target("/v1/ws/x"));

  auto m = parse_inbound(R"({"type":"auth","token":"abc"})");
  CHECK((m.type == "auth" && m.token == "abc" && m.error.empty()));
  CHECK(parse_inbound(R"({"type":"ping"})").type == "ping");
  CHECK_FALSE(parse_inbound(R"({"type":"auth"})").error.empty());
  CHECK_FALSE(parse_inbound(R"({"type":"auth","token":5})").error.empty());
  CHECK_FALSE(parse_inbound("not json").error.empty());
  CHECK_FALSE(parse_inbound("[1,2]").error.empty());
  CHECK_FALSE(parse_inbound(R"({"type":1})").error.empty());

  const auto error = json::parse(error_envelope("invalid_argument", "bad \"thing\""));
  CHECK(error["type"] == "error");
  CHECK(error["data"]["code"] == "invalid_argument");
  CHECK(error["data"]["message"] == "bad \"thing\"");
}

TEST_CASE("websocket rules: the token bucket allows a burst, then the average rate") {
  using Clock = TokenBucket::Clock;
  const auto t0 = Clock::now();
  TokenBucket bucket(10, 3, t0);
  CHECK(bucket.take(t0));
  CHECK(bucket.take(t0));
  CHECK(bucket.take(t0));
  CHECK_FALSE(bucket.take(t0));
  CHECK(bucket.take(t0 + std::chrono::milliseconds(100)));  // one more after 1/10 s
  CHECK_FALSE(bucket.take(t0 + std::chrono::milliseconds(110)));
  CHECK(bucket.take(t0 + std::chrono::seconds(60)));  // refilled, but never past the burst
  CHECK(bucket.take(t0 + std::chrono::seconds(60)));
  CHECK(bucket.take(t0 + std::chrono::seconds(60)));
  CHECK_FALSE(bucket.take(t0 + std::chrono::seconds(60)));
}

TEST_CASE("websocket rules: a notification envelope carries the list's fields and fits a message") {
  CHECK(notify::user_topic(parse_id(IdKind::user, "usr_02N40E96E1GE0")) == "user:usr_02n40e96e1ge0");
  notify::LiveNotification n{parse_id(IdKind::notification, "ntf_02N40E96E1GE0"), "password_changed", "Title", "Body",
                             R"({"k":1})", 2, 1700000000000, 1700000001000};
  auto e = json::parse(notify::notification_envelope(n));
  CHECK(e["type"] == "notification");
  CHECK(e["data"]["id"] == "ntf_02N40E96E1GE0");
  CHECK(e["data"]["count"] == 2);
  CHECK(e["data"]["read"] == false);
  CHECK(e["data"]["data"]["k"] == 1);
  CHECK(e["data"]["created_at"] == "2023-11-14T22:13:20.000Z");

  n.body = std::string(storage::kMaxPayloadBytes, 'x');
  const std::string big = notify::notification_envelope(n);
  CHECK(big.size() <= storage::kMaxPayloadBytes);
  e = json::parse(big);
  CHECK(e["data"]["truncated"] == true);
  CHECK(e["data"]["id"] == "ntf_02N40E96E1GE0");
  CHECK_FALSE(e["data"].contains("body"));
}

TEST_CASE("websocket rules: after_commit runs on commit, never on rollback") {
  test::TestPlatform t;
  auto c = t.platform->database().acquire();
  std::vector<std::string> ran;
  {
    storage::Transaction tx(*c);
    c->after_commit([&] { ran.push_back("rolled back"); });
  }
  CHECK(ran.empty());
  {
    storage::Transaction tx(*c);
    c->after_commit([&] { ran.push_back("committed"); });
    c->after_commit([] { throw std::runtime_error("dropped"); });
    c->after_commit([&] { ran.push_back("after a throw"); });
    CHECK(ran.empty());
    tx.commit();
  }
  CHECK(ran == std::vector<std::string>{"committed", "after a throw"});
  c->after_commit([&] { ran.push_back("no transaction"); });
  CHECK(ran.back() == "no transaction");
  {
    storage::Transaction tx(*c);
    c->after_commit([&] { ran.push_back("stale"); });
    c->rollback();  // by hand; the guard then drops what was queued
  }
  {
    storage::Transaction tx(*c);
    tx.commit();
  }
  CHECK(ran.back() == "no transaction");
}

TEST_CASE("websocket rules: a password change publishes its notification on the user's topic") {
  test::TestPlatform t;
  const std::string ann = t.make_user("ann@example.com");
  const std::string bob = t.make_user("bob@example.com");
  Inbox ann_inbox(t.platform->pubsub(), notify::user_topic(parse_id(IdKind::user, ann)));
  Inbox bob_inbox(t.platform->pubsub(), notify::user_topic(parse_id(IdKind::user, bob)));
  const Actor actor = t.actor_of(t.login("ann@example.com"));

  // Refused (wrong current password): nothing is written, nothing is published.
  const auto change = [&](const std::string& current, const std::string& next) {
    t.call("auth.password.change", actor, {{"current_password", current}, {"new_password", next}});
  };
  CHECK(test::error_of([&] { change("wrong", "a new long password 1"); }) == ErrorCode::invalid_argument);
  CHECK(t.call("notifications.unread_count", actor)["unread"] == 0);

  change(test::kPassword, "a new long password 1");
  auto got = ann_inbox.wait_for(1);
  REQUIRE(got.size() == 1);
  auto e = json::parse(got[0]);
  CHECK(e["type"] == "notification");
  CHECK(e["data"]["type"] == "password_changed");
  CHECK(e["data"]["count"] == 1);
  // The published id is the stored one: it was committed when the message went out.
  auto listed = t.call("notifications.list", actor);
  CHECK(e["data"]["id"] == listed["items"][0]["id"]);

  // A second change raises the digest and publishes its new count.
  change("a new long password 1", "a new long password 2");
  got = ann_inbox.wait_for(2);
  REQUIRE(got.size() == 2);
  e = json::parse(got[1]);
  CHECK(e["data"]["count"] == 2);
  CHECK(e["data"]["id"] == listed["items"][0]["id"]);
  CHECK(bob_inbox.wait_for(1, std::chrono::milliseconds(300)).empty());
}

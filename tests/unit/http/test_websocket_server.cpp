// /v1/ws end to end inside one process: a real server, real WebSocket clients (Beast).
#include "unit/http/test_websocket_client.hpp"  // first: it sets Beast's configuration macros

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "fitkit/id.hpp"
#include "fitkit/pubsub.hpp"
#include "notify/live.hpp"
#include "unit/fixture.hpp"
#include "unit/http/http_client.hpp"

using namespace fitkit;
using fitkit::test::Headers;
using fitkit::test::ServerThread;
using nlohmann::json;
using WsClient = fitkit::test::WsClient<>;

namespace {

const std::string kNewPassword = "another long enough password 7";

struct Signed {
  std::string user_id;
  std::string access_token;
  Actor actor;
};

Signed sign_up(test::TestPlatform& t, const std::string& email) {
  const std::string id =
      t.call("users.create", Actor::system(), {{"email", email}, {"password", test::kPassword}})["id"];
  const auto tokens = t.login(email);
  return {id, tokens["access_token"], t.actor_of(tokens)};
}

Headers bearer(const Signed& s) { return {{"Authorization", "Bearer " + s.access_token}}; }

std::string auth_message(const std::string& token) { return json{{"type", "auth"}, {"token", token}}.dump(); }

json next_json(WsClient& c) {
  auto text = c.read();
  REQUIRE_MESSAGE(text, "no message: " << c.read_error().message());
  return json::parse(*text);
}

void change_password(test::TestPlatform& t, const Signed& s) {
  t.call("auth.password.change", s.actor, {{"current_password", test::kPassword}, {"new_password", kNewPassword}});
}

http::ServerOptions quick_options() {
  http::ServerOptions o;
  o.ws_auth_timeout_ms = 300;
  o.ws_session_check_ms = 100;
  return o;
}

}  // namespace

TEST_CASE("websocket: signed in by header or first message, each gets its own notifications") {
  test::TestPlatform t;
  ServerThread server(*t.platform, {});
  const Signed ann = sign_up(t, "ann@example.com"), bob = sign_up(t, "bob@example.com");

  WsClient ann_ws;
  REQUIRE(ann_ws.open(server.port(), bearer(ann)) == 101);
  auto ready = next_json(ann_ws);
  CHECK(ready["type"] == "ready");
  CHECK(ready["data"]["user_id"] == ann.user_id);
  CHECK(ready["data"]["topics"] == json::array({notify::user_topic(parse_id(IdKind::user, ann.user_id))}));

  WsClient bob_ws;
  REQUIRE(bob_ws.open(server.port()) == 101);
  bob_ws.write(auth_message(bob.access_token));
  CHECK(next_json(bob_ws)["data"]["user_id"] == bob.user_id);

  change_password(t, ann);
  auto note = next_json(ann_ws);
  CHECK(note["type"] == "notification");
  CHECK(note["data"]["type"] == "password_changed");
  CHECK(note["data"]["id"] == t.call("notifications.list", ann.actor)["items"][0]["id"]);
  CHECK_FALSE(bob_ws.read(std::chrono::milliseconds(300)));
  CHECK_FALSE(bob_ws.ended());

  // Application-level ping for browsers, which cannot send ping frames; unknown types are errors.
  bob_ws.write(R"({"type":"ping"})");
  CHECK(next_json(bob_ws)["type"] == "pong");
  bob_ws.write(R"({"type":"subscribe","topic":"user:someone-else"})");
  auto error = next_json(bob_ws);
  CHECK(error["type"] == "error");
  CHECK(error["data"]["code"] == "invalid_argument");
  bob_ws.write("not json");
  CHECK(next_json(bob_ws)["type"] == "error");
  // A ping frame is answered with a pong frame (Beast's ping completes on the write; the pong
  // shows as activity while the next read waits).
  bob_ws.ping();
  CHECK_FALSE(bob_ws.read(std::chrono::milliseconds(200)));
  CHECK_FALSE(bob_ws.ended());
}

TEST_CASE("websocket: refusals before the upgrade") {
  test::TestPlatform t({}, "sqlite::memory:");
  http::ServerOptions options;
  options.allowed_origins = {"https://app.example.org"};
  ServerThread server(*t.platform, options);
  const Signed ann = sign_up(t, "ann@example.com");

  {
    WsClient c;
    CHECK(c.open(server.port(), {{"Authorization", "Bearer not-a-token"}}) == 401);
    CHECK(json::parse(c.response_body())["code"] == "unauthenticated");
  }
  {
    WsClient c;
    CHECK(c.open(server.port(), {{"Authorization", "Basic YTpi"}}) == 401);
  }
  {
    WsClient c;
    CHECK(c.open(server.port(), {{"Origin", "https://evil.example"}}) == 403);
    CHECK(json::parse(c.response_body())["code"] == "permission_denied");
  }
  {
    WsClient c;  // a wrong Origin is refused even with a good token
    Headers h = bearer(ann);
    h.emplace_back("Origin", "https://evil.example");
    CHECK(c.open(server.port(), h) == 403);
  }
  {
    WsClient c;
    Headers h = bearer(ann);
    h.emplace_back("Origin", "https://app.example.org");
    CHECK(c.open(server.port(), h) == 101);
    CHECK(next_json(c)["type"] == "ready");
  }
  {
    WsClient c;  // the server's own origin
    CHECK(c.open(server.port(), {{"Origin", server.url()}}) == 101);
  }
  test::HttpClient plain(server.port());
  auto r = plain.get("/v1/ws");
  CHECK(r.status == 426);
  CHECK(r.header("upgrade") == "websocket");
  r = plain.request("POST", "/v1/ws", "{}");
  CHECK(r.status == 405);
  CHECK(plain.get("/healthz").status == 200);  // the same keep-alive connection goes on
}

TEST_CASE("websocket: signing in by the first message") {
  test::TestPlatform t({}, "sqlite::memory:");
  ServerThread server(*t.platform, quick_options());
  const Signed ann = sign_up(t, "ann@example.com");
  {
    WsClient c;
    REQUIRE(c.open(server.port()) == 101);
    c.write(auth_message("forged.token.value"));
    CHECK(c.read_until_closed());
    CHECK(c.close_code() == 4401);
  }
  {
    WsClient c;
    REQUIRE(c.open(server.port()) == 101);
    c.write(R"({"type":"ping"})");  // anything but auth first
    CHECK(c.read_until_closed());
    CHECK(c.close_code() == 4401);
  }
  {
    WsClient c;
    REQUIRE(c.open(server.port()) == 101);
    CHECK(c.read_until_closed());  // says nothing
    CHECK(c.close_code() == 4408);
  }
  {
    WsClient c;  // a fresh token for another user is refused, the connection stays
    REQUIRE(c.open(server.port()) == 101);
    c.write(auth_message(ann.access_token));
    CHECK(next_json(c)["type"] == "ready");
    const Signed bob = sign_up(t, "bob@example.com");
    c.write(auth_message(bob.access_token));
    CHECK(next_json(c)["data"]["code"] == "permission_denied");
    c.write(auth_message("forged.token.value"));
    CHECK(next_json(c)["data"]["code"] == "unauthenticated");
    c.write(R"({"type":"ping"})");
    CHECK(next_json(c)["type"] == "pong");
  }
}

TEST_CASE("websocket: inbound limits close the connection") {
  test::TestPlatform t({}, "sqlite::memory:");
  http::ServerOptions options;
  options.ws_max_message_bytes = 1024;
  options.ws_messages_per_second = 5;
  options.ws_message_burst = 5;
  ServerThread server(*t.platform, options);
  const Signed ann = sign_up(t, "ann@example.com");
  {
    WsClient c;
    REQUIRE(c.open(server.port(), bearer(ann)) == 101);
    CHECK(next_json(c)["type"] == "ready");
    c.write(std::string(2000, ' '));
    CHECK_MESSAGE(c.read_until_closed(), c.read_error().message());
    CHECK(c.close_code() == 1009);
  }
  {
    WsClient c;
    REQUIRE(c.open(server.port(), bearer(ann)) == 101);
    CHECK(next_json(c)["type"] == "ready");
    for (int i = 0; i < 10; ++i) c.write(R"({"type":"ping"})");
    int pongs = 0;
    while (auto text = c.read()) pongs += json::parse(*text)["type"] == "pong";
    CHECK(c.closed());
    CHECK(c.close_code() == 1008);
    CHECK(pongs >= 5);
    CHECK(pongs < 10);
  }
  {
    WsClient c;
    REQUIRE(c.open(server.port(), bearer(ann)) == 101);
    CHECK(next_json(c)["type"] == "ready");
    c.write("\x01\x02", true);
    CHECK(c.read_until_closed());
    CHECK(c.close_code() == 1003);
  }
}

TEST_CASE("websocket: the server pings, and closes a peer that stops answering") {
  test::TestPlatform t({}, "sqlite::memory:");
  http::ServerOptions options;
  options.ws_ping_interval_ms = 150;
  ServerThread server(*t.platform, options);
  const Signed ann = sign_up(t, "ann@example.com");
  WsClient answering;
  int pings = 0;
  answering.count_pings(pings);
  REQUIRE(answering.open(server.port(), bearer(ann)) == 101);
  CHECK(next_json(answering)["type"] == "ready");
  CHECK_FALSE(answering.read(std::chrono::milliseconds(1000)));  // Beast answers while reading
  CHECK(pings >= 3);
  CHECK_FALSE(answering.ended());

  WsClient silent;
  REQUIRE(silent.open(server.port(), bearer(ann)) == 101);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // reads nothing, so answers no ping
  while (silent.read(std::chrono::seconds(5))) {
  }
  CHECK(silent.ended());
  CHECK_FALSE(silent.closed());  // cut, without a close handshake
}

TEST_CASE("websocket: a client that does not read is dropped while another keeps receiving") {
  test::TestPlatform t;
  http::ServerOptions options;
  options.ws_max_queued_bytes = 256 * 1024;
  ServerThread server(*t.platform, options);
  const Signed ann = sign_up(t, "ann@example.com");
  const std::string topic = notify::user_topic(parse_id(IdKind::user, ann.user_id));

  WsClient slow, reader;
  REQUIRE(slow.open(server.port(), bearer(ann), "/v1/ws", 4096) == 101);
  REQUIRE(reader.open(server.port(), bearer(ann)) == 101);
  CHECK(next_json(slow)["type"] == "ready");
  CHECK(next_json(reader)["type"] == "ready");

  // Far more than the socket buffers and the queue hold, in rounds the reader keeps up with:
  // the one that does not read must be dropped, the other must get everything.
  const int kMessages = 1200, kRound = 20;
  const std::string filler(7000, 'x');
  int received = 0;
  for (int sent = 0; sent < kMessages && received == sent;) {
    for (int i = 0; i < kRound; ++i, ++sent)
      t.platform->pubsub().publish(topic, json{{"type", "test"}, {"n", sent}, {"filler", filler}}.dump());
    for (; received < sent; ++received) {
      auto text = reader.read();
      if (!text) break;
      CHECK(json::parse(*text)["n"] == received);
    }
  }
  CHECK(received == kMessages);

  int slow_received = 0;
  while (slow.read(std::chrono::seconds(5))) ++slow_received;
  CHECK(slow.ended());
  CHECK(slow_received < kMessages);
  // The server is as responsive as before.
  WsClient later;
  REQUIRE(later.open(server.port(), bearer(ann)) == 101);
  CHECK(next_json(later)["type"] == "ready");
}

TEST_CASE("websocket: the token's expiry or the session's end closes the connection; a fresh token renews") {
  test::TestPlatform t({}, "sqlite::memory:");
  ServerThread server(*t.platform, quick_options());
  const Signed ann = sign_up(t, "ann@example.com");

  WsClient renewed, expiring;
  REQUIRE(renewed.open(server.port(), bearer(ann)) == 101);
  REQUIRE(expiring.open(server.port(), bearer(ann)) == 101);
  CHECK(next_json(renewed)["type"] == "ready");
  CHECK(next_json(expiring)["type"] == "ready");

  t.clock->advance(10 * kMinuteMs);
  const auto fresh = t.login("ann@example.com");
  renewed.write(auth_message(fresh["access_token"]));
  auto ready = next_json(renewed);
  CHECK(ready["type"] == "ready");

  t.clock->advance(6 * kMinuteMs);  // past the first token's expiry, not the second's
  CHECK(expiring.read_until_closed());
  CHECK(expiring.close_code() == 4401);
  CHECK_FALSE(renewed.read(std::chrono::milliseconds(400)));
  CHECK_FALSE(renewed.ended());

  // Signing out of the session behind the fresh token closes its connection too.
  t.call("auth.logout", t.actor_of(fresh));
  CHECK(renewed.read_until_closed());
  CHECK(renewed.close_code() == 4401);
}

TEST_CASE("websocket: stopping the server closes sockets with 1001") {
  test::TestPlatform t({}, "sqlite::memory:");
  auto server = std::make_unique<ServerThread>(*t.platform, http::ServerOptions{});
  const Signed ann = sign_up(t, "ann@example.com");
  WsClient c;
  REQUIRE(c.open(server->port(), bearer(ann)) == 101);
  CHECK(next_json(c)["type"] == "ready");
  std::thread stopper([&] { server->stop(); });
  CHECK(c.read_until_closed());
  CHECK(c.close_code() == 1001);
  stopper.join();
}

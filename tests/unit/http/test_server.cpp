#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api/registry.hpp"
#include "fitkit/outbox.hpp"
#include "unit/http/http_client.hpp"
#include "unit/http/test_server_fixture.hpp"

using namespace fitkit;
using fitkit::test::HttpClient;
using fitkit::test::HttpResponse;
using fitkit::test::TestServer;
using nlohmann::json;

namespace {

void check_problem(const HttpResponse& r, int status, const std::string& code) {
  CHECK(r.status == status);
  CHECK(r.header("content-type") == "application/problem+json");
  CHECK(r.header("x-content-type-options") == "nosniff");
  auto p = r.json();
  CHECK(p["status"] == status);
  CHECK(p["code"] == code);
  CHECK(p["type"] == "urn:fitkit:problem:" + code);
  CHECK(p["title"].is_string());
  CHECK(p["detail"].is_string());
}

// The verification token from the mail in data_dir/mail (quoted-printable),
// delivering the outbox until it is there.
std::string token_from_mail(Platform& platform, const std::filesystem::path& data_dir) {
  const std::regex token_re("token=([A-Za-z0-9_~.-]+)");
  for (int attempt = 0; attempt < 50; ++attempt) {
    platform.outbox().deliver_due();
    std::string text;
    if (std::filesystem::exists(data_dir / "mail"))
      for (const auto& entry : std::filesystem::directory_iterator(data_dir / "mail")) {
        if (entry.path().extension() != ".eml") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        text += ss.str();
      }
    text = std::regex_replace(text, std::regex("=\r?\n"), "");  // soft line breaks
    text = std::regex_replace(text, std::regex("=3D"), "=");
    std::smatch m;
    if (std::regex_search(text, m, token_re)) return m[1];
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("no verification mail in " << (data_dir / "mail"));
  return {};
}

const std::string kPassword = "correct horse battery staple";

}  // namespace

TEST_CASE("http: /healthz answers after asking the database") {
  TestServer server;
  CHECK(server.url().rfind("http://127.0.0.1:", 0) == 0);
  HttpClient c(server.port());
  auto r = c.get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.header("content-type") == "application/json");
  CHECK(r.json() == json{{"status", "ok"}});
  CHECK(r.header("x-content-type-options") == "nosniff");
  CHECK(r.header("content-length") == std::to_string(r.body.size()));
}

TEST_CASE("http: /openapi.json describes every operation of the registry") {
  TestServer server;
  HttpClient c(server.port());
  auto r = c.get("/openapi.json");
  REQUIRE(r.status == 200);
  auto doc = r.json();
  CHECK(doc["openapi"] == "3.1.0");
  CHECK(doc["info"]["title"] == "fitkit");
  CHECK(doc["servers"][0]["url"] == server.url());
  CHECK(doc["components"]["securitySchemes"]["bearer"] == json{{"type", "http"}, {"scheme", "bearer"}});
  std::set<std::string> ids;
  for (const auto& op : api::registry().all()) {
    if (op.path.empty()) continue;
    std::string method(api::to_string(op.method));
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    INFO(op.name);
    REQUIRE(doc["paths"].contains(op.path));
    REQUIRE(doc["paths"][op.path].contains(method));
    const auto& o = doc["paths"][op.path][method];
    CHECK(o["operationId"] == op.name);
    CHECK(ids.insert(op.name).second);
    CHECK(o["responses"]["default"]["content"].contains("application/problem+json"));
    CHECK(o["security"][0].empty() == (op.access == api::Access::anyone));  // {} first: no token needed
  }
  CHECK(ids.size() > 10);
}

TEST_CASE("http: unknown paths, wrong methods and bad bodies are problems") {
  TestServer server;
  HttpClient c(server.port());

  check_problem(c.get("/v1/no-such-thing"), 404, "not_found");
  check_problem(c.get("/nope"), 404, "not_found");

  auto wrong_method = c.request("PUT", "/v1/me", "{}");
  check_problem(wrong_method, 405, "method_not_allowed");
  CHECK(wrong_method.header("allow") == "GET, PATCH");
  check_problem(c.request("OPTIONS", "/v1/auth/login"), 405, "method_not_allowed");

  auto not_json = c.request("POST", "/v1/auth/login", "email=a", {{"Content-Type", "text/plain"}});
  check_problem(not_json, 415, "unsupported_media_type");

  auto malformed = c.request("POST", "/v1/auth/login", R"({"email": "a@b.example", "password": "sec)");
  check_problem(malformed, 400, "invalid_argument");
  CHECK(malformed.json()["detail"].get<std::string>().find("sec") == std::string::npos);  // no echo

  check_problem(c.request("POST", "/v1/auth/login", "[1, 2]"), 400, "invalid_argument");
  auto unknown = c.post("/v1/auth/login", {{"email", "a@b.example"}, {"password", "x"}, {"is_admin", true}});
  check_problem(unknown, 400, "invalid_argument");
  CHECK(unknown.json()["field"] == "is_admin");

  // Still one healthy connection after all of that.
  CHECK(c.get("/healthz").status == 200);
}

TEST_CASE("http: a signed-in operation without a token is 401 with a challenge") {
  TestServer server;
  HttpClient c(server.port());
  auto r = c.get("/v1/me");
  check_problem(r, 401, "unauthenticated");
  CHECK(r.header("www-authenticate").rfind("Bearer", 0) == 0);
  CHECK(r.header("cache-control") == "no-store");

  auto forged = c.get("/v1/me", "not-a-real-token");
  check_problem(forged, 401, "unauthenticated");
  CHECK(forged.header("www-authenticate") == R"(Bearer error="invalid_token")");

  auto basic = c.request("GET", "/v1/me", {}, {{"Authorization", "Basic dXNlcjpwYXNz"}});
  check_problem(basic, 401, "unauthenticated");
  CHECK(basic.header("www-authenticate").rfind("Bearer", 0) == 0);
}

TEST_CASE("http: register, verify, sign in and read /v1/me on one keep-alive connection") {
  TestServer server;
  HttpClient c(server.port());
  const std::string email = "ann@example.com";

  auto reg = c.post("/v1/auth/register", {{"email", email}, {"password", kPassword}, {"nickname", "ann"}});
  REQUIRE(reg.status == 200);
  CHECK(reg.header("cache-control") == "no-store");
  CHECK(reg.json()["status"] == "pending");

  server.platform().outbox().deliver_due();
  auto verified = c.post("/v1/auth/verify-email", {{"token", token_from_mail(server.platform(), server.data_dir())}});
  REQUIRE(verified.status == 200);

  auto bad_login = c.post("/v1/auth/login", {{"email", email}, {"password", "wrong password, certainly"}});
  CHECK(bad_login.status >= 400);
  CHECK(bad_login.header("content-type") == "application/problem+json");

  auto login = c.post("/v1/auth/login", {{"email", email}, {"password", kPassword}, {"device_name", "test"}},
                      {});
  REQUIRE(login.status == 200);
  const std::string token = login.json()["access_token"];
  const std::string session_id = login.json()["session_id"];
  REQUIRE(!token.empty());

  for (int i = 0; i < 5; ++i) {  // the same connection, again and again
    auto me = c.get("/v1/me", token);
    REQUIRE(me.status == 200);
    CHECK(me.header("content-type") == "application/json");
    CHECK(me.header("cache-control") == "no-store");
    CHECK(me.header("x-content-type-options") == "nosniff");
    CHECK(me.body.find(email) != std::string::npos);
  }

  // A forged token: the signature no longer matches.
  std::string forged = token;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  auto denied = c.get("/v1/me", forged);
  check_problem(denied, 401, "unauthenticated");
  CHECK(denied.header("www-authenticate") == R"(Bearer error="invalid_token")");

  // Query parameters are typed by the operation's spec.
  auto bad_limit = c.get("/v1/notifications?limit=abc", token);
  check_problem(bad_limit, 400, "invalid_argument");
  CHECK(bad_limit.json()["field"] == "limit");
  check_problem(c.get("/v1/notifications?unread_only=yes", token), 400, "invalid_argument");
  auto listed = c.get("/v1/notifications?limit=5&unread_only=true", token);
  INFO(listed.body);
  CHECK(listed.status == 200);
  CHECK(listed.json()["items"].is_array());

  // Path parameters are parameters too.
  auto sessions = c.get("/v1/sessions", token);
  REQUIRE(sessions.status == 200);
  CHECK(sessions.body.find(session_id) != std::string::npos);
  auto bad_id = c.request("DELETE", "/v1/sessions/usr_nonsense", {}, {{"Authorization", "Bearer " + token}});
  check_problem(bad_id, 400, "invalid_argument");
  CHECK(bad_id.json()["field"] == "session_id");

  // PATCH takes a JSON body, typed by the spec.
  auto wrong_type = c.request("PATCH", "/v1/me", R"({"about": 5})", {{"Authorization", "Bearer " + token}});
  check_problem(wrong_type, 400, "invalid_argument");
  CHECK(wrong_type.json()["field"] == "about");

  auto logout = c.post("/v1/auth/logout", json::object(), token);
  CHECK(logout.status == 200);
}

TEST_CASE("http: a body over the limit is refused before it is read") {
  http::ServerOptions options;
  options.max_body_bytes = 1024;
  TestServer server(options);

  SUBCASE("declared by Content-Length") {
    HttpClient c(server.port());
    c.send_raw(
        "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 50000000\r\n\r\n{\"email\": \"");
    auto start = std::chrono::steady_clock::now();
    auto r = c.read_response();  // without the 50 MB ever being sent
    check_problem(r, 413, "payload_too_large");
    CHECK(r.header("connection") == "close");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
    CHECK(c.closed_by_server());
  }
  SUBCASE("with Expect: 100-continue, no Continue is sent") {
    HttpClient c(server.port());
    c.send_raw(
        "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
    check_problem(c.read_response(), 413, "payload_too_large");
  }
  SUBCASE("sent in chunks") {
    HttpClient c(server.port());
    std::string chunk(800, ' ');
    c.send_raw("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\n\r\n320\r\n" + chunk + "\r\n320\r\n" + chunk + "\r\n");
    check_problem(c.read_response(), 413, "payload_too_large");
  }
  SUBCASE("a body within the limit with Expect: 100-continue gets a Continue first") {
    HttpClient c(server.port());
    std::string body = R"({"email": "x@example.com", "password": "not the password at all"})";
    c.send_raw("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
    auto cont = c.read_response();
    CHECK(cont.status == 100);
    c.send_raw(body);
    auto r = c.read_response();
    CHECK(r.status >= 400);
    CHECK(r.status < 500);
  }
}

TEST_CASE("http: malformed HTTP gets 400 and the connection closes") {
  TestServer server;
  HttpClient c(server.port());
  c.send_raw("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n");
  check_problem(c.read_response(), 400, "bad_request");
  CHECK(c.closed_by_server());

  http::ServerOptions small;
  small.max_header_bytes = 1024;
  server.stop_and_join();
  TestServer tight(small);
  HttpClient d(tight.port());
  d.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
  check_problem(d.read_response(), 431, "request_header_fields_too_large");
}

TEST_CASE("http: pipelined requests and HTTP/1.0 are answered in order") {
  TestServer server;
  HttpClient c(server.port());
  c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/nope HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(c.read_response().status == 200);
  CHECK(c.read_response().status == 404);

  HttpClient old(server.port());
  old.send_raw("GET /healthz HTTP/1.0\r\n\r\n");
  auto r = old.read_response();
  CHECK(r.status == 200);
  CHECK(r.header("connection") == "close");
  CHECK(old.closed_by_server());
}

TEST_CASE("http: stop() returns promptly with idle keep-alive connections open") {
  TestServer server;
  HttpClient idle(server.port());
  CHECK(idle.get("/healthz").status == 200);
  auto start = std::chrono::steady_clock::now();
  server.stop_and_join();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  CHECK(idle.closed_by_server());
}

TEST_CASE("http: an idle connection is closed after the idle timeout") {
  http::ServerOptions options;
  options.idle_timeout_ms = 200;
  TestServer server(options);
  HttpClient c(server.port());
  CHECK(c.get("/healthz").status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  CHECK(c.closed_by_server());
}

TEST_CASE("http: a request that arrives too slowly is dropped after the request timeout") {
  http::ServerOptions options;
  options.request_timeout_ms = 200;
  TestServer server(options);
  HttpClient c(server.port());
  c.send_raw("GET /healthz HTTP/1.1\r\nHo");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  CHECK(c.closed_by_server());
  HttpClient other(server.port());  // the server itself carries on
  CHECK(other.get("/healthz").status == 200);
}

TEST_CASE("http: repeated failed sign-ins are 429 with Retry-After") {
  TestServer server;
  HttpClient c(server.port());
  HttpResponse last;
  for (int i = 0; i < 30 && last.status != 429; ++i)
    last = c.post("/v1/auth/login", {{"email", "nobody@example.com"}, {"password", "wrong password, certainly"}});
  check_problem(last, 429, "rate_limited");
  const std::string retry_after = last.header("retry-after");
  REQUIRE_FALSE(retry_after.empty());
  CHECK(std::stoll(retry_after) >= 1);
}

TEST_CASE("http: SIGTERM stops serve()") {
  http::ServerOptions options;
  options.handle_signals = true;
  TestServer server(options, true);
  HttpClient c(server.port());
  CHECK(c.get("/healthz").status == 200);
  std::raise(SIGTERM);
  CHECK(server.wait_finished(std::chrono::seconds(3)));
}

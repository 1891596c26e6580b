// The access log: one whole line per request, with neither query strings nor headers.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <thread>

#include "api/registry.hpp"
#include "http/access_log.hpp"
#include "support/temp_dir.hpp"
#include "unit/fixture.hpp"
#include "unit/http/handler_harness.hpp"
#include "unit/http/http_client.hpp"
#include "unit/http/platform_server.hpp"

using namespace fitkit;

namespace {

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

http::ServerOptions logging_to(const std::filesystem::path& file) {
  http::ServerOptions o;
  o.access_log = file.string();
  o.rate_limits.clear();
  return o;
}

}  // namespace

TEST_CASE("access log: the line format, with unsafe bytes encoded") {
  http::AccessLogEntry e;
  e.started_at_ms = 1700000000123;
  e.client_ip = "127.0.0.1";
  e.method = "GET";
  e.path = "/v1/a b\"c\n\\";
  e.status = 200;
  e.response_bytes = 42;
  e.duration_ms = 1.5;
  e.request_id = "rid";
  CHECK(http::AccessLog::format(e) == "2023-11-14T22:13:20.123Z 127.0.0.1 GET /v1/a%20b%22c%0A%5C 200 42 1.500 rid -\n");
  e.user_id = "usr_0000000000001";
  const std::string long_path(5000, 'x');
  e.path = long_path;
  const std::string line = http::AccessLog::format(e);
  CHECK(line.size() < 2300);
  CHECK(fields_of(line).back() == "usr_0000000000001");
}

TEST_CASE("access log: one line per request, without the query string, the token or the body") {
  test::TestPlatform t;
  test::TempDir dir;
  const auto file = dir / "access.log";
  t.make_user("logged@example.com");
  const std::string token = t.login("logged@example.com")["access_token"];
  {
    http::Handler handler(*t.platform, api::registry(), "{}", logging_to(file));
    CHECK(test::run(handler, test::get("/v1/me?secret_token=hunter2").bearer(token).with("X-Request-Id", "rq-1"))
              .status == 400);  // an unknown parameter, refused
    auto me = test::run(handler, test::get("/v1/me").bearer(token));
    CHECK(me.status == 200);
    test::run(handler, test::send("POST", "/v1/auth/login", {{"email", "logged@example.com"}, {"password", "wrong password here"}}));
  }
  auto lines = lines_of(file);
  REQUIRE(lines.size() == 3);
  std::ifstream raw(file);
  std::stringstream all;
  all << raw.rdbuf();
  CHECK(all.str().find("hunter2") == std::string::npos);
  CHECK(all.str().find(token) == std::string::npos);
  CHECK(all.str().find("wrong password") == std::string::npos);
  CHECK(all.str().find("secret_token") == std::string::npos);

  auto f = fields_of(lines[0]);
  REQUIRE(f.size() == 9);
  CHECK(std::regex_match(f[0], std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  CHECK(f[1] == "192.0.2.10");
  CHECK(f[2] == "GET");
  CHECK(f[3] == "/v1/me");
  CHECK(f[4] == "400");
  CHECK(std::stoul(f[5]) > 0);
  CHECK(std::stod(f[6]) >= 0);
  CHECK(f[7] == "rq-1");
  CHECK(f[8].rfind("usr_", 0) == 0);
  auto me_fields = fields_of(lines[1]);
  CHECK(me_fields[4] == "200");
  CHECK(me_fields[8].rfind("usr_", 0) == 0);
  auto login = fields_of(lines[2]);
  CHECK(login[2] == "POST");
  CHECK(login[3] == "/v1/auth/login");
  CHECK(login[4] == "401");
  CHECK(login[7].size() == 32);  // a generated id
  CHECK(login[8] == "-");        // anonymous

  struct stat st{};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0007) == 0);  // not world-readable: addresses are personal data
}

TEST_CASE("access log: many threads write whole lines, appended to what is there") {
  test::TestPlatform t;
  test::TempDir dir;
  const auto file = dir / "access.log";
  { std::ofstream(file) << "earlier line\n"; }
  {
    http::Handler handler(*t.platform, api::registry(), "{}", logging_to(file));
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
      threads.emplace_back([&handler] {
        for (int k = 0; k < 50; ++k) test::run(handler, test::get("/v1/nowhere/" + std::to_string(k)));
      });
    for (auto& th : threads) th.join();
  }
  auto lines = lines_of(file);
  REQUIRE(lines.size() == 401);
  CHECK(lines[0] == "earlier line");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto f = fields_of(lines[i]);
    REQUIRE(f.size() == 9);
    CHECK(f[4] == "404");
  }
}

TEST_CASE("access log: a file that cannot be opened stops the start") {
  test::TestPlatform t;
  CHECK_THROWS_AS(http::Handler(*t.platform, api::registry(), "{}", logging_to("/nonexistent-dir/x/access.log")),
                  Error);
}

TEST_CASE("access log: answers a real server gives before the handler, and WebSocket upgrades, have lines and ids") {
  test::TestPlatform t;
  test::TempDir dir;
  const auto file = dir / "access.log";
  t.make_user("socket@example.com");
  const std::string token = t.login("socket@example.com")["access_token"];
  http::ServerOptions options = logging_to(file);
  options.max_body_bytes = 1024;
  {
    test::PlatformServer server(*t.platform, options);
    {
      test::HttpClient c(server.port());
      c.send_raw("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "X-Request-Id: big-1\r\nContent-Length: 5000000\r\n\r\n");
      auto refused = c.read_response();
      CHECK(refused.status == 413);
      CHECK(refused.header("x-request-id") == "big-1");
      CHECK(refused.json()["request_id"] == "big-1");
    }
    {
      test::HttpClient c(server.port());
      c.send_raw("GET /v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                 "Authorization: Bearer " + token + "\r\nX-Request-Id: ws-1\r\n\r\n");
      auto switching = c.read_response();
      CHECK(switching.status == 101);
      CHECK(switching.header("x-request-id") == "ws-1");
    }
    {
      test::HttpClient c(server.port());
      auto refused = c.request("GET", "/v1/ws", {}, {{"X-Request-Id", "ws-2"}});  // not an upgrade
      CHECK(refused.status == 426);
      CHECK(refused.header("x-request-id") == "ws-2");
    }
  }
  auto lines = lines_of(file);
  REQUIRE(lines.size() == 3);
  auto big = fields_of(lines[0]);
  REQUIRE(big.size() == 9);
  CHECK(big[2] == "POST");
  CHECK(big[3] == "/v1/auth/login");
  CHECK(big[4] == "413");
  CHECK(big[7] == "big-1");
  auto ws = fields_of(lines[1]);
  REQUIRE(ws.size() == 9);
  CHECK(ws[3] == "/v1/ws");
  CHECK(ws[4] == "101");
  CHECK(ws[7] == "ws-1");
  CHECK(ws[8].rfind("usr_", 0) == 0);
  auto plain = fields_of(lines[2]);
  REQUIRE(plain.size() == 9);
  CHECK(plain[4] == "426");
  CHECK(plain[8] == "-");
}

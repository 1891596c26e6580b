// Races that only separate processes show, each with its own connections, on a SQLite file and
// on PostgreSQL: the same email registered at once, one refresh token used at once.
#include "support/forked_children.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr int kProcesses = 6;

struct Backend {
  std::string name;
  std::string url;
};

// A fresh database of each backend, migrated by the platform the test opens on it first.
std::vector<Backend> backends(const std::filesystem::path& dir) {
  return {{"sqlite", "sqlite:" + (dir / "race.db").string()},
          {"postgresql", test_postgres_cluster().create_database()}};
}

// What a child does with its own platform: the answer is "ok" or the error code.
std::string outcome(const std::function<void()>& call) {
  try {
    call();
    return "ok";
  } catch (const Error& e) {
    return std::string(to_string(e.code()));
  }
}

std::unique_ptr<Platform> open_child_platform(const TestPlatform& parent, const std::string& url) {
  PlatformOptions options;
  options.database_url = url;
  options.data_dir = parent.dir;
  options.clock = std::make_shared<ManualClock>(parent.clock->now_ms());
  options.password_hashing = {1024, 1, 1};
  options.migrate = false;
  return Platform::open(std::move(options));
}

int count(const std::vector<std::string>& answers, std::string_view answer) {
  return static_cast<int>(std::count(answers.begin(), answers.end(), answer));
}

std::string joined(const std::vector<std::string>& answers) {
  std::string out;
  for (const auto& a : answers) out += (out.empty() ? "" : ", ") + a;
  return out;
}

std::int64_t sql_i64(TestPlatform& t, const char* sql, storage::Params params = {}) {
  return t.platform->database().acquire()->query_i64(sql, params).value_or(-1);
}

}  // namespace

TEST_CASE("the same email created by several processes at once: exactly one account") {
  TempDir dir("fitkit-race");
  for (const auto& backend : backends(dir.path())) {
    CAPTURE(backend.name);
    // The parent's platform migrates the database and is closed before forking.
    auto parent = std::make_unique<TestPlatform>(PlatformOptions{}, backend.url);
    std::unique_ptr<Platform> mine;  // each child's own, in its own copy of this variable
    auto open = [&](int) { mine = open_child_platform(*parent, backend.url); };

    std::vector<std::string> created, registered;
    {
      ForkedChildren children(kProcesses, open, [&](int) {
        return outcome([&] {
          mine->call("users.create", Actor::system(),
                     R"({"email":"race@example.com","password":"correct horse battery staple"})");
        });
      });
      created = children.release_and_collect();
    }
    {
      ForkedChildren children(kProcesses, open, [&](int) {
        return outcome([&] {
          mine->call("auth.register", Actor::anonymous(),
                     R"({"email":"Sign.Up@example.com","password":"correct horse battery staple"})");
        });
      });
      registered = children.release_and_collect();
    }
    CAPTURE(joined(created));
    CAPTURE(joined(registered));
    CHECK(count(created, "ok") == 1);
    CHECK(count(created, "already_exists") == kProcesses - 1);
    CHECK(sql_i64(*parent, "SELECT COUNT(*) FROM users WHERE email = 'race@example.com'") == 1);
    // Registration answers the same whether or not the address is taken: every caller hears "ok",
    // one account exists, and only its first request mailed a confirmation link.
    CHECK(count(registered, "ok") == kProcesses);
    CHECK(sql_i64(*parent, "SELECT COUNT(*) FROM users WHERE email = 'sign.up@example.com'") == 1);
    CHECK(sql_i64(*parent,
                  "SELECT COUNT(*) FROM profiles p JOIN users u ON u.id = p.user_id"
                  " WHERE u.email = 'sign.up@example.com'") == 1);
    CHECK(sql_i64(*parent, "SELECT COUNT(*) FROM outbox WHERE recipient = 'sign.up@example.com' AND payload LIKE ?",
                  {"%Confirm your email address%"}) == 1);
  }
}

TEST_CASE("one refresh token used by several processes at once: one rotation wins, the reuse ends the session") {
  TempDir dir("fitkit-race");
  for (const auto& backend : backends(dir.path())) {
    CAPTURE(backend.name);
    auto parent = std::make_unique<TestPlatform>(PlatformOptions{}, backend.url);
    parent->make_user("ann@example.com");
    const Json tokens = parent->login("ann@example.com");
    const std::string refresh_token = tokens["refresh_token"];
    const std::string params = Json{{"refresh_token", refresh_token}}.dump();
    std::unique_ptr<Platform> mine;
    std::vector<std::string> answers;
    {
      ForkedChildren children(
          kProcesses, [&](int) { mine = open_child_platform(*parent, backend.url); },
          [&](int) {
            std::string rotated;
            auto answer = outcome([&] {
              rotated = Json::parse(mine->call("auth.refresh", Actor::anonymous(), params))["refresh_token"];
            });
            return answer == "ok" ? "ok " + rotated : answer;
          });
      answers = children.release_and_collect();
    }
    // The winner's new refresh token; the answers are checked without printing it.
    std::string winner_token;
    std::vector<std::string> codes;
    for (const auto& a : answers) {
      if (a.starts_with("ok ")) winner_token = a.substr(3);
      codes.push_back(a.starts_with("ok ") ? "ok" : a);
    }
    CAPTURE(joined(codes));
    CHECK(count(codes, "ok") == 1);
    CHECK(count(codes, "unauthenticated") == kProcesses - 1);
    // Reuse was detected: the session ended, so even the winner's tokens are dead.
    CHECK(sql_i64(*parent, "SELECT COUNT(*) FROM sessions WHERE revoke_reason = 'refresh_token_reused'") == 1);
    CHECK(error_of([&] { parent->call("auth.refresh", Actor::anonymous(), {{"refresh_token", winner_token}}); }) ==
          ErrorCode::unauthenticated);
    CHECK(error_of([&] { parent->actor_of(tokens); }) == ErrorCode::unauthenticated);
  }
}

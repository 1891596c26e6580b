// A platform on an in-memory database with a settable clock, cheap password
// hashing and a mail folder the tests read back, plus shortcuts for the
// flows most tests start with.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/pg_cluster.hpp"
#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/outbox.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::test {

using Json = nlohmann::json;

inline constexpr const char* kPassword = "correct horse battery staple";

// Decodes RFC 2045 quoted-printable text.
inline std::string decode_qp(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
      i += 2;
    } else if (in[i] == '=' && i + 1 < in.size() && in[i + 1] == '\n') {
      i += 1;
    } else if (in[i] == '=' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// The database of one TestPlatform: in memory, or, with FITKIT_TEST_DOMAIN_BACKEND=postgresql
// (the ctest entry unit_postgresql), a fresh database on a throwaway PostgreSQL cluster, or on
// the server of FITKIT_TEST_POSTGRES_URL when that is set.
inline PgCluster& test_postgres_cluster() { return shared_pg_cluster(); }

inline std::string test_database_url() {
  const char* backend = std::getenv("FITKIT_TEST_DOMAIN_BACKEND");
  if (!backend || std::string_view(backend) != "postgresql") return "sqlite::memory:";
  return test_postgres_cluster().create_database();
}

struct TestPlatform {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::filesystem::path dir;
  std::unique_ptr<Platform> platform;

  // On the given database, or on test_database_url()'s.
  explicit TestPlatform(PlatformOptions options = {}, std::string database_url = {}) {
    dir = std::filesystem::temp_directory_path() / ("fitkit-test-" + crypto::hex(crypto::random_bytes(6)));
    std::filesystem::create_directories(dir);
    options.database_url = database_url.empty() ? test_database_url() : std::move(database_url);
    options.data_dir = dir;
    options.clock = clock;
    options.password_hashing = {1024, 1, 1};
    platform = Platform::open(std::move(options));
  }
  ~TestPlatform() {
    platform.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  Json call(std::string_view op, const Actor& actor, const Json& params = Json::object()) {
    return Json::parse(platform->call(op, actor, params.dump()));
  }

  // Delivers the outbox and returns the decoded bodies of mail to `to`, consuming them.
  std::vector<std::string> take_mail(const std::string& to) {
    platform->outbox().deliver_due(1000);
    std::vector<std::pair<std::string, std::string>> found;
    if (!std::filesystem::exists(dir / "mail")) return {};
    for (const auto& entry : std::filesystem::directory_iterator(dir / "mail")) {
      std::ifstream f(entry.path(), std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      const std::string text = ss.str();
      if (text.find("\r\nTo: " + to + "\r\n") == std::string::npos && text.rfind("To: " + to + "\r\n", 0) != 0)
        continue;
      const auto body = text.find("\r\n\r\n");
      found.emplace_back(entry.path().filename().string(), decode_qp(text.substr(body + 4)));
      std::filesystem::remove(entry.path());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (auto& [name, body] : found) out.push_back(body);
    return out;
  }

  // The token= value of the newest mail to `to`.
  std::string mailed_token(const std::string& to) {
    auto mails = take_mail(to);
    static const std::regex re("token=([A-Za-z0-9_-]+)");
    for (auto it = mails.rbegin(); it != mails.rend(); ++it) {
      std::smatch m;
      if (std::regex_search(*it, m, re)) return m[1];
    }
    FAIL("no mail with a token to " << to);
    return {};
  }

  // Registers, verifies and returns the new user's public id.
  std::string make_user(const std::string& email, const std::string& nickname = {}) {
    Json reg{{"email", email}, {"password", kPassword}};
    if (!nickname.empty()) reg["nickname"] = nickname;
    call("auth.register", Actor::anonymous(), reg);
    return call("auth.verify_email", Actor::anonymous(), {{"token", mailed_token(email)}})["id"];
  }

  Json login(const std::string& email, const std::string& password = kPassword, Origin origin = {}) {
    return call("auth.login", Actor::anonymous(std::move(origin)), {{"email", email}, {"password", password}});
  }

  Actor actor_of(const Json& tokens) { return platform->authenticate(tokens["access_token"].get<std::string>()); }

  // Makes two users friends (a row each way), as the social domain does once a request is accepted.
  void make_friends(const std::string& user_a, const std::string& user_b) {
    const auto a = parse_id(IdKind::user, user_a), b = parse_id(IdKind::user, user_b);
    auto c = platform->database().acquire();
    c->exec("INSERT INTO friendships (user_id, friend_id, created_at) VALUES (?, ?, 0), (?, ?, 0)", {a, b, b, a});
  }

  Actor make_admin(const std::string& email) {
    call("users.create", Actor::system(), {{"email", email}, {"password", kPassword}, {"roles", {"admin"}}});
    return actor_of(login(email));
  }
};

// The code of the Error the call throws, or nullopt if it succeeds.
template <class F>
std::optional<ErrorCode> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return std::nullopt;
}

// The Error the call throws, whole (code, field and message), or nullopt if it succeeds.
template <class F>
std::optional<Error> failure_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

// One row of a permit/deny table: an operation, its parameters, who calls it,
// and the error expected (none: allowed).
struct PermitRow {
  std::string op;
  Json params;
  const Actor* actor;
  std::optional<ErrorCode> expected;
};

inline void check_permits(TestPlatform& t, const std::vector<PermitRow>& table) {
  for (const auto& row : table) {
    CAPTURE(row.op);
    CAPTURE(row.params.dump());
    CHECK(error_of([&] { t.call(row.op, *row.actor, row.params); }) == row.expected);
  }
}

}  // namespace fitkit::test

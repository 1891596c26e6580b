// Fills a database with an admin and N active users with profiles, for benchmarks.
//
//   bench_gen_users --db sqlite:PATH [--users 100000] [--data-dir DIR]
//
// The admin goes through the registry (users.create) like any admin would; the bulk
// rows are inserted through the storage port in a few large transactions, all
// sharing one Argon2id hash made once with the default cost, so 100,000 users take
// seconds instead of an hour of hashing. Prints one JSON object on stdout: the
// admin's email, a sample user's public id, number and email (from the middle of the table), the
// shared password and the number of users.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "accounts/password_hasher.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"

namespace {

constexpr std::string_view kPassword = "bench-password-not-secret-0042";
constexpr std::string_view kAdminEmail = "admin@bench.example";
constexpr int kRowsPerTransaction = 20000;

struct Args {
  std::string db;
  std::string data_dir = "fitkit-data";
  long users = 100000;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "bench_gen_users: " << why << "\n"
            << "usage: bench_gen_users --db sqlite:PATH [--users N] [--data-dir DIR]\n";
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) usage(fmt::format("{} needs a value", flag));
    const std::string value = argv[++i];
    if (flag == "--db") {
      a.db = value;
    } else if (flag == "--data-dir") {
      a.data_dir = value;
    } else if (flag == "--users") {
      char* end = nullptr;
      a.users = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || a.users < 1 || a.users > 10'000'000) usage("--users must be 1 to 10000000");
    } else {
      usage(fmt::format("unknown option {}", flag));
    }
  }
  if (a.db.empty()) usage("--db is required");
  return a;
}

}  // namespace

int main(int argc, char** argv) try {
  const Args args = parse(argc, argv);
  const auto started = std::chrono::steady_clock::now();

  fitkit::PlatformOptions options;
  options.database_url = args.db;
  options.data_dir = args.data_dir;
  auto platform = fitkit::Platform::open(options);

  const nlohmann::json admin_params = {
      {"email", kAdminEmail}, {"password", kPassword}, {"roles", nlohmann::json::array({"admin"})}};
  platform->call("users.create", fitkit::Actor::system(), admin_params.dump());

  const std::string hash = fitkit::accounts::hash_password(kPassword, options.password_hashing);
  fitkit::IdGenerator ids(platform->clock());
  const std::int64_t now = platform->clock().now_ms();
  auto connection = platform->database().acquire();
  const long sample_index = args.users / 2;
  std::int64_t sample_id = 0;
  std::string sample_email;

  for (long done = 0; done < args.users;) {
    fitkit::storage::Transaction tx(*connection);
    const long end = std::min(args.users, done + kRowsPerTransaction);
    for (; done < end; ++done) {
      const std::int64_t id = ids.next();
      const std::string email = fmt::format("user{:07}@bench.example", done);
      const std::string nickname = fmt::format("user{:07}", done);
      // The same columns as accounts::insert_user and create_profile write.
      connection->exec(
          "INSERT INTO users (id, email, password_hash, status, language, email_verified_at, created_at,"
          " updated_at) VALUES (?, ?, ?, 'active', 'en', ?, ?, ?)",
          {id, email, hash, now, now, now});
      connection->exec(
          "INSERT INTO profiles (user_id, nickname, nickname_key, first_name, city, updated_at)"
          " VALUES (?, ?, ?, 'Bench', 'Tallinn', ?)",
          {id, nickname, nickname, now});
      if (done == sample_index) {
        sample_id = id;
        sample_email = email;
      }
    }
    tx.commit();
  }
  connection->exec("ANALYZE");
  connection.reset();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const nlohmann::json out = {{"admin", kAdminEmail},
                              {"sample_user_id", fitkit::format_id(fitkit::IdKind::user, sample_id)},
                              // A string: 64-bit ids do not survive tools that read numbers as doubles (jq).
                              {"sample_user_num", std::to_string(sample_id)},
                              {"sample_user_email", sample_email},
                              {"password", kPassword},
                              {"users", args.users + 1},
                              {"seconds", seconds}};
  std::cout << out.dump() << "\n";
  return 0;
} catch (const fitkit::Error& e) {
  std::cerr << "bench_gen_users: " << fitkit::to_string(e.code()) << ": " << e.what() << "\n";
  return 1;
} catch (const std::exception& e) {
  std::cerr << "bench_gen_users: " << e.what() << "\n";
  return 1;
}

// The same operations on SQLite and on PostgreSQL, side by side, through Platform::call:
// register, login, read profile, list sessions (one thread), then N concurrent writers
// (N = 1, 2, 4, 8) each editing its own profile, to show where SQLite's single writer
// stops and PostgreSQL keeps going.
//
//   bench_backends [Google Benchmark flags]
//
// Password hashing is set cheap (m=1024, t=1, p=1) so that the figures are the storage's,
// not Argon2id's. SQLite is a file in a temporary folder (WAL); PostgreSQL a throwaway
// cluster on 127.0.0.1 (tests/support/pg_cluster.hpp; FITKIT_TEST_POSTGRES_URL to use
// another server). Both are removed on exit.
#include <benchmark/benchmark.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace {

using fitkit::Actor;
using Json = nlohmann::json;

constexpr int kMaxWriters = 8;
// Other accounts, so that the tables are not tiny: on a tiny table PostgreSQL scans the whole
// relation, and its serializable transactions then collide where an index lookup would not.
constexpr int kOtherUsers = 2000;
constexpr const char* kPassword = "bench-password-not-secret-0042";

struct Backend {
  std::string name;
  std::unique_ptr<fitkit::Platform> platform;
  std::vector<Actor> users;               // signed in, one per writer thread
  std::vector<std::string> login_params;  // auth.login JSON of the same users
  std::atomic<long> next_email{0};
};

std::unique_ptr<Backend> open_backend(std::string name, const std::string& url,
                                      const std::filesystem::path& data_dir) {
  auto backend = std::make_unique<Backend>();
  Backend& b = *backend;
  b.name = std::move(name);
  fitkit::PlatformOptions options;
  options.database_url = url;
  options.data_dir = data_dir;
  options.password_hashing = {1024, 1, 1};
  b.platform = fitkit::Platform::open(std::move(options));
  for (int i = 0; i < kMaxWriters; ++i) {
    const std::string email = "writer" + std::to_string(i) + "@bench.example";
    b.platform->call("users.create", Actor::system(), Json{{"email", email}, {"password", kPassword}}.dump());
    b.login_params.push_back(Json{{"email", email}, {"password", kPassword}}.dump());
    auto tokens = Json::parse(b.platform->call("auth.login", Actor::anonymous(), b.login_params.back()));
    b.users.push_back(b.platform->authenticate(tokens["access_token"].get<std::string>()));
  }
  for (int i = 0; i < kOtherUsers; ++i)
    b.platform->call("users.create", Actor::system(),
                     Json{{"email", "other" + std::to_string(i) + "@bench.example"}, {"password", kPassword}}.dump());
  b.platform->database().acquire()->exec("ANALYZE");  // plan as on a database in use
  return backend;
}

// Runs one call per iteration; a failed call is counted, not fatal, so that a backend that
// refuses under load shows it in the "errors" column instead of ending the run.
template <class Call>
void run_calls(benchmark::State& state, Call&& call) {
  long errors = 0;
  for (auto _ : state) {
    try {
      benchmark::DoNotOptimize(call());
    } catch (const fitkit::Error&) {
      ++errors;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["errors"] = benchmark::Counter(static_cast<double>(errors), benchmark::Counter::kDefaults);
}

void register_user(benchmark::State& state, Backend* b) {
  run_calls(state, [&] {
    const std::string email = b->name + "-" + std::to_string(b->next_email++) + "@register.bench.example";
    return b->platform->call("auth.register", Actor::anonymous(),
                             Json{{"email", email}, {"password", kPassword}}.dump());
  });
}

// Signs in as the last writer, so that the first one keeps its single session for list_sessions.
void login(benchmark::State& state, Backend* b) {
  run_calls(state, [&] { return b->platform->call("auth.login", Actor::anonymous(), b->login_params.back()); });
}

void read_profile(benchmark::State& state, Backend* b) {
  run_calls(state, [&] { return b->platform->call("profile.get", b->users[0], "{}"); });
}

void list_sessions(benchmark::State& state, Backend* b) {
  run_calls(state, [&] { return b->platform->call("sessions.list", b->users[0], "{}"); });
}

// Each thread edits its own profile: no two writers touch the same row.
void concurrent_writers(benchmark::State& state, Backend* b) {
  const Actor& me = b->users.at(static_cast<std::size_t>(state.thread_index()));
  long n = 0;
  run_calls(state, [&] {
    return b->platform->call("profile.update", me, Json{{"about", "edit " + std::to_string(n++)}}.dump());
  });
}

}  // namespace

int main(int argc, char** argv) try {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  fitkit::test::TempDir dir("fitkit-bench-backends");
  fitkit::test::PgCluster cluster;
  std::vector<std::unique_ptr<Backend>> backends;
  backends.push_back(open_backend("sqlite", "sqlite:" + (dir.path() / "bench.db").string(), dir.path() / "sqlite"));
  backends.push_back(open_backend(
      "postgresql", cluster.create_database() + "?pool_size=" + std::to_string(kMaxWriters), dir.path() / "postgresql"));

  for (auto& b : backends) {
    Backend* backend = b.get();
    const std::string& name = backend->name;
    for (auto [op, fn] : {std::pair{"register", &register_user}, std::pair{"login", &login},
                          std::pair{"read_profile", &read_profile}, std::pair{"list_sessions", &list_sessions}})
      benchmark::RegisterBenchmark((std::string(op) + "/" + name).c_str(), fn, backend)
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("writers/" + name).c_str(), concurrent_writers, backend)
        ->ThreadRange(1, kMaxWriters)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_backends: " << e.what() << "\n";
  return 1;
}

// Sign-ins per second through Platform::call("auth.login") next to the bare
// Argon2id verification rate with the same cost, from the same number of threads.
// A login is one Argon2id verification plus a session, a refresh token and an
// audit row in one SQLite transaction, so the ratio shows what that costs on top.
//
//   bench_login [--iterations=N] [--threads=N] [Google Benchmark flags]
//
// --iterations is per thread and per repetition (default 40). Each thread signs in
// as its own user; successful sign-ins never trip the login throttle. The database
// lives in a temporary folder that is removed on exit.
#include <argon2.h>
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts/password_hasher.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace {

constexpr std::string_view kPassword = "bench-password-not-secret-0042";

struct Setup {
  std::unique_ptr<fitkit::Platform> platform;
  std::vector<std::string> login_params;  // auth.login JSON, one per thread
  std::string phc;                        // a hash with the platform's cost
};
Setup* g_setup = nullptr;

// Removes the temporary folder however main ends.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fitkit-bench-login-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

void login(benchmark::State& state) {
  const std::string& params = g_setup->login_params.at(static_cast<std::size_t>(state.thread_index()));
  const auto actor = fitkit::Actor::anonymous({"127.0.0.1", "bench_login"});
  for (auto _ : state) {
    try {
      benchmark::DoNotOptimize(g_setup->platform->call("auth.login", actor, params));
    } catch (const fitkit::Error& e) {
      state.SkipWithError(e.what());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void argon2id_verify_bare(benchmark::State& state) {
  const std::string& phc = g_setup->phc;
  for (auto _ : state) {
    if (argon2id_verify(phc.c_str(), kPassword.data(), kPassword.size()) != ARGON2_OK) {
      state.SkipWithError("argon2id_verify failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Takes "--name=N" out of argv (Google Benchmark rejects flags it does not know).
long take_flag(int& argc, char** argv, std::string_view name, long fallback) {
  const std::string prefix = "--" + std::string(name) + "=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.substr(0, prefix.size()) != prefix) continue;
    char* end = nullptr;
    const long value = std::strtol(argv[i] + prefix.size(), &end, 10);
    if (*end != '\0' || value < 1 || value > 100000) {
      std::cerr << "bench_login: " << prefix << " needs a number from 1 to 100000\n";
      std::exit(2);
    }
    for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
    --argc;
    return value;
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) try {
  const long iterations = take_flag(argc, argv, "iterations", 40);
  const int threads = static_cast<int>(take_flag(argc, argv, "threads", 2));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  TempDir dir;
  Setup setup;
  fitkit::PlatformOptions options;  // the default PasswordHashing: m=19456, t=2, p=1
  options.database_url = "sqlite:" + (dir.path / "login.db").string();
  options.data_dir = dir.path / "data";
  setup.platform = fitkit::Platform::open(options);
  for (int t = 0; t < threads; ++t) {
    const std::string email = "login" + std::to_string(t) + "@bench.example";
    const nlohmann::json user = {{"email", email}, {"password", kPassword}};
    setup.platform->call("users.create", fitkit::Actor::system(), user.dump());
    setup.login_params.push_back(nlohmann::json{{"email", email}, {"password", kPassword}}.dump());
  }
  setup.phc = fitkit::accounts::hash_password(kPassword, options.password_hashing);
  g_setup = &setup;

  const std::string cost = "m=" + std::to_string(options.password_hashing.memory_kib) +
                           ",t=" + std::to_string(options.password_hashing.iterations) +
                           ",p=" + std::to_string(options.password_hashing.parallelism);
  benchmark::AddCustomContext("argon2id", cost);
  for (auto [name, fn] : {std::pair{"login", &login}, std::pair{"argon2id_verify", &argon2id_verify_bare}})
    benchmark::RegisterBenchmark(name, fn)
        ->Threads(threads)
        ->Iterations(iterations)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_setup = nullptr;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_login: " << e.what() << "\n";
  return 1;
}

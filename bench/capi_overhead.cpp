// What the C API costs per call: the same operations, as the same signed-in user, on the same
// SQLite database, through fitkit_call (libfitkit.so: the parameters checked as a C string, the
// actor's token checked again, the result copied out into memory the caller frees) and through
// Platform::call of the C++ API (libfitkit.a), which fitkit_call itself ends in: once with an
// actor authenticated beforehand, as a C++ program holds one, and once with Platform::authenticate
// before every call, the same work as fitkit_call, which leaves the binding's own cost.
//
//   bench_capi [Google Benchmark flags]
//
// The two sides are two platforms on one database file: the shared library carries its own copy
// of the C++ library, so one process holds both, as a program mixing the two APIs would. The
// database lives in a temporary folder that is removed on exit.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/fitkit.h"
#include "fitkit/platform.hpp"

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fitkit-bench-capi-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

struct Setup {
  std::unique_ptr<fitkit::Platform> platform;
  std::string token;
  fitkit::Actor actor;
  fitkit_t* handle = nullptr;
  fitkit_actor_t* c_actor = nullptr;
  ~Setup() {
    fitkit_actor_free(c_actor);
    fitkit_close(handle);
  }
};
Setup* g_setup = nullptr;

void through_cpp(benchmark::State& state, const char* operation) {
  for (auto _ : state) {
    try {
      benchmark::DoNotOptimize(g_setup->platform->call(operation, g_setup->actor, "{}"));
    } catch (const fitkit::Error& e) {
      state.SkipWithError(e.what());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// The token checked on every call, as fitkit_call (and HTTP, per request) does.
void through_cpp_checked(benchmark::State& state, const char* operation) {
  const fitkit::Origin origin{"", "bench_capi"};
  for (auto _ : state) {
    try {
      const fitkit::Actor actor = g_setup->platform->authenticate(g_setup->token, origin);
      benchmark::DoNotOptimize(g_setup->platform->call(operation, actor, "{}"));
    } catch (const fitkit::Error& e) {
      state.SkipWithError(e.what());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void through_c(benchmark::State& state, const char* operation) {
  for (auto _ : state) {
    char* out = nullptr;
    if (fitkit_call(g_setup->handle, g_setup->c_actor, operation, "{}", &out) != FITKIT_OK) {
      state.SkipWithError(fitkit_last_error());
      break;
    }
    benchmark::DoNotOptimize(out);
    fitkit_free(out);
  }
  state.SetItemsProcessed(state.iterations());
}

void check(int rc, const char* what) {
  if (rc != FITKIT_OK) throw std::runtime_error(std::string(what) + ": " + fitkit_last_error());
}

}  // namespace

BENCHMARK_CAPTURE(through_cpp, profile_get, "profile.get");
BENCHMARK_CAPTURE(through_cpp_checked, profile_get, "profile.get");
BENCHMARK_CAPTURE(through_c, profile_get, "profile.get");
BENCHMARK_CAPTURE(through_cpp, unread_count, "notifications.unread_count");
BENCHMARK_CAPTURE(through_cpp_checked, unread_count, "notifications.unread_count");
BENCHMARK_CAPTURE(through_c, unread_count, "notifications.unread_count");

int main(int argc, char** argv) try {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  TempDir dir;
  const std::string url = "sqlite:" + (dir.path / "capi.db").string();
  const std::string data_dir = (dir.path / "data").string();
  Setup setup;
  fitkit::PlatformOptions options;
  options.database_url = url;
  options.data_dir = data_dir;
  options.password_hashing = {1024, 1, 1};  // setup only: the measured calls hash nothing
  setup.platform = fitkit::Platform::open(options);
  const nlohmann::json user = {{"email", "capi@bench.example"}, {"password", "bench-password-not-secret-0042"}};
  setup.platform->call("users.create", fitkit::Actor::system(), user.dump());
  const auto login = nlohmann::json::parse(setup.platform->call("auth.login", fitkit::Actor::anonymous(), user.dump()));
  setup.token = login.at("access_token").get<std::string>();
  const std::string& token = setup.token;
  setup.actor = setup.platform->authenticate(token);

  fitkit_options c_options;
  check(fitkit_options_init(&c_options, FITKIT_OPTIONS_VERSION), "fitkit_options_init");
  c_options.data_dir = data_dir.c_str();
  check(fitkit_open(&setup.handle, url.c_str(), &c_options), "fitkit_open");
  check(fitkit_authenticate(&setup.c_actor, setup.handle, token.c_str()), "fitkit_authenticate");
  // Both sides answer the same.
  char* out = nullptr;
  check(fitkit_call(setup.handle, setup.c_actor, "profile.get", "{}", &out), "fitkit_call");
  const auto cpp_answer = nlohmann::json::parse(setup.platform->call("profile.get", setup.actor, "{}"));
  const bool same = nlohmann::json::parse(out) == cpp_answer;
  fitkit_free(out);
  if (!same) throw std::runtime_error("profile.get answers differently through the two APIs");

  benchmark::AddCustomContext("database", "SQLite (WAL), one file for both APIs");
  g_setup = &setup;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_setup = nullptr;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_capi: " << e.what() << "\n";
  return 1;
}

// Embedding fitkit in a C++ program: open a platform on an SQLite file,
// create the first admin, sign in, and run operations both through the
// registry (Platform::call, JSON in and out) and through a service (typed).
//
//   cmake -S examples/cpp -B build-example -DCMAKE_PREFIX_PATH=/where/fitkit/is/installed
//   cmake --build build-example && build-example/fitkit_example_cpp
#include <fitkit/accounts.hpp>
#include <fitkit/error.hpp>
#include <fitkit/id.hpp>
#include <fitkit/platform.hpp>
#include <fitkit/profiles.hpp>

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>

namespace {

constexpr const char* kPassword = "correct horse battery staple";

// A folder of our own for the database and the platform's files, removed at the end.
struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("fitkit-example-cpp-" + std::to_string(::getpid()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

int run(const std::filesystem::path& dir) {
  fitkit::PlatformOptions options;
  options.database_url = "sqlite:" + (dir / "fitkit.db").string();
  options.data_dir = dir / "data";  // mail, SMS and blobs of the embedded providers
  auto platform = fitkit::Platform::open(options);

  // The first admin: made by the system actor through the accounts service.
  const fitkit::NewUser admin{"admin@example.com", kPassword, {fitkit::Role::admin}};
  const fitkit::User created = platform->accounts().create_user(fitkit::Actor::system(), admin);
  std::cout << "created admin " << fitkit::format_id(fitkit::IdKind::user, created.id) << "\n";

  // Sign in through a service, then turn the access token back into an actor, as a server would
  // for each request.
  const fitkit::TokenPair tokens =
      platform->auth().login(fitkit::Actor::anonymous(), fitkit::Credentials{"admin@example.com", kPassword});
  const fitkit::Actor me = platform->authenticate(tokens.access_token);
  std::cout << "signed in as " << fitkit::format_id(fitkit::IdKind::user, me.user_id) << "\n";

  // Operations by name with JSON parameters: the same ones fitctl and the HTTP API run.
  std::cout << "created: "
            << platform->call("users.create", me, R"({"email": "ada@example.com", "password": "correct horse battery staple"})")
            << "\n";
  std::cout << "updated: " << platform->call("profile.update", me, R"({"first_name": "Grace", "city": "Arlington"})")
            << "\n";

  // A service call returns typed values.
  const fitkit::Profile profile = platform->profiles().get(me, me.user_id);
  std::cout << "profile of " << profile.first_name.value_or("?") << " in " << profile.city.value_or("?") << "\n";

  // Failures are fitkit::Error, with a code, a message and often the field.
  try {
    platform->call("users.create", me, R"({"email": "not an address", "password": "correct horse battery staple"})");
  } catch (const fitkit::Error& e) {
    std::cout << "refused: " << fitkit::to_string(e.code()) << " (" << e.field() << "): " << e.what() << "\n";
  }
  return 0;
}

}  // namespace

int main() {
  TempDir dir;
  try {
    return run(dir.path);
  } catch (const fitkit::Error& e) {
    std::cerr << "fitkit: " << fitkit::to_string(e.code()) << ": " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}

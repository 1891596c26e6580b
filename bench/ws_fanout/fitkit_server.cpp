// fitkit's side of the WebSocket fan-out benchmark: `fitctl serve`'s server (http::serve, with
// /v1/ws) on a SQLite file, run in this process so that a notification can be made on demand.
// On SQLite the publish/subscribe port is a bus inside the process, so the notification must be
// written in the process that holds the sockets; and no operation of the registry writes one
// without other work around it (a password change hashes twice), so the control thread writes it
// with notify::notify_user — the one way every domain notifies a user — in its own transaction,
// as a domain service would. The broadcast is then fitkit's own path: commit, publish after
// commit, the hub's fan-out to every subscribed connection, the writes to the sockets.
//
//   bench_ws_fitkit --db sqlite:PATH --data-dir DIR --port P --control-port C [--threads N]
//
// All clients sign in as one user with one access token (the control line's hello hands it
// out); every connection of that user is subscribed to the user's topic.
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "http/server.hpp"
#include "notify/notify.hpp"
#include "ws_wire.hpp"

namespace {

namespace ws = bench::ws;
using Json = nlohmann::json;

// notify_user takes the library's internal Runtime, which Platform keeps to itself: this is a
// second one on the same database file. Its publish/subscribe port is the file's in-process bus,
// the one the server's hub listens on. It alone writes notifications (and their outbox rows)
// while the benchmark runs, so its ids cannot meet the platform's.
class Notifier {
 public:
  explicit Notifier(const fitkit::PlatformOptions& options) {
    rt_.options = options;
    rt_.clock = std::make_shared<fitkit::SystemClock>();
    rt_.db = fitkit::storage::open_database(options.database_url);
    rt_.ids = std::make_unique<fitkit::IdGenerator>(*rt_.clock);
  }

  void notify(std::int64_t user_id) {
    fitkit::storage::retry_on_conflict([&] {
      auto c = rt_.db->acquire();
      fitkit::storage::Transaction tx(*c);
      fitkit::notify::notify_user(rt_, *c, {user_id, "security", "password_changed", {}, "{}"});
      tx.commit();
    });
  }

 private:
  fitkit::Runtime rt_;
};

struct Setup {
  std::string token;
  std::int64_t user_id = 0;
  fitkit::Actor actor;
};

Setup sign_in(fitkit::Platform& platform) {
  const std::string email = "fanout@bench.example", password = "bench-password-not-secret-0042";
  platform.call("users.create", fitkit::Actor::system(), Json{{"email", email}, {"password", password}}.dump());
  const auto login = Json::parse(platform.call("auth.login", fitkit::Actor::anonymous({"127.0.0.1", "bench_ws_fitkit"}),
                                               Json{{"email", email}, {"password", password}}.dump()));
  Setup s;
  s.token = login.at("access_token").get<std::string>();
  s.user_id = fitkit::parse_id(fitkit::IdKind::user, login.at("user_id").get<std::string>());
  s.actor = platform.authenticate(s.token);
  return s;
}

std::atomic<int> g_control_connection{-1};  // shut down on stop, to end a blocked read

// The control connection: hello with the token, then one notification per "go".
void control_loop(int listener, fitkit::Platform& platform, Notifier& notifier, const Setup& setup) {
  for (;;) {
    const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;  // the listener was shut down: the server is stopping
    ws::set_nodelay(fd);
    g_control_connection = fd;
    ws::LineReader lines(fd);
    if (ws::write_all(fd, "hello " + setup.token + "\n")) {
      while (auto line = lines.next()) {
        if (*line != "go") continue;
        // Untimed: the previous round's notification read, so that this one is a new row
        // rather than a raised digest.
        platform.call("notifications.mark_read", setup.actor, "{}");
        const std::int64_t t0 = ws::now_ns();
        notifier.notify(setup.user_id);
        if (!ws::write_all(fd, "t0 " + std::to_string(t0) + "\n")) break;
      }
    }
    g_control_connection = -1;
    close(fd);
  }
}

}  // namespace

int main(int argc, char** argv) try {
  fitkit::PlatformOptions options;
  fitkit::http::ServerOptions server;
  server.threads = 1;
  std::uint16_t control_port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") options.database_url = value;
    else if (flag == "--data-dir") options.data_dir = value;
    else if (flag == "--port") server.port = static_cast<std::uint16_t>(std::stoi(value));
    else if (flag == "--control-port") control_port = static_cast<std::uint16_t>(std::stoi(value));
    else if (flag == "--threads") server.threads = std::stoi(value);
    else throw std::runtime_error("unknown flag " + flag);
  }
  if (!control_port || options.database_url.rfind("sqlite:", 0) != 0) {
    std::fprintf(stderr, "usage: bench_ws_fitkit --db sqlite:PATH --data-dir DIR --port P --control-port C"
                         " [--threads N]\n");
    return 2;
  }
  ws::raise_fd_limit();
  options.password_hashing = {1024, 1, 1};  // setup only: nothing is hashed while measuring
  auto platform = fitkit::Platform::open(options);
  const Setup setup = sign_in(*platform);
  Notifier notifier(options);

  const int control = ws::listen_local(control_port, 4);
  std::thread controller;
  fitkit::http::serve(*platform, server, [&](const std::string& url) {
    std::fprintf(stderr, "bench_ws_fitkit: serving %s/v1/ws, control on 127.0.0.1:%u\n", url.c_str(), control_port);
    controller = std::thread(control_loop, control, std::ref(*platform), std::ref(notifier), std::cref(setup));
  });
  shutdown(control, SHUT_RDWR);  // wakes the controller's accept
  if (const int fd = g_control_connection.load(); fd >= 0) shutdown(fd, SHUT_RDWR);
  if (controller.joinable()) controller.join();
  close(control);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_ws_fitkit: %s\n", e.what());
  return 1;
}

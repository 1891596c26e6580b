// `fitctl serve`: the HTTP mode with the outbox dispatcher beside it, and
// `fitctl worker`: the dispatcher alone.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "commands.hpp"
#include "fitkit/error.hpp"
#include "fitkit/event_messages.hpp"
#include "fitkit/outbox.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/registrations.hpp"
#include "http/server.hpp"

namespace fitkit::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> allowed_origins;
  std::string access_log;
  std::vector<std::string> rate_limits;
  int max_body_mib = 64;
};

struct WorkerOptions {
  bool once = false;
  int interval_ms = 1000;
};

void report_failure(const char* what) noexcept {
  try {
    throw;
  } catch (const Error& e) {
    std::cerr << "fitctl: " << what << ": " << to_string(e.code()) << ": " << e.what() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "fitctl: " << what << ": internal: " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "fitctl: " << what << ": internal: unknown failure" << std::endl;
  }
}

// Delivers everything due now, batch after batch; a failed message is not
// due again until its back-off has passed, so this ends.
DeliveryReport deliver_all_due(Outbox& outbox) {
  constexpr int kBatch = 100;
  DeliveryReport total;
  for (int round = 0; round < 1000; ++round) {
    DeliveryReport r = outbox.deliver_due(kBatch);
    total.delivered += r.delivered;
    total.retried += r.retried;
    total.failed += r.failed;
    if (r.delivered + r.retried + r.failed < kBatch) break;
  }
  return total;
}

// The sweeps of every minute: registration offers and unpaid places whose time is up are
// released (they also go before every registration; this frees them for an idle contest too),
// and the reminders before events' starts that are due are sent.
void run_minute_sweeps(Platform& platform) {
  try {
    platform.registrations().expire_holds();
  } catch (...) {
    report_failure("registration holds");  // the next round retries
  }
  try {
    platform.event_messages().send_due_reminders();
  } catch (...) {
    report_failure("event reminders");
  }
}

// The outbox dispatcher on its own thread, with the minute's sweeps; stopped and joined on destruction.
class BackgroundDispatcher {
 public:
  BackgroundDispatcher(Platform& platform, std::chrono::milliseconds interval)
      : platform_(platform), outbox_(platform.outbox()), interval_(interval), thread_([this] { loop(); }) {}
  ~BackgroundDispatcher() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  BackgroundDispatcher(const BackgroundDispatcher&) = delete;
  BackgroundDispatcher& operator=(const BackgroundDispatcher&) = delete;

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    auto next_expiry = std::chrono::steady_clock::now();
    while (!stopping_) {
      lock.unlock();
      try {
        deliver_all_due(outbox_);
      } catch (...) {
        report_failure("outbox");  // the next round retries
      }
      if (std::chrono::steady_clock::now() >= next_expiry) {
        run_minute_sweeps(platform_);
        next_expiry = std::chrono::steady_clock::now() + std::chrono::minutes(1);
      }
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  }

  Platform& platform_;
  Outbox& outbox_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};

void run_serve(Context& ctx, const ServeOptions& options) {
  Platform& platform = ctx.platform();
  http::ServerOptions server;
  server.host = options.host;
  server.port = static_cast<std::uint16_t>(options.port);
  server.threads = options.threads;
  server.tls_cert_file = options.tls_cert;
  server.tls_key_file = options.tls_key;
  server.allowed_origins = options.allowed_origins;
  server.access_log = options.access_log;
  server.max_body_bytes = static_cast<std::size_t>(options.max_body_mib) << 20;
  for (const auto& spec : options.rate_limits) http::apply_rate_limit(server.rate_limits, spec);
  BackgroundDispatcher dispatcher(platform, std::chrono::seconds(1));
  http::serve(platform, server, [](const std::string& url) { std::cout << url << std::endl; });
}

Json counts(const DeliveryReport& r, Outbox& outbox) {
  return {{"delivered", r.delivered}, {"retried", r.retried}, {"failed", r.failed},
          {"pending", outbox.pending_count()}};
}

void run_worker(Context& ctx, const WorkerOptions& options) {
  if (options.once) {
    Outbox& outbox = ctx.platform().outbox();
    ctx.print(counts(deliver_all_due(outbox), outbox));
    return;
  }
  // SIGINT and SIGTERM are taken with sigtimedwait between rounds, so that a
  // round in progress always finishes.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  Outbox& outbox = ctx.platform().outbox();
  const bool progress = isatty(STDERR_FILENO) == 1;  // progress for a person, not for logs
  DeliveryReport total;
  timespec interval{options.interval_ms / 1000, (options.interval_ms % 1000) * 1000000L};
  auto next_expiry = std::chrono::steady_clock::now();
  while (true) {
    if (std::chrono::steady_clock::now() >= next_expiry) {
      run_minute_sweeps(ctx.platform());
      next_expiry = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    }
    try {
      DeliveryReport r = deliver_all_due(outbox);
      total.delivered += r.delivered;
      total.retried += r.retried;
      total.failed += r.failed;
      if (progress && r.delivered + r.retried + r.failed > 0)
        std::cerr << "delivered " << r.delivered << ", retried " << r.retried << ", failed " << r.failed
                  << std::endl;
    } catch (...) {
      report_failure("outbox");
    }
    if (sigtimedwait(&stop_signals, nullptr, &interval) > 0) break;
  }
  ctx.print(counts(total, outbox));
}

}  // namespace

void setup_serve_commands(CLI::App& app, Commands& commands) {
  auto serve_options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Serve the operations over HTTP and deliver the outbox")
                    ->group("Commands");
  serve->add_option("--host", serve_options->host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", serve_options->port, "Port; 0 picks a free one")
      ->check(CLI::Range(0, 65535))->capture_default_str();
  serve->add_option("--threads", serve_options->threads, "Worker threads; 0: one per core")
      ->check(CLI::Range(0, 1024))->capture_default_str();
  serve->add_option("--max-body-mib", serve_options->max_body_mib,
                    "Largest request body, in MiB (uploads); larger ones get 413")
      ->check(CLI::Range(1, 4096))->capture_default_str();
  serve->add_option("--tls-cert", serve_options->tls_cert, "PEM certificate chain: serve https:// and wss://")
      ->check(CLI::ExistingFile);
  serve->add_option("--tls-key", serve_options->tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  serve->add_option("--allow-origin", serve_options->allowed_origins,
                    "A web origin allowed to call the API and open /v1/ws (repeatable; * for any)");
  serve->add_option("--access-log", serve_options->access_log, "Log each request: - for stderr, or a file");
  serve->add_option("--rate-limit", serve_options->rate_limits,
                    "OP=N/WINDOW: requests per client and window, e.g. auth.login=10/1m, default=600/60s; "
                    "0 for no limit (repeatable)");
  serve->footer("Prints the base URL on stdout once listening; stops on SIGINT or SIGTERM.");
  commands.on(serve, [serve_options](Context& ctx) { run_serve(ctx, *serve_options); });

  auto worker_options = std::make_shared<WorkerOptions>();
  auto* worker = app.add_subcommand("worker", "Deliver the outbox (mail, SMS) until stopped")->group("Commands");
  worker->add_flag("--once", worker_options->once, "Deliver what is due now, print the counts and exit");
  worker->add_option("--interval-ms", worker_options->interval_ms, "Pause between rounds")
      ->check(CLI::Range(10, 3600000))->capture_default_str();
  worker->footer("Prints the counts (delivered, retried, failed, pending) when it stops.");
  commands.on(worker, [worker_options](Context& ctx) { run_worker(ctx, *worker_options); });
}

}  // namespace fitkit::cli

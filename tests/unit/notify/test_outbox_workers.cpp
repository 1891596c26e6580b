// Several dispatchers, each a platform with its own connections, draining one outbox at once
// on a SQLite file and on PostgreSQL: every message is handed to the mail port exactly once.
#include <map>
#include <mutex>
#include <thread>

#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr int kMessages = 120;
constexpr int kWorkers = 4;

// The mail port of every dispatcher: counts the hand-overs of each message.
class CountingMail final : public MailSender {
 public:
  void send(const MailMessage& m) override {
    std::lock_guard lock(mutex_);
    ++sends_[m.idempotency_key];
  }
  std::map<std::string, int> sends() {
    std::lock_guard lock(mutex_);
    return sends_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> sends_;
};

}  // namespace

TEST_CASE("dispatchers working one outbox at once never deliver a message twice") {
  TempDir dir("fitkit-outbox");
  for (const std::string& url :
       {"sqlite:" + (dir.path() / "outbox.db").string(), test_postgres_cluster().create_database()}) {
    CAPTURE(url);
    TestPlatform setup(PlatformOptions{}, url);
    for (int i = 0; i < kMessages; ++i)
      setup.call("auth.register", Actor::anonymous(),
                 {{"email", "user" + std::to_string(i) + "@example.com"}, {"password", kPassword}});
    REQUIRE(setup.platform->outbox().pending_count() == kMessages);

    auto mail = std::make_shared<CountingMail>();
    std::vector<std::unique_ptr<Platform>> workers;
    for (int w = 0; w < kWorkers; ++w) {
      PlatformOptions options;
      options.database_url = url + (url.starts_with("postgresql") ? "?pool_size=2" : "");
      options.data_dir = setup.dir;
      options.clock = setup.clock;
      options.mail = mail;
      options.migrate = false;
      workers.push_back(Platform::open(std::move(options)));
    }
    std::vector<int> delivered(kWorkers, 0), failed(kWorkers, 0);
    std::vector<std::thread> threads;
    for (int w = 0; w < kWorkers; ++w)
      threads.emplace_back([&, w] {
        // Small batches, so that the dispatchers keep meeting on the same rows.
        for (int round = 0; round < 10 * kMessages; ++round) {
          try {
            auto report = workers[w]->outbox().deliver_due(3);
            delivered[w] += report.delivered;
            failed[w] += report.failed + report.retried;
            if (report.delivered == 0 && workers[w]->outbox().pending_count() == 0) break;
          } catch (const Error&) {
            ++failed[w];
          }
        }
      });
    for (auto& t : threads) t.join();

    const auto sends = mail->sends();
    CHECK(sends.size() == static_cast<std::size_t>(kMessages));
    int twice = 0;
    for (const auto& [key, count] : sends) twice += count > 1;
    CHECK(twice == 0);
    CHECK(std::accumulate(delivered.begin(), delivered.end(), 0) == kMessages);
    CHECK(std::accumulate(failed.begin(), failed.end(), 0) == 0);
    CHECK(setup.platform->outbox().pending_count() == 0);
    CHECK(setup.platform->database().acquire()->query_i64(
              "SELECT COUNT(*) FROM outbox WHERE status = 'delivered' AND attempts = 1") == kMessages);
  }
}

// The publish/subscribe port on both backends: LISTEN/NOTIFY on a throwaway PostgreSQL cluster
// (or FITKIT_TEST_POSTGRES_URL) and SQLite's in-process bus. Every wait is bounded, so that a
// message that never comes fails the test rather than hanging the suite.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fitkit/error.hpp"
#include "fitkit/pubsub.hpp"
#include "fitkit/storage.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
using namespace fitkit::storage;
using namespace std::chrono_literals;

namespace {

constexpr auto kWait = 10s;

test::PgCluster& cluster() { return test::shared_pg_cluster(); }

// What one subscriber received.
class Inbox {
 public:
  MessageHandler handler() {
    return [this](std::string_view payload) {
      std::lock_guard lock(mu_);
      messages_.emplace_back(payload);
      arrived_.notify_all();
    };
  }

  // Waits until `done` holds for what arrived so far; false when `timeout` passes first.
  bool wait(const std::function<bool(const std::vector<std::string>&)>& done,
            std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mu_);
    return arrived_.wait_for(lock, timeout, [&] { return done(messages_); });
  }
  bool wait_count(std::size_t n) {
    return wait([n](const auto& m) { return m.size() >= n; });
  }
  bool wait_for(const std::string& payload, std::chrono::milliseconds timeout = kWait) {
    return wait([&](const auto& m) { return std::find(m.begin(), m.end(), payload) != m.end(); }, timeout);
  }

  std::vector<std::string> messages() const {
    std::lock_guard lock(mu_);
    return messages_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<std::string> messages_;
};

struct Backend {
  std::string name;
  std::string url;
};

// A fresh database on each backend: a file for SQLite (its bus is keyed by the file), a new
// database on the cluster for PostgreSQL.
std::vector<Backend> backends(const test::TempDir& dir) {
  return {{"sqlite", "sqlite:" + (dir / "bus.db").string()}, {"postgresql", cluster().create_database()}};
}

std::optional<Error> error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

void check_invalid(const std::function<void()>& f, const std::string& field, const std::string& says) {
  const auto error = error_of(f);
  REQUIRE(error.has_value());
  CHECK(error->code() == ErrorCode::invalid_argument);
  CHECK(error->field() == field);
  CHECK_MESSAGE(std::string(error->what()).find(says) != std::string::npos, error->what());
}

}  // namespace

TEST_CASE("pubsub: a message reaches subscribers on the same PubSub and on another one") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    Inbox same, other;
    auto a = open_pubsub(backend.url);
    auto b = open_pubsub(backend.url);  // its own connections, as another process would have
    auto on_a = a->subscribe("chat.room-1", same.handler());
    auto on_b = b->subscribe("chat.room-1", other.handler());
    a->publish("chat.room-1", "hello");
    b->publish("chat.room-1", "world");
    REQUIRE(same.wait_count(2));
    REQUIRE(other.wait_count(2));
    CHECK(same.messages() == std::vector<std::string>{"hello", "world"});
    CHECK(other.messages() == std::vector<std::string>{"hello", "world"});
  }
}

TEST_CASE("pubsub: channels are isolated and one publisher's order is kept") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    Inbox first, second, many;
    auto publisher = open_pubsub(backend.url);
    auto listener = open_pubsub(backend.url);
    auto s1 = listener->subscribe("room:1", first.handler());
    auto s2 = listener->subscribe("room:2", second.handler());
    auto s3 = listener->subscribe("stream", many.handler());
    publisher->publish("room:1", "for one");
    publisher->publish("room:2", "for two");
    publisher->publish("room:3", "for nobody");
    publisher->publish("room:1", "end");
    publisher->publish("room:2", "end");
    std::vector<std::string> sent;
    for (int i = 0; i < 300; ++i) sent.push_back("m" + std::to_string(i));
    for (const auto& m : sent) publisher->publish("stream", m);
    REQUIRE(first.wait_count(2));
    REQUIRE(second.wait_count(2));
    REQUIRE(many.wait_count(sent.size()));
    CHECK(first.messages() == std::vector<std::string>{"for one", "end"});
    CHECK(second.messages() == std::vector<std::string>{"for two", "end"});
    CHECK(many.messages() == sent);
  }
}

TEST_CASE("pubsub: an unsubscribed handler receives nothing more, and a channel can be joined again") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    Inbox leaving, staying, returning;
    auto publisher = open_pubsub(backend.url);
    auto listener = open_pubsub(backend.url);
    auto gone = listener->subscribe("news", leaving.handler());
    auto kept = listener->subscribe("news", staying.handler());
    publisher->publish("news", "one");
    REQUIRE(leaving.wait_count(1));
    REQUIRE(staying.wait_count(1));
    gone.reset();
    publisher->publish("news", "two");
    REQUIRE(staying.wait_count(2));  // same delivery thread: `leaving` would have had it by now
    CHECK(leaving.messages() == std::vector<std::string>{"one"});

    // The last one goes (UNLISTEN on PostgreSQL); a new subscriber brings the channel back.
    kept.reset();
    auto again = listener->subscribe("news", returning.handler());
    publisher->publish("news", "three");
    REQUIRE(returning.wait_count(1));
    CHECK(returning.messages() == std::vector<std::string>{"three"});
    CHECK(staying.messages() == std::vector<std::string>{"one", "two"});

    // A subscription may outlive its PubSub: dropping it afterwards is harmless.
    listener.reset();
    again.reset();
  }
}

TEST_CASE("pubsub: many subscribers on one channel each get every message in order") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    auto a = open_pubsub(backend.url);
    auto b = open_pubsub(backend.url);
    std::vector<Inbox> inboxes(40);
    std::vector<std::unique_ptr<Subscription>> subscriptions;
    for (std::size_t i = 0; i < inboxes.size(); ++i)
      subscriptions.push_back((i % 2 ? a : b)->subscribe("crowd", inboxes[i].handler()));
    std::vector<std::string> sent;
    for (int i = 0; i < 25; ++i) sent.push_back("msg " + std::to_string(i));
    for (const auto& m : sent) a->publish("crowd", m);
    for (auto& inbox : inboxes) {
      REQUIRE(inbox.wait_count(sent.size()));
      CHECK(inbox.messages() == sent);
    }
  }
}

TEST_CASE("pubsub: bad channel names and payloads are refused and nothing is sent") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    Inbox inbox;
    auto pubsub = open_pubsub(backend.url);
    auto sub = pubsub->subscribe("chat", inbox.handler());

    const std::vector<std::string> bad_names = {
        "", std::string(64, 'a'), "Chat", "chat room", "chat/1", "caf\xc3\xa9", "chat\n",
        std::string("a\0b", 3),
        "chat\"; DROP TABLE accounts; --", "x'); SELECT pg_sleep(10); --", "$1"};
    for (const auto& name : bad_names) {
      CAPTURE(name);
      check_invalid([&] { pubsub->publish(name, "hi"); }, "channel", "channel name");
      check_invalid([&] { pubsub->subscribe(name, [](std::string_view) {}); }, "channel", "channel name");
    }
    check_invalid([&] { pubsub->publish(std::string(64, 'a'), "x"); }, "channel", "1 to 63");

    const std::string too_big(kMaxPayloadBytes + 1, 'x');
    check_invalid([&] { pubsub->publish("chat", too_big); }, "payload", "7900");
    check_invalid([&] { pubsub->publish("chat", "bad \xc3\x28 utf-8"); }, "payload", "UTF-8");
    check_invalid([&] { pubsub->publish("chat", "\xed\xa0\x80"); }, "payload", "UTF-8");  // a surrogate
    check_invalid([&] { pubsub->publish("chat", std::string("nul\0inside", 10)); }, "payload", "NUL");
    check_invalid([&] { pubsub->subscribe("chat", nullptr); }, "on_message", "handler");

    // Nothing of the above went out: the next message is the first to arrive.
    pubsub->publish("chat", "marker");
    REQUIRE(inbox.wait_for("marker"));
    CHECK(inbox.messages() == std::vector<std::string>{"marker"});

    // The limits themselves are fine: a 63-byte name, a payload of exactly 7900 bytes.
    Inbox edge;
    const std::string longest(kMaxChannelBytes, 'z');
    auto sub_edge = pubsub->subscribe(longest, edge.handler());
    std::string biggest;
    while (biggest.size() + 4 <= kMaxPayloadBytes) biggest += "\xf0\x9f\x8f\x8b";  // 4 bytes each
    biggest.append(kMaxPayloadBytes - biggest.size(), '!');
    REQUIRE(biggest.size() == kMaxPayloadBytes);
    pubsub->publish(longest, biggest);
    REQUIRE(edge.wait_count(1));
    CHECK(edge.messages().front() == biggest);
  }
}

TEST_CASE("pubsub: unicode and SQL-looking payloads arrive byte for byte") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    Inbox inbox;
    auto publisher = open_pubsub(backend.url);
    auto listener = open_pubsub(backend.url);
    auto sub = listener->subscribe("unicode", inbox.handler());
    const std::vector<std::string> payloads = {
        "Gr\xc3\xbc\xc3\x9f" "e, \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e, "
        "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",
        "\xf0\x9f\x8f\x8b\xef\xb8\x8f\xe2\x80\x8d\xe2\x99\x80\xef\xb8\x8f family: "
        "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
        "quotes ' \" `, backslash \\ \\\\, $1 ? %s, ');DROP TABLE x;--",
        "lines\nand\ttabs\r\n",
        "",
        R"({"type":"chat","text":"hi \u00e9"})"};
    for (const auto& p : payloads) publisher->publish("unicode", p);
    REQUIRE(inbox.wait_count(payloads.size()));
    CHECK(inbox.messages() == payloads);
  }
}

TEST_CASE("pubsub: an SQL-injection-looking channel name is refused and the database is untouched") {
  const std::string url = cluster().create_database();
  auto db = open_database(url);
  db->acquire()->run_script("CREATE TABLE sentinel (id BIGINT); INSERT INTO sentinel VALUES (1);");
  auto pubsub = open_pubsub(url);
  for (const std::string name : {"x\"; DROP TABLE sentinel; --", "x'); DROP TABLE sentinel; --",
                                 "x\" ; UNLISTEN *; LISTEN \"y", "sentinel; DELETE FROM sentinel"}) {
    CAPTURE(name);
    check_invalid([&] { pubsub->subscribe(name, [](std::string_view) {}); }, "channel", "channel name");
    check_invalid([&] { pubsub->publish(name, "x"); }, "channel", "channel name");
  }
  CHECK(db->acquire()->query_i64("SELECT count(*) FROM sentinel") == 1);
}

TEST_CASE("pubsub: a handler may drop its own subscription and subscribe anew") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    auto pubsub = open_pubsub(backend.url);
    Inbox once, later;
    std::mutex mu;  // the handler runs on the delivery thread
    std::unique_ptr<Subscription> self, joined;
    {
      auto sub = pubsub->subscribe("once", [&](std::string_view payload) {
        std::lock_guard lock(mu);
        self.reset();  // from inside its own handler: must neither deadlock nor crash
        joined = pubsub->subscribe("later", later.handler());  // LISTENs on the delivery thread
        once.handler()(payload);
      });
      std::lock_guard lock(mu);
      self = std::move(sub);
    }
    pubsub->publish("once", "first");
    REQUIRE(once.wait_count(1));
    pubsub->publish("once", "second");
    pubsub->publish("later", "joined");
    REQUIRE(later.wait_for("joined"));
    CHECK(once.messages() == std::vector<std::string>{"first"});
    std::lock_guard lock(mu);
    CHECK(self == nullptr);
    joined.reset();
  }
}

TEST_CASE("pubsub: dropping a subscription waits for its running handler, which is then never called") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    auto pubsub = open_pubsub(backend.url);
    std::mutex mu;
    std::condition_variable changed;
    bool entered = false, release = false, returned = false;
    int calls = 0;
    auto sub = pubsub->subscribe("slow", [&](std::string_view) {
      std::unique_lock lock(mu);
      ++calls;
      entered = true;
      changed.notify_all();
      changed.wait_for(lock, kWait, [&] { return release; });
      returned = true;
    });
    pubsub->publish("slow", "one");
    {
      std::unique_lock lock(mu);
      REQUIRE(changed.wait_for(lock, kWait, [&] { return entered; }));
    }
    std::atomic<bool> returned_before_drop_ended{false};
    std::thread dropper([&] {
      sub.reset();  // blocks until the handler above returns
      std::lock_guard lock(mu);
      returned_before_drop_ended = returned;
    });
    {
      std::lock_guard lock(mu);
      release = true;
      changed.notify_all();
    }
    dropper.join();
    CHECK(returned_before_drop_ended);

    Inbox marker;
    auto after = pubsub->subscribe("slow", marker.handler());
    pubsub->publish("slow", "two");
    REQUIRE(marker.wait_for("two"));
    std::lock_guard lock(mu);
    CHECK(calls == 1);
  }
}

TEST_CASE("pubsub: concurrent publishers keep their own order while subscribers come and go") {
  test::TempDir dir("fitkit-pubsub");
  for (const auto& backend : backends(dir)) {
    CAPTURE(backend.name);
    auto publisher = open_pubsub(backend.url);
    auto listener = open_pubsub(backend.url);
    Inbox inbox;
    auto sub = listener->subscribe("busy", inbox.handler());
    constexpr int kThreads = 4, kEach = 50;
    std::atomic<bool> done{false};
    std::atomic<int> late_calls{0};
    std::thread churn([&] {  // joins and leaves the channel all the while
      while (!done) {
        auto gone = std::make_shared<std::atomic<bool>>(false);
        auto sub = listener->subscribe("busy", [gone, &late_calls](std::string_view) {
          if (*gone) ++late_calls;  // called after its subscription was dropped
        });
        sub.reset();
        *gone = true;
      }
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i)
          publisher->publish("busy", std::to_string(t) + ":" + std::to_string(i));
      });
    for (auto& t : threads) t.join();
    const bool all = inbox.wait_count(kThreads * kEach);
    done = true;
    churn.join();
    REQUIRE(all);
    CHECK(late_calls == 0);
    std::vector<int> next(kThreads, 0);
    for (const auto& m : inbox.messages()) {
      const int t = std::stoi(m.substr(0, m.find(':')));
      CHECK(std::stoi(m.substr(m.find(':') + 1)) == next[t]++);
    }
  }
}

TEST_CASE("pubsub: sqlite buses are one per database file, and private for :memory:") {
  test::TempDir dir("fitkit-pubsub");
  const std::string file = (dir / "app.db").string();
  auto a = open_pubsub("sqlite:" + file);
  auto b = open_pubsub("sqlite:" + (dir.path() / "." / "app.db").string());  // the same file
  auto elsewhere = open_pubsub("sqlite:" + (dir / "other.db").string());
  auto memory_1 = open_pubsub("sqlite::memory:");
  auto memory_2 = open_pubsub("sqlite::memory:");
  Inbox on_b, on_elsewhere, on_memory_2;
  auto s1 = b->subscribe("c", on_b.handler());
  auto s2 = elsewhere->subscribe("c", on_elsewhere.handler());
  auto s3 = memory_2->subscribe("c", on_memory_2.handler());
  a->publish("c", "to app.db");
  memory_1->publish("c", "to memory 1");
  REQUIRE(on_b.wait_for("to app.db"));
  // Each bus delivers in order: a marker through it proves the earlier message never came.
  elsewhere->publish("c", "marker");
  memory_2->publish("c", "marker");
  REQUIRE(on_elsewhere.wait_for("marker"));
  REQUIRE(on_memory_2.wait_for("marker"));
  CHECK(on_elsewhere.messages() == std::vector<std::string>{"marker"});
  CHECK(on_memory_2.messages() == std::vector<std::string>{"marker"});
}

TEST_CASE("pubsub: unknown URLs are invalid and unreachable servers unavailable, never showing a password") {
  check_invalid([] { open_pubsub("mysql://admin:s3cret@localhost/db"); }, "db", "unknown database URL");
  const auto unknown = error_of([] { open_pubsub("mysql://admin:s3cret@localhost/db"); });
  CHECK(std::string(unknown->what()).find("s3cret") == std::string::npos);
  check_invalid([] { open_pubsub("sqlite:"); }, "db", "path");
  const std::string url =
      "postgresql://fitkit:s3cret@127.0.0.1:" + std::to_string(test::free_tcp_port()) + "/nowhere";
  const auto error = error_of([&] { open_pubsub(url); });
  REQUIRE(error.has_value());
  CHECK(error->code() == ErrorCode::unavailable);
  CHECK(std::string(error->what()).find("s3cret") == std::string::npos);
  CHECK(std::string(error->what()).find("127.0.0.1") != std::string::npos);
}

// The other end of the next test: does something only when started by it, in a process of its own.
TEST_CASE("pubsub: child process side of the cross-process test") {
  const char* url = std::getenv("FITKIT_PUBSUB_CHILD_URL");
  if (!url) return;
  auto pubsub = open_pubsub(url);
  for (int i = 0; i < 3; ++i)
    pubsub->publish("cross.process", "from " + std::to_string(::getpid()) + " #" + std::to_string(i));
}

TEST_CASE("pubsub: on postgresql a message published by another process arrives") {
  const std::string url = cluster().create_database();
  auto pubsub = open_pubsub(url);
  Inbox inbox;
  auto sub = pubsub->subscribe("cross.process", inbox.handler());
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  test::ChildProcess child({self, "--test-case=pubsub: child process side*"},
                           {.env = {{"FITKIT_PUBSUB_CHILD_URL", url}}, .stdout_path = "/dev/null"});
  REQUIRE(child.wait_exit_code(30s) == 0);
  REQUIRE(inbox.wait_count(3));
  const std::string from = "from " + std::to_string(child.pid()) + " #";
  CHECK(inbox.messages() == std::vector<std::string>{from + "0", from + "1", from + "2"});
}

TEST_CASE("pubsub: on postgresql delivery resumes after the listening connection is terminated") {
  const std::string url = cluster().create_database();
  auto listener = open_pubsub(url);
  auto publisher = open_pubsub(url);
  Inbox first, second;
  auto s1 = listener->subscribe("resume.one", first.handler());
  auto s2 = listener->subscribe("resume.two", second.handler());
  publisher->publish("resume.one", "before");
  REQUIRE(first.wait_for("before"));

  // Ends the sessions of both PubSubs' listening (or publishing) connections, and waits until
  // they are gone.
  auto db = open_database(url);
  const auto terminate = [&](const char* application_name) {
    int terminated = 0;
    db->acquire()->query(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = ?",
        {application_name}, [&](const Row& row) { terminated += row.i64(0) ? 1 : 0; });
    return terminated;
  };
  CHECK(terminate("fitkit pubsub listener") == 2);
  // A publisher whose session ended while idle connects again before sending, rather than failing.
  CHECK(terminate("fitkit pubsub publisher") == 2);
  CHECK_NOTHROW(publisher->publish("resume.one", "maybe lost: the listener may not be back yet"));

  // Messages sent while it reconnects are lost by design: keep sending until one arrives.
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  bool resumed = false;
  for (int i = 0; !resumed && std::chrono::steady_clock::now() < deadline; ++i) {
    const std::string payload = "after " + std::to_string(i);
    publisher->publish("resume.one", payload);
    resumed = first.wait_for(payload, 200ms);
  }
  REQUIRE(resumed);
  // Every channel was LISTENed again, and new subscriptions work.
  Inbox third;
  auto s3 = listener->subscribe("resume.three", third.handler());
  publisher->publish("resume.two", "two again");
  publisher->publish("resume.three", "three");
  CHECK(second.wait_for("two again"));
  CHECK(third.wait_for("three"));
}

// The fan-out hub over the real publish/subscribe port of a test platform (in-process bus on
// SQLite, LISTEN/NOTIFY on PostgreSQL), with subscribers that record what they are offered.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fitkit/pubsub.hpp"
#include "http/websocket_hub.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using fitkit::http::LiveSubscriber;
using fitkit::http::TopicHub;

namespace {

// Takes what it is offered up to `capacity` messages, then refuses, as a full send queue does.
class Recorder : public LiveSubscriber {
 public:
  explicit Recorder(std::size_t capacity = 1000) : capacity_(capacity) {}

  bool offer(const std::shared_ptr<const http::LiveMessage>& message) override {
    std::lock_guard lock(mu_);
    ++offers_;
    if (got_.size() >= capacity_) return false;
    got_.push_back(message->text);
    cv_.notify_all();
    return true;
  }

  // Waits until `n` messages arrived (or 10 s passed) and returns them.
  std::vector<std::string> wait_for(std::size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return got_.size() >= n; });
    return got_;
  }
  std::size_t offers() {
    std::lock_guard lock(mu_);
    return offers_;
  }

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> got_;
  std::size_t offers_ = 0;
};

// A message on its own channel, published after everything before it on `pubsub`: once it
// has arrived, the earlier ones have been delivered too (one delivery thread, in order).
void flush(storage::PubSub& pubsub, TopicHub& hub, const std::string& topic) {
  auto marker = std::make_shared<Recorder>();
  hub.subscribe(topic, marker);
  pubsub.publish(topic, "flush");
  REQUIRE(marker->wait_for(1).size() == 1);
  hub.unsubscribe(marker.get());
}

}  // namespace

TEST_CASE("websocket hub: subscribers of a topic get its messages, and only theirs") {
  test::TestPlatform t;
  storage::PubSub& pubsub = t.platform->pubsub();
  TopicHub hub([&]() -> storage::PubSub& { return pubsub; });
  auto ann = std::make_shared<Recorder>(), ann_tab = std::make_shared<Recorder>(), bob = std::make_shared<Recorder>();
  hub.subscribe("user:ann", ann);
  hub.subscribe("user:ann", ann_tab);
  hub.subscribe("user:bob", bob);
  CHECK(hub.topic_count() == 2);
  CHECK(hub.subscriber_count("user:ann") == 2);

  pubsub.publish("user:ann", R"({"type":"notification","data":{"n":1}})");
  pubsub.publish("user:bob", R"({"type":"notification","data":{"n":2}})");
  CHECK(ann->wait_for(1) == std::vector<std::string>{R"({"type":"notification","data":{"n":1}})"});
  CHECK(ann_tab->wait_for(1) == std::vector<std::string>{R"({"type":"notification","data":{"n":1}})"});
  CHECK(bob->wait_for(1) == std::vector<std::string>{R"({"type":"notification","data":{"n":2}})"});
  flush(pubsub, hub, "flush");
  CHECK(ann->offers() == 1);
  CHECK(bob->offers() == 1);
}

TEST_CASE("websocket hub: unsubscribing stops delivery and frees an empty topic") {
  test::TestPlatform t;
  storage::PubSub& pubsub = t.platform->pubsub();
  TopicHub hub([&]() -> storage::PubSub& { return pubsub; });
  auto first = std::make_shared<Recorder>(), second = std::make_shared<Recorder>();
  hub.subscribe("user:ann", first);
  hub.subscribe("user:ann", first);  // twice is once
  hub.subscribe("user:ann", second);
  CHECK(hub.subscriber_count("user:ann") == 2);

  hub.unsubscribe(first.get());
  CHECK(hub.subscriber_count("user:ann") == 1);
  pubsub.publish("user:ann", "after");
  CHECK(second->wait_for(1).size() == 1);
  flush(pubsub, hub, "flush");
  CHECK(first->offers() == 0);

  hub.unsubscribe(second.get());
  hub.unsubscribe(second.get());  // harmless
  CHECK(hub.topic_count() == 0);
  pubsub.publish("user:ann", "nobody listens");
  flush(pubsub, hub, "flush");
  CHECK(second->offers() == 1);
}

TEST_CASE("websocket hub: a subscriber that falls behind is dropped, the others go on") {
  test::TestPlatform t;
  storage::PubSub& pubsub = t.platform->pubsub();
  TopicHub hub([&]() -> storage::PubSub& { return pubsub; });
  auto slow = std::make_shared<Recorder>(3), quick = std::make_shared<Recorder>();
  hub.subscribe("user:ann", slow);
  hub.subscribe("user:ann", quick);
  for (int i = 0; i < 10; ++i) pubsub.publish("user:ann", "m" + std::to_string(i));
  CHECK(quick->wait_for(10).size() == 10);
  flush(pubsub, hub, "flush");
  CHECK(slow->wait_for(3).size() == 3);
  CHECK(slow->offers() == 4);  // refused the fourth, then offered nothing more
  CHECK(hub.subscriber_count("user:ann") == 1);
  // Its own unsubscribe, as its connection closes, still tidies up.
  hub.unsubscribe(slow.get());
  hub.unsubscribe(quick.get());
  CHECK(hub.topic_count() == 0);
}

TEST_CASE("websocket hub: a subscriber that is gone is skipped") {
  test::TestPlatform t;
  storage::PubSub& pubsub = t.platform->pubsub();
  TopicHub hub([&]() -> storage::PubSub& { return pubsub; });
  auto gone = std::make_shared<Recorder>(), stays = std::make_shared<Recorder>();
  hub.subscribe("user:ann", gone);
  hub.subscribe("user:ann", stays);
  const LiveSubscriber* gone_key = gone.get();
  gone.reset();
  pubsub.publish("user:ann", "still here");
  CHECK(stays->wait_for(1).size() == 1);
  hub.unsubscribe(gone_key);
  CHECK(hub.subscriber_count("user:ann") == 1);
}

TEST_CASE("websocket hub: a bad topic name is refused and nothing is subscribed") {
  test::TestPlatform t;
  TopicHub hub([&]() -> storage::PubSub& { return t.platform->pubsub(); });
  auto s = std::make_shared<Recorder>();
  CHECK(test::error_of([&] { hub.subscribe("User:Ann", s); }) == ErrorCode::invalid_argument);
  CHECK(hub.topic_count() == 0);
  hub.unsubscribe(s.get());
}

TEST_CASE("websocket hub: subscribing and publishing from many threads at once") {
  test::TestPlatform t;
  storage::PubSub& pubsub = t.platform->pubsub();
  TopicHub hub([&]() -> storage::PubSub& { return pubsub; });
  auto steady = std::make_shared<Recorder>();
  hub.subscribe("user:ann", steady);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 20; ++round) {
        auto passing = std::make_shared<Recorder>();
        hub.subscribe(round % 2 ? "user:ann" : "user:t" + std::to_string(i), passing);
        pubsub.publish("user:ann", "x");
        hub.unsubscribe(passing.get());
      }
    });
  for (auto& th : threads) th.join();
  CHECK(steady->wait_for(80).size() == 80);
  hub.unsubscribe(steady.get());
  CHECK(hub.topic_count() == 0);
}

TEST_CASE("websocket hub: a message is framed once as an unmasked text frame (RFC 6455 5.2)") {
  const auto header_of = [](std::size_t n) {
    const http::LiveMessage m(std::string(n, 'x'));
    CHECK(m.text.size() == n);
    REQUIRE(m.frame.size() > n);
    CHECK(m.frame.substr(m.frame.size() - n) == m.text);
    return m.frame.substr(0, m.frame.size() - n);
  };
  CHECK(header_of(0) == std::string("\x81\x00", 2));
  CHECK(header_of(125) == "\x81\x7d");
  CHECK(header_of(126) == std::string("\x81\x7e\x00\x7e", 4));
  CHECK(header_of(65535) == "\x81\x7e\xff\xff");
  CHECK(header_of(65536) == std::string("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
}

// The fan-out of live events to the WebSocket connections of this process: topic → the
// connections subscribed to it. Each topic with at least one local subscriber holds one
// subscription of the publish/subscribe port, so a message published anywhere on the database
// is received once per process and then handed to every local subscriber without blocking:
// a subscriber that cannot take it (its send queue is full) is dropped, never waited for.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fitkit/pubsub.hpp"

namespace fitkit::http {

// A message for many connections, framed once: `frame` is the whole unmasked WebSocket text
// frame (RFC 6455 §5.2) that a plain connection writes as it is; a TLS one writes `text`
// through its stream, which encrypts it.
struct LiveMessage {
  explicit LiveMessage(std::string_view text);
  std::string text;
  std::string frame;
};

// One receiver of live events (a WebSocket session).
class LiveSubscriber {
 public:
  virtual ~LiveSubscriber() = default;
  // Called on the publish/subscribe delivery thread: queue `message` and return at once.
  // False when the subscriber is too far behind; the hub then stops offering it anything, and
  // the subscriber closes itself (and calls TopicHub::unsubscribe).
  virtual bool offer(const std::shared_ptr<const LiveMessage>& message) = 0;
};

class TopicHub {
 public:
  // `pubsub` gives the port, opened on the first subscription.
  explicit TopicHub(std::function<storage::PubSub&()> pubsub);
  ~TopicHub();
  TopicHub(const TopicHub&) = delete;
  TopicHub& operator=(const TopicHub&) = delete;

  // Adds `subscriber` to `topic`; once this returns, what is published on the topic reaches it.
  // Throws what the port throws (Error::invalid for a bad topic name, Error::unavailable).
  void subscribe(std::string_view topic, const std::shared_ptr<LiveSubscriber>& subscriber);
  // Removes `subscriber` from every topic; a topic left without subscribers is unsubscribed from
  // the port. Call it from a connection's own thread, not from inside offer().
  void unsubscribe(const LiveSubscriber* subscriber);

  // What the port's handler calls: one copy of the payload, offered to each local subscriber.
  void deliver(std::string_view topic, std::string_view payload);

  std::size_t topic_count() const;
  std::size_t subscriber_count(std::string_view topic) const;

 private:
  struct Topic {
    std::unique_ptr<storage::Subscription> subscription;
    std::unordered_map<const LiveSubscriber*, std::weak_ptr<LiveSubscriber>> members;
  };

  std::function<storage::PubSub&()> pubsub_;
  // Serialises changes of the port's subscriptions. Never taken on the delivery thread: on
  // PostgreSQL, subscribe() waits for that thread to LISTEN.
  std::mutex change_mu_;
  // Guards the tables below; held briefly, never while calling the port or a subscriber.
  mutable std::mutex mu_;
  std::map<std::string, Topic, std::less<>> topics_;
  std::unordered_map<const LiveSubscriber*, std::vector<std::string>> topics_of_;
};

}  // namespace fitkit::http

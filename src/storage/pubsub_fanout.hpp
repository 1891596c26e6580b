// What both adapters of the publish/subscribe port share: the checks of names and payloads, and
// the table of subscribers that hands a message to each of them on the delivery thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "fitkit/pubsub.hpp"

namespace fitkit::storage {

// Throw Error::invalid("channel" / "payload") for what open_pubsub's adapters refuse.
void check_channel(std::string_view channel);
void check_payload(std::string_view payload);

// The subscribers of one PubSub (or one in-process bus), by channel. deliver() runs on the one
// delivery thread; the other members may be called from any thread. Subscriptions keep it alive.
class Fanout : public std::enable_shared_from_this<Fanout> {
 public:
  // Registers a handler; the subscription returned removes it.
  std::unique_ptr<Subscription> add(std::string_view channel, MessageHandler on_message);
  // Calls the channel's handlers in turn. Only ever on the delivery thread.
  void deliver(std::string_view channel, std::string_view payload);
  // The channels that have at least one subscriber.
  std::vector<std::string> channels() const;
  // Which thread delivers: an unsubscribe there must not wait for the handler it is called from.
  void set_delivery_thread(std::thread::id id);
  // Called (under the table's lock, so it must be quick and must not call back) whenever a
  // channel loses its last subscriber; cleared with an empty function before its target dies.
  void set_on_channel_emptied(std::function<void()> hook);

 private:
  struct Entry {
    std::string channel;
    MessageHandler handler;
    bool removed = false;
  };
  class Handle;
  void remove(const std::shared_ptr<Entry>& entry);

  mutable std::mutex mu_;
  std::condition_variable handler_done_;
  std::map<std::string, std::vector<std::shared_ptr<Entry>>, std::less<>> by_channel_;
  const Entry* running_ = nullptr;  // whose handler the delivery thread is in
  std::thread::id delivery_thread_;
  std::function<void()> on_channel_emptied_;
};

// The adapters behind open_pubsub.
std::unique_ptr<PubSub> open_local_pubsub(std::string_view sqlite_path);
std::unique_ptr<PubSub> open_postgres_pubsub(const std::string& url);

}  // namespace fitkit::storage

// The publish/subscribe port for SQLite: a bus inside this process, one per database file, that
// every PubSub opened on that file shares. Messages wait in a queue and a thread of the bus hands
// them out, so that a publisher never runs subscriber code under its own locks.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "fitkit/error.hpp"
#include "storage/pubsub_fanout.hpp"

namespace fitkit::storage {
namespace {

// Beyond this many undelivered messages the subscribers are not keeping up: publish fails
// rather than let memory grow without end (PostgreSQL's NOTIFY queue is bounded too).
constexpr std::size_t kMaxQueued = 65536;

class LocalBus {
 public:
  LocalBus() : fanout_(std::make_shared<Fanout>()), thread_([this] { run(); }) {
    fanout_->set_delivery_thread(thread_.get_id());
  }
  LocalBus(const LocalBus&) = delete;
  LocalBus& operator=(const LocalBus&) = delete;

  ~LocalBus() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void publish(std::string_view channel, std::string_view payload) {
    {
      std::lock_guard lock(mu_);
      if (queue_.size() >= kMaxQueued)
        throw Error::unavailable("the in-process message bus has " + std::to_string(kMaxQueued) +
                                 " messages its subscribers have not taken yet; try again later");
      queue_.emplace_back(std::string(channel), std::string(payload));
    }
    wake_.notify_one();
  }

  Fanout& fanout() { return *fanout_; }

 private:
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;  // what is still queued goes with the bus: delivery is best effort
      const auto [channel, payload] = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      fanout_->deliver(channel, payload);
      lock.lock();
    }
  }

  std::shared_ptr<Fanout> fanout_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::pair<std::string, std::string>> queue_;
  bool stop_ = false;
  std::thread thread_;  // last: it starts in the constructor and uses the members above
};

// The bus of a database file, shared while any PubSub on it lives. Buses are told apart by the
// file's canonical path, so "sqlite:./a.db" and "sqlite:a.db" meet on one bus.
std::shared_ptr<LocalBus> shared_bus(std::string_view path) {
  std::string key(path);
  if (!path.starts_with("file:")) {  // SQLite URI file names are taken as written
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(key, ec), ec);
    if (!ec) key = canonical.string();
  }
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<LocalBus>> buses;
  std::lock_guard lock(mu);
  std::erase_if(buses, [](const auto& item) { return item.second.expired(); });
  auto& slot = buses[key];
  if (auto bus = slot.lock()) return bus;
  auto bus = std::make_shared<LocalBus>();
  slot = bus;
  return bus;
}

class LocalPubSub final : public PubSub {
 public:
  explicit LocalPubSub(std::shared_ptr<LocalBus> bus) : bus_(std::move(bus)) {}

  void publish(std::string_view channel, std::string_view payload) override {
    check_channel(channel);
    check_payload(payload);
    bus_->publish(channel, payload);
  }

  std::unique_ptr<Subscription> subscribe(std::string_view channel, MessageHandler on_message) override {
    check_channel(channel);
    if (!on_message) throw Error::invalid("on_message", "a subscription needs a handler");
    return bus_->fanout().add(channel, std::move(on_message));
  }

 private:
  std::shared_ptr<LocalBus> bus_;
};

}  // namespace

std::unique_ptr<PubSub> open_local_pubsub(std::string_view sqlite_path) {
  if (sqlite_path.empty())
    throw Error::invalid("db", "the sqlite URL needs a path: sqlite:PATH or sqlite::memory:");
  if (sqlite_path == ":memory:") return std::make_unique<LocalPubSub>(std::make_shared<LocalBus>());
  return std::make_unique<LocalPubSub>(shared_bus(sqlite_path));
}

}  // namespace fitkit::storage

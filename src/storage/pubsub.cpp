// open_pubsub, and the parts of the publish/subscribe port both adapters share.
#include <unicode/utf8.h>

#include <cstdint>

#include "fitkit/error.hpp"
#include "fitkit/pubsub.hpp"
#include "storage/postgres/postgres_text.hpp"
#include "storage/pubsub_fanout.hpp"

namespace fitkit::storage {

namespace {

bool is_channel_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-';
}

}  // namespace

void check_channel(std::string_view channel) {
  if (channel.empty() || channel.size() > kMaxChannelBytes)
    throw Error::invalid("channel", "a channel name is 1 to " + std::to_string(kMaxChannelBytes) +
                                        " characters long; this one has " + std::to_string(channel.size()));
  for (std::size_t i = 0; i < channel.size(); ++i)
    if (!is_channel_char(channel[i]))
      throw Error::invalid("channel", "a channel name may hold only a-z, 0-9, '_', '.', ':' and '-'; "
                                      "character " + std::to_string(i + 1) + " is not one of them");
}

void check_payload(std::string_view payload) {
  if (payload.size() > kMaxPayloadBytes)
    throw Error::invalid("payload", "a message is at most " + std::to_string(kMaxPayloadBytes) +
                                        " bytes; this one has " + std::to_string(payload.size()) +
                                        ": send a reference to a row instead");
  const auto length = static_cast<std::int32_t>(payload.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(payload.data(), i, length, c);  // strict: a negative value for ill-formed input
    if (c < 0) throw Error::invalid("payload", "a message must be valid UTF-8 text");
    if (c == 0) throw Error::invalid("payload", "a message cannot contain a NUL character");
  }
}

// The handle a subscriber holds: unsubscribes when dropped.
class Fanout::Handle final : public Subscription {
 public:
  Handle(std::shared_ptr<Fanout> fanout, std::shared_ptr<Entry> entry)
      : fanout_(std::move(fanout)), entry_(std::move(entry)) {}
  ~Handle() override { fanout_->remove(entry_); }

 private:
  std::shared_ptr<Fanout> fanout_;
  std::shared_ptr<Entry> entry_;
};

std::unique_ptr<Subscription> Fanout::add(std::string_view channel, MessageHandler on_message) {
  auto entry = std::make_shared<Entry>(Entry{std::string(channel), std::move(on_message)});
  std::lock_guard lock(mu_);
  by_channel_[entry->channel].push_back(entry);
  return std::make_unique<Handle>(shared_from_this(), std::move(entry));
}

void Fanout::deliver(std::string_view channel, std::string_view payload) {
  std::unique_lock lock(mu_);
  const auto it = by_channel_.find(channel);
  if (it == by_channel_.end()) return;
  // A copy: handlers may subscribe and unsubscribe while we go through the list.
  const std::vector<std::shared_ptr<Entry>> targets = it->second;
  for (const auto& entry : targets) {
    if (entry->removed) continue;
    running_ = entry.get();
    lock.unlock();
    try {
      entry->handler(payload);
    } catch (...) {
      // Nobody to report to on this thread; the other subscribers still get the message.
    }
    lock.lock();
    running_ = nullptr;
    handler_done_.notify_all();
  }
  lock.unlock();  // before `targets` goes: dropping a removed handler may run any code
}

void Fanout::remove(const std::shared_ptr<Entry>& entry) {
  MessageHandler dropped;  // destroyed after the lock is released: its captures may do anything
  std::unique_lock lock(mu_);
  entry->removed = true;
  if (const auto it = by_channel_.find(entry->channel); it != by_channel_.end()) {
    std::erase(it->second, entry);
    if (it->second.empty()) {
      by_channel_.erase(it);
      if (on_channel_emptied_) on_channel_emptied_();
    }
  }
  // On the delivery thread we are inside some handler (maybe this one): waiting would deadlock,
  // and no other handler call can start meanwhile anyway.
  if (std::this_thread::get_id() != delivery_thread_) {
    handler_done_.wait(lock, [&] { return running_ != entry.get(); });
    dropped = std::move(entry->handler);
  } else if (running_ != entry.get()) {
    dropped = std::move(entry->handler);
  }
  lock.unlock();
}

std::vector<std::string> Fanout::channels() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  out.reserve(by_channel_.size());
  for (const auto& [channel, list] : by_channel_) out.push_back(channel);
  return out;
}

void Fanout::set_delivery_thread(std::thread::id id) {
  std::lock_guard lock(mu_);
  delivery_thread_ = id;
}

void Fanout::set_on_channel_emptied(std::function<void()> hook) {
  std::lock_guard lock(mu_);
  on_channel_emptied_ = std::move(hook);
}

std::unique_ptr<PubSub> open_pubsub(std::string_view database_url) {
  if (database_url.starts_with("sqlite:")) return open_local_pubsub(database_url.substr(7));
  if (database_url.starts_with("postgresql://") || database_url.starts_with("postgres://"))
    return open_postgres_pubsub(std::string(database_url));
  throw Error::invalid("db", "unknown database URL '" + mask_postgres_password(database_url) +
                                 "': use sqlite:PATH, sqlite::memory: or postgresql://…");
}

}  // namespace fitkit::storage

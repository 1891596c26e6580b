#include "http/websocket_hub.hpp"

#include <algorithm>
#include <cstdint>

namespace fitkit::http {

LiveMessage::LiveMessage(std::string_view payload) : text(payload) {
  frame.reserve(payload.size() + 10);
  frame.push_back(static_cast<char>(0x81));  // FIN, text
  const std::uint64_t n = payload.size();
  if (n < 126) {
    frame.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    frame.push_back(static_cast<char>(126));
    for (int shift = 8; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((n >> shift) & 0xFF));
  } else {
    frame.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  frame.append(payload);
}

TopicHub::TopicHub(std::function<storage::PubSub&()> pubsub) : pubsub_(std::move(pubsub)) {}

TopicHub::~TopicHub() {
  std::vector<std::unique_ptr<storage::Subscription>> ending;  // destroyed after the locks: it waits
  std::lock_guard change(change_mu_);                          // for a handler that may take mu_
  std::lock_guard lock(mu_);
  for (auto& [name, topic] : topics_) ending.push_back(std::move(topic.subscription));
  topics_.clear();
  topics_of_.clear();
}

void TopicHub::subscribe(std::string_view topic, const std::shared_ptr<LiveSubscriber>& subscriber) {
  const auto add = [&](const std::string& name, Topic& t) {
    t.members[subscriber.get()] = subscriber;
    auto& names = topics_of_[subscriber.get()];
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  std::lock_guard change(change_mu_);
  {
    std::lock_guard lock(mu_);
    if (auto it = topics_.find(topic); it != topics_.end()) return add(it->first, it->second);
  }
  std::string name(topic);
  // The handler runs on the port's delivery thread; the subscription ends before `this` does.
  auto subscription = pubsub_().subscribe(name, [this, name](std::string_view payload) { deliver(name, payload); });
  std::lock_guard lock(mu_);
  Topic& t = topics_[name];
  t.subscription = std::move(subscription);
  add(name, t);
}

void TopicHub::unsubscribe(const LiveSubscriber* subscriber) {
  std::vector<std::unique_ptr<storage::Subscription>> ending;  // destroyed after the locks
  std::lock_guard change(change_mu_);
  std::lock_guard lock(mu_);
  const auto it = topics_of_.find(subscriber);
  if (it == topics_of_.end()) return;
  for (const auto& name : it->second) {
    const auto t = topics_.find(name);
    if (t == topics_.end()) continue;
    t->second.members.erase(subscriber);
    if (!t->second.members.empty()) continue;
    ending.push_back(std::move(t->second.subscription));
    topics_.erase(t);
  }
  topics_of_.erase(it);
}

void TopicHub::deliver(std::string_view topic, std::string_view payload) {
  std::vector<std::shared_ptr<LiveSubscriber>> targets;
  {
    std::lock_guard lock(mu_);
    const auto it = topics_.find(topic);
    if (it == topics_.end()) return;
    targets.reserve(it->second.members.size());
    for (const auto& [key, weak] : it->second.members)
      if (auto s = weak.lock()) targets.push_back(std::move(s));
  }
  if (targets.empty()) return;
  const auto message = std::make_shared<const LiveMessage>(payload);  // framed once for everyone
  std::vector<const LiveSubscriber*> behind;
  for (const auto& s : targets)
    if (!s->offer(message)) behind.push_back(s.get());
  if (behind.empty()) return;
  // Offered nothing more; the tables of topics stay for the subscriber's own unsubscribe().
  std::lock_guard lock(mu_);
  for (const LiveSubscriber* s : behind) {
    const auto names = topics_of_.find(s);
    if (names == topics_of_.end()) continue;
    for (const auto& name : names->second)
      if (const auto t = topics_.find(name); t != topics_.end()) t->second.members.erase(s);
  }
}

std::size_t TopicHub::topic_count() const {
  std::lock_guard lock(mu_);
  return topics_.size();
}

std::size_t TopicHub::subscriber_count(std::string_view topic) const {
  std::lock_guard lock(mu_);
  const auto it = topics_.find(topic);
  return it == topics_.end() ? 0 : it->second.members.size();
}

}  // namespace fitkit::http

// In-app notifications and per-type, per-channel preferences.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

struct Notification {
  std::int64_t id = 0;
  std::string type;
  std::string title;
  std::string body;
  std::string data;       // JSON object
  int repeat_count = 1;   // a digest: how many of this type arrived since it was read
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  bool read = false;
};

struct NotificationPreference {
  std::string type;
  std::string channel;  // in_app, email
  bool enabled = true;
};

class NotificationService {
 public:
  explicit NotificationService(Runtime& rt) : rt_(rt) {}

  // Newest first, by id; before_id: the id of the last notification seen.
  Page<Notification> list(const Actor& actor, bool unread_only, std::optional<std::int64_t> before_id = {},
                          int limit = kPageLimitDefault);
  std::int64_t unread_count(const Actor& actor);
  // `ids` empty: all of the actor's notifications. Returns how many changed.
  int mark_read(const Actor& actor, const std::vector<std::int64_t>& ids);
  void remove(const Actor& actor, std::int64_t id);
  std::vector<NotificationPreference> preferences(const Actor& actor);
  void set_preference(const Actor& actor, const NotificationPreference& p);

 private:
  Runtime& rt_;
};

}  // namespace fitkit

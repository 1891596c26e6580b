// How every domain tells a user something: in-app and by mail, after the
// user's preferences, inside the caller's transaction (the outbox delivers).
#pragma once

#include <string>
#include <string_view>

#include "core/runtime.hpp"
#include "notify/templates.hpp"

namespace fitkit::notify {

struct Event {
  std::int64_t user_id = 0;
  std::string category;       // a preference type: "security", "marketing", …
  std::string template_name;  // also the notification's type, for digests
  Vars vars;
  std::string data_json = "{}";
};

void notify_user(Runtime& rt, storage::Connection& c, const Event& event);

// Categories users can set preferences for, with their defaults.
struct Category {
  std::string_view name;
  bool in_app_default;
  bool email_default;
  bool required;  // security notices cannot be turned off
};
const std::vector<Category>& categories();
const Category* find_category(std::string_view name);
bool is_channel(std::string_view channel);
bool channel_enabled(storage::Connection& c, std::int64_t user_id, const Category& category, std::string_view channel);

}  // namespace fitkit::notify

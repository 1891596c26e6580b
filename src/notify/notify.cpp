#include "notify/notify.hpp"

#include "fitkit/error.hpp"
#include "notify/live.hpp"
#include "notify/outbox.hpp"

namespace fitkit::notify {

const std::vector<Category>& categories() {
  static const std::vector<Category> list{
      {"security", true, true, true},     // sign-ins, password and 2FA changes
      {"account", true, true, false},     // account news
      {"marketing", false, false, false}, // offers: opt-in only
      {"gear", true, false, false},       // wear notices of one's gear: in the app, mail when asked
      {"events", true, true, false},      // one's registrations, and news of the events one takes part in
  };
  return list;
}

const Category* find_category(std::string_view name) {
  for (const auto& c : categories())
    if (c.name == name) return &c;
  return nullptr;
}

bool is_channel(std::string_view channel) { return channel == "in_app" || channel == "email"; }

bool channel_enabled(storage::Connection& c, std::int64_t user_id, const Category& category, std::string_view channel) {
  if (category.required) return true;
  auto row = c.query_i64(
      "SELECT enabled FROM notification_preferences WHERE user_id = ? AND type = ? AND channel = ?",
      {user_id, category.name, channel});
  if (row) return *row != 0;
  return channel == "email" ? category.email_default : category.in_app_default;
}

void notify_user(Runtime& rt, storage::Connection& c, const Event& event) {
  const Category* category = find_category(event.category);
  if (!category) throw Error::internal("unknown notification category " + event.category);
  std::string email, language = "en";
  c.query("SELECT email, language FROM users WHERE id = ? AND status <> 'deleted'", {event.user_id},
          [&](const storage::Row& r) {
            email = r.opt_text(0).value_or("");
            language = r.text(1);
          });
  if (email.empty()) return;
  const auto message = render(event.template_name, language, event.vars);
  const auto now = rt.now();
  if (channel_enabled(c, event.user_id, *category, "in_app")) {
    // One unread row per type: a repeat raises its count instead of adding a row.
    LiveNotification live{0, event.template_name, message.subject, message.text, event.data_json, 1, now, now};
    c.query("UPDATE notifications SET repeat_count = repeat_count + 1, title = ?, body = ?, data = ?, updated_at = ?"
            " WHERE user_id = ? AND type = ? AND read_at IS NULL RETURNING id, repeat_count, created_at",
            {message.subject, message.text, event.data_json, now, event.user_id, event.template_name},
            [&](const storage::Row& r) {
              live.id = r.i64(0);
              live.count = r.i64(1);
              live.created_at = r.i64(2);
            });
    if (live.id == 0) {
      live.id = rt.next_id();
      c.exec("INSERT INTO notifications (id, user_id, type, title, body, data, created_at, updated_at)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             {live.id, event.user_id, event.template_name, message.subject, message.text, event.data_json, now, now});
    }
    publish_after_commit(rt, c, user_topic(event.user_id), notification_envelope(live));
  }
  if (channel_enabled(c, event.user_id, *category, "email")) enqueue_mail(rt, c, email, message);
}

}  // namespace fitkit::notify

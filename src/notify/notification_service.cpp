#include "fitkit/error.hpp"
#include "fitkit/notifications.hpp"
#include "notify/notify.hpp"

namespace fitkit {
namespace {
void require_user(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
}
}  // namespace

Page<Notification> NotificationService::list(const Actor& actor, bool unread_only,
                                             std::optional<std::int64_t> before_id, int limit) {
  require_user(actor);
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  std::vector<Notification> rows;
  // Newest first by id (a repeat refreshes its row, it does not move it). One row more than
  // asked tells whether a next page exists.
  c->query("SELECT id, type, title, body, data, repeat_count, created_at, updated_at, read_at FROM notifications"
           " WHERE user_id = ? AND id < ? AND (? = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?",
           {actor.user_id, before_id.value_or(INT64_MAX), unread_only ? 1 : 0, std::int64_t{limit} + 1},
           [&](const storage::Row& r) {
             rows.push_back({r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), static_cast<int>(r.i64(5)),
                             r.i64(6), r.i64(7), !r.is_null(8)});
           });
  return Page<Notification>::from_rows(std::move(rows), limit);
}

std::int64_t NotificationService::unread_count(const Actor& actor) {
  require_user(actor);
  return rt_.db->acquire()
      ->query_i64("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", {actor.user_id})
      .value_or(0);
}

int NotificationService::mark_read(const Actor& actor, const std::vector<std::int64_t>& ids) {
  require_user(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  std::int64_t changed = 0;
  if (ids.empty()) {
    changed = c->exec("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                      {rt_.now(), actor.user_id});
  } else {
    // Someone else's id simply matches nothing.
    for (auto id : ids)
      changed += c->exec("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
                         {rt_.now(), id, actor.user_id});
  }
  tx.commit();
  return static_cast<int>(changed);
}

void NotificationService::remove(const Actor& actor, std::int64_t id) {
  require_user(actor);
  if (rt_.db->acquire()->exec("DELETE FROM notifications WHERE id = ? AND user_id = ?", {id, actor.user_id}) == 0)
    throw Error::not_found("no such notification");
}

std::vector<NotificationPreference> NotificationService::preferences(const Actor& actor) {
  require_user(actor);
  auto c = rt_.db->acquire();
  std::vector<NotificationPreference> out;
  for (const auto& cat : notify::categories())
    for (std::string_view channel : {"in_app", "email"})
      out.push_back({std::string(cat.name), std::string(channel),
                     notify::channel_enabled(*c, actor.user_id, cat, channel)});
  return out;
}

void NotificationService::set_preference(const Actor& actor, const NotificationPreference& p) {
  require_user(actor);
  const auto* cat = notify::find_category(p.type);
  if (!cat) throw Error::invalid("type", "unknown notification type " + p.type);
  if (!notify::is_channel(p.channel)) throw Error::invalid("channel", "channel must be in_app or email");
  if (cat->required && !p.enabled) throw Error::precondition("security notices cannot be turned off", "type");
  rt_.db->acquire()->exec(
      "INSERT INTO notification_preferences (user_id, type, channel, enabled) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (user_id, type, channel) DO UPDATE SET enabled = excluded.enabled",
      {actor.user_id, p.type, p.channel, p.enabled});
}

}  // namespace fitkit

#include "events/event_notices.hpp"

#include "accounts/time_zone.hpp"
#include "events/event_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/clock.hpp"

namespace fitkit::events {
namespace {

struct Due {
  std::int64_t event_id = 0, starts_at = 0;
  std::string time_zone;
};

notify::Vars start_vars(std::int64_t starts_at, const std::string& time_zone) {
  return {{"starts", accounts::local_time(starts_at, time_zone)}, {"time_zone", time_zone}};
}

}  // namespace

int send_due_reminders(Runtime& rt) {
  const auto now = rt.now();
  std::vector<Due> due;
  {
    auto c = rt.db->acquire();
    c->query("SELECT id, starts_at, time_zone FROM events WHERE status IN ('published', 'registration_open')"
             " AND starts_at > ? AND starts_at <= ? ORDER BY starts_at, id",
             {now, now + kDayMs}, [&](const storage::Row& r) { due.push_back({r.i64(0), r.i64(1), r.text(2)}); });
  }
  int reminded = 0;
  for (const auto& d : due) {
    // Within the hour only the hour's reminder goes: the day's would come too late to help.
    const std::string kind = d.starts_at - now <= kHourMs ? "hour" : "day";
    reminded += storage::retry_on_conflict([&] {
      auto c = rt.db->acquire();
      storage::Transaction tx(*c);
      // The row claims the reminder: another worker that got here first leaves nothing to do.
      const auto claimed = c->exec(
          "INSERT INTO event_reminders (event_id, kind, starts_at, sent_at, recipients) VALUES (?, ?, ?, ?, 0)"
          " ON CONFLICT DO NOTHING",
          {d.event_id, kind, d.starts_at, now});
      if (claimed == 0) return 0;
      const int told = tell_participants(rt, *c, d.event_id, kBeforeStartSql, {},
                                         kind == "hour" ? "event_reminder_hour" : "event_reminder_day",
                                         start_vars(d.starts_at, d.time_zone));
      c->exec("UPDATE event_reminders SET recipients = ? WHERE event_id = ? AND kind = ? AND starts_at = ?",
              {told, d.event_id, kind, d.starts_at});
      tx.commit();
      return 1;
    });
  }
  return reminded;
}

void on_schedule_change(Runtime& rt, storage::Connection& c, const Event& before, const Event& after) {
  if (after.status == "draft") return;
  if (before.starts_at == after.starts_at && before.ends_at == after.ends_at &&
      schedule_text(before.schedule) == schedule_text(after.schedule))
    return;
  auto vars = start_vars(after.starts_at, after.time_zone);
  vars["ends"] = accounts::local_time(after.ends_at, after.time_zone);
  tell_participants(rt, c, after.id, kBeforeStartSql, {}, "event_schedule_changed", vars);
}

}  // namespace fitkit::events

#include "accounts/mail_limit.hpp"

#include "fitkit/clock.hpp"

namespace fitkit::accounts {

bool take_account_mail(storage::Connection& c, std::string_view address, std::int64_t now, int per_hour) {
  std::int64_t started = 0, sent = 0;
  bool known = false;
  c.query("SELECT window_started_at, sent FROM account_mail_limits WHERE address = ?", {address},
          [&](const storage::Row& r) {
            started = r.i64(0);
            sent = r.i64(1);
            known = true;
          });
  if (!known || now - started >= kHourMs) {
    started = now;
    sent = 0;
  }
  if (sent >= per_hour) return false;
  c.exec("INSERT INTO account_mail_limits (address, window_started_at, sent) VALUES (?, ?, ?)"
         " ON CONFLICT (address) DO UPDATE SET window_started_at = excluded.window_started_at, sent = excluded.sent",
         {address, started, sent + 1});
  return true;
}

}  // namespace fitkit::accounts

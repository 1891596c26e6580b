#include "accounts/audit.hpp"

#include "fitkit/accounts.hpp"
#include "accounts/accounts_policy.hpp"
#include "fitkit/error.hpp"

namespace fitkit::accounts {

void audit(Runtime& rt, storage::Connection& c, std::string_view event, const Actor& actor,
           std::int64_t subject_id, std::string_view detail) {
  c.exec("INSERT INTO audit_log (id, at, event, actor_id, subject_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
         {rt.next_id(), rt.now(), event, actor.is_user() ? storage::Param(actor.user_id) : storage::Param(nullptr),
          subject_id ? storage::Param(subject_id) : storage::Param(nullptr), actor.origin.ip, detail});
}

}  // namespace fitkit::accounts

namespace fitkit {

Page<AuditEntry> AccountService::audit_log(const Actor& actor, std::optional<std::int64_t> subject_id,
                                           std::optional<std::int64_t> after_id, int limit) {
  if (!accounts::policy::can_read_audit(actor)) throw Error::permission_denied("only admins read the audit log");
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  std::vector<AuditEntry> rows;
  auto read = [&](const storage::Row& r) {
    rows.push_back({r.i64(0), r.i64(1), r.text(2), r.opt_i64(3).value_or(0), r.opt_i64(4).value_or(0),
                    r.opt_text(5).value_or(""), r.text(6)});
  };
  // Ids are positive: 0 is before the first. One row more than asked tells whether a next page exists.
  const std::int64_t after = after_id.value_or(0), fetch = std::int64_t{limit} + 1;
  if (subject_id)
    c->query("SELECT id, at, event, actor_id, subject_id, ip, detail FROM audit_log"
             " WHERE subject_id = ? AND id > ? ORDER BY id LIMIT ?",
             {*subject_id, after, fetch}, read);
  else
    c->query("SELECT id, at, event, actor_id, subject_id, ip, detail FROM audit_log"
             " WHERE id > ? ORDER BY id LIMIT ?",
             {after, fetch}, read);
  return Page<AuditEntry>::from_rows(std::move(rows), limit);
}

}  // namespace fitkit

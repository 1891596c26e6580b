// The hand-kept usage log (washes and other counters) and the default items per sport.
#include <algorithm>

#include "accounts/user_clock.hpp"
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "fitkit/id.hpp"
#include "gear/gear_notices.hpp"
#include "gear/gear_rules.hpp"
#include "gear/gear_store.hpp"
#include "gear/gear_usage.hpp"
#include "workouts/sports.hpp"

namespace fitkit {
namespace {

constexpr const char* kEntryColumns = "id, gear_id, counter, amount, used_on, note, created_at";

UsageEntry read_entry(const storage::Row& r) {
  return {r.i64(0), r.i64(1), r.text(2), r.i64(3), r.text(4), r.opt_text(5), r.i64(6)};
}

void check_sport(std::string_view sport) {
  if (!workouts::find_sport(sport))
    throw Error::invalid("sport", "sport must be a key of the sports list, such as run or ride (docs/workouts.md)");
}

}  // namespace

UsageEntry GearService::log_usage(const Actor& actor, std::int64_t gear_id, const std::string& counter,
                                  std::int64_t count, const std::optional<std::string>& date,
                                  const std::optional<std::string>& note) {
  gear::check_counter_name(counter);
  if (count < 1 || count > gear::kUsageCountMax)
    throw Error::invalid("count", "count must be between 1 and " + std::to_string(gear::kUsageCountMax));
  std::optional<std::string> clean_note;
  if (note) {
    auto text = gear::single_line(*note, gear::kNoteMaxBytes, "note");
    if (!text.empty()) clean_note = std::move(text);
  }
  auto c = rt_.db->acquire();
  gear::changeable_item(*c, actor, gear_id);
  const auto now = rt_.now();
  const auto today = accounts::user_today(*c, actor.user_id, now);
  if (date) {
    gear::check_date(*date, "date");
    if (*date > today) throw Error::invalid("date", "date is after today");
  }
  const UsageEntry entry{rt_.next_id(), gear_id, counter, count, date.value_or(today), clean_note, now};
  storage::Transaction tx(*c);
  c->exec(
      "INSERT INTO gear_usage_log (id, gear_id, user_id, counter, amount, used_on, note, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {entry.id, gear_id, actor.user_id, entry.counter, entry.count, entry.date, entry.note, now});
  gear::send_due_notices(rt_, *c, actor.user_id, {gear_id});
  tx.commit();
  return entry;
}

Page<UsageEntry> GearService::usage_log(const Actor& actor, const UsageQuery& q) {
  gear::require_gear_owner(actor);
  check_page_limit(q.limit);
  if (q.counter) gear::check_counter_name(*q.counter);
  if (q.before && !(q.before->first.size() == 10 && q.before->first >= "1900-01-01"))
    throw Error::invalid("cursor", "cursor does not hold a position of gear.usage.list");
  auto c = rt_.db->acquire();
  if (q.gear_id) gear::visible_item(*c, actor, *q.gear_id);
  std::string sql = std::string("SELECT ") + kEntryColumns + " FROM gear_usage_log WHERE user_id = ?";
  std::vector<storage::Param> params{actor.user_id};
  if (q.gear_id) {
    sql += " AND gear_id = ?";
    params.emplace_back(*q.gear_id);
  }
  if (q.counter) {
    sql += " AND counter = ?";
    params.emplace_back(*q.counter);
  }
  if (q.before) {
    sql += " AND (used_on < ? OR (used_on = ? AND id < ?))";
    params.insert(params.end(), {q.before->first, q.before->first, q.before->second});
  }
  sql += " ORDER BY used_on DESC, id DESC LIMIT ?";
  params.emplace_back(std::int64_t{q.limit} + 1);
  std::vector<UsageEntry> rows;
  c->query(sql, params, [&](const storage::Row& r) { rows.push_back(read_entry(r)); });
  return Page<UsageEntry>::from_rows(std::move(rows), q.limit);
}

void GearService::delete_usage(const Actor& actor, std::int64_t entry_id) {
  gear::require_gear_owner(actor);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto gear_id =
      c->query_i64("SELECT gear_id FROM gear_usage_log WHERE id = ? AND user_id = ?", {entry_id, actor.user_id});
  if (!gear_id) throw Error::not_found("no such usage entry");
  c->exec("DELETE FROM gear_usage_log WHERE id = ?", {entry_id});
  gear::send_due_notices(rt_, *c, actor.user_id, {*gear_id});
  tx.commit();
}

GearDefault GearService::set_defaults(const Actor& actor, const std::string& sport,
                                      const std::vector<std::int64_t>& gear_ids) {
  gear::require_gear_owner(actor);
  check_sport(sport);
  std::vector<std::int64_t> ids;
  for (auto id : gear_ids)
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  if (ids.size() > gear::kDefaultsPerSportMax)
    throw Error::invalid("gear_ids", "at most " + std::to_string(gear::kDefaultsPerSportMax) + " items per sport");
  auto c = rt_.db->acquire();
  gear::check_usable(*c, actor.user_id, ids);
  storage::Transaction tx(*c);
  c->exec("DELETE FROM gear_defaults WHERE user_id = ? AND sport = ?", {actor.user_id, sport});
  for (auto id : ids)
    c->exec("INSERT INTO gear_defaults (user_id, sport, gear_id, created_at) VALUES (?, ?, ?, ?)",
            {actor.user_id, sport, id, rt_.now()});
  tx.commit();
  std::sort(ids.begin(), ids.end());
  return {sport, ids};
}

std::vector<GearDefault> GearService::defaults(const Actor& actor) {
  gear::require_gear_owner(actor);
  std::vector<GearDefault> out;
  rt_.db->acquire()->query("SELECT sport, gear_id FROM gear_defaults WHERE user_id = ? ORDER BY sport, gear_id",
                           {actor.user_id}, [&](const storage::Row& r) {
                             auto sport = r.text(0);
                             if (out.empty() || out.back().sport != sport) out.push_back({sport, {}});
                             out.back().gear_ids.push_back(r.i64(1));
                           });
  return out;
}

void GearService::delete_defaults(const Actor& actor, const std::string& sport) {
  gear::require_gear_owner(actor);
  check_sport(sport);
  if (rt_.db->acquire()->exec("DELETE FROM gear_defaults WHERE user_id = ? AND sport = ?", {actor.user_id, sport}) == 0)
    throw Error::not_found("you have no default gear for " + sport);
}

}  // namespace fitkit

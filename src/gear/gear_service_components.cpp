// Components and deletion: installing an item on another, taking it off, and deleting an item
// so that the components it carried keep what they gained through it.
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_notices.hpp"
#include "gear/gear_store.hpp"
#include "gear/gear_wear.hpp"
#include "gear/gear_writes.hpp"

namespace fitkit {
namespace {

std::vector<GearItem> items_by_ids(storage::Connection& c, const std::vector<std::int64_t>& ids) {
  std::vector<GearItem> out;
  if (ids.empty()) return out;
  std::vector<storage::Param> params(ids.begin(), ids.end());
  c.query(std::string("SELECT ") + gear::kItemColumns + " FROM gear_items g WHERE g.id IN (" +
              storage::placeholders(ids.size()) + ") ORDER BY g.id",
          params, [&](const storage::Row& r) { out.push_back(gear::read_item(r)); });
  return out;
}

}  // namespace

GearItem GearService::install(const Actor& actor, std::int64_t gear_id, std::int64_t parent_id,
                              const std::optional<std::string>& installed_on) {
  auto c = rt_.db->acquire();
  const auto component = gear::changeable_item(*c, actor, gear_id);
  if (component.archived_at) throw Error::invalid("gear_id", "the item is archived; unarchive it first");
  const auto parent = gear::changeable_item(*c, actor, parent_id);
  gear::check_parent(*c, &component, parent);
  const auto now = rt_.now();
  const auto at = gear::day_or_now(*c, actor.user_id, installed_on, "installed_on", now);
  storage::Transaction tx(*c);
  std::optional<std::int64_t> open_id, open_parent, open_since;
  c->query("SELECT id, parent_id, installed_at FROM gear_installs WHERE component_id = ? AND removed_at IS NULL",
           {gear_id}, [&](const storage::Row& r) {
             open_id = r.i64(0);
             open_parent = r.i64(1);
             open_since = r.i64(2);
           });
  if (open_parent && *open_parent == parent_id) {
    // Installing again on the same parent moves the date of the installation.
    c->exec("UPDATE gear_installs SET installed_at = ? WHERE id = ?", {at, *open_id});
  } else {
    if (open_id) {
      if (at < *open_since)
        throw Error::invalid("installed_on", "installed_on is before the item was installed where it is now");
      c->exec("UPDATE gear_installs SET removed_at = ? WHERE id = ?", {at, *open_id});
    }
    c->exec("INSERT INTO gear_installs (id, component_id, parent_id, installed_at) VALUES (?, ?, ?, ?)",
            {rt_.next_id(), gear_id, parent_id, at});
  }
  c->exec("UPDATE gear_items SET updated_at = ? WHERE id = ?", {now, gear_id});
  gear::send_due_notices(rt_, *c, actor.user_id, {gear_id});
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

GearItem GearService::uninstall(const Actor& actor, std::int64_t gear_id,
                                const std::optional<std::string>& removed_on) {
  auto c = rt_.db->acquire();
  gear::changeable_item(*c, actor, gear_id);
  const auto now = rt_.now();
  const auto at = gear::day_or_now(*c, actor.user_id, removed_on, "removed_on", now);
  storage::Transaction tx(*c);
  std::optional<std::int64_t> open_id, open_since;
  c->query("SELECT id, installed_at FROM gear_installs WHERE component_id = ? AND removed_at IS NULL", {gear_id},
           [&](const storage::Row& r) {
             open_id = r.i64(0);
             open_since = r.i64(1);
           });
  if (!open_id) throw Error::precondition("the item is not installed on anything", "gear_id");
  if (at < *open_since) throw Error::invalid("removed_on", "removed_on is before the item was installed");
  c->exec("UPDATE gear_installs SET removed_at = ? WHERE id = ?", {at, *open_id});
  c->exec("UPDATE gear_items SET updated_at = ? WHERE id = ?", {now, gear_id});
  gear::send_due_notices(rt_, *c, actor.user_id, {gear_id});
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

void GearService::remove(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  const auto item = gear::changeable_item(*c, actor, gear_id);
  storage::Transaction tx(*c);
  // Components that were ever installed on it: their totals before and after it goes.
  std::vector<std::int64_t> carried;
  c->query("SELECT DISTINCT component_id FROM gear_installs WHERE parent_id = ?", {gear_id},
           [&](const storage::Row& r) { carried.push_back(r.i64(0)); });
  auto before = items_by_ids(*c, carried);
  gear::compute_wear(*c, actor.user_id, before);
  c->exec("DELETE FROM gear_installs WHERE parent_id = ?", {gear_id});
  // workout_gear has no foreign key to gear: its rows go here, in the same transaction.
  c->exec("DELETE FROM workout_gear WHERE gear_id = ?", {gear_id});
  auto after = items_by_ids(*c, carried);
  gear::compute_wear(*c, actor.user_id, after);
  for (std::size_t i = 0; i < before.size() && i < after.size(); ++i)
    c->exec(
        "UPDATE gear_items SET start_distance_m = start_distance_m + ?, start_moving_s = start_moving_s + ?,"
        " start_uses = start_uses + ?, updated_at = ? WHERE id = ?",
        {before[i].usage.distance_m - after[i].usage.distance_m, before[i].usage.moving_s - after[i].usage.moving_s,
         before[i].usage.uses - after[i].usage.uses, rt_.now(), before[i].id});
  c->exec("DELETE FROM gear_items WHERE id = ?", {gear_id});
  if (item.photo_type) {
    auto blobs = rt_.blobs;
    c->after_commit([blobs, key = gear::photo_key(item.user_id, gear_id)] { blobs->remove(key); });
  }
  tx.commit();
}

}  // namespace fitkit

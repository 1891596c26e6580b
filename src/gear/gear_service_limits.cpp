// Wear limits: an item's own, and a user's default per category.
#include <algorithm>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_notices.hpp"
#include "gear/gear_rules.hpp"
#include "gear/gear_store.hpp"

namespace fitkit {
namespace {

// The items a category limit applies to, to re-evaluate their notices.
std::vector<std::int64_t> items_of_category(storage::Connection& c, std::int64_t user_id, const std::string& category) {
  std::vector<std::int64_t> out;
  c.query(
      "SELECT id FROM gear_items WHERE user_id = ? AND category = ? AND limit_metric IS NULL AND archived_at IS NULL",
      {user_id, category}, [&](const storage::Row& r) { out.push_back(r.i64(0)); });
  return out;
}

}  // namespace

GearItem GearService::set_item_limit(const Actor& actor, std::int64_t gear_id, const WearLimit& limit) {
  gear::check_limit(limit);
  auto c = rt_.db->acquire();
  gear::changeable_item(*c, actor, gear_id);
  storage::Transaction tx(*c);
  c->exec("UPDATE gear_items SET limit_metric = ?, limit_counter = ?, limit_amount = ?, updated_at = ? WHERE id = ?",
          {limit.metric, limit.counter, limit.amount, rt_.now(), gear_id});
  gear::send_due_notices(rt_, *c, actor.user_id, {gear_id});
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

GearItem GearService::delete_item_limit(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  const auto current = gear::changeable_item(*c, actor, gear_id);
  if (!current.limit) throw Error::not_found("this item has no wear limit of its own");
  storage::Transaction tx(*c);
  c->exec(
      "UPDATE gear_items SET limit_metric = NULL, limit_counter = NULL, limit_amount = NULL, updated_at = ?"
      " WHERE id = ?",
      {rt_.now(), gear_id});
  gear::send_due_notices(rt_, *c, actor.user_id, {gear_id});
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

CategoryLimit GearService::set_category_limit(const Actor& actor, const std::string& category, const WearLimit& limit) {
  gear::require_gear_owner(actor);
  gear::check_category(category);
  gear::check_limit(limit);
  auto c = rt_.db->acquire();
  const auto now = rt_.now();
  storage::Transaction tx(*c);
  c->exec(
      "INSERT INTO gear_category_limits (user_id, category, metric, counter, amount, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, category) DO UPDATE SET metric = excluded.metric,"
      " counter = excluded.counter, amount = excluded.amount, updated_at = excluded.updated_at",
      {actor.user_id, category, limit.metric, limit.counter, limit.amount, now});
  gear::send_due_notices(rt_, *c, actor.user_id, items_of_category(*c, actor.user_id, category));
  tx.commit();
  return {category, limit, now};
}

void GearService::delete_category_limit(const Actor& actor, const std::string& category) {
  gear::require_gear_owner(actor);
  gear::check_category(category);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (c->exec("DELETE FROM gear_category_limits WHERE user_id = ? AND category = ?", {actor.user_id, category}) == 0)
    throw Error::not_found("you have no wear limit for " + category);
  gear::send_due_notices(rt_, *c, actor.user_id, items_of_category(*c, actor.user_id, category));
  tx.commit();
}

std::vector<CategoryLimit> GearService::category_limits(const Actor& actor) {
  gear::require_gear_owner(actor);
  std::vector<CategoryLimit> out;
  rt_.db->acquire()->query(
      "SELECT category, metric, counter, amount, updated_at FROM gear_category_limits WHERE user_id = ?",
      {actor.user_id}, [&](const storage::Row& r) {
        out.push_back({r.text(0), WearLimit{r.text(1), r.opt_text(2), r.f64(3)}, r.i64(4)});
      });
  // In the order of the categories' list.
  const auto& order = gear_categories();
  auto rank = [&](const std::string& c) { return std::find(order.begin(), order.end(), c) - order.begin(); };
  std::sort(out.begin(), out.end(), [&](auto& a, auto& b) { return rank(a.category) < rank(b.category); });
  return out;
}

}  // namespace fitkit

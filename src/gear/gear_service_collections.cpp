// Collections: names a user groups their items under ("For running", "Gym").
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_rules.hpp"
#include "gear/gear_store.hpp"
#include "gear/gear_writes.hpp"

namespace fitkit {

std::vector<Collection> GearService::collections(const Actor& actor) {
  gear::require_gear_owner(actor);
  std::vector<Collection> out;
  rt_.db->acquire()->query(
      "SELECT name, COUNT(*) FROM gear_collection_items WHERE user_id = ? GROUP BY name ORDER BY name", {actor.user_id},
      [&](const storage::Row& r) {
        out.push_back({r.text(0), r.i64(1)});
      });
  return out;
}

GearItem GearService::add_to_collection(const Actor& actor, std::int64_t gear_id, const std::string& name) {
  const auto clean = gear::checked_collection_name(name);
  auto c = rt_.db->acquire();
  gear::changeable_item(*c, actor, gear_id);
  storage::Transaction tx(*c);
  // Adding again is no error: the item is in the collection either way.
  if (c->exec("INSERT INTO gear_collection_items (gear_id, user_id, name, added_at) VALUES (?, ?, ?, ?)"
              " ON CONFLICT (gear_id, name) DO NOTHING",
              {gear_id, actor.user_id, clean, rt_.now()}) > 0) {
    if (c->query_i64("SELECT COUNT(*) FROM gear_collection_items WHERE gear_id = ?", {gear_id}).value_or(0) >
        static_cast<std::int64_t>(gear::kCollectionsPerItemMax))
      throw Error::invalid("name",
                           "an item is in at most " + std::to_string(gear::kCollectionsPerItemMax) + " collections");
    gear::check_collection_budget(*c, actor.user_id, "name");
  }
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

GearItem GearService::remove_from_collection(const Actor& actor, std::int64_t gear_id, const std::string& name) {
  const auto clean = gear::checked_collection_name(name);
  auto c = rt_.db->acquire();
  gear::changeable_item(*c, actor, gear_id);
  if (c->exec("DELETE FROM gear_collection_items WHERE gear_id = ? AND name = ?", {gear_id, clean}) == 0)
    throw Error::not_found("the item is not in the collection " + clean);
  return gear::reload(*c, gear_id);
}

Collection GearService::rename_collection(const Actor& actor, const std::string& name, const std::string& new_name) {
  gear::require_gear_owner(actor);
  const auto from = gear::checked_collection_name(name);
  const auto to = gear::checked_collection_name(new_name, "new_name");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto items =
      c->query_i64("SELECT COUNT(*) FROM gear_collection_items WHERE user_id = ? AND name = ?", {actor.user_id, from})
          .value_or(0);
  if (items == 0) throw Error::not_found("you have no collection named " + from);
  if (from != to) {
    if (c->query_i64("SELECT COUNT(*) FROM gear_collection_items WHERE user_id = ? AND name = ?", {actor.user_id, to})
            .value_or(0) > 0)
      throw Error::already_exists("you already have a collection named " + to, "new_name");
    c->exec("UPDATE gear_collection_items SET name = ? WHERE user_id = ? AND name = ?", {to, actor.user_id, from});
  }
  tx.commit();
  return {to, items};
}

void GearService::delete_collection(const Actor& actor, const std::string& name) {
  gear::require_gear_owner(actor);
  const auto clean = gear::checked_collection_name(name);
  // The items stay; only the name goes.
  if (rt_.db->acquire()->exec("DELETE FROM gear_collection_items WHERE user_id = ? AND name = ?",
                              {actor.user_id, clean}) == 0)
    throw Error::not_found("you have no collection named " + clean);
}

}  // namespace fitkit

#include "gear/gear_writes.hpp"

#include <algorithm>

#include "accounts/user_clock.hpp"
#include "fitkit/error.hpp"
#include "gear/gear_rules.hpp"

namespace fitkit::gear {

std::vector<std::string> checked_collections(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& name : names) {
    auto clean = checked_collection_name(name, "collections");
    if (std::find(out.begin(), out.end(), clean) == out.end()) out.push_back(std::move(clean));
  }
  if (out.size() > kCollectionsPerItemMax)
    throw Error::invalid("collections",
                         "an item is in at most " + std::to_string(kCollectionsPerItemMax) + " collections");
  return out;
}

void check_collection_budget(storage::Connection& c, std::int64_t user_id, const char* field) {
  const auto count =
      c.query_i64("SELECT COUNT(DISTINCT name) FROM gear_collection_items WHERE user_id = ?", {user_id}).value_or(0);
  if (count > kCollectionsPerUserMax)
    throw Error::invalid(field, "you have at most " + std::to_string(kCollectionsPerUserMax) +
                                    " collections; put the item in one you have, or delete one");
}

void write_collections(storage::Connection& c, std::int64_t user_id, std::int64_t gear_id,
                       const std::vector<std::string>& names, std::int64_t now) {
  c.exec("DELETE FROM gear_collection_items WHERE gear_id = ?", {gear_id});
  for (const auto& name : names)
    c.exec("INSERT INTO gear_collection_items (gear_id, user_id, name, added_at) VALUES (?, ?, ?, ?)",
           {gear_id, user_id, name, now});
  check_collection_budget(c, user_id, "collections");
}

void check_parent(storage::Connection& c, const GearItem* component, const GearItem& parent) {
  if (component && component->id == parent.id)
    throw Error::invalid("parent_id", "an item cannot be installed on itself");
  if (parent.archived_at) throw Error::invalid("parent_id", "the parent is archived; unarchive it first");
  if (c.query_i64("SELECT COUNT(*) FROM gear_installs WHERE component_id = ? AND removed_at IS NULL", {parent.id})
          .value_or(0) > 0)
    throw Error::invalid("parent_id", "the parent is itself installed on another item; components hold no components");
  if (component &&
      c.query_i64("SELECT COUNT(*) FROM gear_installs WHERE parent_id = ? AND removed_at IS NULL", {component->id})
              .value_or(0) > 0)
    throw Error::invalid("gear_id", "this item carries components of its own; remove them before installing it");
}

std::int64_t day_or_now(storage::Connection& c, std::int64_t user_id, const std::optional<std::string>& day,
                        const char* field, std::int64_t now) {
  if (!day) return now;
  check_date(*day, field);
  if (*day > accounts::user_today(c, user_id, now)) throw Error::invalid(field, std::string(field) + " is after today");
  return local_day_start(c, user_id, *day);
}

}  // namespace fitkit::gear

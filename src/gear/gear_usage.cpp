#include "gear/gear_usage.hpp"

#include <cctype>
#include <set>
#include <string>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "core/runtime.hpp"
#include "gear/gear_notices.hpp"
#include "gear/gear_rules.hpp"
#include "gear/gear_store.hpp"

namespace fitkit::gear {

std::vector<std::int64_t> default_gear(storage::Connection& c, std::int64_t user_id, std::string_view sport) {
  std::vector<std::int64_t> out;
  // Archived items stay in the defaults (unarchiving brings them back) but are not attached.
  c.query(
      "SELECT d.gear_id FROM gear_defaults d JOIN gear_items g ON g.id = d.gear_id"
      " WHERE d.user_id = ? AND d.sport = ? AND g.user_id = ? AND g.archived_at IS NULL ORDER BY d.gear_id",
      {user_id, sport, user_id}, [&](const storage::Row& r) { out.push_back(r.i64(0)); });
  return out;
}

void check_usable(storage::Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& gear_ids) {
  for (auto id : std::set<std::int64_t>(gear_ids.begin(), gear_ids.end())) {
    std::optional<std::int64_t> owner, archived_at;
    c.query("SELECT user_id, archived_at FROM gear_items WHERE id = ?", {id}, [&](const storage::Row& r) {
      owner = r.i64(0);
      archived_at = r.opt_i64(1);
    });
    // Someone else's item is refused exactly like one that does not exist.
    if (!owner || *owner != user_id)
      throw Error::invalid("gear_ids", format_id(IdKind::gear, id) + " is not one of your gear items");
    if (archived_at)
      throw Error::invalid("gear_ids", format_id(IdKind::gear, id) + " is archived; unarchive it to use it again");
  }
}

std::optional<std::int64_t> item_named(Runtime& rt, storage::Connection& c, std::int64_t user_id,
                                       std::string_view name, std::string_view category) {
  std::string wanted;
  try {
    wanted = single_line(utf8_prefix(name, kNameMaxBytes), kNameMaxBytes, "gear");
  } catch (const Error&) {
    return std::nullopt;  // a name with control characters names no item
  }
  if (wanted.empty()) return std::nullopt;
  auto folded = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  std::optional<std::int64_t> found, archived;
  c.query("SELECT id, name, archived_at FROM gear_items WHERE user_id = ? ORDER BY id", {user_id},
          [&](const storage::Row& r) {
            if (found || folded(r.text(1)) != folded(wanted)) return;
            if (r.opt_i64(2))
              archived = r.i64(0);
            else
              found = r.i64(0);
          });
  if (found) return found;
  if (archived) return std::nullopt;
  const auto id = rt.next_id();
  const auto now = rt.now();
  c.exec("INSERT INTO gear_items (id, user_id, category, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
         {id, user_id, std::string(category), wanted, now, now});
  return id;
}

void after_usage_change(Runtime& rt, storage::Connection& c, std::int64_t user_id,
                        const std::vector<std::int64_t>& gear_ids) {
  if (gear_ids.empty()) return;
  std::set<std::int64_t> affected(gear_ids.begin(), gear_ids.end());
  // A parent's workouts count for the components it carried then.
  std::vector<storage::Param> parents;
  for (auto id : gear_ids) parents.emplace_back(id);
  c.query("SELECT DISTINCT component_id FROM gear_installs WHERE parent_id IN (" + storage::placeholders(parents.size()) + ")",
          parents, [&](const storage::Row& r) { affected.insert(r.i64(0)); });
  send_due_notices(rt, c, user_id, std::vector<std::int64_t>(affected.begin(), affected.end()));
}

}  // namespace fitkit::gear

// What the workouts service asks of gear, inside its own transaction and on its own connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fitkit/storage.hpp"

namespace fitkit {
struct Runtime;
}

namespace fitkit::gear {

// The user's default items for a sport (attached to a new workout of that sport that names no gear).
std::vector<std::int64_t> default_gear(storage::Connection& c, std::int64_t user_id, std::string_view sport);
// Throws Error::invalid("gear_ids", ...) unless every id is one of user_id's items and not archived.
void check_usable(storage::Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& gear_ids);
// The user's item called `name` (letter case aside), made in `category` when there is none: how
// the gear an imported file's service names ("Pegasus 40") becomes an item here. Empty when
// the name is blank or the item is archived (it is not attached to new workouts).
std::optional<std::int64_t> item_named(Runtime& rt, storage::Connection& c, std::int64_t user_id,
                                       std::string_view name, std::string_view category);
// Called inside the transaction that changed workouts of these items: sends the threshold notices due.
void after_usage_change(Runtime& rt, storage::Connection& c, std::int64_t user_id,
                        const std::vector<std::int64_t>& gear_ids);

}  // namespace fitkit::gear

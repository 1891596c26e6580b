// Writes that several of the service's operations share, run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fitkit/gear.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::gear {

// Checked, trimmed and without repeats: the names an item is to be in.
std::vector<std::string> checked_collections(const std::vector<std::string>& names);
// Replaces the item's collections; refuses (invalid_argument) a user past kCollectionsPerUserMax.
void write_collections(storage::Connection& c, std::int64_t user_id, std::int64_t gear_id,
                       const std::vector<std::string>& names, std::int64_t now);
void check_collection_budget(storage::Connection& c, std::int64_t user_id, const char* field);

// Whether `parent` can carry `component` (nothing yet for a new item): another item of the same
// owner, not archived, not itself a component, and the component carries no components itself.
void check_parent(storage::Connection& c, const GearItem* component, const GearItem& parent);
// The instant a date given for an installation or removal stands for: the start of that local
// day of the owner, or now when no date is given. Days after today are refused.
std::int64_t day_or_now(storage::Connection& c, std::int64_t user_id, const std::optional<std::string>& day,
                        const char* field, std::int64_t now);

}  // namespace fitkit::gear

// Reading gear rows: items with their collections, installation and wear, one owner at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/gear.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::gear {

// The columns read_item() reads, in order, for "SELECT <kItemColumns> FROM gear_items g".
extern const char* const kItemColumns;
GearItem read_item(const storage::Row& r);  // the row alone: no collections, install or wear

std::optional<GearItem> find_item(storage::Connection& c, std::int64_t gear_id);

// The item, if the actor may see it (view) or change it; otherwise not_found, word for word as
// for an item that does not exist. Callers that own no gear are unauthenticated.
GearItem visible_item(storage::Connection& c, const Actor& actor, std::int64_t gear_id);
GearItem changeable_item(storage::Connection& c, const Actor& actor, std::int64_t gear_id);
void require_gear_owner(const Actor& actor);

// Adds collections, the open installation, the count of components and the wear to items of
// one owner.
void complete_items(storage::Connection& c, std::int64_t user_id, std::vector<GearItem>& items);
GearItem completed(storage::Connection& c, GearItem item);
// An item, read again and completed: what a change returns.
GearItem reload(storage::Connection& c, std::int64_t gear_id);

// The JSON text of custom fields, and back.
std::string custom_fields_text(const std::map<std::string, std::string>& fields);

// The blob store key of an item's photo: "gear/usr_…/gear_…", under its owner.
std::string photo_key(std::int64_t user_id, std::int64_t gear_id);

}  // namespace fitkit::gear

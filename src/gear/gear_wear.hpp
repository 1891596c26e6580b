// Wear, derived at every read: usage summed from workouts (direct, and a component's through the
// parents it was installed on), the hand-kept counters, the limit that applies (the item's own,
// else its category's), the share of it used, and the status that follows.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fitkit/gear.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::gear {

inline constexpr double kAttentionPercent = 80;
inline constexpr double kReplacePercent = 100;

// Fills usage, limit (from the category when the item has none), wear_percent and status of
// items that all belong to `user_id`.
void compute_wear(storage::Connection& c, std::int64_t user_id, std::vector<GearItem>& items);

// The usage a limit measures, and its share of the limit in percent (not rounded).
double used_amount(const GearUsage& usage, const WearLimit& limit);
std::optional<double> wear_percent(const GearUsage& usage, const std::optional<WearLimit>& limit);

}  // namespace fitkit::gear

// Wear notices: when an item's wear reaches 80 % and 100 % of its limit, the owner hears of it
// once per threshold. What was sent is kept in gear_wear_notices; a threshold the wear falls back
// under (a workout deleted, a limit raised) is forgotten, so that crossing it again tells again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime.hpp"
#include "fitkit/gear.hpp"

namespace fitkit::gear {

// Re-evaluates the given items of `user_id` (others' ids and archived items are skipped) inside
// the caller's transaction, sending the notices due through notify_user.
void send_due_notices(Runtime& rt, storage::Connection& c, std::int64_t user_id,
                      const std::vector<std::int64_t>& gear_ids);

// "640 km", "12.5 h", "120 uses", "12 washes" (en) or "640 км", … (ru): how a notice words an amount.
std::string format_amount(double amount, const WearLimit& limit, std::string_view language);

}  // namespace fitkit::gear

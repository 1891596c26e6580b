#include "workouts/workout_gear.hpp"

#include <algorithm>

#include "fitkit/error.hpp"
#include "gear/gear_usage.hpp"
#include "workouts/sports.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit::workouts {

void attach_gear(Runtime& rt, storage::Connection& c, Workout& w, const std::optional<std::vector<std::int64_t>>& ids,
                 bool creating) {
  const auto before = w.gear_ids;
  if (ids) {
    auto unique = *ids;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    if (unique.size() > 20) throw Error::invalid("gear_ids", "a workout uses at most 20 items of gear");
    gear::check_usable(c, w.user_id, unique);
    w.gear_ids = unique;
  } else if (creating) {
    w.gear_ids = gear::default_gear(c, w.user_id, w.sport);
  }
  set_gear(c, w.id, w.gear_ids);
  auto touched = before;
  touched.insert(touched.end(), w.gear_ids.begin(), w.gear_ids.end());
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  if (!touched.empty()) gear::after_usage_change(rt, c, w.user_id, touched);
}

std::optional<std::int64_t> named_gear(Runtime& rt, storage::Connection& c, const Workout& w, std::string_view name) {
  std::string_view category = "equipment";
  switch (find_sport(w.sport)->family) {
    case SportFamily::running:
    case SportFamily::walking: category = "shoes"; break;
    case SportFamily::cycling: category = "bike"; break;
    default: break;
  }
  return gear::item_named(rt, c, w.user_id, name, category);
}

}  // namespace fitkit::workouts

#include "gear/gear_wear.hpp"

#include <cmath>
#include <map>
#include <string>

#include "gear/gear_store.hpp"

namespace fitkit::gear {
namespace {

// Workouts of each item, counted once each: its own (workout_gear) and, for a component, those
// of every parent it was installed on while it was installed. Only the owner's workouts count.
void add_workouts(storage::Connection& c, std::int64_t user_id, const std::vector<storage::Param>& ids,
                  std::map<std::int64_t, GearItem*>& by_id) {
  const auto in = "(" + storage::placeholders(ids.size()) + ")";
  std::vector<storage::Param> params(ids);
  params.insert(params.end(), ids.begin(), ids.end());
  params.emplace_back(user_id);
  c.query(
      "SELECT x.gear_id, COUNT(*), COALESCE(SUM(w.distance_m), 0), COALESCE(SUM(w.moving_s), 0)"
      " FROM (SELECT wg.gear_id AS gear_id, wg.workout_id AS workout_id FROM workout_gear wg"
      "        WHERE wg.gear_id IN " +
          in +
          "       UNION"
          "       SELECT i.component_id, wg.workout_id FROM gear_installs i"
          "         JOIN workout_gear wg ON wg.gear_id = i.parent_id"
          "         JOIN workouts pw ON pw.id = wg.workout_id"
          "        WHERE i.component_id IN " +
          in +
          "          AND pw.start_at >= i.installed_at AND (i.removed_at IS NULL OR pw.start_at < i.removed_at)) x"
          " JOIN workouts w ON w.id = x.workout_id"
          " WHERE w.user_id = ? GROUP BY x.gear_id",
      params, [&](const storage::Row& r) {
        auto& usage = by_id[r.i64(0)]->usage;
        usage.uses += r.i64(1);
        usage.distance_m += r.f64(2);
        usage.moving_s += r.f64(3);
      });
}

void add_counters(storage::Connection& c, const std::vector<storage::Param>& ids,
                  std::map<std::int64_t, GearItem*>& by_id) {
  c.query("SELECT gear_id, counter, CAST(SUM(amount) AS BIGINT) FROM gear_usage_log WHERE gear_id IN (" +
              storage::placeholders(ids.size()) + ") GROUP BY gear_id, counter",
          ids, [&](const storage::Row& r) { by_id[r.i64(0)]->usage.counters[r.text(1)] = r.i64(2); });
}

std::map<std::string, WearLimit> category_limits(storage::Connection& c, std::int64_t user_id) {
  std::map<std::string, WearLimit> out;
  c.query("SELECT category, metric, counter, amount FROM gear_category_limits WHERE user_id = ?", {user_id},
          [&](const storage::Row& r) {
            out[r.text(0)] = WearLimit{r.text(1), r.opt_text(2), r.f64(3)};
          });
  return out;
}

bool unused(const GearUsage& u) {
  if (u.distance_m > 0 || u.moving_s > 0 || u.uses > 0) return false;
  for (const auto& [_, count] : u.counters)
    if (count > 0) return false;
  return true;
}

}  // namespace

double used_amount(const GearUsage& usage, const WearLimit& limit) {
  if (limit.metric == "distance_m") return usage.distance_m;
  if (limit.metric == "moving_s") return usage.moving_s;
  if (limit.metric == "uses") return static_cast<double>(usage.uses);
  auto it = usage.counters.find(limit.counter.value_or(""));
  return it == usage.counters.end() ? 0 : static_cast<double>(it->second);
}

std::optional<double> wear_percent(const GearUsage& usage, const std::optional<WearLimit>& limit) {
  if (!limit || limit->amount <= 0) return std::nullopt;
  return used_amount(usage, *limit) / limit->amount * 100;
}

void compute_wear(storage::Connection& c, std::int64_t user_id, std::vector<GearItem>& items) {
  if (items.empty()) return;
  std::vector<storage::Param> ids;
  std::map<std::int64_t, GearItem*> by_id;
  for (auto& item : items) {
    item.usage = GearUsage{item.start_distance_m, item.start_moving_s, item.start_uses, {}};
    ids.emplace_back(item.id);
    by_id[item.id] = &item;
  }
  add_workouts(c, user_id, ids, by_id);
  add_counters(c, ids, by_id);
  const auto defaults = category_limits(c, user_id);
  for (auto& item : items) {
    if (!item.limit) {
      item.limit_source.clear();
      if (auto it = defaults.find(item.category); it != defaults.end()) {
        item.limit = it->second;
        item.limit_source = "category";
      }
    }
    const auto percent = wear_percent(item.usage, item.limit);
    item.wear_percent = percent ? std::optional<double>(std::round(*percent * 10) / 10) : std::nullopt;
    if (unused(item.usage))
      item.status = "new";
    else if (percent && *percent >= kReplacePercent)
      item.status = "replace";
    else if (percent && *percent >= kAttentionPercent)
      item.status = "needs_attention";
    else
      item.status = "in_use";
  }
}

}  // namespace fitkit::gear

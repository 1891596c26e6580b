#include "gear/gear_notices.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "fitkit/id.hpp"
#include "gear/gear_store.hpp"
#include "gear/gear_wear.hpp"
#include "notify/notify.hpp"

namespace fitkit::gear {
namespace {

std::string number(double v) {
  char buf[64];
  // Whole numbers from 100 on; one decimal below, without a trailing ".0".
  if (std::fabs(v) >= 100 || v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", std::floor(v));
  else
    std::snprintf(buf, sizeof buf, "%.1f", std::floor(v * 10) / 10);
  return buf;
}

// Russian plural of a count: 1 тренировка, 2 тренировки, 5 тренировок.
std::string_view russian_workouts(long long n) {
  const auto last2 = n % 100, last = n % 10;
  if (last2 >= 11 && last2 <= 14) return "тренировок";
  if (last == 1) return "тренировка";
  if (last >= 2 && last <= 4) return "тренировки";
  return "тренировок";
}

struct NoticeItem {
  std::int64_t id;
  std::string name;
  double percent;
  WearLimit limit;
  double used;
};

void notify_threshold(Runtime& rt, storage::Connection& c, std::int64_t user_id, const NoticeItem& item, int threshold,
                      const std::string& language) {
  notify::Event event;
  event.user_id = user_id;
  event.category = "gear";
  event.template_name = threshold >= 100 ? "gear_wear_replace" : "gear_wear_attention";
  event.vars = {{"item", item.name},
                {"used", format_amount(item.used, item.limit, language)},
                {"limit", format_amount(item.limit.amount, item.limit, language)},
                {"percent", number(std::floor(item.percent))}};
  event.data_json = nlohmann::json{{"gear_id", format_id(IdKind::gear, item.id)},
                                   {"threshold", threshold},
                                   {"wear_percent", std::round(item.percent * 10) / 10}}
                        .dump();
  notify::notify_user(rt, c, event);
}

}  // namespace

std::string format_amount(double amount, const WearLimit& limit, std::string_view language) {
  const bool ru = language == "ru";
  if (limit.metric == "distance_m") return number(amount / 1000) + (ru ? " км" : " km");
  if (limit.metric == "moving_s") return number(amount / 3600) + (ru ? " ч" : " h");
  const auto n = static_cast<long long>(std::llround(amount));
  if (limit.metric == "uses")
    return std::to_string(n) + (ru ? " " + std::string(russian_workouts(n)) : n == 1 ? " use" : " uses");
  std::string counter = limit.counter.value_or("");
  std::replace(counter.begin(), counter.end(), '_', ' ');
  return ru ? std::to_string(n) + " (" + counter + ")" : std::to_string(n) + " " + counter;
}

void send_due_notices(Runtime& rt, storage::Connection& c, std::int64_t user_id,
                      const std::vector<std::int64_t>& gear_ids) {
  if (gear_ids.empty()) return;
  std::vector<storage::Param> params{user_id};
  const std::set<std::int64_t> distinct(gear_ids.begin(), gear_ids.end());
  for (auto id : distinct) params.emplace_back(id);
  std::vector<GearItem> items;
  c.query(std::string("SELECT ") + kItemColumns +
              " FROM gear_items g WHERE g.user_id = ? AND g.archived_at IS NULL"
              " AND g.id IN (" +
              storage::placeholders(distinct.size()) + ")",
          params, [&](const storage::Row& r) { items.push_back(read_item(r)); });
  if (items.empty()) return;
  compute_wear(c, user_id, items);
  std::string language;
  for (const auto& item : items) {
    const auto percent = wear_percent(item.usage, item.limit).value_or(0);
    std::set<int> reached;
    if (percent >= kAttentionPercent) reached.insert(80);
    if (percent >= kReplacePercent) reached.insert(100);
    std::set<int> sent;
    c.query("SELECT threshold FROM gear_wear_notices WHERE gear_id = ?", {item.id},
            [&](const storage::Row& r) { sent.insert(static_cast<int>(r.i64(0))); });
    for (int t : sent)
      if (!reached.count(t)) c.exec("DELETE FROM gear_wear_notices WHERE gear_id = ? AND threshold = ?", {item.id, t});
    int highest_new = 0;
    for (int t : reached) {
      if (sent.count(t)) continue;
      c.exec(
          "INSERT INTO gear_wear_notices (gear_id, threshold, sent_at) VALUES (?, ?, ?)"
          " ON CONFLICT (gear_id, threshold) DO NOTHING",
          {item.id, t, rt.now()});
      highest_new = std::max(highest_new, t);
    }
    // Straight past both thresholds at once: one notice, the higher one.
    if (highest_new == 0) continue;
    if (language.empty()) language = c.query_text("SELECT language FROM users WHERE id = ?", {user_id}).value_or("en");
    notify_threshold(rt, c, user_id, {item.id, item.name, percent, *item.limit, used_amount(item.usage, *item.limit)},
                     highest_new, language);
  }
}

}  // namespace fitkit::gear

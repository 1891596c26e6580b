#include "workout_store/history_floor.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "workouts/sports.hpp"

namespace fitkit::bench {
namespace {

// The columns behind fitkit's seven records: the record of each, and its pace for the sports
// timed per kilometre.
struct RecordColumn {
  const char* column;
  const char* kind;
  const char* pace_kind;  // nullptr: no pace form
};
constexpr RecordColumn kRecordColumns[] = {
    {"avg_speed", "average_speed", "average_pace"}, {"max_speed", "max_speed", "best_pace"},
    {"distance_m", "farthest_distance", nullptr},   {"ascent_m", "highest_ascent", nullptr},
    {"moving_s", "longest_duration", nullptr},
};

bool timed_per_km(const workouts::Sport& s) {
  using F = workouts::SportFamily;
  return s.family == F::running || s.family == F::walking || s.family == F::swimming;
}

std::string text_of(sqlite3_stmt* s, int column) {
  const auto* text = sqlite3_column_text(s, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

bool close_enough(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

}  // namespace

HistoryFloor::HistoryFloor(const std::string& path, std::int64_t owner_id, int utc_offset_hours) : owner_(owner_id) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("sqlite3_open_v2 " + path + ": " + why);
  }
  local_day_ = fmt::format("start_at / 1000, 'unixepoch', '{:+} hours'", utc_offset_hours);
}

HistoryFloor::~HistoryFloor() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

sqlite3_stmt* HistoryFloor::statement(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    sqlite3_reset(it->second);
    return it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("sqlite3_prepare_v2: ") + sqlite3_errmsg(db_) + " in " + sql);
  cache_.emplace(sql, stmt);
  return stmt;
}

std::vector<RecordValue> HistoryFloor::records(const std::string& visible) {
  std::vector<RecordValue> out;
  for (const auto& r : kRecordColumns) {
    const std::string col = r.column;
    // SQLite takes the bare columns (id, start_at) from the row that holds the MAX.
    auto* s = statement("SELECT sport, MAX(" + col + "), id, start_at FROM workouts WHERE user_id = ?1"
                        " AND visibility IN (" + visible + ") AND " + col + " > 0 GROUP BY sport");
    sqlite3_bind_int64(s, 1, owner_);
    while (sqlite3_step(s) == SQLITE_ROW) {
      auto sport = text_of(s, 0);
      const auto* info = workouts::find_sport(sport);
      const bool needs_distance = col.ends_with("speed") || col == "distance_m";
      if (!info || (needs_distance && !info->has_distance)) continue;
      const double v = sqlite3_column_double(s, 1);
      if (r.pace_kind && timed_per_km(*info)) out.push_back({sport, r.pace_kind, 1000.0 / v});
      out.push_back({std::move(sport), r.kind, v});
    }
  }
  // Best efforts: the lowest time over a distance, the highest power over a span.
  auto* s = statement("SELECT e.sport, e.kind, MIN(e.value), MAX(e.value) FROM workout_efforts e"
                      " JOIN workouts w ON w.id = e.workout_id WHERE e.user_id = ?1 AND w.visibility IN (" +
                      visible + ") GROUP BY e.sport, e.kind");
  sqlite3_bind_int64(s, 1, owner_);
  while (sqlite3_step(s) == SQLITE_ROW) {
    auto kind = text_of(s, 1);
    const double v = sqlite3_column_double(s, kind.starts_with("time_") ? 2 : 3);
    out.push_back({text_of(s, 0), std::move(kind), v});
  }
  return out;
}

std::vector<TotalsValue> HistoryFloor::totals(std::string_view period, const std::string& visible) {
  std::string start;  // the first local day of the period a workout falls in (weeks start on Monday)
  if (period == "week") start = "date(" + local_day_ + ", '-6 days', 'weekday 1')";
  else if (period == "month") start = "strftime('%Y-%m-01', " + local_day_ + ")";
  else start = "strftime('%Y-01-01', " + local_day_ + ")";
  auto* s = statement("SELECT " + start + " AS period, sport, COUNT(*), TOTAL(distance_m),"
                      " TOTAL(COALESCE(moving_s, elapsed_s)), TOTAL(elapsed_s), TOTAL(ascent_m) FROM workouts"
                      " WHERE user_id = ?1 AND visibility IN (" + visible + ") GROUP BY period, sport"
                      " ORDER BY period, sport");
  sqlite3_bind_int64(s, 1, owner_);
  std::vector<TotalsValue> out;
  while (sqlite3_step(s) == SQLITE_ROW)
    out.push_back({text_of(s, 0), text_of(s, 1), sqlite3_column_int64(s, 2), sqlite3_column_double(s, 3),
                   sqlite3_column_double(s, 4), sqlite3_column_double(s, 5), sqlite3_column_double(s, 6)});
  return out;
}

std::vector<RecordValue> records_of(std::string_view json) {
  std::vector<RecordValue> out;
  const auto answer = nlohmann::json::parse(json);
  for (const auto& r : answer.at("records"))
    out.push_back({r.at("sport"), r.at("kind"), r.at("value")});
  return out;
}

std::vector<TotalsValue> totals_of(std::string_view json) {
  std::vector<TotalsValue> out;
  const auto answer = nlohmann::json::parse(json);
  for (const auto& r : answer.at("totals"))
    out.push_back({r.at("period"), r.at("sport"), r.at("count"), r.at("distance_m"), r.at("moving_s"),
                   r.at("elapsed_s"), r.at("ascent_m")});
  return out;
}

std::string compare(std::vector<RecordValue> ours, std::vector<RecordValue> floor) {
  auto by_key = [](const RecordValue& a, const RecordValue& b) {
    return std::tie(a.sport, a.kind) < std::tie(b.sport, b.kind);
  };
  std::sort(ours.begin(), ours.end(), by_key);
  std::sort(floor.begin(), floor.end(), by_key);
  if (ours.size() != floor.size()) return fmt::format("{} records, the bare SQL {}", ours.size(), floor.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const auto &a = ours[i], &b = floor[i];
    if (a.sport != b.sport || a.kind != b.kind || !close_enough(a.value, b.value))
      return fmt::format("{} {} = {}, the bare SQL {} {} = {}", a.sport, a.kind, a.value, b.sport, b.kind, b.value);
  }
  return {};
}

std::string compare(const std::vector<TotalsValue>& ours, const std::vector<TotalsValue>& floor) {
  if (ours.size() != floor.size()) return fmt::format("{} rows, the bare SQL {}", ours.size(), floor.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const auto &a = ours[i], &b = floor[i];
    if (a.period != b.period || a.sport != b.sport || a.count != b.count || !close_enough(a.distance_m, b.distance_m) ||
        !close_enough(a.moving_s, b.moving_s) || !close_enough(a.elapsed_s, b.elapsed_s) ||
        !close_enough(a.ascent_m, b.ascent_m))
      return fmt::format("row {}: {} {} count {} distance {} moving {} elapsed {} ascent {}; the bare SQL: {} {} count {}"
                         " distance {} moving {} elapsed {} ascent {}",
                         i, a.period, a.sport, a.count, a.distance_m, a.moving_s, a.elapsed_s, a.ascent_m, b.period,
                         b.sport, b.count, b.distance_m, b.moving_s, b.elapsed_s, b.ascent_m);
  }
  return {};
}

}  // namespace fitkit::bench

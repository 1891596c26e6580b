// Reading a user's history: personal records, totals by week, month and year, training load.
// Always computed from the workouts as they are, so an edit or a deletion shows at once.
#include <array>
#include <chrono>
#include <limits>
#include <iterator>
#include <map>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/workouts.hpp"
#include "accounts/time_zone.hpp"
#include "workouts/training_load.hpp"
#include "workouts/workout_rules.hpp"
#include "workouts/workout_store.hpp"
#include "workouts/workouts_policy.hpp"

namespace fitkit {
namespace {

// The owner whose history is read, and the SQL condition on visibility that the viewer gets.
struct HistoryScope {
  std::int64_t owner = 0;
  std::string condition;  // "w.visibility IN (...)", or empty when nothing is visible
};

HistoryScope scope_of(storage::Connection& c, const Actor& actor, std::optional<std::int64_t> user_id) {
  if (!user_id && !actor.is_user()) throw Error::invalid("user_id", "user_id is required when not signed in");
  HistoryScope s;
  s.owner = user_id.value_or(actor.user_id);
  std::string in;
  for (auto v : workouts::policy::visible_levels(actor, s.owner, workouts::relation_of(c, actor, s.owner)))
    in += std::string(in.empty() ? "" : ", ") + "'" + std::string(to_string(v)) + "'";
  if (!in.empty()) s.condition = "w.visibility IN (" + in + ")";
  return s;
}

// The records athletes compare (FitTrackee's seven), each the best of one column per sport.
struct ColumnRecord {
  std::string_view kind;
  std::string_view column;
  bool pace;  // shown as seconds per kilometre: 1000 / speed
};
constexpr ColumnRecord kColumnRecords[] = {
    {"average_speed", "avg_speed", false}, {"average_pace", "avg_speed", true},
    {"best_pace", "max_speed", true},      {"farthest_distance", "distance_m", false},
    {"highest_ascent", "ascent_m", false}, {"longest_duration", "moving_s", false},
    {"max_speed", "max_speed", false},
};

bool is_pace_family(workouts::SportFamily f) {
  return f == workouts::SportFamily::running || f == workouts::SportFamily::walking ||
         f == workouts::SportFamily::swimming;
}

void check_day(const std::optional<std::string>& day, const char* field) {
  if (day && !accounts::is_valid_date(*day))
    throw Error::invalid(field, std::string(field) + " must be a date as YYYY-MM-DD");
}

// The first day of the period a local day falls in: Monday of its ISO week, the 1st of its month or year.
std::string period_start(const std::string& day, std::string_view period) {
  if (period == "year") return day.substr(0, 4) + "-01-01";
  if (period == "month") return day.substr(0, 7) + "-01";
  const auto number = workouts::day_number(day);
  // 1970-01-01 was a Thursday: Monday is 3 days before it.
  const auto since_monday = ((number + 3) % 7 + 7) % 7;
  return workouts::day_text(number - since_monday);
}

}  // namespace

std::vector<PersonalRecord> WorkoutService::records(const Actor& actor, std::optional<std::int64_t> user_id,
                                                    std::optional<std::string> sport) {
  if (sport) workouts::require_sport(*sport);
  auto c = rt_.db->acquire();
  const auto scope = scope_of(*c, actor, user_id);
  std::vector<PersonalRecord> out;
  if (scope.condition.empty()) return out;
  const std::string sport_filter = sport ? " AND w.sport = ?" : "";
  auto params = [&](std::vector<storage::Param> p) {
    if (sport) p.emplace_back(*sport);
    return p;
  };
  // One pass in start order over the columns of the records: the best value per sport and
  // column, and of equal ones the earliest workout that reached it. (One window query per
  // column sorts the whole history each time, several times slower.)
  constexpr std::size_t kColumns = std::size(kColumnRecords);
  struct Best {
    double value = 0;
    std::int64_t id = 0, start_at = 0;
  };
  std::map<std::string, std::array<Best, kColumns>, std::less<>> best;  // sorted by sport
  std::string columns;
  for (const auto& r : kColumnRecords) columns += ", w." + std::string(r.column);
  c->query("SELECT w.sport, w.id, w.start_at" + columns + " FROM workouts w WHERE w.user_id = ? AND " +
               scope.condition + sport_filter + " ORDER BY w.start_at, w.id",
           params({scope.owner}), [&](const storage::Row& row) {
             auto& sport_best = best[row.text(0)];
             for (std::size_t k = 0; k < kColumns; ++k) {
               const double v = row.opt_f64(static_cast<int>(3 + k)).value_or(0);
               if (v > sport_best[k].value) sport_best[k] = {v, row.i64(1), row.i64(2)};
             }
           });
  for (const auto& [sport_id, sport_best] : best) {
    const auto* info = workouts::find_sport(sport_id);
    if (!info) continue;
    for (std::size_t k = 0; k < kColumns; ++k) {
      const auto& r = kColumnRecords[k];
      const auto& b = sport_best[k];
      if (b.value <= 0 || (r.pace && !is_pace_family(info->family))) continue;
      if ((r.column.ends_with("speed") || r.column == "distance_m") && !info->has_distance) continue;
      out.push_back({sport_id, std::string(r.kind), r.pace ? 1000.0 / b.value : b.value, b.id, b.start_at});
    }
  }
  // Best efforts inside workouts: the lowest time over a distance, the highest power over a span.
  c->query("SELECT e.sport, e.kind, e.value, w.id, w.start_at FROM workout_efforts e JOIN workouts w ON"
           " w.id = e.workout_id WHERE e.user_id = ? AND " + scope.condition + (sport ? " AND e.sport = ?" : "") +
               " ORDER BY e.sport, e.kind, w.start_at, w.id",
           params({scope.owner}), [&](const storage::Row& row) {
             const auto kind = row.text(1);
             const bool lower_is_better = kind.starts_with("time_");
             const double v = row.f64(2);
             if (!out.empty() && out.back().sport == row.text(0) && out.back().kind == kind) {
               if (lower_is_better ? v < out.back().value : v > out.back().value)
                 out.back() = {row.text(0), kind, v, row.i64(3), row.i64(4)};
               return;
             }
             out.push_back({row.text(0), kind, v, row.i64(3), row.i64(4)});
           });
  return out;
}

std::vector<TotalsRow> WorkoutService::totals(const Actor& actor, std::optional<std::int64_t> user_id,
                                              std::string_view period, std::optional<std::string> from,
                                              std::optional<std::string> to, std::optional<std::string> sport) {
  if (period != "week" && period != "month" && period != "year")
    throw Error::invalid("period", "period must be week, month or year");
  check_day(from, "from");
  check_day(to, "to");
  if (from && to && *from > *to) throw Error::invalid("to", "to must not be before from");
  if (sport) workouts::require_sport(*sport);
  auto c = rt_.db->acquire();
  const auto scope = scope_of(*c, actor, user_id);
  if (scope.condition.empty()) return {};
  // Local days decide the period; a day is at most 14 hours off UTC, so read a little wider.
  constexpr std::int64_t kSlackMs = 15 * kHourMs;
  auto bound = [](const std::string& day) { return workouts::day_number(day) * kDayMs; };
  const std::int64_t lo = from ? bound(*from) - kSlackMs : std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = to ? bound(*to) + kDayMs + kSlackMs : std::numeric_limits<std::int64_t>::max();
  std::map<std::pair<std::string, std::string>, TotalsRow> rows;  // (period, sport)
  std::vector<storage::Param> params{scope.owner, lo, hi};
  if (sport) params.emplace_back(*sport);
  c->query("SELECT w.start_at, w.time_zone, w.sport, w.distance_m, w.moving_s, w.elapsed_s, w.ascent_m FROM workouts w"
           " WHERE w.user_id = ? AND " + scope.condition + " AND w.start_at >= ? AND w.start_at < ?" +
               (sport ? " AND w.sport = ?" : ""),
           params, [&](const storage::Row& r) {
             const auto day = accounts::local_date(r.i64(0), r.text(1));
             if ((from && day < *from) || (to && day > *to)) return;
             auto& row = rows[{period_start(day, period), r.text(2)}];
             row.count += 1;
             row.distance_m += r.opt_f64(3).value_or(0);
             row.moving_s += r.opt_f64(4).value_or(r.opt_f64(5).value_or(0));
             row.elapsed_s += r.opt_f64(5).value_or(0);
             row.ascent_m += r.opt_f64(6).value_or(0);
           });
  std::vector<TotalsRow> out;
  for (auto& [key, row] : rows) {
    row.period = key.first;
    row.sport = key.second;
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<LoadDay> WorkoutService::training_load(const Actor& actor, const std::string& from, const std::string& to) {
  if (!actor.is_user()) throw Error::unauthenticated();
  check_day(from, "from");
  check_day(to, "to");
  if (from > to) throw Error::invalid("to", "to must not be before from");
  auto c = rt_.db->acquire();
  // Load builds up over weeks: the days before `from` count towards its fitness.
  std::map<std::string, double> daily;
  c->query("SELECT start_at, time_zone, trimp FROM workouts WHERE user_id = ? AND trimp IS NOT NULL",
           {actor.user_id}, [&](const storage::Row& r) {
             const auto day = accounts::local_date(r.i64(0), r.text(1));
             if (day <= to) daily[day] += r.f64(2);
           });
  std::vector<workouts::DailyLoad> loads;
  for (const auto& [day, load] : daily) loads.push_back({day, load});
  std::vector<LoadDay> out;
  for (const auto& d : workouts::fitness_fatigue_form(loads, from, to))
    out.push_back({d.date, d.load, d.fitness, d.fatigue, d.form});
  return out;
}

}  // namespace fitkit

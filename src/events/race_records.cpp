#include "events/race_records.hpp"

#include <cmath>
#include <map>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit {
namespace events {
namespace {

// What counts toward race records (docs/results.md, "Personal bests and race records"): an OK
// time of a contest with a sport and a distance ...
constexpr const char* kTimedRace =
    "r.status = 'OK' AND r.value IS NOT NULL AND k.result_kind = 'time' AND k.sport IS NOT NULL AND k.distance_m > 0";
// ... in a public event out of draft whose results are official: what anyone may see.
constexpr const char* kOfficialPublic =
    "e.visibility = 'public' AND e.status NOT IN ('draft', 'cancelled') AND e.results_published_at IS NOT NULL";
constexpr const char* kRaceJoins =
    " FROM event_results r JOIN event_registrations g ON g.id = r.registration_id"
    " JOIN event_contests k ON k.id = r.contest_id JOIN events e ON e.id = r.event_id";

bool is_timed_distance(const Contest& contest) {
  return contest.result_kind == "time" && contest.sport && contest.distance_m && *contest.distance_m > 0;
}

}  // namespace

void mark_personal_bests(storage::Connection& c, const Event& event, const Contest& contest,
                         std::vector<Standing>& standings) {
  if (!is_timed_distance(contest)) return;
  std::vector<storage::Param> params{*contest.sport, std::round(*contest.distance_m), event.id};
  std::string users;
  for (const auto& s : standings) {
    if (!s.user_id || s.result.status != "OK" || !s.result.value) continue;
    users += users.empty() ? "?" : ", ?";
    params.emplace_back(*s.user_id);
  }
  if (users.empty()) return;
  std::map<std::int64_t, std::int64_t> fastest;  // user -> ms
  c.query(std::string("SELECT g.user_id, MIN(r.value)") + kRaceJoins + " WHERE " + kTimedRace +
              " AND k.sport = ? AND ROUND(k.distance_m) = ? AND (r.event_id = ? OR (" + kOfficialPublic +
              ")) AND g.user_id IN (" + users + ") GROUP BY g.user_id",
          params, [&](const storage::Row& r) { fastest[r.i64(0)] = r.i64(1); });
  for (auto& s : standings) {
    if (!s.user_id || s.result.status != "OK" || !s.result.value) continue;
    const auto best = fastest.find(*s.user_id);
    s.personal_best = best != fastest.end() && *s.result.value <= best->second;
  }
}

std::vector<RaceRecord> race_records_of(storage::Connection& c, std::int64_t user_id) {
  std::vector<RaceRecord> out;
  // Fastest first within each sport and distance; of equal times the earlier race holds it.
  c.query(std::string("SELECT k.sport, k.distance_m, r.value, r.event_id, r.contest_id, r.id, e.title, k.name,"
                      " COALESCE(k.starts_at, e.starts_at) AS raced_at") +
              kRaceJoins + " WHERE g.user_id = ? AND " + kTimedRace + " AND " + kOfficialPublic +
              " ORDER BY k.sport, ROUND(k.distance_m), r.value, raced_at, r.id",
          {user_id}, [&](const storage::Row& row) {
            const auto sport = row.text(0);
            const double distance = row.f64(1);
            if (!out.empty() && out.back().sport == sport && std::round(out.back().distance_m) == std::round(distance))
              return;
            out.push_back({sport, distance, row.i64(2), row.i64(3), row.i64(4), row.i64(5), row.text(6), row.text(7),
                           row.i64(8)});
          });
  return out;
}

}  // namespace events

std::vector<RaceRecord> ResultService::race_records(const Actor& actor, std::int64_t user_id) {
  // The same rule as the profile: whoever may not see it gets not_found.
  ProfileService(rt_).get(actor, user_id);
  auto c = rt_.db->acquire();
  return events::race_records_of(*c, user_id);
}

}  // namespace fitkit

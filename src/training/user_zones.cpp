#include "training/user_zones.hpp"

#include <cmath>
#include <cstdlib>

#include "accounts/user_clock.hpp"
#include "fitkit/error.hpp"
#include "training/training_common.hpp"
#include "workouts/training_load.hpp"

namespace fitkit::training {
namespace {

// Whole years from a YYYY-MM-DD birth date to a YYYY-MM-DD day.
std::optional<int> age_on(const std::string& birth, const std::string& day) {
  if (birth.size() != 10 || day.size() != 10 || birth > day) return std::nullopt;
  const int years = std::atoi(day.substr(0, 4).c_str()) - std::atoi(birth.substr(0, 4).c_str());
  return day.substr(5) < birth.substr(5) ? years - 1 : years;  // before the birthday this year
}

std::vector<ZoneRange> ranges(const std::vector<double>& lower, std::optional<double> top) {
  std::vector<ZoneRange> out;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    ZoneRange r;
    r.zone = static_cast<int>(i) + 1;
    r.min = std::round(lower[i]);
    if (i + 1 < lower.size()) r.max = std::round(lower[i + 1]);
    else if (top) r.max = std::round(*top);
    out.push_back(r);
  }
  return out;
}

}  // namespace

TrainingZones training_zones(storage::Connection& c, std::int64_t user_id, std::int64_t now_ms) {
  TrainingZones z;
  c.query("SELECT max_hr, resting_hr, ftp_w, threshold_pace_s_per_km, updated_at FROM training_zone_settings"
          " WHERE user_id = ?",
          {user_id}, [&](const storage::Row& r) {
            z.max_hr = r.opt_f64(0);
            z.resting_hr = r.opt_f64(1);
            z.ftp_w = r.opt_f64(2);
            z.threshold_pace_s_per_km = r.opt_f64(3);
            z.updated_at = r.i64(4);
          });
  if (z.max_hr) z.max_hr_source = "settings";
  if (z.resting_hr) z.resting_hr_source = "settings";
  if (!z.resting_hr) {
    const auto today = accounts::user_today(c, user_id, now_ms);
    c.query("SELECT resting_hr FROM user_metrics WHERE user_id = ? AND resting_hr IS NOT NULL AND measured_on <= ?"
            " ORDER BY measured_on DESC LIMIT 1",
            {user_id, today}, [&](const storage::Row& r) { z.resting_hr = r.f64(0); });
    if (z.resting_hr) z.resting_hr_source = "metrics";
  }
  if (!z.max_hr) {
    const auto birth = c.query_text("SELECT birth_date FROM profiles WHERE user_id = ?", {user_id});
    const auto age = birth ? age_on(*birth, accounts::user_today(c, user_id, now_ms)) : std::nullopt;
    if (age && *age >= 5 && *age <= 120) {
      z.max_hr = 220.0 - *age;
      z.max_hr_source = "age";
    }
  }
  if (z.max_hr && z.resting_hr && *z.resting_hr < *z.max_hr) {
    try {
      z.heart_rate_zones = ranges(workouts::heart_rate_zone_bounds(*z.resting_hr, *z.max_hr), z.max_hr);
    } catch (const Error&) {
      // Values the zones cannot come from (a resting HR recorded above a derived maximum): no zones.
    }
  }
  if (z.ftp_w) {
    std::vector<double> lower{0};
    for (double b : workouts::power_zone_bounds(*z.ftp_w)) lower.push_back(b);
    z.power_zones = ranges(lower, std::nullopt);
  }
  return z;
}

UserZones load_user_zones(storage::Connection& c, std::int64_t user_id, std::int64_t now_ms) {
  const TrainingZones z = training_zones(c, user_id, now_ms);
  UserZones out;
  out.max_hr = z.max_hr;
  out.resting_hr = z.resting_hr;
  out.ftp_w = z.ftp_w;
  out.threshold_pace_s_per_km = z.threshold_pace_s_per_km;
  // Exact bounds for computations (the ranges of zones.get are rounded for people).
  if (!z.heart_rate_zones.empty()) out.hr_bounds = workouts::heart_rate_zone_bounds(*z.resting_hr, *z.max_hr);
  if (z.ftp_w) {
    out.power_bounds.push_back(0);
    for (double b : workouts::power_zone_bounds(*z.ftp_w)) out.power_bounds.push_back(b);
  }
  return out;
}

}  // namespace fitkit::training

// A user's zone settings: max and resting heart rate, FTP, threshold pace. The owner's alone.
#include <algorithm>
#include <array>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/training.hpp"
#include "training/training_common.hpp"
#include "training/user_zones.hpp"

namespace fitkit {
namespace {

constexpr std::array<std::string_view, 4> kSettings{"max_hr", "resting_hr", "ftp_w", "threshold_pace_s_per_km"};

std::optional<double>& setting(ZoneSettings& s, std::string_view name) {
  if (name == "max_hr") return s.max_hr;
  if (name == "resting_hr") return s.resting_hr;
  if (name == "ftp_w") return s.ftp_w;
  return s.threshold_pace_s_per_km;
}

void check(const ZoneSettings& s) {
  if (s.max_hr) training::check_number(*s.max_hr, 100, 250, "max_hr", "bpm");
  if (s.resting_hr) training::check_number(*s.resting_hr, 25, 150, "resting_hr", "bpm");
  if (s.ftp_w) training::check_number(*s.ftp_w, 30, 2000, "ftp_w", "W");
  if (s.threshold_pace_s_per_km) training::check_number(*s.threshold_pace_s_per_km, 120, 1200, "threshold_pace_s_per_km", "s/km");
}

}  // namespace

TrainingZones TrainingService::zones(const Actor& actor) {
  training::require_user(actor);
  auto c = rt_.db->acquire();
  return training::training_zones(*c, actor.user_id, rt_.now());
}

TrainingZones TrainingService::set_zones(const Actor& actor, const ZoneSettings& settings,
                                         const std::vector<std::string>& clear) {
  training::require_user(actor);
  check(settings);
  ZoneSettings given = settings;
  for (const auto& name : clear) {
    if (std::find(kSettings.begin(), kSettings.end(), name) == kSettings.end())
      throw Error::invalid("clear", "clear names settings: max_hr, resting_hr, ftp_w, threshold_pace_s_per_km");
    if (setting(given, name)) throw Error::invalid("clear", name + " is both given and cleared");
  }
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  ZoneSettings merged;
  c->query("SELECT max_hr, resting_hr, ftp_w, threshold_pace_s_per_km FROM training_zone_settings WHERE user_id = ?",
           {actor.user_id}, [&](const storage::Row& r) {
             merged = {r.opt_f64(0), r.opt_f64(1), r.opt_f64(2), r.opt_f64(3)};
           });
  for (auto name : kSettings)
    if (auto& v = setting(given, name)) setting(merged, name) = v;
  for (const auto& name : clear) setting(merged, name).reset();
  if (merged.max_hr && merged.resting_hr && *merged.resting_hr >= *merged.max_hr)
    throw Error::invalid(settings.resting_hr ? "resting_hr" : "max_hr", "resting_hr must be below max_hr");
  c->exec("INSERT INTO training_zone_settings (user_id, max_hr, resting_hr, ftp_w, threshold_pace_s_per_km, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET max_hr = excluded.max_hr,"
          " resting_hr = excluded.resting_hr, ftp_w = excluded.ftp_w,"
          " threshold_pace_s_per_km = excluded.threshold_pace_s_per_km, updated_at = excluded.updated_at",
          {actor.user_id, merged.max_hr, merged.resting_hr, merged.ftp_w, merged.threshold_pace_s_per_km, rt_.now()});
  auto out = training::training_zones(*c, actor.user_id, rt_.now());
  tx.commit();
  return out;
}

}  // namespace fitkit

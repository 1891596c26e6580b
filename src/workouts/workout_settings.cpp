// What of a user's workouts others may see: the default visibility, hidden details, privacy zones.
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/workouts.hpp"
#include "workouts/privacy_zones.hpp"
#include "workouts/workout_rules.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit {
namespace {

constexpr std::size_t kMaxZones = 20;
constexpr std::size_t kMaxZoneNameBytes = 100;

void require_user(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
}

}  // namespace

WorkoutSettings WorkoutService::settings(const Actor& actor) {
  require_user(actor);
  return workouts::load_settings(*rt_.db->acquire(), actor.user_id);
}

WorkoutSettings WorkoutService::update_settings(const Actor& actor, const WorkoutSettings& s) {
  require_user(actor);
  workouts::require_visibility(s.default_visibility, "default_visibility");
  if (!(s.hide_start_finish_m == 0 ||
        (s.hide_start_finish_m >= 100 && s.hide_start_finish_m <= workouts::kHideEndsMaxM)))
    throw Error::invalid("hide_start_finish_m", "hide_start_finish_m must be 0 or between 100 and " +
                                                    std::to_string(static_cast<int>(workouts::kHideEndsMaxM)));
  auto c = rt_.db->acquire();
  c->exec("INSERT INTO workout_settings (user_id, default_visibility, hide_start_finish_m, hide_heart_rate,"
          " hide_calories, hide_map, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
          " default_visibility = excluded.default_visibility, hide_start_finish_m = excluded.hide_start_finish_m,"
          " hide_heart_rate = excluded.hide_heart_rate, hide_calories = excluded.hide_calories,"
          " hide_map = excluded.hide_map, updated_at = excluded.updated_at",
          {actor.user_id, s.default_visibility, s.hide_start_finish_m, s.hide_heart_rate, s.hide_calories,
           s.hide_map, rt_.now()});
  return s;
}

PrivacyZone WorkoutService::add_privacy_zone(const Actor& actor, const PrivacyZone& zone) {
  require_user(actor);
  if (!(zone.lat >= -90 && zone.lat <= 90)) throw Error::invalid("lat", "lat must be between -90 and 90");
  if (!(zone.lon >= -180 && zone.lon <= 180)) throw Error::invalid("lon", "lon must be between -180 and 180");
  if (!(zone.radius_m >= workouts::kPrivacyZoneMinRadiusM && zone.radius_m <= workouts::kPrivacyZoneMaxRadiusM))
    throw Error::invalid("radius_m", "radius_m must be between 100 and 1000");
  if (zone.name.size() > kMaxZoneNameBytes)
    throw Error::invalid("name", "name must be at most " + std::to_string(kMaxZoneNameBytes) + " bytes");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (workouts::load_privacy_zones(*c, actor.user_id).size() >= kMaxZones)
    throw Error::precondition("you have " + std::to_string(kMaxZones) + " privacy zones, the most there can be");
  PrivacyZone z = zone;
  z.id = rt_.next_id();
  z.created_at = rt_.now();
  if (z.name.empty()) z.name = "Zone";
  c->exec("INSERT INTO privacy_zones (id, user_id, name, lat, lon, radius_m, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {z.id, actor.user_id, z.name, z.lat, z.lon, z.radius_m, z.created_at});
  tx.commit();
  return z;
}

std::vector<PrivacyZone> WorkoutService::privacy_zones(const Actor& actor) {
  require_user(actor);
  return workouts::load_privacy_zones(*rt_.db->acquire(), actor.user_id);
}

void WorkoutService::delete_privacy_zone(const Actor& actor, std::int64_t id) {
  require_user(actor);
  if (rt_.db->acquire()->exec("DELETE FROM privacy_zones WHERE id = ? AND user_id = ?", {id, actor.user_id}) == 0)
    throw Error::not_found("no such privacy zone");
}

}  // namespace fitkit

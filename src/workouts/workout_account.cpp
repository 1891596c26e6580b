#include "workouts/workout_account.hpp"

#include "workouts/workout_json.hpp"
#include "core/crypto.hpp"
#include "core/time_format.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit::workouts {

nlohmann::ordered_json export_workouts(Runtime& rt, storage::Connection& c, std::int64_t user_id) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  std::vector<Workout> rows;
  c.query("SELECT " + workout_columns() + " FROM workouts w WHERE w.user_id = ? ORDER BY w.start_at, w.id", {user_id},
          [&](const storage::Row& r) { rows.push_back(read_workout(r)); });
  load_gear_ids(c, rows);
  for (auto& w : rows) {
    w.track_visible = w.has_track;
    Json item = workout_json(w);
    Json laps = Json::array();
    for (const auto& l : load_laps(c, w.id))
      laps.push_back({{"start_at", format_utc(l.start_at)}, {"elapsed_s", l.elapsed_s.value_or(0)},
                      {"distance_m", l.distance_m.value_or(0)}});
    item["laps"] = std::move(laps);
    item["original_file"] = nullptr;
    if (auto key = c.query_text("SELECT file_blob FROM workouts WHERE id = ?", {w.id}))
      if (auto bytes = rt.blobs->get(*key)) item["original_file"] = {{"name", w.file_name.value_or("")},
                                                                      {"content_base64", crypto::base64_encode(*bytes)}};
    list.push_back(std::move(item));
  }
  Json zones = Json::array();
  for (const auto& z : load_privacy_zones(c, user_id)) zones.push_back(privacy_zone_json(z));
  return Json{{"workouts", std::move(list)},
              {"workout_settings", workout_settings_json(load_settings(c, user_id))},
              {"privacy_zones", std::move(zones)}};
}

std::vector<std::string> delete_workouts(storage::Connection& c, std::int64_t user_id) {
  std::vector<std::string> blobs;
  c.query("SELECT file_blob FROM workouts WHERE user_id = ? AND file_blob IS NOT NULL", {user_id},
          [&](const storage::Row& r) { blobs.push_back(r.text(0)); });
  // Tracks, laps, efforts and gear links go with their workouts (ON DELETE CASCADE).
  c.exec("DELETE FROM workouts WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM privacy_zones WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM workout_settings WHERE user_id = ?", {user_id});
  c.exec("DELETE FROM friendships WHERE user_id = ? OR friend_id = ?", {user_id, user_id});
  return blobs;
}

}  // namespace fitkit::workouts

#include "workouts/workout_store.hpp"

#include <algorithm>
#include <map>

#include "fitkit/error.hpp"

namespace fitkit::workouts {

const std::array<NumberField, 15> kNumberFields{{
    {"elapsed_s", &Workout::elapsed_s, &WorkoutFields::elapsed_s},
    {"moving_s", &Workout::moving_s, &WorkoutFields::moving_s},
    {"distance_m", &Workout::distance_m, &WorkoutFields::distance_m},
    {"ascent_m", &Workout::ascent_m, &WorkoutFields::ascent_m},
    {"descent_m", &Workout::descent_m, &WorkoutFields::descent_m},
    {"calories", &Workout::calories, &WorkoutFields::calories},
    {"avg_hr", &Workout::avg_hr, &WorkoutFields::avg_hr},
    {"max_hr", &Workout::max_hr, &WorkoutFields::max_hr},
    {"avg_cadence", &Workout::avg_cadence, &WorkoutFields::avg_cadence},
    {"max_cadence", &Workout::max_cadence, &WorkoutFields::max_cadence},
    {"avg_power", &Workout::avg_power, &WorkoutFields::avg_power},
    {"max_power", &Workout::max_power, &WorkoutFields::max_power},
    {"avg_speed", &Workout::avg_speed, nullptr},
    {"max_speed", &Workout::max_speed, &WorkoutFields::max_speed},
    {"trimp", &Workout::trimp, nullptr},
}};

namespace {

// Columns before and after the numbers, in read_workout's order.
constexpr std::string_view kLeading = "w.id, w.user_id, w.sport, w.title, w.notes, w.start_at, w.time_zone";
constexpr int kFirstNumber = 7;
constexpr std::string_view kTrailing =
    "w.effort, w.visibility, w.source, w.device, w.file_format, w.file_name, w.created_at, w.updated_at,"
    " EXISTS (SELECT 1 FROM workout_tracks t WHERE t.workout_id = w.id)";

std::vector<storage::Param> number_params(const Workout& w) {
  std::vector<storage::Param> out;
  for (const auto& f : kNumberFields) out.emplace_back(w.*f.value);
  return out;
}

storage::Param opt_int(const std::optional<int>& v) {
  return v ? storage::Param(static_cast<std::int64_t>(*v)) : storage::Param(nullptr);
}

}  // namespace

std::string workout_columns() {
  std::string cols(kLeading);
  for (const auto& f : kNumberFields) cols += ", w." + std::string(f.column);
  return cols + ", " + std::string(kTrailing);
}

Workout read_workout(const storage::Row& r) {
  Workout w;
  w.id = r.i64(0);
  w.user_id = r.i64(1);
  w.sport = r.text(2);
  w.title = r.text(3);
  w.notes = r.opt_text(4);
  w.start_at = r.i64(5);
  w.time_zone = r.text(6);
  int col = kFirstNumber;
  for (const auto& f : kNumberFields) w.*f.value = r.opt_f64(col++);
  if (auto effort = r.opt_i64(col++)) w.effort = static_cast<int>(*effort);
  w.visibility = r.text(col++);
  w.source = r.text(col++);
  w.device = r.opt_text(col++);
  w.file_format = r.opt_text(col++);
  w.file_name = r.opt_text(col++);
  w.created_at = r.i64(col++);
  w.updated_at = r.i64(col++);
  w.has_track = r.i64(col++) != 0;
  return w;
}

void load_gear_ids(storage::Connection& c, std::span<Workout> workouts) {
  for (auto& w : workouts) {
    w.gear_ids.clear();
    c.query("SELECT gear_id FROM workout_gear WHERE workout_id = ? ORDER BY gear_id", {w.id},
            [&](const storage::Row& r) { w.gear_ids.push_back(r.i64(0)); });
  }
}

std::optional<Workout> find_workout(storage::Connection& c, std::int64_t id) {
  std::optional<Workout> out;
  c.query("SELECT " + workout_columns() + " FROM workouts w WHERE w.id = ?", {id},
          [&](const storage::Row& r) { out = read_workout(r); });
  if (out) load_gear_ids(c, std::span(&*out, 1));
  return out;
}

policy::Relation relation_of(storage::Connection& c, const Actor& viewer, std::int64_t owner_id) {
  policy::Relation rel;
  if (viewer.is_user(owner_id)) return rel;
  rel.owner_active = c.query_text("SELECT status FROM users WHERE id = ?", {owner_id}).value_or("") == "active";
  if (viewer.is_user())
    rel.is_friend = c.query_i64("SELECT 1 FROM friendships WHERE user_id = ? AND friend_id = ?",
                                {owner_id, viewer.user_id})
                        .has_value();
  return rel;
}

void insert_workout(storage::Connection& c, const Workout& w, const std::optional<std::string>& file_sha256,
                    const std::optional<std::string>& file_blob) {
  std::string columns = "id, user_id, sport, title, notes, start_at, time_zone";
  std::string marks = "?, ?, ?, ?, ?, ?, ?";
  for (const auto& f : kNumberFields) {
    columns += ", " + std::string(f.column);
    marks += ", ?";
  }
  columns += ", effort, visibility, source, device, file_format, file_name, file_sha256, file_blob, created_at,"
             " updated_at";
  marks += ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  std::vector<storage::Param> params{w.id, w.user_id, w.sport, w.title, w.notes, w.start_at, w.time_zone};
  for (auto& p : number_params(w)) params.push_back(p);
  for (storage::Param p : {opt_int(w.effort), storage::Param(w.visibility), storage::Param(w.source),
                           storage::Param(w.device), storage::Param(w.file_format), storage::Param(w.file_name),
                           storage::Param(file_sha256), storage::Param(file_blob), storage::Param(w.created_at),
                           storage::Param(w.updated_at)})
    params.push_back(p);
  c.exec("INSERT INTO workouts (" + columns + ") VALUES (" + marks + ")", params);
}

void update_workout(storage::Connection& c, const Workout& w) {
  std::string sets = "sport = ?, title = ?, notes = ?, start_at = ?, time_zone = ?";
  for (const auto& f : kNumberFields) sets += ", " + std::string(f.column) + " = ?";
  sets += ", effort = ?, visibility = ?, updated_at = ?";
  std::vector<storage::Param> params{w.sport, w.title, w.notes, w.start_at, w.time_zone};
  for (auto& p : number_params(w)) params.push_back(p);
  for (storage::Param p : {opt_int(w.effort), storage::Param(w.visibility), storage::Param(w.updated_at),
                           storage::Param(w.id)})
    params.push_back(p);
  c.exec("UPDATE workouts SET " + sets + " WHERE id = ?", params);
}

void set_gear(storage::Connection& c, std::int64_t workout_id, const std::vector<std::int64_t>& gear_ids) {
  c.exec("DELETE FROM workout_gear WHERE workout_id = ?", {workout_id});
  for (auto gear_id : gear_ids)
    c.exec("INSERT INTO workout_gear (workout_id, gear_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
           {workout_id, gear_id});
}

void store_track(storage::Connection& c, std::int64_t workout_id, const StoredTrack& track) {
  const auto bytes = encode_track(track);
  c.exec("INSERT INTO workout_tracks (workout_id, points, data) VALUES (?, ?, ?)",
         {workout_id, static_cast<std::int64_t>(track.points.size()), storage::BlobView{bytes}});
}

std::optional<StoredTrack> load_track(storage::Connection& c, std::int64_t workout_id) {
  std::optional<std::string> bytes;
  c.query("SELECT data FROM workout_tracks WHERE workout_id = ?", {workout_id},
          [&](const storage::Row& r) { bytes = r.blob(0); });
  if (!bytes) return std::nullopt;
  return decode_track(*bytes);
}

void store_efforts(storage::Connection& c, const Workout& w, const std::vector<Effort>& efforts) {
  c.exec("DELETE FROM workout_efforts WHERE workout_id = ?", {w.id});
  for (const auto& e : efforts)
    c.exec("INSERT INTO workout_efforts (workout_id, user_id, sport, kind, value) VALUES (?, ?, ?, ?, ?)",
           {w.id, w.user_id, w.sport, e.kind, e.value});
}

void store_laps(storage::Connection& c, std::int64_t workout_id, const std::vector<StoredLap>& laps) {
  int index = 0;
  for (const auto& l : laps)
    c.exec("INSERT INTO workout_laps (workout_id, lap_index, start_at, elapsed_s, distance_m, avg_hr, max_hr,"
           " avg_power) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
           {workout_id, index++, l.start_at, l.elapsed_s, l.distance_m, l.avg_hr, l.max_hr, l.avg_power});
}

std::vector<StoredLap> load_laps(storage::Connection& c, std::int64_t workout_id) {
  std::vector<StoredLap> laps;
  c.query("SELECT start_at, elapsed_s, distance_m, avg_hr, max_hr, avg_power FROM workout_laps"
          " WHERE workout_id = ? ORDER BY lap_index",
          {workout_id}, [&](const storage::Row& r) {
            laps.push_back({r.i64(0), r.opt_f64(1), r.opt_f64(2), r.opt_f64(3), r.opt_f64(4), r.opt_f64(5)});
          });
  return laps;
}

std::string profile_time_zone(storage::Connection& c, std::int64_t user_id) {
  return c.query_text("SELECT time_zone FROM profiles WHERE user_id = ?", {user_id}).value_or("UTC");
}

WorkoutSettings load_settings(storage::Connection& c, std::int64_t user_id) {
  WorkoutSettings s;
  c.query("SELECT default_visibility, hide_start_finish_m, hide_heart_rate, hide_calories, hide_map"
          " FROM workout_settings WHERE user_id = ?",
          {user_id}, [&](const storage::Row& r) {
            s.default_visibility = r.text(0);
            s.hide_start_finish_m = r.f64(1);
            s.hide_heart_rate = r.i64(2) != 0;
            s.hide_calories = r.i64(3) != 0;
            s.hide_map = r.i64(4) != 0;
          });
  return s;
}

std::vector<fitkit::PrivacyZone> load_privacy_zones(storage::Connection& c, std::int64_t user_id) {
  std::vector<fitkit::PrivacyZone> zones;
  c.query("SELECT id, name, lat, lon, radius_m, created_at FROM privacy_zones WHERE user_id = ?"
          " ORDER BY created_at, id",
          {user_id}, [&](const storage::Row& r) {
            zones.push_back({r.i64(0), r.text(1), r.f64(2), r.f64(3), r.f64(4), r.i64(5)});
          });
  return zones;
}

}  // namespace fitkit::workouts

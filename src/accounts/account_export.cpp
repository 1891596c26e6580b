// Everything held about a user, in one JSON document they can take with them.
#include <nlohmann/json.hpp>

#include "accounts/audit.hpp"
#include "accounts/avatar.hpp"
#include "accounts/user_store.hpp"
#include "core/crypto.hpp"
#include "core/runtime.hpp"
#include "core/time_format.hpp"
#include "gear/gear_account.hpp"
#include "training/training_account.hpp"
#include "workouts/workout_account.hpp"
#include "fitkit/account_data.hpp"
#include "fitkit/error.hpp"
#include "fitkit/notifications.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit {
namespace {

using Json = nlohmann::ordered_json;

Json time_or_null(std::optional<std::int64_t> ms) { return ms ? Json(format_utc(*ms)) : Json(nullptr); }

template <class T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string user_ref(std::optional<std::int64_t> id) { return id ? format_id(IdKind::user, *id) : std::string(); }

Json account_json(storage::Connection& c, const accounts::UserRecord& u) {
  Json roles = Json::array();
  for (Role r : u.user.roles.list()) roles.push_back(to_string(r));
  Json out = {{"id", format_id(IdKind::user, u.user.id)},
              {"email", u.user.email},
              {"status", to_string(u.user.status)},
              {"roles", std::move(roles)},
              {"language", u.user.language},
              {"two_factor", u.user.two_factor},
              {"phone", or_null(u.user.phone)},
              {"created_at", format_utc(u.user.created_at)}};
  c.query("SELECT email_verified_at, phone_verified_at, updated_at FROM users WHERE id = ?", {u.user.id},
          [&](const storage::Row& r) {
            out["email_verified_at"] = time_or_null(r.opt_i64(0));
            out["phone_verified_at"] = time_or_null(r.opt_i64(1));
            out["updated_at"] = time_or_null(r.opt_i64(2));
          });
  return out;
}

Json profile_json(const Profile& p, const std::optional<std::string>& avatar_type) {
  return {{"nickname", or_null(p.nickname)},       {"first_name", or_null(p.first_name)},
          {"last_name", or_null(p.last_name)},     {"gender", or_null(p.gender)},
          {"birth_date", or_null(p.birth_date)},   {"city", or_null(p.city)},
          {"time_zone", p.time_zone},              {"about", or_null(p.about)},
          {"height_cm", or_null(p.height_cm)},     {"weight_kg", or_null(p.weight_kg)},
          {"goal", or_null(p.goal)},               {"level", or_null(p.level)},
          {"interests", p.interests},              {"medical_notes", or_null(p.medical_notes)},
          {"privacy", p.privacy},                  {"avatar_type", or_null(avatar_type)},
          {"updated_at", format_utc(p.updated_at)}};
}

Json parsed_or_text(const std::string& text) {
  auto j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json(text) : j;
}

}  // namespace

std::string AccountDataService::export_data(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
  const auto id = actor.user_id;
  // The services' own reads first: they take the connection themselves.
  const Profile profile = ProfileService(rt_).get(actor, id);
  const auto preferences = NotificationService(rt_).preferences(actor);
  auto gear = gear::export_user_gear(rt_, actor);
  auto training_plans = training::export_user_training(rt_, actor);
  auto c = rt_.db->acquire();
  auto u = accounts::find_user(*c, id);
  if (!u || u->user.status == UserStatus::deleted) throw Error::not_found("no such user");

  Json doc = {{"format", "fitkit-account-export"}, {"version", 1}, {"exported_at", format_utc(rt_.now())}};
  doc["account"] = account_json(*c, *u);
  const auto avatar_type = c->query_text("SELECT avatar_type FROM profiles WHERE user_id = ?", {id});
  doc["profile"] = profile_json(profile, avatar_type);
  doc["avatar"] = nullptr;
  if (avatar_type)
    if (auto bytes = rt_.blobs->get(accounts::avatar_key(id)))
      doc["avatar"] = {{"content_type", accounts::sniff_image_type(*bytes).value_or(*avatar_type)},
                       {"image_base64", crypto::base64_encode(*bytes)}};

  Json metrics = Json::array();
  c->query("SELECT measured_on, weight_kg, height_cm, resting_hr, recorded_at FROM user_metrics"
           " WHERE user_id = ? ORDER BY measured_on",
           {id}, [&](const storage::Row& r) {
             metrics.push_back({{"date", r.text(0)},
                                {"weight_kg", or_null(r.opt_f64(1))},
                                {"height_cm", or_null(r.opt_f64(2))},
                                {"resting_hr", or_null(r.opt_i64(3))},
                                {"recorded_at", format_utc(r.i64(4))}});
           });
  doc["metrics"] = std::move(metrics);
  Json training = workouts::export_workouts(rt_, *c, id);
  doc["workouts"] = std::move(training["workouts"]);
  doc["workout_settings"] = std::move(training["workout_settings"]);
  doc["privacy_zones"] = std::move(training["privacy_zones"]);
  for (auto& [key, value] : gear.items()) doc[key] = std::move(value);
  for (auto& [key, value] : training_plans.items()) doc[key] = std::move(value);

  Json sessions = Json::array();
  c->query("SELECT id, device_name, user_agent, ip, created_at, last_seen_at, revoked_at, revoke_reason"
           " FROM sessions WHERE user_id = ? ORDER BY id",
           {id}, [&](const storage::Row& r) {
             sessions.push_back({{"id", format_id(IdKind::session, r.i64(0))},
                                 {"device_name", or_null(r.opt_text(1))},
                                 {"user_agent", or_null(r.opt_text(2))},
                                 {"ip", or_null(r.opt_text(3))},
                                 {"created_at", format_utc(r.i64(4))},
                                 {"last_seen_at", format_utc(r.i64(5))},
                                 {"revoked_at", time_or_null(r.opt_i64(6))},
                                 {"revoke_reason", or_null(r.opt_text(7))}});
           });
  doc["sessions"] = std::move(sessions);

  Json notifications = Json::array();
  c->query("SELECT id, type, title, body, data, repeat_count, created_at, updated_at, read_at FROM notifications"
           " WHERE user_id = ? ORDER BY id",
           {id}, [&](const storage::Row& r) {
             notifications.push_back({{"id", format_id(IdKind::notification, r.i64(0))},
                                      {"type", r.text(1)},
                                      {"title", r.text(2)},
                                      {"body", r.text(3)},
                                      {"data", parsed_or_text(r.text(4))},
                                      {"repeat_count", r.i64(5)},
                                      {"created_at", format_utc(r.i64(6))},
                                      {"updated_at", format_utc(r.i64(7))},
                                      {"read_at", time_or_null(r.opt_i64(8))}});
           });
  doc["notifications"] = std::move(notifications);

  Json prefs = Json::array();
  for (const auto& p : preferences) prefs.push_back({{"type", p.type}, {"channel", p.channel}, {"enabled", p.enabled}});
  doc["notification_preferences"] = std::move(prefs);

  Json grants = Json::array();
  c->query("SELECT coach_id, granted_at FROM medical_access WHERE user_id = ? ORDER BY granted_at, coach_id", {id},
           [&](const storage::Row& r) {
             grants.push_back({{"coach_id", format_id(IdKind::user, r.i64(0))}, {"granted_at", format_utc(r.i64(1))}});
           });
  doc["medical_access"] = std::move(grants);

  Json events = Json::array();
  c->query("SELECT id, at, event, actor_id, ip, detail FROM audit_log WHERE subject_id = ? ORDER BY id", {id},
           [&](const storage::Row& r) {
             // Who else acted (an admin, another user) is their personal data, not the
             // subject's: the export says that someone else did, not who or from where. An
             // attempt without an account (a sign-in with one's address) keeps its address.
             const auto actor = r.opt_i64(3);
             const bool other = actor && *actor != id;
             events.push_back({{"id", format_id(IdKind::audit, r.i64(0))},
                               {"at", format_utc(r.i64(1))},
                               {"event", r.text(2)},
                               {"by", !actor ? "no_account" : other ? "another_account" : "you"},
                               {"actor_id", actor && !other ? Json(user_ref(actor)) : Json(nullptr)},
                               {"ip", other ? Json(nullptr) : or_null(r.opt_text(4))},
                               {"detail", parsed_or_text(r.text(5))}});
           });
  doc["audit_events"] = std::move(events);

  // A copy of all one's data leaving the service is a security event of its own.
  storage::Transaction tx(*c);
  accounts::audit(rt_, *c, "user.exported", actor, id);
  tx.commit();
  return doc.dump();
}

}  // namespace fitkit

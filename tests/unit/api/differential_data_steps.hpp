// The data operations the differential generator draws from: profiles, notifications, phone,
// avatars, metrics, deletion and export.
#pragma once

#include "unit/api/differential_ops.hpp"

namespace fitkit::test::diff {

inline Step Generator::phone_confirm(int u) {
  const std::string code = !m_.sms_codes.empty() && chance(0.8) ? m_.sms_codes.back() : "000000";
  return step("phone.verify.confirm", as(u), {{"code", code}}, u);
}

inline std::vector<std::pair<int, Generator::Maker>> Generator::data_makers() {
  return {
      {3, [=, this] { return step("profile.get", as(someone()), Json::object()); }},
      {6, [=, this] { return profile_update(as(someone())); }},
      {3,
       [=, this] {
         return step("profiles.get", anyone(), {{"user_id", some_user_id()}});
       }},
      {2,
       [=, this] {
         const int coach = chance(0.8) ? with_role("coach") : random_user();
         return step("profile.medical_access.grant", as(someone()), {{"coach_id", user_id_of(coach)}});
       }},
      {1,
       [=, this] {
         const int coach = chance(0.8) ? with_role("coach") : random_user();
         return step("profile.medical_access.revoke", as(someone()), {{"coach_id", user_id_of(coach)}});
       }},
      {1,
       [=, this] { return list_step("profile.medical_access.list", as(someone()), Json::object()); }},
      {2,
       [=, this] {
         Json p = Json::object();
         if (chance(0.4)) p["unread_only"] = chance(0.5);
         const int u = someone();
         if (chance(0.4))  // delete the newest one listed
           follow_ups_.push_back([=, this] {
             const auto id =
                 m_.notification_ids.empty() ? unknown_id(IdKind::notification) : m_.notification_ids.back();
             return step("notifications.delete", as(u), {{"notification_id", id}});
           });
         return list_step("notifications.list", as(u), p);
       }},
      {1, [=, this] { return step("notifications.unread_count", as(someone()), Json::object()); }},
      {1,
       [=, this] {
         Json p = Json::object();
         if (chance(0.6) && !m_.notification_ids.empty()) p["ids"] = Json::array({pick(m_.notification_ids)});
         return step("notifications.mark_read", as(someone()), p);
       }},
      {2,
       [=, this] {
         const auto id = m_.notification_ids.empty() || chance(0.2) ? unknown_id(IdKind::notification)
                                                                    : pick(m_.notification_ids);
         return step("notifications.delete", as(someone()), {{"notification_id", id}});
       }},
      {1, [=, this] { return step("notifications.preferences.get", as(someone()), Json::object()); }},
      {1,
       [=, this] {
         static const std::vector<std::string> types{"security", "account", "marketing", "gossip"};
         static const std::vector<std::string> channels{"in_app", "email", "pigeon"};
         return step("notifications.preferences.set", as(someone()),
                     {{"type", pick(types)}, {"channel", pick(channels)}, {"enabled", chance(0.5)}});
       }},
      {2,
       [=, this] {
         static const std::vector<std::string> bad{"12345", "+0123456789", "+1 555 123 4567",
                                                   "+1555123456789012"};
         const std::string phone =
             chance(0.85) ? "+1555000" + std::to_string(uniform(1000, 1004)) : pick(bad);
         const int u = someone();
         if (chance(0.6)) follow_ups_.push_back([=, this] { return phone_confirm(u); });
         return step("phone.verify.start", as(u), {{"phone", phone}});
       }},
      {1, [=, this] { return phone_confirm(someone()); }},
      {1, [=, this] { return step("phone.remove", as(someone()), Json::object()); }},
      {2,
       [=, this] {
         static const std::vector<std::string> images{
             "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
             "R0lGODlhAQABAAAAACw=",
             "/9j/4AAQSkZJRgABAQ==",
             "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
             "bm90IGFuIGltYWdl",
             "@@@@",
             ""};
         const int u = someone();
         if (chance(0.4))
           follow_ups_.push_back([=, this] {
             return chance(0.5) ? step("profile.avatar.get", anyone(), {{"user_id", user_id_of(u)}})
                                : step("profile.avatar.delete", as(u), Json::object());
           });
         return step("profile.avatar.set", as(u), {{"image_base64", pick(images)}});
       }},
      {1,
       [=, this] {
         return step("profile.avatar.get", anyone(), {{"user_id", some_user_id()}});
       }},
      {1, [=, this] { return step("profile.avatar.delete", as(someone()), Json::object()); }},
      {3,
       [=, this] {
         Json p{{"date", chance(0.9) ? date(m_.now)
                                     : pick(std::vector<std::string>{"2026-02-30", "20260101", "1899-12-31",
                                                                     "soon"})}};
         const double r = real();
         if (r < 0.5 || chance(0.2))
           p["weight_kg"] = chance(0.3)
                                ? 20 + real() * 600  // every bit of a double, through each engine's text
                                : static_cast<double>(uniform(150, 1400)) / 10.0;
         if ((r >= 0.5 && r < 0.8) || chance(0.2))
           p["height_cm"] = static_cast<double>(uniform(400, 2800)) / 10.0;
         if (r >= 0.8 || chance(0.2)) p["resting_hr"] = uniform(10, 260);
         const int u = someone();
         if (chance(0.3))
           follow_ups_.push_back([=, this] { return step("metrics.delete", as(u), {{"date", p["date"]}}); });
         return step("metrics.record", as(u), p);
       }},
      {2,
       [=, this] {
         Json p = Json::object();
         if (chance(0.3)) p["from"] = date(m_.now, -60, 0);
         if (chance(0.3)) p["to"] = date(m_.now, -30, 5);
         return list_step("metrics.list", as(someone()), p);
       }},
      {1,
       [=, this] {
         const std::string day =
             !m_.metric_dates.empty() && chance(0.7) ? pick(m_.metric_dates) : date(m_.now, -40, 0);
         return step("metrics.delete", as(someone()), {{"date", day}});
       }},
      {1,
       [=, this] {
         const int u = random_user();
         if (u == admin()) return step("account.export", as(u), Json::object(), u);
         Step s = step("account.delete", as(u), {{"password", own_password(u)}}, u);
         if (u >= 0 && m_.users[u].totp_on) s.params["code"] = chance(0.8) ? totp_of(m_.users[u]) : "999999";
         return s;
       }},
      {2, [=, this] { return step("account.export", as(someone()), Json::object()); }},
  };
}

inline Step Generator::profile_update(ActorSpec actor) {
  const Json null = nullptr;
  // Per field: values that pass and values that do not (too long, out of range, not in the list).
  static const std::vector<std::pair<std::string, std::vector<Json>>> fields{
      {"first_name", {"Ann", "Анна", "", null, "O'Brien", std::string(101, 'x'), "tab\there", "bell\x07"}},
      {"last_name", {"Smith", "Lee", null}},
      {"nickname", {"runner1", "runner2", "ann_runs", null, "x", "bad nick"}},
      {"gender", {"female", "male", "other", "unspecified", null, "robot"}},
      {"birth_date", {"1990-05-17", "2000-02-29", "2001-02-29", "2030-01-01", "1899-12-31", null}},
      {"city", {"Kazan", "Санкт-Петербург", null}},
      {"time_zone",
       {"Europe/Moscow", "Asia/Tokyo", "America/New_York", "UTC", "Mars/Olympus", "../../etc/passwd"}},
      {"about", {"I run.", std::string(2000, 'a'), null}},
      {"height_cm", {175, 180.5, 272, 49, 0, null}},
      {"weight_kg", {70, 65.3, 65.30000000000001, 1.0 / 3 + 60, 700, null}},
      {"goal", {"keep_fit", "lose_weight", "fly", null}},
      {"level", {"beginner", "professional", "god", null}},
      {"interests",
       {Json::array(), Json::array({"running"}), Json::array({"running", "cycling"}),
        Json::array({"knitting"}), Json::array({1}), null}},
      {"medical_notes", {"left knee", "line\nbreak", null}},
      {"privacy", {"public", "friends", "private", "secret"}},
  };
  Json p = Json::object();
  for (auto n = uniform(1, 4); n > 0; --n) {
    const auto& [name, values] = pick(fields);
    p[name] = pick(values);
  }
  return step("profile.update", std::move(actor), std::move(p));
}

}  // namespace fitkit::test::diff

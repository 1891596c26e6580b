#include "api/views.hpp"

#include "core/time_format.hpp"

namespace fitkit::api {

Json time_json(std::int64_t epoch_ms) { return epoch_ms ? Json(format_utc(epoch_ms)) : Json(nullptr); }

Json roles_json(const RoleSet& roles) {
  Json out = Json::array();
  for (Role r : roles.list()) out.push_back(to_string(r));
  return out;
}

Json user_json(const User& u) {
  return {{"id", format_id(IdKind::user, u.id)},
          {"email", u.email},
          {"status", to_string(u.status)},
          {"roles", roles_json(u.roles)},
          {"language", u.language},
          {"two_factor", u.two_factor},
          {"phone", u.phone ? Json(*u.phone) : Json(nullptr)},
          {"created_at", time_json(u.created_at)}};
}

Json profile_json(const Profile& p) {
  auto opt = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
  Json j = {{"user_id", format_id(IdKind::user, p.user_id)},
            {"nickname", opt(p.nickname)},
            {"first_name", opt(p.first_name)},
            {"last_name", opt(p.last_name)},
            {"city", opt(p.city)},
            {"about", opt(p.about)},
            {"level", opt(p.level)},
            {"interests", p.interests},
            {"time_zone", p.time_zone}};
  if (p.full) {
    j["gender"] = opt(p.gender);
    j["birth_date"] = opt(p.birth_date);
    j["height_cm"] = opt(p.height_cm);
    j["weight_kg"] = opt(p.weight_kg);
    j["goal"] = opt(p.goal);
    j["privacy"] = p.privacy;
    j["updated_at"] = time_json(p.updated_at);
  }
  if (p.medical_notes) j["medical_notes"] = *p.medical_notes;
  return j;
}

Json page_json(Json items, std::optional<std::string> next_cursor) {
  return {{"items", std::move(items)}, {"next_cursor", next_cursor ? Json(*next_cursor) : Json(nullptr)}};
}

}  // namespace fitkit::api

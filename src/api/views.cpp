#include "api/views.hpp"

#include "core/time_format.hpp"

namespace fitkit::api {

Json roles_json(const RoleSet& roles) {
  Json out = Json::array();
  for (Role r : roles.list()) out.push_back(to_string(r));
  return out;
}

Json user_json(const User& u) {
  return ObjectBuilder(8)
      .add("id", format_id(IdKind::user, u.id))
      .add("email", u.email)
      .add("status", to_string(u.status))
      .add("roles", roles_json(u.roles))
      .add("language", u.language)
      .add("two_factor", u.two_factor)
      .add_optional("phone", u.phone)
      .add("created_at", time_json(u.created_at))
      .build();
}

Json profile_json(const Profile& p) {
  ObjectBuilder j(17);
  j.add("user_id", format_id(IdKind::user, p.user_id))
      .add_optional("nickname", p.nickname)
      .add_optional("first_name", p.first_name)
      .add_optional("last_name", p.last_name)
      .add_optional("city", p.city)
      .add_optional("about", p.about)
      .add_optional("level", p.level)
      .add("interests", p.interests)
      .add("time_zone", p.time_zone);
  if (p.full) {
    j.add_optional("gender", p.gender)
        .add_optional("birth_date", p.birth_date)
        .add_optional("height_cm", p.height_cm)
        .add_optional("weight_kg", p.weight_kg)
        .add_optional("goal", p.goal)
        .add("privacy", p.privacy)
        .add("updated_at", time_json(p.updated_at));
  }
  if (p.medical_notes) j.add("medical_notes", *p.medical_notes);
  return j.build();
}

Json page_json(Json items, std::optional<std::string> next_cursor) {
  return {{"items", std::move(items)}, {"next_cursor", next_cursor ? Json(*next_cursor) : Json(nullptr)}};
}

}  // namespace fitkit::api

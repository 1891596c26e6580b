// Operations on profiles: profile.* (the caller's own) and profiles.get (anyone's, by privacy).
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/profiles.hpp"

namespace fitkit::api {
namespace {

ProfileUpdate update_from(const Json& p) {
  ProfileUpdate u;
  u.first_name = text_change(p, "first_name");
  u.last_name = text_change(p, "last_name");
  u.nickname = text_change(p, "nickname");
  u.gender = text_change(p, "gender");
  u.birth_date = text_change(p, "birth_date");
  u.city = text_change(p, "city");
  u.about = text_change(p, "about");
  u.goal = text_change(p, "goal");
  u.level = text_change(p, "level");
  u.medical_notes = text_change(p, "medical_notes");
  u.time_zone = opt_str(p, "time_zone");
  u.privacy = opt_str(p, "privacy");
  u.height_cm = number_change(p, "height_cm");
  u.weight_kg = number_change(p, "weight_kg");
  if (auto it = p.find("interests"); it != p.end() && !it->is_null()) {
    std::vector<std::string> list;
    for (const auto& v : *it) {
      if (!v.is_string()) throw Error::invalid("interests", "interests must be a list of activity names");
      list.push_back(v.get<std::string>());
    }
    u.interests = std::move(list);
  }
  return u;
}

Json me_json(Context& ctx) {
  Json out = user_json(ctx.platform.accounts().me(ctx.actor));
  out["profile"] = profile_json(ctx.platform.profiles().get(ctx.actor, ctx.actor.user_id));
  return out;
}

constexpr std::string_view kMedicalList = "profile.medical_access.list";

Json grant_json(const MedicalAccessGrant& g) {
  return {{"coach_id", format_id(IdKind::user, g.coach_id)}, {"granted_at", time_json(g.granted_at)}};
}

// Grants go by (granted_at, coach_id): several may share a millisecond.
std::optional<MedicalAccessPosition> medical_position(const std::optional<std::string>& cursor) {
  if (!cursor) return std::nullopt;
  CursorReader reader(kMedicalList, *cursor);
  MedicalAccessPosition at;
  at.granted_at = reader.integer();
  at.coach_id = reader.integer();
  reader.finish();
  return at;
}

std::string medical_cursor(const MedicalAccessGrant& g) {
  return CursorWriter(kMedicalList).integer(g.granted_at).integer(g.coach_id).finish();
}

}  // namespace

void add_profile_operations(Registry& r) {
  r.add({"profile.get", "Your account and profile", HttpMethod::get, "/v1/me", Access::signed_in, {},
         [](Context& ctx, const Json&) { return me_json(ctx); }});
  r.add({"profile.update", "Change your profile; a field set to null is cleared", HttpMethod::patch, "/v1/me",
         Access::signed_in,
         {{"first_name", ParamType::string, false, "first name", {}, false, 100},
          {"last_name", ParamType::string, false, "last name", {}, false, 100},
          {"nickname", ParamType::string, false, "unique public name", {}, false, 30},
          {"gender", ParamType::string, false, "female, male, other or unspecified"},
          {"birth_date", ParamType::string, false, "YYYY-MM-DD"},
          {"city", ParamType::string, false, "city", {}, false, 100},
          {"time_zone", ParamType::string, false, "IANA time zone, e.g. Europe/Moscow"},
          {"about", ParamType::string, false, "a few words about you", {}, false, 2000},
          {"height_cm", ParamType::number, false, "height in centimetres"},
          {"weight_kg", ParamType::number, false, "weight in kilograms"},
          {"goal", ParamType::string, false, "lose_weight, gain_mass, keep_fit or prepare_for_event"},
          {"level", ParamType::string, false, "beginner, amateur or professional"},
          {"interests", ParamType::array, false, "activity types, e.g. running,cycling"},
          {"medical_notes", ParamType::string, false, "contraindications and injuries: you and coaches you authorise",
           {}, false, 4000},
          {"privacy", ParamType::string, false, "who sees your profile: public, friends or private"}},
         [](Context& ctx, const Json& p) {
           ctx.platform.profiles().update(ctx.actor, update_from(p));
           return me_json(ctx);
         }});
  r.add({"profiles.get", "Someone's profile, as far as its privacy lets you see it", HttpMethod::get,
         "/v1/users/{user_id}/profile", Access::anyone, {{"user_id", ParamType::id, true, "usr_… id", IdKind::user}},
         [](Context& ctx, const Json& p) {
           return profile_json(ctx.platform.profiles().get(ctx.actor, id(p, "user_id", IdKind::user)));
         }});
  r.add({"profile.medical_access.grant", "Let a coach read your medical notes", HttpMethod::post,
         "/v1/me/medical-access", Access::signed_in,
         {{"coach_id", ParamType::id, true, "the coach's usr_… id", IdKind::user}},
         [](Context& ctx, const Json& p) {
           ctx.platform.profiles().grant_medical_access(ctx.actor, id(p, "coach_id", IdKind::user));
           return Json{{"status", "granted"}};
         }});
  r.add({"profile.medical_access.revoke", "Take back a coach's access to your medical notes", HttpMethod::del,
         "/v1/me/medical-access/{coach_id}", Access::signed_in,
         {{"coach_id", ParamType::id, true, "the coach's usr_… id", IdKind::user}},
         [](Context& ctx, const Json& p) {
           ctx.platform.profiles().revoke_medical_access(ctx.actor, id(p, "coach_id", IdKind::user));
           return Json{{"status", "revoked"}};
         }});
  r.add({"profile.medical_access.list", "Coaches who may read your medical notes, in the order you let them",
         HttpMethod::get, "/v1/me/medical-access", Access::signed_in, paging_params(),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           auto grants = ctx.platform.profiles().medical_access(ctx.actor, medical_position(page.cursor), page.limit);
           return page_json(grants, grant_json, medical_cursor);
         },
         "items"});
}

}  // namespace fitkit::api

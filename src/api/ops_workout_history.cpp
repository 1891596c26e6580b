// Operations on a history of workouts and its privacy: records, totals, training load, the
// sports list, workout settings and privacy zones.
#include "api/registry.hpp"
#include "api/views.hpp"
#include "workouts/workout_json.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/workouts.hpp"
#include "workouts/sports.hpp"

namespace fitkit::api {
namespace {

using workouts::workout_json;
using workouts::import_summary_json;
using workouts::personal_record_json;
using workouts::totals_row_json;
using workouts::load_day_json;
using workouts::privacy_zone_json;
using workouts::workout_settings_json;
using workouts::track_content_type;
using workouts::workout_number_inputs;

const ParamSpec kUserId{"user_id", ParamType::id, false, "whose; yours by default", IdKind::user};
const ParamSpec kSport{"sport", ParamType::string, false, "only this sport", {}, false, 40};

// A whole list, short enough not to page: {"<field>": [...]}.
template <class T, class ToJson>
Json list_json(const char* field, const std::vector<T>& items, ToJson to_json) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return Json{{field, std::move(out)}};
}

}  // namespace

void add_workout_history_operations(Registry& r) {
  r.add({"workouts.sports", "The sports a workout can be, with their family", HttpMethod::get, "/v1/sports",
         Access::anyone, {}, [](Context&, const Json&) {
           Json items = Json::array();
           for (const auto& s : workouts::sports())
             items.push_back({{"id", s.id}, {"name", s.name}, {"family", workouts::to_string(s.family)},
                              {"has_distance", s.has_distance}, {"has_track", s.has_track}});
           return Json{{"sports", std::move(items)}};
         },
         "sports"});
  r.add({"workouts.records", "Personal records per sport, of the workouts you may see", HttpMethod::get,
         "/v1/workouts/records", Access::anyone, {kUserId, kSport}, [](Context& ctx, const Json& p) {
           return list_json("records",
                            ctx.platform.workouts().records(ctx.actor, opt_id(p, "user_id", IdKind::user),
                                                            opt_str(p, "sport")),
                            personal_record_json);
         },
         "records"});
  r.add({"workouts.totals", "Distance, time, ascent and count per week, month or year and sport", HttpMethod::get,
         "/v1/workouts/totals", Access::anyone,
         {{"period", ParamType::string, true, "week, month or year", {}, false, 8}, kUserId,
          {"from", ParamType::string, false, "first local day, YYYY-MM-DD", {}, false, 10},
          {"to", ParamType::string, false, "last local day, YYYY-MM-DD", {}, false, 10}, kSport},
         [](Context& ctx, const Json& p) {
           return list_json("totals", ctx.platform.workouts().totals(ctx.actor, opt_id(p, "user_id", IdKind::user),
                                                            str(p, "period"), opt_str(p, "from"), opt_str(p, "to"),
                                                            opt_str(p, "sport")),
                             totals_row_json);
         },
         "totals"});
  r.add({"workouts.load", "Your training load by day: TRIMP, fitness (42 days), fatigue (7 days) and form",
         HttpMethod::get, "/v1/me/training-load", Access::signed_in,
         {{"from", ParamType::string, true, "first day, YYYY-MM-DD", {}, false, 10},
          {"to", ParamType::string, true, "last day, YYYY-MM-DD", {}, false, 10}},
         [](Context& ctx, const Json& p) {
           return list_json("days", ctx.platform.workouts().training_load(ctx.actor, str(p, "from"), str(p, "to")),
                            load_day_json);
         },
         "days"});

  r.add({"workouts.settings.get", "What others may see of your workouts", HttpMethod::get, "/v1/me/workout-settings",
         Access::signed_in, {}, [](Context& ctx, const Json&) {
           return workout_settings_json(ctx.platform.workouts().settings(ctx.actor));
         }});
  r.add({"workouts.settings.update", "Set what others may see of your workouts; fields not given keep their values",
         HttpMethod::patch, "/v1/me/workout-settings", Access::signed_in,
         {{"default_visibility", ParamType::string, false, "for new workouts: everyone, friends or only_me", {}, false,
           16},
          {"hide_start_finish_m", ParamType::number, false, "hide this much of each end of a track: 0 or 100 to 2000"},
          {"hide_heart_rate", ParamType::boolean, false, "hide heart rate from others"},
          {"hide_calories", ParamType::boolean, false, "hide calories from others"},
          {"hide_map", ParamType::boolean, false, "hide the map (the track) from others"}},
         [](Context& ctx, const Json& p) {
           auto s = ctx.platform.workouts().settings(ctx.actor);
           if (auto v = opt_str(p, "default_visibility")) s.default_visibility = *v;
           if (auto v = opt_num(p, "hide_start_finish_m")) s.hide_start_finish_m = *v;
           if (auto v = opt_bool(p, "hide_heart_rate")) s.hide_heart_rate = *v;
           if (auto v = opt_bool(p, "hide_calories")) s.hide_calories = *v;
           if (auto v = opt_bool(p, "hide_map")) s.hide_map = *v;
           return workout_settings_json(ctx.platform.workouts().update_settings(ctx.actor, s));
         }});
  r.add({"workouts.privacy_zones.add", "Add a place whose part of your tracks nobody else sees", HttpMethod::post,
         "/v1/me/privacy-zones", Access::signed_in,
         {{"lat", ParamType::number, true, "centre latitude, degrees"},
          {"lon", ParamType::number, true, "centre longitude, degrees"},
          {"radius_m", ParamType::number, true, "radius, 100 to 1000 metres"},
          {"name", ParamType::string, false, "a name for you, e.g. Home", {}, false, 100}},
         [](Context& ctx, const Json& p) {
           PrivacyZone z;
           z.lat = opt_num(p, "lat").value_or(0);
           z.lon = opt_num(p, "lon").value_or(0);
           z.radius_m = opt_num(p, "radius_m").value_or(0);
           z.name = opt_str(p, "name").value_or("");
           return privacy_zone_json(ctx.platform.workouts().add_privacy_zone(ctx.actor, z));
         }});
  r.add({"workouts.privacy_zones.list", "Your privacy zones", HttpMethod::get, "/v1/me/privacy-zones",
         Access::signed_in, {}, [](Context& ctx, const Json&) {
           return list_json("zones", ctx.platform.workouts().privacy_zones(ctx.actor), privacy_zone_json);
         },
         "zones"});
  r.add({"workouts.privacy_zones.delete", "Remove a privacy zone", HttpMethod::del, "/v1/me/privacy-zones/{zone_id}",
         Access::signed_in, {{"zone_id", ParamType::id, true, "pzn_… id", IdKind::privacy_zone}},
         [](Context& ctx, const Json& p) {
           ctx.platform.workouts().delete_privacy_zone(ctx.actor, id(p, "zone_id", IdKind::privacy_zone));
           return Json{{"status", "deleted"}};
         }});
}

}  // namespace fitkit::api

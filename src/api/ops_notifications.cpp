// Operations on the caller's notifications: notifications.*
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/notifications.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

Json notification_json(const Notification& n) {
  return {{"id", format_id(IdKind::notification, n.id)},
          {"type", n.type},
          {"title", n.title},
          {"body", n.body},
          {"count", n.repeat_count},
          {"read", n.read},
          {"created_at", time_json(n.created_at)},
          {"updated_at", time_json(n.updated_at)},
          {"data", Json::parse(n.data, nullptr, false)}};
}

}  // namespace

void add_notification_operations(Registry& r) {
  r.add({"notifications.list", "Your notifications, newest first", HttpMethod::get, "/v1/notifications",
         Access::signed_in, paging_params({{"unread_only", ParamType::boolean, false, "only unread ones"}}),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           return page_json(ctx.platform.notifications().list(ctx.actor, opt_bool(p, "unread_only").value_or(false),
                                                               id_position("notifications.list", page.cursor),
                                                               page.limit),
                            notification_json,
                            [](const Notification& n) { return id_cursor("notifications.list", n.id); });
         },
         "items"});
  r.add({"notifications.unread_count", "How many notifications you have not read", HttpMethod::get,
         "/v1/notifications/unread-count", Access::signed_in, {}, [](Context& ctx, const Json&) {
           return Json{{"unread", ctx.platform.notifications().unread_count(ctx.actor)}};
         }});
  r.add({"notifications.mark_read", "Mark notifications read (all of them without ids)", HttpMethod::post,
         "/v1/notifications/read", Access::signed_in, {{"ids", ParamType::array, false, "ntf_… ids"}},
         [](Context& ctx, const Json& p) {
           std::vector<std::int64_t> ids;
           if (auto it = p.find("ids"); it != p.end() && !it->is_null())
             for (const auto& v : *it) {
               if (!v.is_string()) throw Error::invalid("ids", "ids must be ntf_… strings");
               ids.push_back(parse_id(IdKind::notification, v.get<std::string>(), "ids"));
             }
           return Json{{"marked", ctx.platform.notifications().mark_read(ctx.actor, ids)}};
         }});
  r.add({"notifications.delete", "Delete a notification", HttpMethod::del, "/v1/notifications/{notification_id}",
         Access::signed_in, {{"notification_id", ParamType::id, true, "ntf_… id", IdKind::notification}},
         [](Context& ctx, const Json& p) {
           ctx.platform.notifications().remove(ctx.actor, id(p, "notification_id", IdKind::notification));
           return Json{{"status", "deleted"}};
         }});
  r.add({"notifications.preferences.get", "Which notifications reach you, per type and channel", HttpMethod::get,
         "/v1/notifications/preferences", Access::signed_in, {},
         [](Context& ctx, const Json&) {
           Json items = Json::array();
           for (const auto& pref : ctx.platform.notifications().preferences(ctx.actor))
             items.push_back({{"type", pref.type}, {"channel", pref.channel}, {"enabled", pref.enabled}});
           return page_json(std::move(items), std::nullopt);
         },
         "items"});
  r.add({"notifications.preferences.set", "Turn a type of notification on or off for a channel", HttpMethod::put,
         "/v1/notifications/preferences", Access::signed_in,
         {{"type", ParamType::string, true, "security, account or marketing"},
          {"channel", ParamType::string, true, "in_app or email"},
          {"enabled", ParamType::boolean, true, "true or false"}},
         [](Context& ctx, const Json& p) {
           NotificationPreference pref{str(p, "type"), str(p, "channel"), *opt_bool(p, "enabled")};
           ctx.platform.notifications().set_preference(ctx.actor, pref);
           return Json{{"type", pref.type}, {"channel", pref.channel}, {"enabled", pref.enabled}};
         }});
}

}  // namespace fitkit::api

// Operations on gear use: gear.usage.* (counters kept by hand) and gear.defaults.* (the items
// a new workout of a sport gets).
#include "api/cursor.hpp"
#include "api/ops_gear.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

constexpr std::string_view kUsageList = "gear.usage.list";

const ParamSpec kSport{"sport", ParamType::string, true, "a key of the sports list, such as run or ride"};

std::vector<std::int64_t> gear_ids(const Json& p) {
  std::vector<std::int64_t> out;
  for (const auto& v : p.at("gear_ids")) {
    if (!v.is_string()) throw Error::invalid("gear_ids", "gear_ids must be a list of gear_… ids");
    out.push_back(parse_id(IdKind::gear, v.get<std::string>(), "gear_ids"));
  }
  return out;
}

}  // namespace

void add_gear_usage_operations(Registry& r) {
  r.add({"gear.usage.log",
         "Log a counted use of an item by hand: a wash, a service…",
         HttpMethod::post,
         "/v1/gear/{gear_id}/usage",
         Access::signed_in,
         {gear_id_param(),
          {"counter", ParamType::string, true, "what is counted, a lower-case name such as washes", {}, false, 32},
          {"count", ParamType::integer, false, "how many (default 1)"},
          {"date", ParamType::string, false, "the day, YYYY-MM-DD (default: today)"},
          {"note", ParamType::string, false, "a short note", {}, false, 500}},
         [](Context& ctx, const Json& p) {
           const auto count = opt_int(p, "count").value_or(1);
           return usage_entry_json(ctx.platform.gear().log_usage(ctx.actor, id(p, "gear_id", IdKind::gear),
                                                                 str(p, "counter"), count, opt_str(p, "date"),
                                                                 opt_str(p, "note")));
         }});
  r.add({"gear.usage.list", "Your hand-logged gear usage, newest day first", HttpMethod::get, "/v1/me/gear-usage",
         Access::signed_in,
         paging_params({{"gear_id", ParamType::id, false, "only this item's entries", IdKind::gear},
                        {"counter", ParamType::string, false, "only this counter", {}, false, 32}}),
         [](Context& ctx, const Json& p) {
           UsageQuery q;
           q.gear_id = opt_id(p, "gear_id", IdKind::gear);
           q.counter = opt_str(p, "counter");
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kUsageList, *page.cursor);
             auto date = reader.text();  // the day, checked by the service
             auto entry = reader.integer();
             reader.finish();
             q.before = std::pair{std::move(date), entry};
           }
           q.limit = page.limit;
           return page_json(ctx.platform.gear().usage_log(ctx.actor, q), usage_entry_json, [](const UsageEntry& e) {
             return CursorWriter(kUsageList).text(e.date).integer(e.id).finish();
           });
         },
         "items"});
  r.add({"gear.usage.delete",
         "Delete an entry of the usage log",
         HttpMethod::del,
         "/v1/me/gear-usage/{entry_id}",
         Access::signed_in,
         {{"entry_id", ParamType::id, true, "gus_… id of the entry", IdKind::gear_usage}},
         [](Context& ctx, const Json& p) {
           ctx.platform.gear().delete_usage(ctx.actor, id(p, "entry_id", IdKind::gear_usage));
           return Json{{"status", "deleted"}};
         }});

  r.add({"gear.defaults.set",
         "Choose the items a new workout of a sport gets when it names none",
         HttpMethod::put,
         "/v1/me/gear-defaults/{sport}",
         Access::signed_in,
         {kSport, {"gear_ids", ParamType::array, true, "gear_… ids, at most 10; [] clears the sport's defaults"}},
         [](Context& ctx, const Json& p) {
           return gear_default_json(ctx.platform.gear().set_defaults(ctx.actor, str(p, "sport"), gear_ids(p)));
         }});
  r.add({"gear.defaults.list",
         "Your default items, by sport",
         HttpMethod::get,
         "/v1/me/gear-defaults",
         Access::signed_in,
         {},
         [](Context& ctx, const Json&) {
           Json items = Json::array();
           for (const auto& d : ctx.platform.gear().defaults(ctx.actor)) items.push_back(gear_default_json(d));
           return Json{{"defaults", std::move(items)}};
         },
         "defaults"});
  r.add({"gear.defaults.delete",
         "Stop giving a sport's new workouts default items",
         HttpMethod::del,
         "/v1/me/gear-defaults/{sport}",
         Access::signed_in,
         {kSport},
         [](Context& ctx, const Json& p) {
           ctx.platform.gear().delete_defaults(ctx.actor, str(p, "sport"));
           return Json{{"status", "deleted"}};
         }});
}

}  // namespace fitkit::api

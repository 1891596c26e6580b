// Operations on how gear is judged and grouped: gear.limits.* (wear limits of an item or of a
// category) and gear.collections.*.
#include "api/ops_gear.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

const ParamSpec kCollectionName{"name", ParamType::string, true, "the collection's name, e.g. For running", {}, false,
                                50};

// Exactly one of gear_id and category says whose limit it is.
struct LimitTarget {
  std::optional<std::int64_t> gear_id;
  std::optional<std::string> category;
};

LimitTarget target_of(const Json& p) {
  LimitTarget t{opt_id(p, "gear_id", IdKind::gear), opt_str(p, "category")};
  if (t.gear_id.has_value() == t.category.has_value())
    throw Error::invalid(t.gear_id ? "category" : "gear_id",
                         "give either gear_id (an item's own limit) or category (the default of a category)");
  return t;
}

std::vector<ParamSpec> target_params() {
  return {{"gear_id", ParamType::id, false, "gear_… id: the item's own limit", IdKind::gear},
          {"category", ParamType::string, false, "or a category: the default of its items without a limit"}};
}

}  // namespace

void add_gear_setting_operations(Registry& r) {
  auto set_params = target_params();
  set_params.push_back({"metric", ParamType::string, true, "distance_m, moving_s, uses or counter"});
  set_params.push_back({"amount", ParamType::number, true, "the limit: metres, seconds, uses or counts"});
  set_params.push_back(
      {"counter", ParamType::string, false, "with metric counter: its name, e.g. washes", {}, false, 32});
  r.add({"gear.limits.set", "Set a wear limit of an item or the default of a category (e.g. shoes: 800 km)",
         HttpMethod::put, "/v1/me/gear-limits", Access::signed_in, set_params, [](Context& ctx, const Json& p) {
           const auto target = target_of(p);
           const WearLimit limit{str(p, "metric"), opt_str(p, "counter"), *opt_num(p, "amount")};
           if (target.gear_id) return gear_json(ctx.platform.gear().set_item_limit(ctx.actor, *target.gear_id, limit));
           return category_limit_json(ctx.platform.gear().set_category_limit(ctx.actor, *target.category, limit));
         }});
  r.add({"gear.limits.list",
         "Your default wear limits by category",
         HttpMethod::get,
         "/v1/me/gear-limits",
         Access::signed_in,
         {},
         [](Context& ctx, const Json&) {
           Json items = Json::array();
           for (const auto& l : ctx.platform.gear().category_limits(ctx.actor)) items.push_back(category_limit_json(l));
           return Json{{"limits", std::move(items)}};
         },
         "limits"});
  r.add({"gear.limits.delete", "Remove an item's own wear limit or a category's default", HttpMethod::del,
         "/v1/me/gear-limits", Access::signed_in, target_params(), [](Context& ctx, const Json& p) {
           const auto target = target_of(p);
           if (target.gear_id) return gear_json(ctx.platform.gear().delete_item_limit(ctx.actor, *target.gear_id));
           ctx.platform.gear().delete_category_limit(ctx.actor, *target.category);
           return Json{{"status", "deleted"}};
         }});

  r.add({"gear.collections.list",
         "Your collections and how many items each holds",
         HttpMethod::get,
         "/v1/me/gear-collections",
         Access::signed_in,
         {},
         [](Context& ctx, const Json&) {
           Json items = Json::array();
           for (const auto& c : ctx.platform.gear().collections(ctx.actor))
             items.push_back(Json{{"name", c.name}, {"items", c.items}});
           return Json{{"collections", std::move(items)}};
         },
         "collections"});
  r.add({"gear.collections.add",
         "Put an item in a collection (made when first used)",
         HttpMethod::post,
         "/v1/gear/{gear_id}/collections",
         Access::signed_in,
         {gear_id_param(), kCollectionName},
         [](Context& ctx, const Json& p) {
           return gear_json(
               ctx.platform.gear().add_to_collection(ctx.actor, id(p, "gear_id", IdKind::gear), str(p, "name")));
         }});
  r.add({"gear.collections.remove",
         "Take an item out of a collection",
         HttpMethod::del,
         "/v1/gear/{gear_id}/collections",
         Access::signed_in,
         {gear_id_param(), kCollectionName},
         [](Context& ctx, const Json& p) {
           return gear_json(
               ctx.platform.gear().remove_from_collection(ctx.actor, id(p, "gear_id", IdKind::gear), str(p, "name")));
         }});
  r.add({"gear.collections.rename",
         "Rename a collection",
         HttpMethod::post,
         "/v1/me/gear-collections/rename",
         Access::signed_in,
         {kCollectionName, {"new_name", ParamType::string, true, "its new name", {}, false, 50}},
         [](Context& ctx, const Json& p) {
           const auto c = ctx.platform.gear().rename_collection(ctx.actor, str(p, "name"), str(p, "new_name"));
           return Json{{"name", c.name}, {"items", c.items}};
         }});
  r.add({"gear.collections.delete",
         "Delete a collection; its items stay",
         HttpMethod::del,
         "/v1/me/gear-collections",
         Access::signed_in,
         {kCollectionName},
         [](Context& ctx, const Json& p) {
           ctx.platform.gear().delete_collection(ctx.actor, str(p, "name"));
           return Json{{"status", "deleted"}};
         }});
}

}  // namespace fitkit::api

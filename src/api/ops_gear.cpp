// Operations on gear: gear.* — items, their photo and components here; the usage log, defaults,
// limits and collections in ops_gear_usage.cpp and ops_gear_settings.cpp; reviews and the
// catalogue in ops_gear_reviews.cpp.
#include "api/ops_gear.hpp"

#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

constexpr std::string_view kGearList = "gear.list";

GearFields fields_from(const Json& p) {
  GearFields f;
  f.category = opt_str(p, "category");
  f.name = opt_str(p, "name");
  f.brand = text_change(p, "brand");
  f.model = text_change(p, "model");
  f.purchased_on = text_change(p, "purchased_on");
  f.warranty_until = text_change(p, "warranty_until");
  f.price = text_change(p, "price");
  f.currency = text_change(p, "currency");
  f.start_distance_m = opt_num(p, "start_distance_m");
  f.start_moving_s = opt_num(p, "start_moving_s");
  f.start_uses = opt_int(p, "start_uses");
  if (auto it = p.find("custom_fields"); it != p.end()) {
    std::map<std::string, std::string> fields;
    if (!it->is_null())
      for (const auto& [key, value] : it->items()) {
        if (!value.is_string())
          throw Error::invalid("custom_fields", "custom_fields values must be text, such as {\"colour\": \"red\"}");
        fields[key] = value.get<std::string>();
      }
    f.custom_fields = std::move(fields);
  }
  if (auto it = p.find("collections"); it != p.end()) {
    std::vector<std::string> names;
    if (!it->is_null())
      for (const auto& name : *it) {
        if (!name.is_string()) throw Error::invalid("collections", "collections must be a list of names");
        names.push_back(name.get<std::string>());
      }
    f.collections = std::move(names);
  }
  return f;
}

std::vector<ParamSpec> item_params(bool creating) {
  std::vector<ParamSpec> params{
      {"category", ParamType::string, creating, "shoes, clothing, accessories, equipment, bike, component or other"},
      {"name", ParamType::string, false, "what you call it; brand and model by default", {}, false, 100},
      {"brand", ParamType::string, false, "e.g. Nike", {}, false, 100},
      {"model", ParamType::string, false, "e.g. Pegasus 40", {}, false, 100},
      {"purchased_on", ParamType::string, false, "purchase date, YYYY-MM-DD"},
      {"price", ParamType::string, false, "price paid, a decimal such as 129.99", {}, false, 32},
      {"currency", ParamType::string, false, "ISO 4217 code of the price, such as EUR", {}, false, 8},
      {"warranty_until", ParamType::string, false, "end of the warranty, YYYY-MM-DD"},
      {"start_distance_m", ParamType::number, false, "distance it had done before, in metres"},
      {"start_moving_s", ParamType::number, false, "moving time it had done before, in seconds"},
      {"start_uses", ParamType::integer, false, "uses it had had before"},
      {"custom_fields", ParamType::object, false, "short texts by name: {\"colour\": \"red\", \"size\": \"44\"}"},
      {"collections", ParamType::array, false, "names of your collections it belongs to (replaces them)"},
  };
  if (creating) {
    params.push_back(
        {"parent_id", ParamType::id, false, "gear_… id of the item to install it on (a component)", IdKind::gear});
    params.push_back({"installed_on", ParamType::string, false, "with parent_id: since when, YYYY-MM-DD (today)"});
  } else {
    params.insert(params.begin(), gear_id_param());
  }
  return params;
}

Json item_result(const GearItem& g) { return gear_json(g); }

}  // namespace

void add_gear_item_operations(Registry& r) {
  r.add({"gear.create", "Add an item of gear: shoes, a bike, a jacket, a chain…", HttpMethod::post, "/v1/gear",
         Access::signed_in, item_params(true), [](Context& ctx, const Json& p) {
           auto f = fields_from(p);
           f.parent_id = opt_id(p, "parent_id", IdKind::gear);
           f.installed_on = opt_str(p, "installed_on");
           return item_result(ctx.platform.gear().create(ctx.actor, f));
         }});
  r.add(
      {"gear.list", "Your gear, newest first, with wear and status", HttpMethod::get, "/v1/gear", Access::signed_in,
       paging_params({{"category", ParamType::string, false, "only this category"},
                      {"collection", ParamType::string, false, "only the items of this collection"},
                      {"archived", ParamType::boolean, false, "true: archived items instead of those in use"},
                      {"parent_id", ParamType::id, false, "only the components installed on this item", IdKind::gear}}),
       [](Context& ctx, const Json& p) {
         GearQuery q;
         q.category = opt_str(p, "category");
         q.collection = opt_str(p, "collection");
         q.archived = opt_bool(p, "archived").value_or(false);
         q.parent_id = opt_id(p, "parent_id", IdKind::gear);
         const auto page = page_request(p);
         q.before = id_position(kGearList, page.cursor);
         q.limit = page.limit;
         return page_json(ctx.platform.gear().list(ctx.actor, q), item_result,
                          [](const GearItem& g) { return id_cursor(kGearList, g.id); });
       },
       "items"});
  r.add({"gear.get",
         "One of your items, with its usage, wear and status",
         HttpMethod::get,
         "/v1/gear/{gear_id}",
         Access::signed_in,
         {gear_id_param()},
         [](Context& ctx, const Json& p) {
           return item_result(ctx.platform.gear().get(ctx.actor, id(p, "gear_id", IdKind::gear)));
         }});
  r.add({"gear.update", "Change an item; a field set to null is cleared", HttpMethod::patch, "/v1/gear/{gear_id}",
         Access::signed_in, item_params(false), [](Context& ctx, const Json& p) {
           return item_result(ctx.platform.gear().update(ctx.actor, id(p, "gear_id", IdKind::gear), fields_from(p)));
         }});
  r.add({"gear.archive",
         "Retire an item: kept with its history, no longer offered for workouts",
         HttpMethod::post,
         "/v1/gear/{gear_id}/archive",
         Access::signed_in,
         {gear_id_param()},
         [](Context& ctx, const Json& p) {
           return item_result(ctx.platform.gear().archive(ctx.actor, id(p, "gear_id", IdKind::gear)));
         }});
  r.add({"gear.unarchive",
         "Bring an archived item back into use",
         HttpMethod::post,
         "/v1/gear/{gear_id}/unarchive",
         Access::signed_in,
         {gear_id_param()},
         [](Context& ctx, const Json& p) {
           return item_result(ctx.platform.gear().unarchive(ctx.actor, id(p, "gear_id", IdKind::gear)));
         }});
  r.add({"gear.delete",
         "Delete an item for good, with its photo, log and review",
         HttpMethod::del,
         "/v1/gear/{gear_id}",
         Access::signed_in,
         {gear_id_param()},
         [](Context& ctx, const Json& p) {
           ctx.platform.gear().remove(ctx.actor, id(p, "gear_id", IdKind::gear));
           return Json{{"status", "deleted"}};
         }});

  r.add({"gear.photo.set",
         "Set an item's photo: PNG, JPEG or WebP, at most 5 MiB",
         HttpMethod::put,
         "/v1/gear/{gear_id}/photo",
         Access::signed_in,
         {gear_id_param(), {"photo", ParamType::file, true, "the image file", {}, false, kGearPhotoMaxBytes}},
         [](Context& ctx, const Json& p) {
           return item_result(
               ctx.platform.gear().set_photo(ctx.actor, id(p, "gear_id", IdKind::gear), file_bytes(p, "photo")));
         }});
  Operation photo_get{"gear.photo.get",
                      "An item's photo, as the image file",
                      HttpMethod::get,
                      "/v1/gear/{gear_id}/photo",
                      Access::signed_in,
                      {gear_id_param()},
                      [](Context& ctx, const Json& p) {
                        const auto gear_id = id(p, "gear_id", IdKind::gear);
                        auto photo = ctx.platform.gear().photo(ctx.actor, gear_id);
                        return picture_result(format_id(IdKind::gear, gear_id), photo.content_type, photo.bytes);
                      }};
  photo_get.returns_file = true;
  r.add(std::move(photo_get));
  r.add({"gear.photo.delete",
         "Remove an item's photo",
         HttpMethod::del,
         "/v1/gear/{gear_id}/photo",
         Access::signed_in,
         {gear_id_param()},
         [](Context& ctx, const Json& p) {
           return item_result(ctx.platform.gear().delete_photo(ctx.actor, id(p, "gear_id", IdKind::gear)));
         }});

  r.add({"gear.components.install",
         "Install a component on another item (moving it from where it was)",
         HttpMethod::put,
         "/v1/gear/{gear_id}/installation",
         Access::signed_in,
         {gear_id_param("gear_… id of the component"),
          {"parent_id", ParamType::id, true, "gear_… id of the item it goes on", IdKind::gear},
          {"installed_on", ParamType::string, false, "since when, YYYY-MM-DD (default: now)"}},
         [](Context& ctx, const Json& p) {
           return item_result(ctx.platform.gear().install(ctx.actor, id(p, "gear_id", IdKind::gear),
                                                          id(p, "parent_id", IdKind::gear),
                                                          opt_str(p, "installed_on")));
         }});
  r.add({"gear.components.remove",
         "Take a component off the item it is installed on",
         HttpMethod::del,
         "/v1/gear/{gear_id}/installation",
         Access::signed_in,
         {gear_id_param("gear_… id of the component"),
          {"removed_on", ParamType::string, false, "the first day without it, YYYY-MM-DD (default: now)"}},
         [](Context& ctx, const Json& p) {
           return item_result(
               ctx.platform.gear().uninstall(ctx.actor, id(p, "gear_id", IdKind::gear), opt_str(p, "removed_on")));
         }});
}

void add_gear_operations(Registry& r) {
  add_gear_item_operations(r);
  add_gear_usage_operations(r);
  add_gear_setting_operations(r);
  add_gear_review_operations(r);
}

}  // namespace fitkit::api

#include "gear/gear_store.hpp"

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "gear/gear_policy.hpp"
#include "gear/gear_wear.hpp"

namespace fitkit::gear {

const char* const kItemColumns =
    "g.id, g.user_id, g.category, g.name, g.brand, g.model, g.purchased_on, g.price, g.currency, g.warranty_until,"
    " g.start_distance_m, g.start_moving_s, g.start_uses, g.custom_fields, g.photo_type, g.limit_metric,"
    " g.limit_counter, g.limit_amount, g.archived_at, g.created_at, g.updated_at";

namespace {

std::map<std::string, std::string> parse_custom_fields(const std::string& text) {
  std::map<std::string, std::string> out;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return out;
  for (const auto& [key, value] : json.items())
    if (value.is_string()) out[key] = value.get<std::string>();
  return out;
}

}  // namespace

std::string custom_fields_text(const std::map<std::string, std::string>& fields) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [key, value] : fields) json[key] = value;
  return json.dump();
}

std::string photo_key(std::int64_t user_id, std::int64_t gear_id) {
  return "gear/" + format_id(IdKind::user, user_id) + "/" + format_id(IdKind::gear, gear_id);
}

GearItem read_item(const storage::Row& r) {
  GearItem g;
  g.id = r.i64(0);
  g.user_id = r.i64(1);
  g.category = r.text(2);
  g.name = r.text(3);
  g.brand = r.opt_text(4);
  g.model = r.opt_text(5);
  g.purchased_on = r.opt_text(6);
  g.price = r.opt_text(7);
  g.currency = r.opt_text(8);
  g.warranty_until = r.opt_text(9);
  g.start_distance_m = r.f64(10);
  g.start_moving_s = r.f64(11);
  g.start_uses = r.i64(12);
  g.custom_fields = parse_custom_fields(r.text(13));
  g.photo_type = r.opt_text(14);
  if (auto metric = r.opt_text(15)) {
    g.limit = WearLimit{*metric, r.opt_text(16), r.opt_f64(17).value_or(0)};
    g.limit_source = "item";
  }
  g.archived_at = r.opt_i64(18);
  g.created_at = r.i64(19);
  g.updated_at = r.i64(20);
  return g;
}

std::optional<GearItem> find_item(storage::Connection& c, std::int64_t gear_id) {
  std::optional<GearItem> out;
  c.query(std::string("SELECT ") + kItemColumns + " FROM gear_items g WHERE g.id = ?", {gear_id},
          [&](const storage::Row& r) { out = read_item(r); });
  return out;
}

void require_gear_owner(const Actor& actor) {
  if (!policy::can_own_gear(actor)) throw Error::unauthenticated("sign in as a user: gear belongs to users");
}

GearItem visible_item(storage::Connection& c, const Actor& actor, std::int64_t gear_id) {
  require_gear_owner(actor);
  auto item = find_item(c, gear_id);
  if (!item || !policy::can_view_item(actor, item->user_id)) throw Error::not_found("no such gear item");
  return std::move(*item);
}

GearItem changeable_item(storage::Connection& c, const Actor& actor, std::int64_t gear_id) {
  require_gear_owner(actor);
  auto item = find_item(c, gear_id);
  if (!item || !policy::can_change_item(actor, item->user_id)) throw Error::not_found("no such gear item");
  return std::move(*item);
}

void complete_items(storage::Connection& c, std::int64_t user_id, std::vector<GearItem>& items) {
  if (items.empty()) return;
  std::vector<storage::Param> ids;
  std::map<std::int64_t, GearItem*> by_id;
  for (auto& item : items) {
    ids.emplace_back(item.id);
    by_id[item.id] = &item;
  }
  const auto in = "(" + storage::placeholders(ids.size()) + ")";
  c.query("SELECT gear_id, name FROM gear_collection_items WHERE gear_id IN " + in + " ORDER BY gear_id, name", ids,
          [&](const storage::Row& r) { by_id[r.i64(0)]->collections.push_back(r.text(1)); });
  c.query(
      "SELECT component_id, parent_id, installed_at FROM gear_installs WHERE removed_at IS NULL AND component_id IN " +
          in,
      ids, [&](const storage::Row& r) {
        auto* item = by_id[r.i64(0)];
        item->parent_id = r.i64(1);
        item->installed_at = r.i64(2);
      });
  c.query("SELECT parent_id, COUNT(*) FROM gear_installs WHERE removed_at IS NULL AND parent_id IN " + in +
              " GROUP BY parent_id",
          ids, [&](const storage::Row& r) { by_id[r.i64(0)]->components = r.i64(1); });
  compute_wear(c, user_id, items);
}

GearItem completed(storage::Connection& c, GearItem item) {
  std::vector<GearItem> one{std::move(item)};
  complete_items(c, one.front().user_id, one);
  return std::move(one.front());
}

GearItem reload(storage::Connection& c, std::int64_t gear_id) {
  auto item = find_item(c, gear_id);
  if (!item) throw Error::not_found("no such gear item");
  return completed(c, std::move(*item));
}

}  // namespace fitkit::gear

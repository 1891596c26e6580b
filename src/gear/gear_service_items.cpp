// Items: create, read, list, change, archive and delete.
#include <algorithm>

#include "accounts/user_clock.hpp"
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_notices.hpp"
#include "gear/gear_rules.hpp"
#include "gear/gear_store.hpp"
#include "gear/gear_writes.hpp"

namespace fitkit {
namespace {

// An item's stored fields after a create or an update, checked.
struct ItemRow {
  std::string category, name;
  std::optional<std::string> brand, model, purchased_on, warranty_until, price, currency;
  double start_distance_m = 0, start_moving_s = 0;
  std::int64_t start_uses = 0;
  std::map<std::string, std::string> custom_fields;
};

void apply_text(const Change<std::string>& change, std::optional<std::string>& into, const char* field) {
  if (!change) return;
  into.reset();
  if (!*change) return;
  auto text = gear::single_line(**change, gear::kNameMaxBytes, field);
  if (!text.empty()) into = std::move(text);
}

void apply_date(const Change<std::string>& change, std::optional<std::string>& into, const char* field) {
  if (!change) return;
  into.reset();
  if (!*change || (*change)->empty()) return;
  gear::check_date(**change, field);
  into = **change;
}

ItemRow row_of(const GearItem& g) {
  return {g.category,         g.name,           g.brand,      g.model,
          g.purchased_on,     g.warranty_until, g.price,      g.currency,
          g.start_distance_m, g.start_moving_s, g.start_uses, g.custom_fields};
}

// The fields applied over `current` (a new item when null), each checked, then the rules that
// tie fields together.
ItemRow merged(const GearItem* current, const GearFields& f, const std::string& today) {
  ItemRow row = current ? row_of(*current) : ItemRow{};
  if (f.category) gear::check_category(*f.category);
  if (f.category) row.category = *f.category;
  apply_text(f.brand, row.brand, "brand");
  apply_text(f.model, row.model, "model");
  if (f.name) {
    row.name = gear::single_line(*f.name, gear::kNameMaxBytes, "name");
    if (row.name.empty()) throw Error::invalid("name", "name must not be empty");
  }
  apply_date(f.purchased_on, row.purchased_on, "purchased_on");
  apply_date(f.warranty_until, row.warranty_until, "warranty_until");
  if (f.price)
    row.price = *f.price && !(*f.price)->empty() ? std::optional(gear::checked_price(**f.price)) : std::nullopt;
  if (f.currency)
    row.currency =
        *f.currency && !(*f.currency)->empty() ? std::optional(gear::checked_currency(**f.currency)) : std::nullopt;
  gear::check_start_values(f);
  if (f.start_distance_m) row.start_distance_m = *f.start_distance_m;
  if (f.start_moving_s) row.start_moving_s = *f.start_moving_s;
  if (f.start_uses) row.start_uses = *f.start_uses;
  if (f.custom_fields) row.custom_fields = gear::checked_custom_fields(*f.custom_fields);
  if (!current && !f.category) throw Error::invalid("category", "category is required");
  if (row.name.empty()) {
    row.name = row.brand.value_or("");
    if (row.model) row.name += (row.name.empty() ? "" : " ") + *row.model;
    // Brand and model may be longer together than a name: cut, at a code point, and trimmed again.
    row.name = gear::single_line(gear::utf8_prefix(row.name, gear::kNameMaxBytes), gear::kNameMaxBytes, "name");
    if (row.name.empty()) throw Error::invalid("name", "give the item a name, or a brand and a model");
  }
  if (row.price && !row.currency) throw Error::invalid("currency", "give the currency of the price, such as EUR");
  if (row.currency && !row.price) throw Error::invalid("price", "a currency goes with a price");
  if (row.purchased_on && *row.purchased_on > today)
    throw Error::invalid("purchased_on", "purchased_on is after today");
  if (row.purchased_on && row.warranty_until && *row.warranty_until < *row.purchased_on)
    throw Error::invalid("warranty_until", "warranty_until is before purchased_on");
  return row;
}

std::vector<storage::Param> row_params(const ItemRow& row, const std::string& custom_fields) {
  return {row.category,         row.name,           row.brand,      row.model,
          row.purchased_on,     row.price,          row.currency,   row.warranty_until,
          row.start_distance_m, row.start_moving_s, row.start_uses, custom_fields};
}

// A review follows its item's brand and model; an item without them cannot keep one.
void refresh_review(storage::Connection& c, std::int64_t gear_id, const ItemRow& row) {
  if (!c.query_i64("SELECT COUNT(*) FROM gear_reviews WHERE gear_id = ?", {gear_id}).value_or(0)) return;
  if (!row.brand || !row.model)
    throw Error::precondition("the item has a review, which needs its brand and model; delete the review first",
                              row.brand ? "model" : "brand");
  c.exec("UPDATE gear_reviews SET brand = ?, model = ?, brand_key = ?, model_key = ? WHERE gear_id = ?",
         {*row.brand, *row.model, gear::catalogue_key(*row.brand, "brand"), gear::catalogue_key(*row.model, "model"),
          gear_id});
}

}  // namespace

GearItem GearService::create(const Actor& actor, const GearFields& f) {
  gear::require_gear_owner(actor);
  auto c = rt_.db->acquire();
  const auto now = rt_.now();
  const auto row = merged(nullptr, f, accounts::user_today(*c, actor.user_id, now));
  const auto collections = f.collections ? gear::checked_collections(*f.collections) : std::vector<std::string>{};
  std::optional<GearItem> parent;
  if (f.parent_id) {
    parent = gear::changeable_item(*c, actor, *f.parent_id);
    gear::check_parent(*c, nullptr, *parent);
  } else if (f.installed_on) {
    throw Error::invalid("installed_on", "installed_on goes with parent_id");
  }
  const auto installed_at = gear::day_or_now(*c, actor.user_id, f.installed_on, "installed_on", now);
  storage::Transaction tx(*c);
  const auto id = rt_.next_id();
  const auto custom_fields = gear::custom_fields_text(row.custom_fields);  // bound by reference below
  auto params = row_params(row, custom_fields);
  params.insert(params.begin(), {id, actor.user_id});
  params.insert(params.end(), {now, now});
  c->exec(
      "INSERT INTO gear_items (id, user_id, category, name, brand, model, purchased_on, price, currency,"
      " warranty_until, start_distance_m, start_moving_s, start_uses, custom_fields, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params);
  if (!collections.empty()) gear::write_collections(*c, actor.user_id, id, collections, now);
  if (parent)
    c->exec("INSERT INTO gear_installs (id, component_id, parent_id, installed_at) VALUES (?, ?, ?, ?)",
            {rt_.next_id(), id, parent->id, installed_at});
  gear::send_due_notices(rt_, *c, actor.user_id, {id});
  auto item = gear::reload(*c, id);
  tx.commit();
  return item;
}

GearItem GearService::get(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  return gear::completed(*c, gear::visible_item(*c, actor, gear_id));
}

Page<GearItem> GearService::list(const Actor& actor, const GearQuery& q) {
  gear::require_gear_owner(actor);
  check_page_limit(q.limit);
  if (q.category) gear::check_category(*q.category);
  std::optional<std::string> collection;
  if (q.collection) collection = gear::checked_collection_name(*q.collection, "collection");
  auto c = rt_.db->acquire();
  if (q.parent_id) gear::visible_item(*c, actor, *q.parent_id);
  std::string sql = std::string("SELECT ") + gear::kItemColumns +
                    " FROM gear_items g WHERE g.user_id = ? AND g.archived_at IS " + (q.archived ? "NOT NULL" : "NULL");
  std::vector<storage::Param> params{actor.user_id};
  if (q.category) {
    sql += " AND g.category = ?";
    params.emplace_back(*q.category);
  }
  if (collection) {
    sql += " AND g.id IN (SELECT gear_id FROM gear_collection_items WHERE user_id = ? AND name = ?)";
    params.insert(params.end(), {actor.user_id, *collection});
  }
  if (q.parent_id) {
    sql += " AND g.id IN (SELECT component_id FROM gear_installs WHERE parent_id = ? AND removed_at IS NULL)";
    params.emplace_back(*q.parent_id);
  }
  if (q.before) {
    sql += " AND g.id < ?";
    params.emplace_back(*q.before);
  }
  sql += " ORDER BY g.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{q.limit} + 1);
  std::vector<GearItem> rows;
  c->query(sql, params, [&](const storage::Row& r) { rows.push_back(gear::read_item(r)); });
  auto page = Page<GearItem>::from_rows(std::move(rows), q.limit);
  gear::complete_items(*c, actor.user_id, page.items);
  return page;
}

GearItem GearService::update(const Actor& actor, std::int64_t gear_id, const GearFields& f) {
  if (f.parent_id || f.installed_on)
    throw Error::invalid(f.parent_id ? "parent_id" : "installed_on",
                         "install a component with gear.components.install");
  auto c = rt_.db->acquire();
  const auto current = gear::changeable_item(*c, actor, gear_id);
  const auto now = rt_.now();
  const auto row = merged(&current, f, accounts::user_today(*c, actor.user_id, now));
  std::optional<std::vector<std::string>> collections;
  if (f.collections) collections = gear::checked_collections(*f.collections);
  storage::Transaction tx(*c);
  const auto custom_fields = gear::custom_fields_text(row.custom_fields);  // bound by reference below
  auto params = row_params(row, custom_fields);
  params.insert(params.end(), {now, gear_id});
  c->exec(
      "UPDATE gear_items SET category = ?, name = ?, brand = ?, model = ?, purchased_on = ?, price = ?,"
      " currency = ?, warranty_until = ?, start_distance_m = ?, start_moving_s = ?, start_uses = ?,"
      " custom_fields = ?, updated_at = ? WHERE id = ?",
      params);
  if (collections) gear::write_collections(*c, actor.user_id, gear_id, *collections, now);
  refresh_review(*c, gear_id, row);
  gear::send_due_notices(rt_, *c, actor.user_id, {gear_id});
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

GearItem GearService::archive(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  gear::changeable_item(*c, actor, gear_id);
  storage::Transaction tx(*c);
  // Archiving twice keeps the first date.
  c->exec("UPDATE gear_items SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL",
          {rt_.now(), rt_.now(), gear_id});
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

GearItem GearService::unarchive(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  gear::changeable_item(*c, actor, gear_id);
  storage::Transaction tx(*c);
  c->exec("UPDATE gear_items SET archived_at = NULL, updated_at = ? WHERE id = ? AND archived_at IS NOT NULL",
          {rt_.now(), gear_id});
  gear::send_due_notices(rt_, *c, actor.user_id, {gear_id});
  auto item = gear::reload(*c, gear_id);
  tx.commit();
  return item;
}

}  // namespace fitkit

#include "gear/gear_json.hpp"

#include <cmath>

#include "core/object_builder.hpp"
#include "fitkit/id.hpp"

namespace fitkit::gear {
namespace {


// Sums of doubles: to a tenth, so that 0.1 + 0.2 reads as 0.3.
double tenth(double v) { return std::round(v * 10) / 10; }

Json opt_id(const std::optional<std::int64_t>& id, IdKind kind) {
  return id ? Json(format_id(kind, *id)) : Json(nullptr);
}

}  // namespace

Json wear_limit_json(const WearLimit& limit) {
  return ObjectBuilder(3)
      .add("metric", limit.metric)
      .add_optional("counter", limit.counter)
      .add("amount", limit.amount)
      .build();
}

Json gear_json(const GearItem& g) {
  Json counters = Json::object();
  for (const auto& [name, count] : g.usage.counters) counters[name] = count;
  Json limit = nullptr;
  if (g.limit) {
    limit = wear_limit_json(*g.limit);
    limit["source"] = g.limit_source;
  }
  Json custom = Json::object();
  for (const auto& [key, value] : g.custom_fields) custom[key] = value;
  return ObjectBuilder(32)
      .add("id", format_id(IdKind::gear, g.id))
      .add("name", g.name)
      .add("category", g.category)
      .add("status", g.status)
      .add_optional("wear_percent", g.wear_percent)
      .add("distance_m", tenth(g.usage.distance_m))
      .add("moving_s", tenth(g.usage.moving_s))
      .add("uses", g.usage.uses)
      .add("counters", std::move(counters))
      .add("limit", std::move(limit))
      .add_optional("brand", g.brand)
      .add_optional("model", g.model)
      .add("parent_id", opt_id(g.parent_id, IdKind::gear))
      .add("installed_at", g.installed_at ? time_json(*g.installed_at) : Json(nullptr))
      .add("components", g.components)
      .add_optional("purchased_on", g.purchased_on)
      .add_optional("price", g.price)
      .add_optional("currency", g.currency)
      .add_optional("warranty_until", g.warranty_until)
      .add("start_distance_m", g.start_distance_m)
      .add("start_moving_s", g.start_moving_s)
      .add("start_uses", g.start_uses)
      .add("custom_fields", std::move(custom))
      .add("collections", g.collections)
      .add("has_photo", g.photo_type.has_value())
      .add("archived", g.archived_at.has_value())
      .add("archived_at", g.archived_at ? time_json(*g.archived_at) : Json(nullptr))
      .add("created_at", time_json(g.created_at))
      .add("updated_at", time_json(g.updated_at))
      .build();
}

Json usage_entry_json(const UsageEntry& e) {
  return ObjectBuilder(7)
      .add("id", format_id(IdKind::gear_usage, e.id))
      .add("gear_id", format_id(IdKind::gear, e.gear_id))
      .add("counter", e.counter)
      .add("count", e.count)
      .add("date", e.date)
      .add_optional("note", e.note)
      .add("created_at", time_json(e.created_at))
      .build();
}

Json gear_default_json(const GearDefault& d) {
  Json ids = Json::array();
  for (auto id : d.gear_ids) ids.push_back(format_id(IdKind::gear, id));
  return ObjectBuilder(2).add("sport", d.sport).add("gear_ids", std::move(ids)).build();
}

Json category_limit_json(const CategoryLimit& l) {
  return ObjectBuilder(5)
      .add("category", l.category)
      .add("metric", l.limit.metric)
      .add_optional("counter", l.limit.counter)
      .add("amount", l.limit.amount)
      .add("updated_at", time_json(l.updated_at))
      .build();
}

Json gear_review_json(const GearReview& r) {
  return ObjectBuilder(8)
      .add("id", format_id(IdKind::gear_review, r.id))
      .add("gear_id", format_id(IdKind::gear, r.gear_id))
      .add("brand", r.brand)
      .add("model", r.model)
      .add("rating", r.rating)
      .add_optional("text", r.text)
      .add("created_at", time_json(r.created_at))
      .add("updated_at", time_json(r.updated_at))
      .build();
}

// No id, author or item: a catalogue review says what was written, not by whom.
Json catalogue_review_json(const CatalogueReview& r) {
  return ObjectBuilder(5)
      .add("brand", r.brand)
      .add("model", r.model)
      .add("rating", r.rating)
      .add_optional("text", r.text)
      .add("updated_at", time_json(r.updated_at))
      .build();
}

Json catalogue_entry_json(const CatalogueEntry& e) {
  Json recent = Json::array();
  for (const auto& r : e.recent)
    recent.push_back(ObjectBuilder(3)
                         .add("rating", r.rating)
                         .add_optional("text", r.text)
                         .add("updated_at", time_json(r.updated_at))
                         .build());
  return ObjectBuilder(5)
      .add("brand", e.brand)
      .add("model", e.model)
      .add("rating_average", e.rating_average)
      .add("rating_count", e.rating_count)
      .add("recent_reviews", std::move(recent))
      .build();
}

}  // namespace fitkit::gear

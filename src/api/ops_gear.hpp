// The gear operations' shared pieces: JSON views and parameters (src/api/ops_gear*.cpp).
#pragma once

#include "api/registry.hpp"
#include "fitkit/gear.hpp"

namespace fitkit::api {

Json gear_json(const GearItem& g);
Json wear_limit_json(const WearLimit& limit);
Json usage_entry_json(const UsageEntry& e);
Json gear_default_json(const GearDefault& d);
Json category_limit_json(const CategoryLimit& l);
Json gear_review_json(const GearReview& r);
Json catalogue_entry_json(const CatalogueEntry& e);
Json catalogue_review_json(const CatalogueReview& r);

inline ParamSpec gear_id_param(std::string help = "gear_… id of one of your items") {
  return {"gear_id", ParamType::id, true, std::move(help), IdKind::gear};
}

// The parts of gear.*, each in its own file.
void add_gear_item_operations(Registry& r);
void add_gear_usage_operations(Registry& r);
void add_gear_setting_operations(Registry& r);
void add_gear_review_operations(Registry& r);

}  // namespace fitkit::api

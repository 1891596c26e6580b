// The JSON shapes of gear (docs/gear.md): items, log entries, defaults, limits, reviews and
// the catalogue, for the operations and for the account export alike.
#pragma once

#include <nlohmann/json.hpp>

#include "fitkit/gear.hpp"

namespace fitkit::gear {

using Json = nlohmann::ordered_json;

Json gear_json(const GearItem& g);
Json wear_limit_json(const WearLimit& limit);
Json usage_entry_json(const UsageEntry& e);
Json gear_default_json(const GearDefault& d);
Json category_limit_json(const CategoryLimit& l);
Json gear_review_json(const GearReview& r);
Json catalogue_entry_json(const CatalogueEntry& e);
Json catalogue_review_json(const CatalogueReview& r);

}  // namespace fitkit::gear

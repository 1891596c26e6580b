// The gear operations' shared pieces: JSON views (gear/gear_json.hpp) and parameters.
#pragma once

#include "api/registry.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_json.hpp"

namespace fitkit::api {

using gear::gear_json;
using gear::wear_limit_json;
using gear::usage_entry_json;
using gear::gear_default_json;
using gear::category_limit_json;
using gear::gear_review_json;
using gear::catalogue_entry_json;
using gear::catalogue_review_json;

inline ParamSpec gear_id_param(std::string help = "gear_… id of one of your items") {
  return {"gear_id", ParamType::id, true, std::move(help), IdKind::gear};
}

// The parts of gear.*, each in its own file.
void add_gear_item_operations(Registry& r);
void add_gear_usage_operations(Registry& r);
void add_gear_setting_operations(Registry& r);
void add_gear_review_operations(Registry& r);

}  // namespace fitkit::api

#include "formats/iof_xml.hpp"

#include <algorithm>

namespace fitkit::formats::iof {

const std::vector<std::string_view>& result_statuses() {
  static const std::vector<std::string_view> statuses = {
      "OK",       "Finished", "MissingPunch", "Disqualified", "DidNotFinish",
      "Active",   "Inactive", "OverTime",     "SportingWithdrawal", "NotCompeting",
      "Moved",    "MovedUp",  "DidNotStart",  "DidNotEnter",  "Cancelled"};
  return statuses;
}

bool is_result_status(std::string_view s) noexcept {
  const auto& all = result_statuses();
  return std::find(all.begin(), all.end(), s) != all.end();
}

bool is_split_status(std::string_view s) noexcept { return s == "OK" || s == "Missing" || s == "Additional"; }

bool is_list_status(std::string_view s) noexcept { return s == "Complete" || s == "Delta" || s == "Snapshot"; }

}  // namespace fitkit::formats::iof

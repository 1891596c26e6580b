// Which column of a results file gives which field: the mapping's pairs first, then the
// headers fitkit recognises (docs/results.md lists them). Part of results_csv.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/results_csv.hpp"

namespace fitkit::events::results_csv {

enum Field : std::size_t {
  bib, registration, given_name, family_name, name, time, distance, points, place, status, team, gender, birth_date,
  field_count
};

std::string_view field_name(Field f) noexcept;

struct Columns {
  std::array<std::optional<std::size_t>, field_count> of{};  // the column of each field, if any
  std::vector<MappedColumn> mapping;
  std::vector<std::string> ignored;
};

// Throws Error::invalid("mapping") for a mapped header the file lacks or has twice, and
// Error::invalid("file") for a header that is not UTF-8 text.
Columns find_columns(const std::vector<std::string>& header,
                     const std::vector<std::pair<std::string, std::string>>& mapping);

// Spaces and tabs off both ends.
std::string_view trimmed(std::string_view s) noexcept;

}  // namespace fitkit::events::results_csv

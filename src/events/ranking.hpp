// Ranking one contest's results: places overall, by gender and by ranking category, the gap to
// the leader, and the team ranking. Pure functions over the results given; the rules are in
// docs/results.md, "Rankings".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/events.hpp"

namespace fitkit::events {

// One competitor's result in a contest, as the ranking needs it.
struct RankedEntry {
  std::int64_t registration_id = 0;
  std::string status = "OK";          // an IOF result status (formats::iof::result_statuses())
  std::optional<std::int64_t> value;  // by the contest's result_kind: time ms, distance mm, points, place
  std::optional<std::string> gender;  // female, male, other
  std::optional<int> age;             // on the event day (age_on)
  std::optional<std::string> team;
  std::optional<std::int64_t> recorded_at;  // UTC epoch ms the result was recorded
};

// A place in one ranking, with the gap to that ranking's leader (absent for results ranked by
// place, and for every unplaced result).
struct Placing {
  std::optional<int> place;
  std::optional<std::int64_t> behind;  // time ms, distance mm or points, never negative

  bool operator==(const Placing&) const = default;
};

struct CategoryPlacing {
  std::size_t category = 0;  // index into the contest's categories
  Placing placing;

  bool operator==(const CategoryPlacing&) const = default;
};

struct RankedResult {
  std::size_t entry = 0;  // index into the entries ranked
  Placing overall;
  Placing in_gender;       // among results of the same gender; nothing without a gender
  bool provisional = false;  // status Finished: placed, not yet validated
  // The categories it belongs to, placed or not: Ranking::categories_of.
  std::size_t categories_begin = 0, categories_count = 0;
};

struct Ranking {
  // Every entry once, in the order of the result list: placed results by place, then the
  // unplaced ones. A gender's or a category's list is this one with the others left out.
  std::vector<RankedResult> results;
  std::vector<CategoryPlacing> category_placings;  // for all results, each result's in one run

  std::span<const CategoryPlacing> categories_of(const RankedResult& r) const {
    return std::span<const CategoryPlacing>(category_placings).subspan(r.categories_begin, r.categories_count);
  }
};

// Ranks a contest's results by its result_kind (time, distance, points or place; anything else
// throws Error::invalid("result_kind")) within its ranking categories. O(n log n).
Ranking rank(const std::vector<RankedEntry>& entries, std::string_view result_kind,
             const std::vector<RankingCategory>& categories);

struct TeamStanding {
  std::string team;
  std::optional<int> place;           // absent: fewer than N results that count
  std::optional<std::int64_t> total;  // the sum of the best N values, when placed
  std::optional<std::int64_t> behind; // gap of the total to the winning team's (not for place)
  std::vector<std::size_t> counted;   // entries (indices) whose values count, best first
  std::size_t results = 0;            // the team's placed results, counted or not
};

// The team ranking: each team's best `best_n` values of placed results summed. 0 means no team
// ranking (an empty list); a negative count throws Error::invalid("team_size").
std::vector<TeamStanding> rank_teams(const std::vector<RankedEntry>& entries, std::string_view result_kind,
                                     int best_n);

// Whether a result of this gender and age belongs to the category: the category's gender, if
// it has one, is the result's; its age bounds, if any, hold the result's age.
bool in_category(const RankingCategory& category, const std::optional<std::string>& gender,
                 std::optional<int> age) noexcept;

// The code of the first category, in the contest's order, that the result belongs to.
std::optional<std::string> category_code_for(const std::vector<RankingCategory>& categories,
                                             const std::optional<std::string>& gender, std::optional<int> age);

// Age in whole years on `day`, both YYYY-MM-DD. Someone born on 29 February turns a year
// older on 1 March in a year without one. Empty for a date that is not one, or a day before
// the birth.
std::optional<int> age_on(std::string_view birth_date, std::string_view day) noexcept;

// Whether a result with this status is placed: OK, and Finished (provisionally).
bool is_placed_status(std::string_view status) noexcept;

}  // namespace fitkit::events

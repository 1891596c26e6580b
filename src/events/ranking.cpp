#include "events/ranking.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>
#include <unordered_map>

#include "fitkit/error.hpp"

namespace fitkit::events {
namespace {

struct Kind {
  bool lower_is_better;  // time and place; distance and points are better higher
  bool has_behind;       // a gap to the leader means something (not for places)
};

Kind kind_of(std::string_view result_kind) {
  if (result_kind == "time") return {true, true};
  if (result_kind == "distance" || result_kind == "points") return {false, true};
  if (result_kind == "place") return {true, false};
  throw Error::invalid("result_kind", "result_kind must be one of time, distance, points, place");
}

// How unplaced results follow the placed ones: those who ran the course and missed out on a
// place first, then those who did not finish it, then those who never started.
constexpr std::array<std::string_view, 13> kUnplacedOrder{
    "OverTime", "MissingPunch", "DidNotFinish", "Disqualified", "SportingWithdrawal", "NotCompeting", "Active",
    "Inactive", "DidNotStart",  "Moved",        "MovedUp",      "DidNotEnter",        "Cancelled"};

// 0 for a placed result, else its rank among the unplaced: the statuses above, then a placed
// status without a value, then any other status.
int group_of(const RankedEntry& e) {
  if (is_placed_status(e.status)) return e.value ? 0 : static_cast<int>(kUnplacedOrder.size()) + 1;
  const auto at = std::find(kUnplacedOrder.begin(), kUnplacedOrder.end(), e.status);
  return at == kUnplacedOrder.end() ? static_cast<int>(kUnplacedOrder.size()) + 2
                                    : static_cast<int>(at - kUnplacedOrder.begin()) + 1;
}

std::int64_t saturated(__int128 v) {
  constexpr auto lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::clamp<__int128>(v, lo, hi));
}

// How far `value` is behind `leader`: never negative, as the leader is at least as good.
std::int64_t gap(std::int64_t value, std::int64_t leader, const Kind& kind) {
  return saturated(kind.lower_is_better ? static_cast<__int128>(value) - leader
                                        : static_cast<__int128>(leader) - value);
}

bool better(std::int64_t a, std::int64_t b, const Kind& kind) { return kind.lower_is_better ? a < b : a > b; }

// The order of the result list, as indices into `entries`: placed results best first, equal
// values by when they were recorded (unknown last), then by registration; the unplaced by
// status group, then by registration. The index settles equal registrations.
std::vector<std::size_t> listing_order(const std::vector<RankedEntry>& entries, const Kind& kind,
                                       std::vector<int>& groups) {
  groups.resize(entries.size());
  std::vector<std::size_t> order(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    order[i] = i;
    groups[i] = group_of(entries[i]);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (groups[a] != groups[b]) return groups[a] < groups[b];
    const auto &x = entries[a], &y = entries[b];
    if (groups[a] == 0) {
      if (*x.value != *y.value) return better(*x.value, *y.value, kind);
      if (x.recorded_at.has_value() != y.recorded_at.has_value()) return x.recorded_at.has_value();
      if (x.recorded_at && *x.recorded_at != *y.recorded_at) return *x.recorded_at < *y.recorded_at;
    }
    if (x.registration_id != y.registration_id) return x.registration_id < y.registration_id;
    return a < b;
  });
  return order;
}

// One ranking being built: standard competition ranking (1, 1, 3).
struct Ladder {
  int placed = 0, last_place = 0;
  std::int64_t last_value = 0, leader = 0;

  Placing next(std::int64_t value, const Kind& kind) {
    ++placed;
    if (placed == 1) leader = value;
    if (placed == 1 || value != last_value) last_place = placed;
    last_value = value;
    Placing p{last_place, std::nullopt};
    if (kind.has_behind) p.behind = gap(value, leader, kind);
    return p;
  }
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct Date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;
};

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[static_cast<std::size_t>(*m - 1)] + (*m == 2 && is_leap(*y) ? 1 : 0);
  if (*d > days) return std::nullopt;
  return Date{*y, *m, *d};
}

}  // namespace

bool is_placed_status(std::string_view status) noexcept { return status == "OK" || status == "Finished"; }

bool in_category(const RankingCategory& category, const std::optional<std::string>& gender,
                 std::optional<int> age) noexcept {
  if (category.gender && (!gender || *gender != *category.gender)) return false;
  if ((category.min_age || category.max_age) && !age) return false;
  if (category.min_age && *age < *category.min_age) return false;
  if (category.max_age && *age > *category.max_age) return false;
  return true;
}

std::optional<std::string> category_code_for(const std::vector<RankingCategory>& categories,
                                             const std::optional<std::string>& gender, std::optional<int> age) {
  for (const auto& c : categories)
    if (in_category(c, gender, age)) return c.code;
  return std::nullopt;
}

std::optional<int> age_on(std::string_view birth_date, std::string_view day) noexcept {
  const auto born = parse_date(birth_date), on = parse_date(day);
  if (!born || !on || *on < *born) return std::nullopt;
  // Comparing (month, day) pairs makes a 29 February birthday fall after 28 February and
  // before 1 March of every year.
  const bool had_birthday = std::pair(on->month, on->day) >= std::pair(born->month, born->day);
  return on->year - born->year - (had_birthday ? 0 : 1);
}

Ranking rank(const std::vector<RankedEntry>& entries, std::string_view result_kind,
             const std::vector<RankingCategory>& categories) {
  const Kind kind = kind_of(result_kind);
  std::vector<int> groups;
  const auto order = listing_order(entries, kind, groups);

  Ranking out;
  out.results.reserve(entries.size());
  out.category_placings.reserve(entries.size());
  Ladder overall;
  std::unordered_map<std::string_view, Ladder> by_gender;
  std::vector<Ladder> by_category(categories.size());
  for (const std::size_t i : order) {
    const auto& e = entries[i];
    const bool placed = groups[i] == 0;
    RankedResult r;
    r.entry = i;
    r.provisional = placed && e.status == "Finished";
    if (placed) {
      r.overall = overall.next(*e.value, kind);
      if (e.gender) r.in_gender = by_gender[*e.gender].next(*e.value, kind);
    }
    r.categories_begin = out.category_placings.size();
    for (std::size_t c = 0; c < categories.size(); ++c) {
      if (!in_category(categories[c], e.gender, e.age)) continue;
      CategoryPlacing cp{c, {}};
      if (placed) cp.placing = by_category[c].next(*e.value, kind);
      out.category_placings.push_back(cp);
    }
    r.categories_count = out.category_placings.size() - r.categories_begin;
    out.results.push_back(r);
  }
  return out;
}

std::vector<TeamStanding> rank_teams(const std::vector<RankedEntry>& entries, std::string_view result_kind,
                                     int best_n) {
  const Kind kind = kind_of(result_kind);
  if (best_n < 0) throw Error::invalid("team_size", "team_size must be 0 (no team ranking) or more");
  if (best_n == 0) return {};
  const auto n = static_cast<std::size_t>(best_n);

  std::vector<TeamStanding> teams;
  std::unordered_map<std::string_view, std::size_t> team_at;
  for (const auto& e : entries)
    if (e.team && !e.team->empty() && team_at.try_emplace(*e.team, teams.size()).second)
      teams.push_back(TeamStanding{*e.team});

  std::vector<int> groups;
  std::vector<__int128> totals(teams.size(), 0);
  for (const std::size_t i : listing_order(entries, kind, groups)) {
    const auto& e = entries[i];
    if (groups[i] != 0) break;  // the placed results come first
    if (!e.team || e.team->empty()) continue;
    const std::size_t t = team_at.at(*e.team);
    ++teams[t].results;
    if (teams[t].counted.size() < n) {
      teams[t].counted.push_back(i);
      totals[t] += *e.value;
    }
  }
  for (std::size_t t = 0; t < teams.size(); ++t)
    if (teams[t].counted.size() == n) teams[t].total = saturated(totals[t]);

  // The last counted member's value breaks a tie of totals; the name only orders the list.
  auto last_value = [&](const TeamStanding& s) { return *entries[s.counted.back()].value; };
  auto tied = [&](const TeamStanding& a, const TeamStanding& b) {
    return *a.total == *b.total && last_value(a) == last_value(b);
  };
  std::sort(teams.begin(), teams.end(), [&](const TeamStanding& a, const TeamStanding& b) {
    if (a.total.has_value() != b.total.has_value()) return a.total.has_value();
    if (a.total && !tied(a, b))
      return *a.total != *b.total ? better(*a.total, *b.total, kind) : better(last_value(a), last_value(b), kind);
    return a.team < b.team;
  });
  for (std::size_t t = 0; t < teams.size() && teams[t].total; ++t) {
    auto& s = teams[t];
    s.place = t > 0 && tied(s, teams[t - 1]) ? teams[t - 1].place : std::optional<int>(static_cast<int>(t) + 1);
    if (kind.has_behind) s.behind = gap(*s.total, *teams[0].total, kind);
  }
  return teams;
}

}  // namespace fitkit::events

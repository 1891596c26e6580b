// Ranking a contest's results: shared places, each result kind's direction, the order of the
// unplaced, places by gender and in overlapping categories, the team ranking, and ages on the
// event day (29 February birthdays).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "events/ranking.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::events;

namespace {

RankedEntry entry(std::int64_t id, std::optional<std::int64_t> value, std::string status = "OK") {
  RankedEntry e;
  e.registration_id = id;
  e.value = value;
  e.status = std::move(status);
  return e;
}

RankedEntry person(std::int64_t id, std::int64_t value, std::string gender, std::optional<int> age,
                   std::string status = "OK") {
  auto e = entry(id, value, std::move(status));
  e.gender = std::move(gender);
  e.age = age;
  return e;
}

// Registration ids in the order of the list.
std::vector<std::int64_t> listed(const std::vector<RankedEntry>& entries, const Ranking& r) {
  std::vector<std::int64_t> out;
  for (const auto& x : r.results) out.push_back(entries[x.entry].registration_id);
  return out;
}

std::vector<std::optional<int>> places(const Ranking& r) {
  std::vector<std::optional<int>> out;
  for (const auto& x : r.results) out.push_back(x.overall.place);
  return out;
}

// The place in category `c` of each result, in list order; -1 for a result not in it.
std::vector<int> category_places(const Ranking& r, std::size_t c) {
  std::vector<int> out;
  for (const auto& x : r.results) {
    int place = -1;
    for (const auto& cp : r.categories_of(x))
      if (cp.category == c) place = cp.placing.place.value_or(0);
    out.push_back(place);
  }
  return out;
}

using Places = std::vector<std::optional<int>>;

}  // namespace

TEST_CASE("ranking: equal values share a place, the next one skips, the earlier recorded is listed first") {
  std::vector<RankedEntry> e{entry(1, 3'600'000), entry(2, 3'500'000), entry(3, 3'500'000), entry(4, 3'700'000),
                             entry(5, 3'500'000)};
  e[0].recorded_at = 10;
  e[1].recorded_at = 30;
  e[2].recorded_at = 20;  // recorded before 2: listed before it
  const auto r = rank(e, "time", {});
  CHECK(listed(e, r) == std::vector<std::int64_t>{3, 2, 5, 1, 4});  // 5 has no recorded_at: last of the three
  CHECK(places(r) == Places{1, 1, 1, 4, 5});
  CHECK(r.results[0].overall.behind == 0);
  CHECK(r.results[3].overall.behind == 100'000);
  CHECK(r.results[4].overall.behind == 200'000);
  CHECK_FALSE(r.results[0].in_gender.place);  // no gender given

  // Equal values, none recorded: by registration.
  std::vector<RankedEntry> same{entry(9, 5), entry(7, 5), entry(8, 5)};
  CHECK(listed(same, rank(same, "time", {})) == std::vector<std::int64_t>{7, 8, 9});
}

TEST_CASE("ranking: lower is better for time and place, higher for distance and points") {
  const std::vector<RankedEntry> e{entry(1, 20), entry(2, 10), entry(3, 30)};
  CHECK(listed(e, rank(e, "time", {})) == std::vector<std::int64_t>{2, 1, 3});
  CHECK(listed(e, rank(e, "distance", {})) == std::vector<std::int64_t>{3, 1, 2});
  const auto points = rank(e, "points", {});
  CHECK(listed(e, points) == std::vector<std::int64_t>{3, 1, 2});
  CHECK(points.results[2].overall.behind == 20);  // 30 - 10: never negative
  const auto by_place = rank(e, "place", {});
  CHECK(listed(e, by_place) == std::vector<std::int64_t>{2, 1, 3});
  CHECK_FALSE(by_place.results[1].overall.behind);  // no gap between places
  CHECK_THROWS_AS(rank(e, "speed", {}), Error);
}

TEST_CASE("ranking: Finished is placed provisionally; the unplaced follow in the status order") {
  std::vector<RankedEntry> e{entry(1, std::nullopt, "DidNotStart"), entry(2, 500, "Finished"),
                             entry(3, 400, "Disqualified"),       entry(4, std::nullopt, "MissingPunch"),
                             entry(5, 600),                       entry(6, std::nullopt, "OverTime"),
                             entry(7, std::nullopt, "DidNotFinish"), entry(8, std::nullopt, "Cancelled"),
                             entry(9, std::nullopt, "OK"),        entry(10, std::nullopt, "Strange"),
                             entry(11, std::nullopt, "DidNotFinish"), entry(12, 1, "NotCompeting")};
  const auto r = rank(e, "time", {});
  CHECK(listed(e, r) == std::vector<std::int64_t>{2, 5, 6, 4, 7, 11, 3, 12, 1, 8, 9, 10});
  CHECK(places(r) == Places{1, 2, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}});
  CHECK(r.results[0].provisional);
  CHECK_FALSE(r.results[1].provisional);
  for (std::size_t i = 2; i < r.results.size(); ++i) CHECK_FALSE(r.results[i].overall.behind);
}

TEST_CASE("ranking: places by gender and in every category a result belongs to") {
  const std::vector<RankingCategory> categories{
      {"M40", "male", 40, 49}, {"M", "male", {}, {}}, {"V40", {}, 40, {}}, {"U20", {}, {}, 19}};
  std::vector<RankedEntry> e{person(1, 100, "male", 45),   person(2, 90, "female", 41), person(3, 95, "male", 30),
                             person(4, 99, "male", 42),    person(5, 80, "female", 18), person(6, 0, "male", 44, "DidNotFinish"),
                             entry(7, 85)};  // no gender, no age: overall only
  const auto r = rank(e, "time", categories);
  CHECK(listed(e, r) == std::vector<std::int64_t>{5, 7, 2, 3, 4, 1, 6});
  std::vector<std::optional<int>> by_gender;
  for (const auto& x : r.results) by_gender.push_back(x.in_gender.place);
  CHECK(by_gender == Places{1, {}, 2, 1, 2, 3, {}});
  CHECK(r.results[4].in_gender.behind == 4);  // 99 behind the fastest man's 95
  CHECK(category_places(r, 0) == std::vector<int>{-1, -1, -1, -1, 1, 2, 0});  // M40: 6 is in it, unplaced
  CHECK(category_places(r, 1) == std::vector<int>{-1, -1, -1, 1, 2, 3, 0});
  CHECK(category_places(r, 2) == std::vector<int>{-1, -1, 1, -1, 2, 3, 0});  // V40 of any gender
  CHECK(category_places(r, 3) == std::vector<int>{1, -1, -1, -1, -1, -1, -1});
  CHECK(r.categories_of(r.results[4]).size() == 3);  // 4: M40, M and V40 at once
  CHECK(r.categories_of(r.results[4])[0].placing.behind == 0);
  CHECK(r.categories_of(r.results[5])[0].placing.behind == 1);
}

TEST_CASE("ranking: category membership and the first category of a result") {
  const RankingCategory w35{"W35", "female", 35, 39};
  CHECK(in_category(w35, std::string("female"), 35));
  CHECK(in_category(w35, std::string("female"), 39));
  CHECK_FALSE(in_category(w35, std::string("female"), 40));
  CHECK_FALSE(in_category(w35, std::string("male"), 36));
  CHECK_FALSE(in_category(w35, std::nullopt, 36));                 // a gendered category needs the gender
  CHECK_FALSE(in_category(w35, std::string("female"), std::nullopt));  // and an age when it has bounds
  CHECK(in_category({"Open", {}, {}, {}}, std::nullopt, std::nullopt));
  const std::vector<RankingCategory> list{{"W-Junior", "female", {}, 19}, {"W", "female", {}, {}}, {"Open", {}, {}, {}}};
  CHECK(category_code_for(list, std::string("female"), 17) == "W-Junior");
  CHECK(category_code_for(list, std::string("female"), 30) == "W");
  CHECK(category_code_for(list, std::string("male"), 17) == "Open");
  CHECK_FALSE(category_code_for({w35}, std::string("male"), 17));
}

TEST_CASE("ranking: teams sum their best N, those with fewer are unranked, ties go to the better N-th") {
  auto member = [](std::int64_t id, std::int64_t value, std::string team, std::string status = "OK") {
    auto e = entry(id, value, std::move(status));
    e.team = std::move(team);
    return e;
  };
  const std::vector<RankedEntry> e{
      member(1, 10, "Alpha"), member(2, 20, "Alpha"), member(3, 60, "Alpha"),  // best 2: 30, 2nd 20
      member(4, 14, "Beta"),  member(5, 16, "Beta"),                           // 30, 2nd 16: beats Alpha
      member(6, 5, "Gamma"),  member(7, 1, "Gamma", "DidNotFinish"),           // one placed result
      member(8, 15, "Delta"), member(9, 15, "Delta"),                          // 30, 2nd 15: best
      member(10, 12, "Epsilon"), member(11, 18, "Epsilon"),                    // 30, 2nd 18: last of the 30s
      member(12, 13, "Zeta"), member(13, 17, "Zeta"),                          // 30, 2nd 17
      member(14, 17, "Eta"),  member(15, 13, "Eta"),                           // the same as Zeta: shared
      entry(16, 1)};                                                           // no team
  const auto teams = rank_teams(e, "time", 2);
  std::vector<std::string> names;
  Places team_places;
  for (const auto& t : teams) {
    names.push_back(t.team);
    team_places.push_back(t.place);
  }
  CHECK(names == std::vector<std::string>{"Delta", "Beta", "Eta", "Zeta", "Epsilon", "Alpha", "Gamma"});
  CHECK(team_places == Places{1, 2, 3, 3, 5, 6, {}});
  CHECK(teams[5].total == 30);
  CHECK(teams[5].counted == std::vector<std::size_t>{0, 1});  // best first; the 60 does not count
  CHECK(teams[5].results == 3);
  CHECK(teams[1].behind == 0);
  CHECK_FALSE(teams[6].total);
  CHECK(teams[6].results == 1);

  // Distance: higher totals win, and the gap is to the best total.
  const auto far = rank_teams(e, "distance", 2);
  CHECK(far.front().team == "Alpha");  // 60 + 20
  CHECK(far.front().total == 80);
  CHECK(far[1].behind == 80 - far[1].total.value());

  CHECK(rank_teams(e, "time", 0).empty());
  CHECK_THROWS_AS(rank_teams(e, "time", -1), Error);
}

TEST_CASE("ranking: age on the event day, in whole years, and 29 February birthdays") {
  CHECK(age_on("1980-06-15", "2024-06-14") == 43);
  CHECK(age_on("1980-06-15", "2024-06-15") == 44);
  CHECK(age_on("2000-02-29", "2023-02-28") == 22);  // no 29 February in 2023: not yet
  CHECK(age_on("2000-02-29", "2023-03-01") == 23);  // a year older on 1 March
  CHECK(age_on("2000-02-29", "2024-02-28") == 23);
  CHECK(age_on("2000-02-29", "2024-02-29") == 24);
  CHECK(age_on("2020-05-01", "2020-05-01") == 0);
  CHECK_FALSE(age_on("2020-05-02", "2020-05-01"));  // before the birth
  CHECK_FALSE(age_on("2023-02-29", "2024-01-01"));  // not a date
  CHECK_FALSE(age_on("1900-02-29", "2024-01-01"));  // 1900 was no leap year
  CHECK(age_on("2000-02-29", "2024-01-01") == 23);  // 2000 was
  CHECK_FALSE(age_on("2024-13-01", "2025-01-01"));
  CHECK_FALSE(age_on("2024-1-01", "2025-01-01"));
  CHECK_FALSE(age_on("1980-06-15", "today"));
}

TEST_CASE("ranking: 100,000 results rank in one pass") {
  std::vector<RankedEntry> e;
  e.reserve(100'000);
  for (std::int64_t i = 0; i < 100'000; ++i)
    e.push_back(person(i, 3'000'000 + (i * 7919) % 50'000, i % 2 ? "female" : "male", static_cast<int>(18 + i % 60),
                       i % 50 == 0 ? "DidNotFinish" : "OK"));
  const std::vector<RankingCategory> categories{{"M40", "male", 40, 49}, {"W", "female", {}, {}}, {"V50", {}, 50, {}}};
  const auto r = rank(e, "time", categories);
  REQUIRE(r.results.size() == e.size());
  int last = 0;
  for (const auto& x : r.results) {
    if (!x.overall.place) break;
    CHECK(*x.overall.place >= last);
    last = *x.overall.place;
  }
  CHECK(last > 90'000);
  CHECK(rank_teams(e, "time", 3).empty());
}

// Walking a list operation page by page through the registry, checking the shape of every page.
#pragma once

#include <string>
#include <vector>

#include "fitkit/page.hpp"
#include "unit/fixture.hpp"

namespace fitkit::test {

// The list operations: every operation whose result is a list of items, but
// notifications.preferences.get, a fixed set of six settings rather than a list that grows.
inline const std::vector<std::string>& paged_lists() {
  static const std::vector<std::string> lists{"users.list",          "audit.list",   "sessions.list",
                                              "notifications.list",  "metrics.list", "profile.medical_access.list",
                                              "gear.list",           "gear.usage.list", "gear.catalogue",
                                              "gear.catalogue.reviews",
                                              "templates.list",      "plans.list",   "exercises.list",
                                              "workouts.list",       "orgs.list",    "events.search",
                                              "events.registrations.mine", "events.participants.list",
                                              "events.announcements.list", "events.questions.list",
                                              "events.leaderboard", "events.results.photos.list"};
  return lists;
}

struct Walk {
  std::vector<Json> items;
  std::vector<Json> cursors;  // the next_cursor of each page but the last
};

// Follows next_cursor from the first page to the end, `limit` items a page. Every page holds at
// most `limit` items; a page with a next_cursor is full, and the page it leads to is not empty.
inline Walk walk(TestPlatform& t, const std::string& op, const Actor& who, Json params, int limit) {
  Walk w;
  params["limit"] = limit;
  for (int pages = 1;; ++pages) {
    REQUIRE_MESSAGE(pages < 1000, op << " never ends");
    const auto page = t.call(op, who, params);
    REQUIRE(page["items"].is_array());
    REQUIRE(page.contains("next_cursor"));
    CHECK(page["items"].size() <= static_cast<std::size_t>(limit));
    if (pages > 1) CHECK_MESSAGE(!page["items"].empty(), op << ": a cursor led to an empty page");
    for (const auto& item : page["items"]) w.items.push_back(item);
    if (page["next_cursor"].is_null()) break;
    REQUIRE(page["next_cursor"].is_string());
    CHECK(page["items"].size() == static_cast<std::size_t>(limit));
    w.cursors.push_back(page["next_cursor"]);
    params["cursor"] = page["next_cursor"];
  }
  return w;
}

inline std::vector<std::string> field_of(const std::vector<Json>& items, const std::string& field) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.at(field).get<std::string>());
  return out;
}

// The whole list in one page, as the reference a walk must match.
inline std::vector<Json> whole(TestPlatform& t, const std::string& op, const Actor& who, Json params = {}) {
  if (params.is_null()) params = Json::object();
  params["limit"] = kPageLimitMax;
  const auto page = t.call(op, who, params);
  REQUIRE_MESSAGE(page["next_cursor"].is_null(), op << ": the test's data set must fit one page");
  return page["items"].get<std::vector<Json>>();
}

// Walks with limits 1, 2, 3, the exact size and one more: each gives the whole list, each item once
// and in order. Returns how many items the list holds.
inline std::size_t check_walks(TestPlatform& t, const std::string& op, const Actor& who, const Json& params,
                               const std::string& key) {
  const auto all = field_of(whole(t, op, who, params), key);
  REQUIRE(all.size() >= 4);
  for (int limit : {1, 2, 3, static_cast<int>(all.size()), static_cast<int>(all.size()) + 1}) {
    CAPTURE(op);
    CAPTURE(limit);
    const auto w = walk(t, op, who, params, limit);
    CHECK(field_of(w.items, key) == all);
    // A full last page has no cursor: it would lead to an empty page.
    CHECK(w.cursors.size() == (all.size() - 1) / static_cast<std::size_t>(limit));
  }
  return all.size();
}

}  // namespace fitkit::test

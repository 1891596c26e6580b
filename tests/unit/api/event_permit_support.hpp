// For the permit tables of events: Ann's race with its registration open.
#pragma once

#include <string>
#include <utility>

#include "unit/permit_world.hpp"

namespace fitkit::test {

// Ann's race on 2030-05-01 (UTC) with `extra` fields, and its one contest, "10 km" with
// `contest_extra`, its registration open: (event id, contest id).
inline std::pair<std::string, std::string> open_race(PermitWorld& w, const std::string& title,
                                                     const Json& extra = Json::object(),
                                                     const Json& contest_extra = Json::object()) {
  Json p{{"title", title}, {"type", "race"}, {"starts_at", "2030-05-01T08:00:00Z"}, {"ends_at", "2030-05-01T14:00:00Z"},
         {"time_zone", "UTC"}};
  p.update(extra);
  const std::string id = w.t.call("events.create", w.ann, p)["id"];
  Json k{{"event_id", id}, {"name", "10 km"}};
  k.update(contest_extra);
  const std::string contest = w.t.call("events.contests.add", w.ann, k)["id"];
  w.t.call("events.status.set", w.ann, {{"event_id", id}, {"status", "published"}});
  w.t.call("events.status.set", w.ann, {{"event_id", id}, {"status", "registration_open"}});
  return {id, contest};
}

}  // namespace fitkit::test

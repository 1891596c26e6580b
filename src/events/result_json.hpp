// The JSON shapes of results, import reports, leaderboards and "my events" (docs/results.md).
#pragma once

#include <nlohmann/json.hpp>

#include "fitkit/results.hpp"

namespace fitkit::events {

// "result" reads the value by its contest's result_kind: "0:41:20.5" for a time, metres for a
// distance.
nlohmann::ordered_json result_json(const EventResult& r);
nlohmann::ordered_json import_report_json(const ImportReport& r);
// One line of a leaderboard, flat, so that it prints as a table or CSV row.
nlohmann::ordered_json standing_json(const Standing& s);
nlohmann::ordered_json team_leaderboard_json(const TeamLeaderboard& t);
nlohmann::ordered_json my_event_json(const MyEvent& m);
nlohmann::ordered_json award_json(const AwardGiven& a);
nlohmann::ordered_json result_photo_json(const ResultPhoto& p);
nlohmann::ordered_json race_record_json(const RaceRecord& r);

}  // namespace fitkit::events

// Who may call the results operations: permit/deny tables through the registry. The event's
// organizers enter, import, publish and export entries; anyone who sees the event reads its
// leaderboards and result exports; an unlisted event's are not there for others.
#include "core/crypto.hpp"
#include "unit/api/event_permit_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// Ann's public race under way with Bob in it (bib 1), and her unlisted race under way.
struct ResultCast {
  std::string race, contest, registration, unlisted;

  explicit ResultCast(PermitWorld& w) {
    auto& t = w.t;
    std::tie(race, contest) = open_race(w, "Open Run");
    registration = t.call("events.register", w.bob,
                          {{"event_id", race}, {"contest_id", contest}, {"given_name", "Bob"}, {"family_name", "Stone"}})
                       ["id"];
    t.call("events.registrations.bib", w.ann, {{"registration_id", registration}, {"bib", 1}});
    unlisted = open_race(w, "Hidden Run", {{"visibility", "unlisted"}}).first;
    for (const auto& e : {race, unlisted}) t.call("events.status.set", w.ann, {{"event_id", e}, {"status", "in_progress"}});
  }
};

void add_organizer_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params,
                        bool on_registration, std::optional<ErrorCode> ann = std::nullopt) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  // Others see the public race (refused) but not a registration of it (not found).
  const auto others = on_registration ? ErrorCode::not_found : ErrorCode::permission_denied;
  for (const Actor* a : {&w.admin, &w.other_coach}) table.push_back({op, params, a, others});
  table.push_back({op, params, &w.bob, ErrorCode::permission_denied});
  table.push_back({op, params, &w.ann, ann});
}

void add_reader_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  for (const Actor* a : {&w.anonymous, &w.admin, &w.other_coach, &w.bob, &w.ann})
    table.push_back({op, params, a, std::nullopt});
}

}  // namespace

TEST_CASE("permit table: events.results.*, the leaderboards and events.mine") {
  TestPlatform t;
  PermitWorld w(t);
  ResultCast c(w);
  std::vector<PermitRow> table;
  const Json result{{"registration_id", c.registration}, {"value", "41:20"}};
  add_organizer_rows(table, w, "events.results.set", result, true);
  add_organizer_rows(table, w, "events.results.remove", {{"registration_id", c.registration}}, true);
  add_organizer_rows(table, w, "events.results.import",
                     {{"event_id", c.race}, {"file", crypto::base64_encode("Bib,Time\r\n1,41:20\r\n")}}, false);
  add_organizer_rows(table, w, "events.results.from_workouts", {{"event_id", c.race}}, false,
                     ErrorCode::failed_precondition);  // not an online event
  add_organizer_rows(table, w, "events.results.publish", {{"event_id", c.race}}, false);
  add_organizer_rows(table, w, "events.entries.export", {{"event_id", c.race}, {"list", "starts"}}, false);
  add_reader_rows(table, w, "events.leaderboard", {{"event_id", c.race}});
  add_reader_rows(table, w, "events.leaderboard.teams", {{"event_id", c.race}});
  add_reader_rows(table, w, "events.results.export", {{"event_id", c.race}, {"format", "iof"}});
  for (const auto* op : {"events.leaderboard", "events.leaderboard.teams", "events.results.export"})
    table.push_back({op, {{"event_id", c.unlisted}}, &w.other_coach, ErrorCode::not_found});
  const Json award{{"registration_id", c.registration}, {"title", "Best newcomer"}};
  add_organizer_rows(table, w, "events.awards.give", award, true);
  add_reader_rows(table, w, "events.awards.list", {{"event_id", c.race}});
  table.push_back({"events.awards.list", {{"event_id", c.unlisted}}, &w.other_coach, ErrorCode::not_found});
  add_organizer_rows(table, w, "events.awards.take_back", award, true);
  // Bob's collection: his profile is for friends, so only he, admins and moderators see it.
  const Json bobs{{"user_id", w.bob_id}};
  table.push_back({"users.awards.list", bobs, &w.anonymous, ErrorCode::not_found});
  for (const Actor* a : {&w.other_coach, &w.ann}) table.push_back({"users.awards.list", bobs, a, ErrorCode::not_found});
  for (const Actor* a : {&w.bob, &w.admin}) table.push_back({"users.awards.list", bobs, a, std::nullopt});
  table.push_back({"events.mine", Json::object(), &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.bob, &w.ann}) table.push_back({"events.mine", Json::object(), a, std::nullopt});
  w.check(table, PermitWorld::OwnerData::may_change);
}

TEST_CASE("permit table: events.results.photos.* and users.race_records") {
  TestPlatform t;
  PermitWorld w(t);
  ResultCast c(w);
  const auto jpeg = crypto::base64_encode(std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 11));
  const auto photo = [&](const std::string& event, const Json& extra = Json::object()) -> std::string {
    Json p{{"event_id", event}, {"file", jpeg}};
    p.update(extra);
    return t.call("events.results.photos.add", w.ann, p)["id"];
  };
  const Json of_bob{{"registration_id", c.registration}};
  const auto finish = photo(c.race), bob_untags = photo(c.race, of_bob), ann_untags = photo(c.race, of_bob);
  const auto hidden = photo(c.unlisted);
  std::vector<PermitRow> table;
  add_organizer_rows(table, w, "events.results.photos.add", {{"event_id", c.race}, {"file", jpeg}}, false);
  add_reader_rows(table, w, "events.results.photos.list", {{"event_id", c.race}});
  add_reader_rows(table, w, "events.results.photos.get", {{"photo_id", finish}});
  table.push_back({"events.results.photos.list", {{"event_id", c.unlisted}}, &w.other_coach, ErrorCode::not_found});
  table.push_back({"events.results.photos.get", {{"photo_id", hidden}}, &w.other_coach, ErrorCode::not_found});
  // The tag: Bob, whom it shows, and the organizers take it off; others who see the race may not.
  table.push_back(
      {"events.results.photos.untag", {{"photo_id", bob_untags}}, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.other_coach})
    table.push_back({"events.results.photos.untag", {{"photo_id", bob_untags}}, a, ErrorCode::permission_denied});
  table.push_back({"events.results.photos.untag", {{"photo_id", hidden}}, &w.other_coach, ErrorCode::not_found});
  table.push_back({"events.results.photos.untag", {{"photo_id", bob_untags}}, &w.bob, std::nullopt});
  table.push_back({"events.results.photos.untag", {{"photo_id", ann_untags}}, &w.ann, std::nullopt});
  table.push_back({"events.results.photos.remove", {{"photo_id", hidden}}, &w.other_coach, ErrorCode::not_found});
  add_organizer_rows(table, w, "events.results.photos.remove", {{"photo_id", finish}}, false);
  // Bob's race records: his profile is for friends.
  const Json bobs{{"user_id", w.bob_id}};
  for (const Actor* a : {&w.anonymous, &w.other_coach, &w.ann})
    table.push_back({"users.race_records", bobs, a, ErrorCode::not_found});
  for (const Actor* a : {&w.bob, &w.admin}) table.push_back({"users.race_records", bobs, a, std::nullopt});
  w.check(table, PermitWorld::OwnerData::may_change);
}

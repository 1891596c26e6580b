// Who may call the organizers' panel and the messages around an event: permit/deny tables
// through the registry. The panel is the event's organizers' alone; announcements and the
// question thread are read by its participants and organizers; organizers announce and answer;
// a question is removed by its asker or the organizers.
#include "unit/api/event_permit_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// Ann's public open event with two contests and Bob registered in the first; a question of
// Bob's; and Ann's unlisted event.
struct PanelCast {
  std::string open, contest, second_contest, registration, question, unlisted;

  explicit PanelCast(PermitWorld& w) {
    auto& t = w.t;
    std::tie(open, contest) = open_race(w, "Open Run");
    second_contest = t.call("events.contests.add", w.ann, {{"event_id", open}, {"name", "5 km"}})["id"];
    registration = t.call("events.register", w.bob,
                          {{"event_id", open}, {"contest_id", contest}, {"given_name", "Bob"}, {"family_name", "Stone"}})
                       ["id"];
    question = t.call("events.questions.ask", w.bob, {{"event_id", open}, {"body", "Parking?"}})["id"];
    unlisted = open_race(w, "Hidden Run", {{"visibility", "unlisted"}}).first;
  }
};

// Ann may; everyone else who sees the public event is refused; anonymous callers are
// unauthenticated.
void add_event_organizer_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.bob, &w.other_coach}) table.push_back({op, params, a, ErrorCode::permission_denied});
  table.push_back({op, params, &w.ann, std::nullopt});
}

// On a registration: Ann may; Bob, its registrant, is refused; others do not see it.
void add_registration_organizer_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op,
                                     const Json& params) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.other_coach}) table.push_back({op, params, a, ErrorCode::not_found});
  table.push_back({op, params, &w.bob, ErrorCode::permission_denied});
  table.push_back({op, params, &w.ann, std::nullopt});
}

// The event's participants (Bob) and organizers (Ann) may; others are refused.
void add_participant_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.other_coach}) table.push_back({op, params, a, ErrorCode::permission_denied});
  table.push_back({op, params, &w.bob, std::nullopt});
  table.push_back({op, params, &w.ann, std::nullopt});
}

}  // namespace

TEST_CASE("permit table: events.participants.*") {
  TestPlatform t;
  PermitWorld w(t);
  PanelCast c(w);
  std::vector<PermitRow> table;
  add_event_organizer_rows(table, w, "events.participants.list", {{"event_id", c.open}});
  add_event_organizer_rows(table, w, "events.participants.export", {{"event_id", c.open}, {"format", "xlsx"}});
  add_event_organizer_rows(table, w, "events.participants.add",
                           {{"event_id", c.open}, {"contest_id", c.second_contest}, {"given_name", "Gina"},
                            {"family_name", "Guest"}});
  // An unlisted event is not there for those who are not told of it.
  table.push_back({"events.participants.list", {{"event_id", c.unlisted}}, &w.other_coach, ErrorCode::not_found});
  add_registration_organizer_rows(table, w, "events.participants.move",
                                  {{"registration_id", c.registration}, {"contest_id", c.second_contest}});
  add_registration_organizer_rows(table, w, "events.participants.status",
                                  {{"registration_id", c.registration}, {"status", "checked_in"}});
  add_registration_organizer_rows(table, w, "events.participants.remove",
                                  {{"registration_id", c.registration}, {"reason", "Asked to be removed"}});
  w.check(table, PermitWorld::OwnerData::may_change);
}

TEST_CASE("permit table: events.announcements.*, events.questions.* and the reminders' sweep") {
  TestPlatform t;
  PermitWorld w(t);
  PanelCast c(w);
  const std::string anns = t.call("events.questions.ask", w.ann, {{"event_id", c.open}, {"body", "Test?"}})["id"];
  std::vector<PermitRow> table;
  add_event_organizer_rows(table, w, "events.announcements.create",
                           {{"event_id", c.open}, {"title", "Parking"}, {"body", "Use lot B."}});
  add_participant_rows(table, w, "events.announcements.list", {{"event_id", c.open}});
  add_participant_rows(table, w, "events.questions.ask", {{"event_id", c.open}, {"body", "Water points?"}});
  add_participant_rows(table, w, "events.questions.list", {{"event_id", c.open}});
  const Json answer{{"question_id", c.question}, {"answer", "Lot B."}};
  table.push_back({"events.questions.answer", answer, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.other_coach, &w.bob})
    table.push_back({"events.questions.answer", answer, a, ErrorCode::permission_denied});
  table.push_back({"events.questions.answer", answer, &w.ann, std::nullopt});
  // Ann's question: Bob may not remove it, Ann may; Bob removes his own.
  const Json hers{{"question_id", anns}}, his{{"question_id", c.question}};
  table.push_back({"events.questions.remove", hers, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.other_coach, &w.bob})
    table.push_back({"events.questions.remove", hers, a, ErrorCode::permission_denied});
  table.push_back({"events.questions.remove", hers, &w.ann, std::nullopt});
  table.push_back({"events.questions.remove", his, &w.bob, std::nullopt});
  table.push_back({"events.questions.list", {{"event_id", c.unlisted}}, &w.other_coach, ErrorCode::not_found});
  table.push_back({"events.reminders.send", Json::object(), &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.ann, &w.bob}) table.push_back({"events.reminders.send", Json::object(), a, ErrorCode::permission_denied});
  table.push_back({"events.reminders.send", Json::object(), &w.admin, std::nullopt});
  w.check(table, PermitWorld::OwnerData::may_change);
}

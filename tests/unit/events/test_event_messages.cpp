// Messages around an event: announcements, the question and answer thread, reminders before
// the start, and news of a changed schedule.
#include "fitkit/event_messages.hpp"
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("event messages: announcements reach those who hold a place, by app or by mail") {
  RegistrationWorld w(4);
  const auto m = w.open_event({}, {{"capacity", 2}});
  w.enrol(w.people[0], m);
  w.enrol(w.people[1], m);
  w.enrol(w.people[2], m);  // waitlisted: no place, not told
  const std::string five_k = w.t.call("events.contests.add", w.ann, {{"event_id", m.event_id}, {"name", "5 km"}})["id"];
  w.t.call("events.participants.add", w.ann,
           {{"event_id", m.event_id}, {"contest_id", five_k}, {"given_name", "Gina"}, {"family_name", "Guest"},
            {"email", "gina@example.com"}});
  w.t.take_mail("gina@example.com");

  const auto a = w.t.call("events.announcements.create", w.ann,
                          {{"event_id", m.event_id}, {"title", "Start moved"}, {"body", "We start at the bridge."}});
  CHECK(a["recipients"] == 3);
  CHECK(a["id"].get<std::string>().rfind("ann_", 0) == 0);
  CHECK(w.latest_notice(w.people[0]) == "event_announcement");
  CHECK(w.latest_notice(w.people[2]) == "registration_waitlisted");
  const auto mail = w.t.take_mail("gina@example.com");
  REQUIRE(mail.size() == 1);
  CHECK(mail[0].find("We start at the bridge.") != std::string::npos);

  // To one contest only.
  CHECK(w.t.call("events.announcements.create", w.ann,
                 {{"event_id", m.event_id}, {"title", "5 km"}, {"body", "Bibs at tent B"}, {"contest_id", five_k}})
            ["recipients"] == 1);

  // Participants read them, newest first; strangers and the waitlisted-free public do not.
  const auto list = w.t.call("events.announcements.list", w.people[0], {{"event_id", m.event_id}});
  REQUIRE(list["items"].size() == 2);
  CHECK(list["items"][0]["title"] == "5 km");
  CHECK(error_of([&] { w.t.call("events.announcements.list", w.people[3], {{"event_id", m.event_id}}); }) ==
        ErrorCode::permission_denied);
  // Only organizers announce; an empty body says so.
  CHECK(error_of([&] {
          w.t.call("events.announcements.create", w.people[0], {{"event_id", m.event_id}, {"title", "x"}, {"body", "y"}});
        }) == ErrorCode::permission_denied);
  CHECK(failure_of([&] {
          w.t.call("events.announcements.create", w.ann, {{"event_id", m.event_id}, {"title", "x"}, {"body", " \n "}});
        })->field() == "body");
  const auto other = w.open_event();
  CHECK(failure_of([&] {
          w.t.call("events.announcements.create", w.ann,
                   {{"event_id", m.event_id}, {"title", "x"}, {"body", "y"}, {"contest_id", other.contest_id}});
        })->field() == "contest_id");
}

TEST_CASE("event messages: participants ask, organizers answer, each side told") {
  RegistrationWorld w(3);
  const auto m = w.open_event();
  w.enrol(w.people[0], m);
  w.enrol(w.people[1], m);
  const auto q = w.t.call("events.questions.ask", w.people[0], {{"event_id", m.event_id}, {"body", "Is there a bag drop?"}});
  CHECK(q["asker_name"] == "Person0 Runner");
  CHECK(q["answer"].is_null());
  CHECK(w.latest_notice(w.ann) == "event_question");

  const auto answered =
      w.t.call("events.questions.answer", w.ann, {{"question_id", q["id"]}, {"answer", "Yes, by the start arch."}});
  CHECK(answered["answer"] == "Yes, by the start arch.");
  CHECK(answered["answered_by"] == w.ann_id);
  CHECK(w.latest_notice(w.people[0]) == "event_answer");

  const auto thread = w.t.call("events.questions.list", w.people[1], {{"event_id", m.event_id}});
  REQUIRE(thread["items"].size() == 1);
  CHECK(thread["items"][0]["answer"] == "Yes, by the start arch.");

  // Permit/deny: a stranger neither reads nor asks; a participant neither answers nor removes
  // another's question; the asker and the organizers remove it.
  const Json on_event{{"event_id", m.event_id}, {"body", "?"}};
  CHECK(error_of([&] { w.t.call("events.questions.ask", w.people[2], on_event); }) == ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("events.questions.list", w.people[2], {{"event_id", m.event_id}}); }) ==
        ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("events.questions.ask", Actor::anonymous(), on_event); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] {
          w.t.call("events.questions.answer", w.people[1], {{"question_id", q["id"]}, {"answer", "No"}});
        }) == ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("events.questions.remove", w.people[1], {{"question_id", q["id"]}}); }) ==
        ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("events.questions.remove", w.people[2], {{"question_id", q["id"]}}); }) ==
        ErrorCode::permission_denied);
  CHECK(failure_of([&] { w.t.call("events.questions.ask", w.people[1], {{"event_id", m.event_id}, {"body", ""}}); })
            ->field() == "body");
  w.t.call("events.questions.remove", w.people[0], {{"question_id", q["id"]}});
  CHECK(w.t.call("events.questions.list", w.ann, {{"event_id", m.event_id}})["items"].empty());
  CHECK(error_of([&] { w.t.call("events.questions.remove", w.ann, {{"question_id", q["id"]}}); }) ==
        ErrorCode::not_found);
  // A draft's thread is not there for anyone but its organizers.
  const std::string draft = w.t.call("events.create", w.ann,
                                     {{"title", "Draft"}, {"type", "race"}, {"starts_at", "2030-05-01T08:00:00Z"},
                                      {"ends_at", "2030-05-01T14:00:00Z"}, {"time_zone", "UTC"}})["id"];
  CHECK(error_of([&] { w.t.call("events.questions.list", w.people[0], {{"event_id", draft}}); }) ==
        ErrorCode::not_found);
}

TEST_CASE("event messages: reminders a day and an hour before the start, once each") {
  RegistrationWorld w(2);
  const auto m = w.open_event();  // starts 2030-05-01T08:00:00Z, 11:00 in Moscow
  const std::string a = w.enrol(w.people[0], m)["id"];
  const std::string b = w.enrol(w.people[1], m)["id"];
  w.t.call("events.registrations.withdraw", w.people[1], {{"registration_id", b}});
  auto& messages = w.t.platform->event_messages();
  constexpr std::int64_t kStart = 1903852800000;  // 2030-05-01T08:00:00Z

  w.t.clock->set(kStart - 25 * kHourMs);
  CHECK(messages.send_due_reminders() == 0);
  w.t.clock->set(kStart - 23 * kHourMs);
  CHECK(messages.send_due_reminders() == 1);
  CHECK(messages.send_due_reminders() == 0);  // once
  CHECK(w.latest_notice(w.people[0]) == "event_reminder_day");
  CHECK(w.latest_notice(w.people[1]) != "event_reminder_day");  // withdrawn
  const auto mail = w.t.take_mail("p0@example.com");
  CHECK(std::any_of(mail.begin(), mail.end(), [](const std::string& text) {
    return text.find("2030-05-01 11:00 (Europe/Moscow)") != std::string::npos;
  }));

  // The start moves an hour later: participants are told, and reminded again for the new start.
  w.t.call("events.update", w.ann,
           {{"event_id", m.event_id}, {"starts_at", "2030-05-01T09:00:00Z"}, {"ends_at", "2030-05-01T15:00:00Z"}});
  CHECK(w.latest_notice(w.people[0]) == "event_schedule_changed");
  CHECK(has(w.notice_types(w.people[0]), "event_reminder_day"));
  CHECK(messages.send_due_reminders() == 1);
  w.t.clock->set(kStart + kHourMs - 30 * 60'000);
  CHECK(messages.send_due_reminders() == 1);
  CHECK(w.latest_notice(w.people[0]) == "event_reminder_hour");
  CHECK(messages.send_due_reminders() == 0);
  // Started: nothing more.
  w.t.clock->set(kStart + 2 * kHourMs);
  CHECK(messages.send_due_reminders() == 0);
  // A title change is no news for participants.
  w.t.call("events.update", w.ann, {{"event_id", m.event_id}, {"title", "City Run 2030"}});
  CHECK(w.latest_notice(w.people[0]) == "event_reminder_hour");
  (void)a;
}

TEST_CASE("event messages: the reminders' sweep is for admins") {
  RegistrationWorld w(1);
  const auto admin = w.t.make_admin("root@example.com");
  CHECK(w.t.call("events.reminders.send", admin)["events_reminded"] == 0);
  CHECK(error_of([&] { w.t.call("events.reminders.send", w.people[0]); }) == ErrorCode::permission_denied);
}

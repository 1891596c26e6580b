// Registration: registering and its refusals, eligibility, the form, the waitlist and its
// offers, approval, and who sees a registration.
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("registrations: a free contest confirms at once; registering twice is refused") {
  RegistrationWorld w(2);
  const auto m = w.open_event();
  const auto r = w.enrol(w.people[0], m);
  CHECK(r["status"] == "confirmed");
  CHECK(r["given_name"] == "Person0");
  CHECK(r["family_name"] == "Runner");
  CHECK(r["email"] == "p0@example.com");  // the registrant sees their contacts
  CHECK(r["fee_minor"] == 0);
  CHECK(w.contest(m)["taken"] == 1);
  CHECK(w.t.call("events.get", w.ann, {{"event_id", m.event_id}})["registrations"] == 1);
  CHECK(w.latest_notice(w.people[0]) == "registration_confirmed");

  const auto twice = failure_of([&] { w.enrol(w.people[0], m); });
  REQUIRE(twice);
  CHECK(twice->code() == ErrorCode::already_exists);
  CHECK(std::string(twice->what()).find(r["id"].get<std::string>()) != std::string::npos);
  CHECK(w.contest(m)["taken"] == 1);

  const std::string id = r["id"];
  CHECK(w.registration(id, w.ann)["email"] == "p0@example.com");  // the organizer sees contacts
  CHECK(error_of([&] { w.registration(id, w.people[1]); }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.registration(id, Actor::anonymous()); }) == ErrorCode::unauthenticated);
  const auto mine = w.t.call("events.registrations.mine", w.people[0]);
  REQUIRE(mine["items"].size() == 1);
  CHECK(mine["items"][0]["id"] == id);
  CHECK(w.t.call("events.registrations.mine", w.people[1])["items"].empty());
}

TEST_CASE("registrations: only an open registration of a visible event takes people in") {
  RegistrationWorld w(1);
  const auto& p = w.people[0];
  // A draft is invisible; a published event is not open yet.
  const std::string draft = w.t.call("events.create", w.ann,
                                     {{"title", "Draft"}, {"type", "race"}, {"starts_at", "2030-05-01T08:00:00Z"},
                                      {"ends_at", "2030-05-01T14:00:00Z"}, {"time_zone", "UTC"}})["id"];
  const std::string draft_contest = w.t.call("events.contests.add", w.ann, {{"event_id", draft}, {"name", "5 km"}})["id"];
  CHECK(error_of([&] { w.t.call("events.register", p, {{"event_id", draft}, {"contest_id", draft_contest}}); }) ==
        ErrorCode::not_found);
  w.t.call("events.status.set", w.ann, {{"event_id", draft}, {"status", "published"}});
  const auto not_open = failure_of([&] { w.t.call("events.register", p, {{"event_id", draft}, {"contest_id", draft_contest}}); });
  REQUIRE(not_open);
  CHECK(not_open->code() == ErrorCode::failed_precondition);
  CHECK(std::string(not_open->what()).find("published") != std::string::npos);

  // Before it opens, after it closes, in a cancelled event: refused, nothing held.
  const auto later = w.open_event({{"registration_opens_at", "2027-01-01T00:00:00Z"}});
  CHECK(std::string(failure_of([&] { w.enrol(p, later); })->what()).find("opens at 2027-01-01") != std::string::npos);
  const auto closing = w.open_event({{"registration_closes_at", "2026-02-01T00:00:00Z"}});
  w.t.clock->set(1769904000000 + 1);  // 2026-02-01T00:00:00.001Z
  CHECK(std::string(failure_of([&] { w.enrol(p, closing); })->what()).find("closed at") != std::string::npos);
  CHECK(w.contest(closing)["taken"] == 0);
  const auto cancelled = w.open_event();
  w.t.call("events.status.set", w.ann, {{"event_id", cancelled.event_id}, {"status", "cancelled"}, {"reason", "storm"}});
  CHECK(std::string(failure_of([&] { w.enrol(p, cancelled); })->what()).find("cancelled") != std::string::npos);

  // A contest of another event is unknown here.
  const auto other = w.open_event();
  const auto wrong = failure_of([&] { w.enrol(p, {other.event_id, later.contest_id}); });
  REQUIRE(wrong);
  CHECK(wrong->code() == ErrorCode::invalid_argument);
  CHECK(wrong->field() == "contest_id");

  // An unlisted event takes registrations by its link token only.
  const auto unlisted = w.open_event({{"visibility", "unlisted"}});
  CHECK(error_of([&] { w.enrol(p, unlisted); }) == ErrorCode::not_found);
  const std::string token = w.t.call("events.get", w.ann, {{"event_id", unlisted.event_id}})["link_token"];
  CHECK(w.enrol(p, unlisted, {{"link_token", token}})["status"] == "confirmed");
  // Once registered, the participant sees the event without the token.
  CHECK(w.t.call("events.get", p, {{"event_id", unlisted.event_id}})["title"] == "City Run");
}

TEST_CASE("registrations: eligibility by age on the event day, gender and level, each with its reason") {
  RegistrationWorld w(2);
  // The event's first day in Moscow is 2030-05-01 (starts 08:00 UTC = 11:00 MSK).
  const auto m = w.open_event({{"audience", {{"min_age", 18}, {"genders", {"female"}}, {"levels", {"amateur"}}}}});
  const auto& p = w.people[0];  // female, born 1990
  const auto refusal = [&](const Json& extra) {
    auto e = failure_of([&] { w.enrol(p, m, extra); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::failed_precondition);
    return std::pair(e->field(), std::string(e->what()));
  };
  auto [field, why] = refusal(Json::object());
  CHECK(field == "level");
  CHECK(why.find("give your level") != std::string::npos);
  std::tie(field, why) = refusal({{"level", "amateur"}, {"birth_date", "2012-05-02"}});
  CHECK(field == "birth_date");
  CHECK(why.find("you will be 17") != std::string::npos);
  std::tie(field, why) = refusal({{"level", "amateur"}, {"gender", "male"}});
  CHECK(field == "gender");
  std::tie(field, why) = refusal({{"level", "professional"}});
  CHECK(field == "level");
  CHECK(w.contest(m)["taken"] == 0);
  // Eighteen on the very day.
  CHECK(w.enrol(p, m, {{"level", "amateur"}, {"birth_date", "2012-05-01"}})["status"] == "confirmed");
  // Bad values are refused as input, naming the field.
  for (const auto& [extra, bad] : std::vector<std::pair<Json, std::string>>{{{{"birth_date", "2012-13-01"}}, "birth_date"},
                                                                             {{{"gender", "x"}}, "gender"},
                                                                             {{{"phone", "12345"}}, "phone"},
                                                                             {{{"email", "nope"}}, "email"},
                                                                             {{{"given_name", " "}}, "given_name"}}) {
    const auto e = failure_of([&] { w.enrol(w.people[1], m, extra); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(e->field() == bad);
  }
}

TEST_CASE("registrations: the organizer's form is asked and its answers checked") {
  RegistrationWorld w(1);
  const Json form = {{{"key", "tshirt"}, {"label", "T-shirt size"}, {"type", "single_choice"}, {"required", true},
                      {"options", {"S", "M", "L"}}},
                     {{"key", "emergency_phone"}, {"label", "Emergency phone"}, {"type", "phone"}, {"required", true}},
                     {{"key", "nickname"}, {"label", "Nickname"}, {"type", "text"}}};
  const auto m = w.open_event({{"form", form}});
  CHECK(w.t.call("events.get", w.people[0], {{"event_id", m.event_id}})["form"].size() == 3);
  const auto& p = w.people[0];
  for (const auto& [answers, field] : std::vector<std::pair<Json, std::string>>{
           {Json::object(), "answers.tshirt"},
           {{{"tshirt", "XL"}, {"emergency_phone", "+4915123456789"}}, "answers.tshirt"},
           {{{"tshirt", "M"}, {"emergency_phone", "call me"}}, "answers.emergency_phone"},
           {{{"tshirt", "M"}, {"emergency_phone", "+4915123456789"}, {"shoe", 42}}, "answers.shoe"}}) {
    const auto e = failure_of([&] { w.enrol(p, m, {{"answers", answers}}); });
    REQUIRE(e);
    CHECK(e->field() == field);
  }
  CHECK(w.contest(m)["taken"] == 0);
  const auto r = w.enrol(p, m, {{"answers", {{"tshirt", "M"}, {"emergency_phone", "+4915123456789"}}}});
  CHECK(r["answers"] == Json({{"tshirt", "M"}, {"emergency_phone", "+4915123456789"}}));
  CHECK(w.registration(r["id"], w.ann)["answers"]["tshirt"] == "M");
}

TEST_CASE("registrations: a full contest waitlists first come first served, and offers freed places") {
  RegistrationWorld w(5);
  const auto m = w.open_event({}, {{"capacity", 2}});
  std::vector<std::string> ids;
  for (const auto& p : w.people) ids.push_back(w.enrol(p, m)["id"]);
  CHECK(w.registration(ids[1], w.people[1])["status"] == "confirmed");
  const auto third = w.registration(ids[2], w.people[2]);
  CHECK(third["status"] == "waitlisted");
  CHECK(third["waitlist_position"] == 1);
  CHECK(w.registration(ids[4], w.people[4])["waitlist_position"] == 3);
  CHECK(w.latest_notice(w.people[2]) == "registration_waitlisted");
  CHECK(w.contest(m)["taken"] == 2);

  // A withdrawal frees a place: offered to the first in line, held for 48 hours.
  w.t.call("events.registrations.withdraw", w.people[0], {{"registration_id", ids[0]}});
  auto offered = w.registration(ids[2], w.people[2]);
  CHECK(offered["status"] == "offered");
  CHECK(offered["offer_expires_at"] == "2026-01-03T00:00:00.000Z");
  CHECK(w.latest_notice(w.people[2]) == "registration_offer");
  CHECK(w.registration(ids[3], w.people[3])["waitlist_position"] == 1);
  CHECK(w.contest(m)["taken"] == 2);  // the offer holds the place
  // Only its registrant takes it; then it is confirmed.
  CHECK(error_of([&] { w.t.call("events.registrations.offer.accept", w.ann, {{"registration_id", ids[2]}}); }) ==
        ErrorCode::permission_denied);
  CHECK(w.t.call("events.registrations.offer.accept", w.people[2], {{"registration_id", ids[2]}})["status"] ==
        "confirmed");

  // Declined, the place passes on; not taken in time, it passes on again.
  w.t.call("events.registrations.withdraw", w.people[1], {{"registration_id", ids[1]}});
  CHECK(w.registration(ids[3], w.people[3])["status"] == "offered");
  w.t.call("events.registrations.offer.decline", w.people[3], {{"registration_id", ids[3]}});
  CHECK(w.registration(ids[3], w.people[3])["status"] == "withdrawn");
  CHECK(w.registration(ids[4], w.people[4])["status"] == "offered");
  w.t.clock->advance(48 * kHourMs + 1);
  const auto late = failure_of([&] { w.t.call("events.registrations.offer.accept", w.people[4], {{"registration_id", ids[4]}}); });
  REQUIRE(late);
  CHECK(std::string(late->what()).find("not taken in time") != std::string::npos);
  const auto expired = w.registration(ids[4], w.people[4]);
  CHECK(expired["status"] == "withdrawn");
  CHECK(w.latest_notice(w.people[4]) == "registration_expired");
  CHECK(w.contest(m)["taken"] == 1);
  // Raising the capacity offers places to whoever waits (nobody now): nothing breaks.
  w.t.call("events.contests.update", w.ann, {{"contest_id", m.contest_id}, {"capacity", 3}});
  CHECK(w.contest(m)["taken"] == 1);
}

TEST_CASE("registrations: raising the capacity offers the new places to the waitlist") {
  RegistrationWorld w(3);
  const auto m = w.open_event({}, {{"capacity", 1}});
  w.enrol(w.people[0], m);
  const std::string second = w.enrol(w.people[1], m)["id"];
  const std::string third = w.enrol(w.people[2], m)["id"];
  w.t.call("events.contests.update", w.ann, {{"contest_id", m.contest_id}, {"capacity", 2}});
  CHECK(w.registration(second, w.people[1])["status"] == "offered");
  CHECK(w.registration(third, w.people[2])["status"] == "waitlisted");
  CHECK(w.contest(m)["taken"] == 2);
  // Below the places held: refused.
  CHECK(error_of([&] { w.t.call("events.contests.update", w.ann, {{"contest_id", m.contest_id}, {"capacity", 1}}); }) ==
        ErrorCode::failed_precondition);
  // A contest with registrations is not deleted.
  CHECK(error_of([&] { w.t.call("events.contests.delete", w.ann, {{"contest_id", m.contest_id}}); }) ==
        ErrorCode::failed_precondition);
}

TEST_CASE("registrations: an event that asks for approval holds applications until organizers decide") {
  RegistrationWorld w(2);
  const auto m = w.open_event({{"requires_approval", true}});
  const std::string a = w.enrol(w.people[0], m)["id"];
  const std::string b = w.enrol(w.people[1], m)["id"];
  CHECK(w.registration(a, w.people[0])["status"] == "registered");
  CHECK(w.latest_notice(w.people[0]) == "registration_received");
  CHECK(error_of([&] { w.t.call("events.registrations.approve", w.people[0], {{"registration_id", a}}); }) ==
        ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("events.registrations.approve", w.people[1], {{"registration_id", a}}); }) ==
        ErrorCode::not_found);
  CHECK(w.t.call("events.registrations.approve", w.ann, {{"registration_id", a}})["status"] == "confirmed");
  CHECK(error_of([&] { w.t.call("events.registrations.approve", w.ann, {{"registration_id", a}}); }) ==
        ErrorCode::failed_precondition);

  const auto no_reason = failure_of([&] { w.t.call("events.registrations.reject", w.ann, {{"registration_id", b}, {"reason", ""}}); });
  REQUIRE(no_reason);
  CHECK(no_reason->field() == "reason");
  const auto rejected = w.t.call("events.registrations.reject", w.ann, {{"registration_id", b}, {"reason", "Too late"}});
  CHECK(rejected["status"] == "rejected");
  CHECK(rejected["status_reason"] == "Too late");
  CHECK(w.latest_notice(w.people[1]) == "registration_rejected");
  CHECK(w.contest(m)["taken"] == 1);
  // Rejected, they may apply again.
  CHECK(w.enrol(w.people[1], m)["status"] == "registered");
}

// The organizers' panel: the list and its filters, adding, moving and removing people, and
// statuses by hand.
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

std::vector<std::string> ids_of(const Json& page) {
  std::vector<std::string> out;
  for (const auto& r : page["items"]) out.push_back(r["id"]);
  return out;
}

}  // namespace

TEST_CASE("participants: the organizers list everyone in registration order, filtered and paged") {
  RegistrationWorld w(4);
  const auto m = w.open_event({}, {{"capacity", 3}});
  std::vector<std::string> ids;
  for (const auto& p : w.people) ids.push_back(w.enrol(p, m, {{"club", "Harriers"}})["id"]);
  const std::string five_k = w.t.call("events.contests.add", w.ann, {{"event_id", m.event_id}, {"name", "5 km"}})["id"];
  const auto added = w.t.call("events.participants.add", w.ann,
                              {{"event_id", m.event_id}, {"contest_id", five_k}, {"given_name", "Zoë"},
                               {"family_name", "Ångström"}, {"email", "zoe@example.com"}, {"bib", 77}});
  ids.push_back(added["id"]);

  const auto all = w.t.call("events.participants.list", w.ann, {{"event_id", m.event_id}});
  CHECK(ids_of(all) == ids);
  CHECK(all["items"][0]["email"] == "p0@example.com");  // contacts, to organizers
  CHECK(all["items"][3]["status"] == "waitlisted");
  CHECK(all["items"][3]["waitlist_position"] == 1);

  const auto by = [&](const Json& filter) {
    Json p{{"event_id", m.event_id}};
    p.update(filter);
    return ids_of(w.t.call("events.participants.list", w.ann, p));
  };
  CHECK(by({{"status", "waitlisted"}}) == std::vector<std::string>{ids[3]});
  CHECK(by({{"contest_id", five_k}}) == std::vector<std::string>{ids[4]});
  CHECK(by({{"query", "person2"}}) == std::vector<std::string>{ids[2]});
  CHECK(by({{"query", "ZOE angstrom"}}) == std::vector<std::string>{ids[4]});  // case and accents aside
  CHECK(by({{"query", "77"}}) == std::vector<std::string>{ids[4]});            // a bib
  CHECK(by({{"query", "harriers"}}).size() == 4);
  CHECK(by({{"query", "50%"}}).empty());  // LIKE's wildcards are plain characters

  // Pages of two follow one another without repeats.
  std::vector<std::string> paged;
  Json p{{"event_id", m.event_id}, {"limit", 2}};
  for (int i = 0; i < 5; ++i) {
    const auto page = w.t.call("events.participants.list", w.ann, p);
    for (const auto& id : ids_of(page)) paged.push_back(id);
    if (page["next_cursor"].is_null()) break;
    p["cursor"] = page["next_cursor"];
  }
  CHECK(paged == ids);

  // Bad filters say which field.
  CHECK(failure_of([&] { by({{"status", "lost"}}); })->field() == "status");
  const auto other = w.open_event();
  CHECK(failure_of([&] { by({{"contest_id", other.contest_id}}); })->field() == "contest_id");
}

TEST_CASE("participants: only the event's organizers see the panel") {
  RegistrationWorld w(2);
  const auto m = w.open_event();
  w.enrol(w.people[0], m);
  const Json p{{"event_id", m.event_id}};
  CHECK(error_of([&] { w.t.call("events.participants.list", w.people[0], p); }) == ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("events.participants.list", w.people[1], p); }) == ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("events.participants.list", Actor::anonymous(), p); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { w.t.call("events.participants.export", w.people[0], p); }) == ErrorCode::permission_denied);
  // An unlisted event is not even there for a stranger.
  const auto hidden = w.open_event({{"visibility", "unlisted"}});
  CHECK(error_of([&] { w.t.call("events.participants.list", w.people[1], {{"event_id", hidden.event_id}}); }) ==
        ErrorCode::not_found);
}

TEST_CASE("participants: organizers add people with or without an account, within the capacity") {
  RegistrationWorld w(2);
  const Json form = {{{"key", "tshirt"}, {"label", "T-shirt size"}, {"type", "single_choice"}, {"required", true},
                      {"options", {"S", "M", "L"}}}};
  const auto m = w.open_event({{"form", form}}, {{"capacity", 2}});

  // Someone without an account: confirmed at once, told by mail; required answers may wait.
  const auto guest = w.t.call("events.participants.add", w.ann,
                              {{"event_id", m.event_id}, {"contest_id", m.contest_id}, {"given_name", "Gina"},
                               {"family_name", "Guest"}, {"email", "gina@example.com"}});
  CHECK(guest["status"] == "confirmed");
  CHECK(guest["user_id"].is_null());
  CHECK(guest["fee_minor"] == 0);
  const auto mail = w.t.take_mail("gina@example.com");
  REQUIRE(mail.size() == 1);
  CHECK(mail[0].find("City Run") != std::string::npos);

  // A user: their profile fills the blanks; they are told in-app.
  const auto user = w.t.call("events.participants.add", w.ann,
                             {{"event_id", m.event_id}, {"contest_id", m.contest_id}, {"user_id", w.ids[0]},
                              {"answers", {{"tshirt", "M"}}}});
  CHECK(user["given_name"] == "Person0");
  CHECK(user["answers"]["tshirt"] == "M");
  CHECK(w.latest_notice(w.people[0]) == "registration_confirmed");
  CHECK(w.contest(m)["taken"] == 2);

  // Refusals change nothing.
  const auto add = [&](const Json& extra) {
    Json p{{"event_id", m.event_id}, {"contest_id", m.contest_id}, {"given_name", "X"}, {"family_name", "Y"}};
    p.update(extra);
    return failure_of([&] { w.t.call("events.participants.add", w.ann, p); });
  };
  const auto full = add(Json::object());
  REQUIRE(full);
  CHECK(full->code() == ErrorCode::failed_precondition);
  CHECK(std::string(full->what()).find("is full (2 places)") != std::string::npos);
  w.t.call("events.contests.update", w.ann, {{"contest_id", m.contest_id}, {"capacity", 10}});
  CHECK(add({{"user_id", w.ids[0]}})->code() == ErrorCode::already_exists);
  CHECK(add({{"user_id", "usr_0000000000001"}})->code() == ErrorCode::not_found);
  CHECK(add({{"answers", {{"tshirt", "XXL"}}}})->field() == "answers.tshirt");
  CHECK(add({{"family_name", ""}})->field() == "family_name");
  CHECK(add({{"bib", 0}})->field() == "bib");
  w.t.call("events.registrations.bib", w.ann, {{"registration_id", guest["id"]}, {"bib", 5}});
  CHECK(add({{"bib", 5}})->code() == ErrorCode::already_exists);
  CHECK(w.contest(m)["taken"] == 2);
  // Only organizers add.
  CHECK(error_of([&] {
          w.t.call("events.participants.add", w.people[1],
                   {{"event_id", m.event_id}, {"contest_id", m.contest_id}, {"user_id", w.ids[1]}});
        }) == ErrorCode::permission_denied);
  // A cancelled event takes nobody.
  w.t.call("events.status.set", w.ann, {{"event_id", m.event_id}, {"status", "cancelled"}, {"reason", "Storm"}});
  CHECK(add(Json::object())->code() == ErrorCode::failed_precondition);
}

TEST_CASE("participants: moving to another contest takes a place there and frees the old one") {
  RegistrationWorld w(3);
  const auto m = w.open_event({}, {{"capacity", 1}});
  const std::string half = w.t.call("events.contests.add", w.ann,
                                    {{"event_id", m.event_id}, {"name", "21 km"}, {"capacity", 1}})["id"];
  const std::string first = w.enrol(w.people[0], m)["id"];
  const std::string waiting = w.enrol(w.people[1], m)["id"];
  CHECK(w.registration(waiting, w.ann)["status"] == "waitlisted");

  const auto moved = w.t.call("events.participants.move", w.ann, {{"registration_id", first}, {"contest_id", half}});
  CHECK(moved["contest_id"] == half);
  CHECK(moved["status"] == "confirmed");
  CHECK(w.latest_notice(w.people[0]) == "participant_moved");
  CHECK(w.registration(waiting, w.ann)["status"] == "offered");  // the freed place is offered

  // The 21 km is full now; a waitlisted registration holds no place to move; same contest; foreign contest.
  CHECK(error_of([&] {
          w.t.call("events.participants.add", w.ann,
                   {{"event_id", m.event_id}, {"contest_id", m.contest_id}, {"user_id", w.ids[2]}});
        }) == ErrorCode::failed_precondition);  // the 10 km's place is held by the offer
  const auto move = [&](const std::string& id, const std::string& contest) {
    return failure_of([&] { w.t.call("events.participants.move", w.ann, {{"registration_id", id}, {"contest_id", contest}}); });
  };
  CHECK(std::string(move(waiting, half)->what()).find("offered cannot be moved") != std::string::npos);
  CHECK(move(first, half)->code() == ErrorCode::failed_precondition);
  const auto other = w.open_event();
  CHECK(move(first, other.contest_id)->field() == "contest_id");
  CHECK(error_of([&] {
          w.t.call("events.participants.move", w.people[0], {{"registration_id", first}, {"contest_id", m.contest_id}});
        }) == ErrorCode::permission_denied);
}

TEST_CASE("participants: removal passes the place on and refunds unless told not to") {
  RegistrationWorld w(3);
  const auto m = w.open_event({{"currency", "EUR"}, {"refund_percent", 0}}, {{"fee_minor", 1000}, {"capacity", 2}});
  const std::string a = w.enrol(w.people[0], m)["id"];
  const std::string b = w.enrol(w.people[1], m)["id"];
  const std::string c = w.enrol(w.people[2], m)["id"];
  CHECK(w.registration(c, w.ann)["status"] == "waitlisted");

  const auto removed = w.t.call("events.participants.remove", w.ann, {{"registration_id", a}, {"reason", "Fake name"}});
  CHECK(removed["status"] == "withdrawn");
  CHECK(removed["status_reason"] == "removed by the organizers: Fake name");
  CHECK(removed["refunded_minor"] == 1000);  // in full, whatever the policy for withdrawals
  CHECK(w.notice_types(w.people[0]).front() == "registration_refunded");
  CHECK(w.registration(c, w.ann)["status"] == "offered");

  const auto kept = w.t.call("events.participants.remove", w.ann,
                             {{"registration_id", b}, {"reason", "Cheated at the last race"}, {"refund", false}});
  CHECK(kept["refunded_minor"] == 0);
  CHECK(w.latest_notice(w.people[1]) == "participant_removed");

  CHECK(error_of([&] { w.t.call("events.participants.remove", w.ann, {{"registration_id", a}, {"reason", "again"}}); }) ==
        ErrorCode::failed_precondition);
  CHECK(failure_of([&] {
          w.t.call("events.participants.remove", w.ann, {{"registration_id", c}, {"reason", "  "}});
        })->field() == "reason");
  CHECK(error_of([&] {
          w.t.call("events.participants.remove", w.people[2], {{"registration_id", c}, {"reason", "mine"}});
        }) == ErrorCode::permission_denied);
}

TEST_CASE("participants: statuses by hand follow the event's day") {
  RegistrationWorld w(3);
  const auto m = w.open_event({{"requires_approval", true}});
  const std::string a = w.enrol(w.people[0], m)["id"];
  const std::string b = w.enrol(w.people[1], m)["id"];
  CHECK(w.registration(a, w.ann)["status"] == "registered");
  const auto set = [&](const std::string& id, const std::string& status, const Json& extra = Json::object()) {
    Json p{{"registration_id", id}, {"status", status}};
    p.update(extra);
    return w.t.call("events.participants.status", w.ann, p);
  };
  const auto refusal = [&](const std::string& id, const std::string& status, const Json& extra = Json::object()) {
    return failure_of([&] { set(id, status, extra); });
  };

  // An application confirmed by hand is approved with it.
  const auto confirmed = set(a, "confirmed", {{"reason", "paid in cash"}});
  CHECK(confirmed["status"] == "confirmed");
  CHECK(confirmed["approved_at"].is_string());
  CHECK(w.latest_notice(w.people[0]) == "participant_status");
  // Race-day results wait for the start; check-in does not.
  CHECK(std::string(refusal(a, "finished")->what()).find("has started") != std::string::npos);
  CHECK(set(a, "checked_in")["checked_in_at"].is_string());
  CHECK(refusal(b, "checked_in")->code() == ErrorCode::failed_precondition);  // not confirmed yet
  CHECK(refusal(a, "withdrawn")->field() == "status");                       // not a status to set by hand
  CHECK(refusal(a, "checked_in")->code() == ErrorCode::failed_precondition);  // already

  w.t.call("events.status.set", w.ann, {{"event_id", m.event_id}, {"status", "in_progress"}});
  CHECK(refusal(a, "dsq")->field() == "reason");
  const auto dsq = set(a, "dsq", {{"reason", "Cut the course"}});
  CHECK(dsq["status"] == "dsq");
  CHECK(dsq["status_reason"] == "Cut the course");
  CHECK(set(a, "finished")["status"] == "finished");  // an appeal won
  CHECK(set(a, "dnf")["status"] == "dnf");
  CHECK(set(a, "confirmed")["checked_in_at"].is_null());  // back to the start line
  CHECK(error_of([&] { w.t.call("events.participants.status", w.people[0], {{"registration_id", a}, {"status", "finished"}}); }) ==
        ErrorCode::permission_denied);
  // Someone who withdrew holds no place to give a status to.
  const std::string c = w.enrol(w.people[2], w.open_event())["id"];
  w.t.call("events.registrations.withdraw", w.people[2], {{"registration_id", c}});
  CHECK(std::string(refusal(c, "confirmed")->what()).find("holds no place") != std::string::npos);
}

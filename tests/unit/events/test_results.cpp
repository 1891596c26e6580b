// Results by hand, the leaderboards kept from them (overall, gender, category, teams),
// publishing, and "my events".
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// Four runners (female, male, female, male; 39 on the day) in a 10 km with categories W35 and
// M35, under way; registration ids in `regs`.
struct ResultWorld : RegistrationWorld {
  Made m;
  std::vector<std::string> regs;

  ResultWorld() : RegistrationWorld(4) {
    m = open_event({}, {{"categories",
                         {{{"code", "W35"}, {"gender", "female"}, {"min_age", 35}, {"max_age", 39}},
                          {{"code", "M35"}, {"gender", "male"}, {"min_age", 35}, {"max_age", 39}}}}});
    for (int i = 0; i < 4; ++i)
      regs.push_back(enrol(people[i], m, {{"team", i == 3 ? "Hares" : "Tortoises"}})["id"]);
    t.call("events.status.set", ann, {{"event_id", m.event_id}, {"status", "in_progress"}});
  }

  Json set(int who, const std::string& value, const std::string& status = "OK") {
    Json p{{"registration_id", regs[who]}, {"status", status}};
    if (!value.empty()) p["value"] = value;
    return t.call("events.results.set", ann, p);
  }

  Json board(const Json& extra = Json::object(), const Actor* as = nullptr) {
    Json p{{"event_id", m.event_id}};
    p.update(extra);
    return t.call("events.leaderboard", as ? *as : Actor::anonymous(), p);
  }
};

std::vector<std::string> names(const Json& board) {
  std::vector<std::string> out;
  for (const auto& s : board["items"]) out.push_back(s["given_name"]);
  return out;
}

}  // namespace

TEST_CASE("results: by hand, ranked overall, by gender and by category, live") {
  ResultWorld w;
  const auto first = w.set(0, "41:20");
  CHECK(first["result"] == "0:41:20");
  CHECK(first["value"] == 2480000);
  CHECK(first["source"] == "hand");
  w.set(1, "39:00");
  w.set(2, "", "DNF");
  w.set(3, "45:00.5");

  auto overall = w.board();
  CHECK(names(overall) == std::vector<std::string>{"Person1", "Person0", "Person3", "Person2"});
  CHECK(overall["ranking"] == "overall");
  CHECK(overall["official"] == false);
  const auto& items = overall["items"];
  CHECK(items[0]["place"] == 1);
  CHECK(items[1]["place"] == 2);
  CHECK(items[1]["behind"] == "0:02:20");
  CHECK(items[1]["category"] == "W35");
  CHECK(items[3]["place"].is_null());  // DNF: listed after the placed
  CHECK(items[3]["status"] == "DidNotFinish");

  CHECK(names(w.board({{"gender", "female"}})) == std::vector<std::string>{"Person0", "Person2"});
  CHECK(names(w.board({{"category", "M35"}})) == std::vector<std::string>{"Person1", "Person3"});
  // Pages of one follow each other.
  const auto page1 = w.board({{"limit", 1}});
  CHECK(names(page1) == std::vector<std::string>{"Person1"});
  CHECK(names(w.board({{"limit", 1}, {"cursor", page1["next_cursor"]}})) == std::vector<std::string>{"Person0"});

  // The result sets the registration's status; removing it puts it back.
  CHECK(w.registration(w.regs[2], w.ann)["status"] == "dnf");
  CHECK(w.registration(w.regs[0], w.ann)["status"] == "finished");
  w.t.call("events.results.remove", w.ann, {{"registration_id", w.regs[3]}});
  CHECK(w.registration(w.regs[3], w.ann)["status"] == "confirmed");
  CHECK(w.board()["items"].size() == 3);

  // A changed result moves people.
  w.set(0, "38:59.9");
  CHECK(names(w.board())[0] == "Person0");
  // Someone removed after the race leaves the results, and the others move up.
  w.set(3, "38:00");
  CHECK(names(w.board())[0] == "Person3");
  w.t.call("events.participants.remove", w.ann, {{"registration_id", w.regs[3]}, {"reason", "Took a shortcut"}});
  CHECK(names(w.board()) == std::vector<std::string>{"Person0", "Person1", "Person2"});
  CHECK(w.registration(w.regs[3], w.ann)["status"] == "withdrawn");

  // Teams: the best two of each; the Hares have none now.
  const auto teams = w.t.call("events.leaderboard.teams", Actor::anonymous(), {{"event_id", w.m.event_id}, {"best_n", 2}});
  REQUIRE(teams["teams"].size() >= 1);
  CHECK(teams["teams"][0]["team"] == "Tortoises");
  CHECK(teams["teams"][0]["place"] == 1);
  CHECK(teams["teams"][0]["total"] == 2339900 + 2340000);
}

TEST_CASE("results: the standings kept through changes are those written anew") {
  ResultWorld w;
  const auto contest = parse_id(IdKind::contest, w.m.contest_id);
  const auto standings = [&] {
    std::vector<std::string> rows;
    w.t.platform->database().acquire()->query(
        "SELECT ranking, position, result_id, place, behind, provisional FROM event_standings WHERE contest_id = ?"
        " ORDER BY ranking, position",
        {contest}, [&](const storage::Row& r) {
          rows.push_back(r.text(0) + " " + std::to_string(r.i64(1)) + " " + std::to_string(r.i64(2)) + " " +
                         std::to_string(r.opt_i64(3).value_or(-1)) + " " + std::to_string(r.opt_i64(4).value_or(-1)) +
                         " " + std::to_string(r.i64(5)));
        });
    return rows;
  };
  // Each step changes the standings; then they are thrown away and written anew from the results.
  const std::vector<std::function<void()>> steps{
      [&] { w.set(0, "41:20"); },
      [&] { w.set(1, "39:00"); },
      [&] { w.set(2, "", "DNF"); },
      [&] { w.set(3, "45:00"); },
      [&] { w.set(0, "38:00"); },             // to the front
      [&] { w.set(2, "40:00", "Finished"); },  // placed, provisional
      [&] { w.t.call("events.results.remove", w.ann, {{"registration_id", w.regs[1]}}); },
      [&] { w.t.call("events.results.remove", w.ann, {{"registration_id", w.regs[3]}}); },  // no man left
      [&] { w.set(3, "37:00"); },
  };
  std::size_t lines = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    CAPTURE(i);
    steps[i]();
    const auto kept = standings();
    lines = std::max(lines, kept.size());
    const auto first = w.board()["items"][0];
    w.t.platform->database().acquire()->exec("DELETE FROM event_standings WHERE contest_id = ?", {contest});
    // The first line's result set again as it is: nothing changes but the ranking is written.
    Json again{{"registration_id", first["registration_id"]}, {"status", first["status"]}};
    if (first["result"].is_string()) again["value"] = first["result"];
    w.t.call("events.results.set", w.ann, again);
    CHECK(kept == standings());
  }
  CHECK(lines >= 10);  // overall, both genders and both categories were there
}

TEST_CASE("results: refusals change nothing") {
  ResultWorld w;
  const auto refused = [&](const Json& params, const Actor* as = nullptr) {
    return failure_of([&] { w.t.call("events.results.set", as ? *as : w.ann, params); });
  };
  const Json base{{"registration_id", w.regs[0]}};
  auto p = base;
  p["value"] = "41:99";
  CHECK(refused(p)->field() == "value");
  p["value"] = "-5:00";
  CHECK(refused(p)->field() == "value");
  p = base;
  CHECK(refused(p)->field() == "value");  // OK needs a time
  p["status"] = "Lost";
  CHECK(refused(p)->field() == "status");
  p = base;
  p["value"] = "41:00";
  CHECK(refused(p, &w.people[0])->code() == ErrorCode::permission_denied);
  CHECK(refused(p, &w.people[1])->code() == ErrorCode::not_found);
  CHECK(error_of([&] { w.board({{"category", "M99"}}); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { w.board({{"category", "M35"}, {"gender", "male"}}); }) == ErrorCode::invalid_argument);
  CHECK(w.board()["items"].empty());
  CHECK(w.registration(w.regs[0], w.ann)["status"] == "confirmed");
  // Exports and team rankings refuse what they cannot make, naming the field.
  const auto field_of = [&](const char* op, const Json& extra) {
    Json q{{"event_id", w.m.event_id}};
    q.update(extra);
    return failure_of([&] { w.t.call(op, w.ann, q); })->field();
  };
  CHECK(field_of("events.results.export", {{"format", "pdf"}}) == "format");
  CHECK(field_of("events.results.export", {{"format", "iof"}, {"category", "M35"}}) == "format");
  CHECK(field_of("events.entries.export", {{"list", "finishers"}}) == "list");
  CHECK(field_of("events.leaderboard.teams", {{"best_n", 0}}) == "best_n");
  CHECK(error_of([&] { w.t.call("events.entries.export", w.people[0], {{"event_id", w.m.event_id}}); }) ==
        ErrorCode::permission_denied);

  // Before the start, no results.
  const auto later = w.open_event();
  const std::string reg = w.enrol(w.people[0], later)["id"];
  CHECK(error_of([&] { w.t.call("events.results.set", w.ann, {{"registration_id", reg}, {"value", "40:00"}}); }) ==
        ErrorCode::failed_precondition);
  // An unlisted event's leaderboard needs its link.
  const auto hidden = w.open_event({{"visibility", "unlisted"}});
  CHECK(error_of([&] { w.t.call("events.leaderboard", Actor::anonymous(), {{"event_id", hidden.event_id}}); }) ==
        ErrorCode::not_found);
}

TEST_CASE("results: published results are official and told; my events show result and place") {
  ResultWorld w;
  w.set(0, "41:20");
  w.set(1, "39:00");
  CHECK(error_of([&] { w.t.call("events.results.publish", w.people[0], {{"event_id", w.m.event_id}}); }) ==
        ErrorCode::permission_denied);
  w.t.call("events.results.publish", w.ann, {{"event_id", w.m.event_id}});
  CHECK(w.board()["official"] == true);
  CHECK(w.latest_notice(w.people[0]) == "event_results_published");
  CHECK(w.latest_notice(w.people[2]) != "event_results_published");  // no result, not told
  CHECK(error_of([&] { w.t.call("events.results.publish", w.ann, {{"event_id", w.m.event_id}}); }) ==
        ErrorCode::failed_precondition);

  const auto current = w.t.call("events.mine", w.people[0], {{"when", "current"}});
  REQUIRE(current["events"].size() == 1);
  CHECK(current["events"][0]["place"] == 2);
  CHECK(current["events"][0]["result"] == "0:41:20");
  CHECK(current["events"][0]["official"] == true);
  CHECK(w.t.call("events.mine", w.people[0], {{"when", "upcoming"}})["events"].empty());
  w.t.call("events.status.set", w.ann, {{"event_id", w.m.event_id}, {"status", "finished"}});
  CHECK(w.t.call("events.mine", w.people[0], {{"when", "finished"}})["events"].size() == 1);
  CHECK(w.t.call("events.mine", w.people[0], {{"when", "current"}})["events"].empty());
  const auto upcoming = w.open_event();
  w.enrol(w.people[0], upcoming);
  CHECK(w.t.call("events.mine", w.people[0])["events"].size() == 1);  // upcoming by default
  CHECK(failure_of([&] { w.t.call("events.mine", w.people[0], {{"when", "someday"}}); })->field() == "when");
  CHECK(error_of([&] { w.t.call("events.mine", Actor::anonymous()); }) == ErrorCode::unauthenticated);
}

TEST_CASE("results: publishing gives the awards of places to their winners; organizers give more by hand") {
  ResultWorld w;
  w.t.call("events.update", w.ann,
           {{"event_id", w.m.event_id},
            {"awards", {{{"title", "Winner"}, {"place", 1}, {"prize", "100 EUR"}},
                        {{"title", "W35 champion"}, {"place", 1}, {"category", "W35"}},
                        {{"title", "Best newcomer"}}}}});
  w.set(0, "41:20");
  w.set(1, "39:00");
  w.set(2, "42:00");
  const auto awards = [&] {
    std::vector<std::pair<std::string, std::string>> out;
    const auto list = w.t.call("events.awards.list", Actor::anonymous(), {{"event_id", w.m.event_id}});
    for (const auto& a : list["awards"]) out.emplace_back(a["title"], a["given_name"]);
    return out;
  };
  CHECK(awards().empty());  // not before the results are official
  w.t.call("events.results.publish", w.ann, {{"event_id", w.m.event_id}});
  CHECK(awards() == std::vector<std::pair<std::string, std::string>>{{"Winner", "Person1"}, {"W35 champion", "Person0"}});
  CHECK(w.latest_notice(w.people[1]) == "award_won");

  // By hand, once per participant and title; taken back again.
  const Json newcomer{{"registration_id", w.regs[2]}, {"title", "Best newcomer"}};
  CHECK(w.t.call("events.awards.give", w.ann, newcomer)["place"].is_null());
  CHECK(error_of([&] { w.t.call("events.awards.give", w.ann, newcomer); }) == ErrorCode::already_exists);
  CHECK(error_of([&] { w.t.call("events.awards.give", w.people[2], newcomer); }) == ErrorCode::permission_denied);
  CHECK(failure_of([&] {
          w.t.call("events.awards.give", w.ann, {{"registration_id", w.regs[2]}, {"title", " "}});
        })->field() == "title");
  CHECK(awards().size() == 3);

  // The collection: the winner's own, and others' when the profile shows (friends only: not to strangers).
  const auto mine = w.t.call("users.awards.list", w.people[1], {{"user_id", w.ids[1]}});
  REQUIRE(mine["awards"].size() == 1);
  CHECK(mine["awards"][0]["title"] == "Winner");
  CHECK(mine["awards"][0]["prize"] == "100 EUR");
  CHECK(error_of([&] { w.t.call("users.awards.list", w.people[0], {{"user_id", w.ids[1]}}); }) == ErrorCode::not_found);
  w.t.call("profile.update", w.people[1], {{"privacy", "public"}});
  CHECK(w.t.call("users.awards.list", Actor::anonymous(), {{"user_id", w.ids[1]}})["awards"].size() == 1);

  // Withdrawn results take the awards of places back; those given by hand stay until taken back.
  w.t.call("events.results.publish", w.ann, {{"event_id", w.m.event_id}, {"published", false}});
  CHECK(awards() == std::vector<std::pair<std::string, std::string>>{{"Best newcomer", "Person2"}});
  w.t.call("events.awards.take_back", w.ann, newcomer);
  CHECK(awards().empty());
  CHECK(error_of([&] { w.t.call("events.awards.take_back", w.ann, newcomer); }) == ErrorCode::not_found);
}

// Personal bests on leaderboards and a user's race records: each athlete's fastest official race
// per sport and distance, from public events only.
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

const Json kTenK{{"sport", "run"}, {"distance_m", 10000}};

struct RecordWorld : RegistrationWorld {
  RecordWorld() : RegistrationWorld(3) {}

  // A 10 km race under way with these people's times ("" for a DNF); its registrations.
  Made race(const std::vector<std::pair<int, std::string>>& times, const Json& event_extra = Json::object(),
            const Json& contest = kTenK) {
    const auto m = open_event(event_extra, contest);
    const Json token{{"link_token", t.call("events.get", ann, {{"event_id", m.event_id}})["link_token"]}};
    std::vector<std::string> regs;
    for (const auto& [who, _] : times) regs.push_back(enrol(people[who], m, token)["id"]);
    t.call("events.status.set", ann, {{"event_id", m.event_id}, {"status", "in_progress"}});
    for (std::size_t i = 0; i < times.size(); ++i) {
      Json p{{"registration_id", regs[i]}, {"status", times[i].second.empty() ? "DNF" : "OK"}};
      if (!times[i].second.empty()) p["value"] = times[i].second;
      t.call("events.results.set", ann, p);
    }
    return m;
  }

  void publish(const Made& m) { t.call("events.results.publish", ann, {{"event_id", m.event_id}}); }

  // Each line's given name and whether it is a personal best.
  std::vector<std::pair<std::string, bool>> bests(const Made& m) {
    std::vector<std::pair<std::string, bool>> out;
    const auto board = t.call("events.leaderboard", ann, {{"event_id", m.event_id}});
    for (const auto& s : board["items"]) out.emplace_back(s["given_name"], s["personal_best"]);
    return out;
  }

  std::vector<std::string> record_times(int who, const Actor& as) {
    std::vector<std::string> out;
    const auto got = t.call("users.race_records", as, {{"user_id", ids[who]}});
    for (const auto& r : got["records"]) out.push_back(r["time"]);
    return out;
  }
};

}  // namespace

TEST_CASE("race records: a leaderboard marks each athlete's fastest race at the distance") {
  RecordWorld w;
  const auto spring = w.race({{0, "40:00"}, {1, "45:00"}});
  w.publish(spring);
  // Person0 was faster in spring; Person1 is faster now; Person2 runs a first 10 km; a DNF is no best.
  const auto autumn = w.race({{0, "42:00"}, {1, "44:00"}, {2, "50:00"}});
  using Lines = std::vector<std::pair<std::string, bool>>;
  CHECK(w.bests(autumn) == Lines{{"Person0", false}, {"Person1", true}, {"Person2", true}});
  // Provisional results of another event do not count yet.
  CHECK(w.bests(spring) == Lines{{"Person0", true}, {"Person1", true}});

  const auto line = w.t.call("events.leaderboard", Actor::anonymous(), {{"event_id", autumn.event_id}})["items"][1];
  CHECK(line["profile_path"] == "/v1/users/" + w.ids[1] + "/profile");
  CHECK(line["records_path"] == "/v1/users/" + w.ids[1] + "/race-records");
  const auto slower = w.t.call("events.leaderboard", Actor::anonymous(), {{"event_id", autumn.event_id}})["items"][0];
  CHECK(slower["records_path"].is_null());

  // Records are official results only: autumn counts once published.
  CHECK(w.record_times(1, w.people[1]) == std::vector<std::string>{"0:45:00"});
  w.publish(autumn);
  const auto records = w.t.call("users.race_records", w.people[1], {{"user_id", w.ids[1]}})["records"];
  REQUIRE(records.size() == 1);
  CHECK(records[0]["time"] == "0:44:00");
  CHECK(records[0]["sport"] == "run");
  CHECK(records[0]["distance_m"] == 10000.0);
  CHECK(records[0]["event_id"] == autumn.event_id);
  CHECK(records[0]["event_title"] == "City Run");
  CHECK(w.record_times(0, w.people[0]) == std::vector<std::string>{"0:40:00"});
  CHECK(w.bests(spring) == Lines{{"Person0", true}, {"Person1", false}});
}

TEST_CASE("race records: unlisted events, other distances and kinds, and who sees them") {
  RecordWorld w;
  w.publish(w.race({{0, "40:00"}}));
  // A faster race in an unlisted event is not public: it is no record and leaves the best alone.
  const auto hidden = w.race({{0, "35:00"}}, {{"visibility", "unlisted"}});
  w.publish(hidden);
  CHECK(w.record_times(0, w.people[0]) == std::vector<std::string>{"0:40:00"});
  CHECK(w.bests(hidden) == std::vector<std::pair<std::string, bool>>{{"Person0", true}});  // its own line counts
  // A half marathon is another record; points and distances without a sport are none.
  w.publish(w.race({{0, "1:30:00"}}, {}, {{"sport", "run"}, {"distance_m", 21097.5}}));
  w.publish(w.race({{0, "12"}}, {}, {{"result_kind", "points"}}));
  const auto points = w.race({{0, "15"}}, {}, {{"result_kind", "points"}});
  CHECK(w.bests(points) == std::vector<std::pair<std::string, bool>>{{"Person0", false}});
  CHECK(w.record_times(0, w.people[0]) == std::vector<std::string>{"0:40:00", "1:30:00"});

  // Behind the profile: friends only by default, so not to strangers or anonymous callers.
  CHECK(error_of([&] { w.record_times(0, w.people[1]); }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.record_times(0, Actor::anonymous()); }) == ErrorCode::not_found);
  w.t.call("profile.update", w.people[0], {{"privacy", "public"}});
  CHECK(w.record_times(0, Actor::anonymous()).size() == 2);
  CHECK(error_of([&] { w.t.call("users.race_records", w.ann, {{"user_id", format_id(IdKind::user, 424242)}}); }) ==
        ErrorCode::not_found);
}

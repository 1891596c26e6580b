// An organizer with a published event whose registration is open, and people to register.
#pragma once

#include "unit/fixture.hpp"

namespace fitkit::test {

struct RegistrationWorld {
  TestPlatform t;
  std::string ann_id;  // organizes
  Actor ann;
  std::vector<std::string> ids;  // people
  std::vector<Actor> people;

  explicit RegistrationWorld(int people_count = 3, PlatformOptions options = {}) : t(std::move(options)) {
    ann_id = t.make_user("ann@example.com", "ann");
    ann = t.actor_of(t.login("ann@example.com"));
    for (int i = 0; i < people_count; ++i) {
      const std::string email = "p" + std::to_string(i) + "@example.com";
      ids.push_back(t.make_user(email, "person" + std::to_string(i)));
      people.push_back(t.actor_of(t.login(email)));
      t.call("profile.update", people.back(),
             {{"first_name", "Person" + std::to_string(i)}, {"last_name", "Runner"}, {"birth_date", "1990-06-15"},
              {"gender", i % 2 ? "male" : "female"}});
    }
  }

  // A race on 2030-05-01 in Europe/Moscow with one contest, its registration open.
  struct Made {
    std::string event_id, contest_id;
  };
  Made open_event(const Json& event_extra = Json::object(), const Json& contest_extra = Json::object()) {
    Json p{{"title", "City Run"},
           {"type", "race"},
           {"starts_at", "2030-05-01T08:00:00Z"},
           {"ends_at", "2030-05-01T14:00:00Z"},
           {"time_zone", "Europe/Moscow"}};
    if (!event_extra.is_null()) p.update(event_extra);
    const std::string id = t.call("events.create", ann, p)["id"];
    Json k{{"event_id", id}, {"name", "10 km"}};
    if (!contest_extra.is_null()) k.update(contest_extra);
    const std::string contest = t.call("events.contests.add", ann, k)["id"];
    t.call("events.status.set", ann, {{"event_id", id}, {"status", "published"}});
    t.call("events.status.set", ann, {{"event_id", id}, {"status", "registration_open"}});
    return {id, contest};
  }

  Json enrol(const Actor& who, const Made& m, const Json& extra = Json::object()) {
    Json p{{"event_id", m.event_id}, {"contest_id", m.contest_id}};
    p.update(extra);
    return t.call("events.register", who, p);
  }

  Json registration(const std::string& id, const Actor& as) {
    return t.call("events.registrations.get", as, {{"registration_id", id}});
  }

  Json contest(const Made& m) {
    const auto event = t.call("events.get", ann, {{"event_id", m.event_id}});
    for (const auto& k : event["contests"])
      if (k["id"] == m.contest_id) return k;
    return {};
  }

  // The type of the user's newest notification, "" without any.
  std::string latest_notice(const Actor& who) {
    const auto types = notice_types(who);
    return types.empty() ? std::string() : types.front();
  }

  // The types of the user's notifications, newest first.
  std::vector<std::string> notice_types(const Actor& who) {
    std::vector<std::string> out;
    const auto page = t.call("notifications.list", who);
    for (const auto& n : page["items"]) out.push_back(n["type"]);
    return out;
  }
};

}  // namespace fitkit::test

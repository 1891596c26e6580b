// The paging parameters of every list: declared alike, bad cursors and limits refused with
// invalid_argument naming the field, and a cursor never reaching past who may see what.
#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "core/crypto.hpp"
#include "unit/api/paging_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// Two items or more in every list of the admin's, and of Bob's, so that each has a cursor.
struct PagingWorld {
  TestPlatform t;
  Actor admin, bob;
  std::string bob_id;
  // The parameters a list of one event needs besides paging: the admin's first event.
  std::map<std::string, Json> scope;

  PagingWorld() {
    std::vector<std::tuple<const Actor*, std::string, std::string>> events;  // organizer, event, contest
    admin = t.make_admin("root@example.com");
    bob_id = t.make_user("bob@example.com");
    bob = t.actor_of(t.login("bob@example.com"));
    t.login("root@example.com");
    t.login("bob@example.com");
    std::int64_t notification_id = 100;
    for (const Actor* who : {&admin, &bob}) {
      for (int k = 0; k < 3; ++k)
        t.platform->database().acquire()->exec(
            "INSERT INTO notifications (id, user_id, type, title, body, created_at, updated_at)"
            " VALUES (?, ?, 'account', 'Title', 'Body', 0, 0)",
            {++notification_id, who->user_id});
      for (const char* day : {"2025-12-01", "2025-12-02", "2025-12-03"})
        t.call("metrics.record", *who, {{"date", day}, {"weight_kg", 70}});
      for (int k = 0; k < 3; ++k) {  // gear items, their logged uses, and reviews in the catalogue
        const std::string item = t.call("gear.create", *who, {{"category", "shoes"}, {"brand", "Brand " + std::to_string(k)},
                                                              {"model", "Model"}})["id"];
        t.call("gear.usage.log", *who, {{"gear_id", item}, {"counter", "washes"}});
        t.call("gear.reviews.set", *who, {{"gear_id", item}, {"rating", 4}, {"text", "Fine"}});
      }
      for (int k = 0; k < 3; ++k) {  // templates and plans (the exercise library has its starter set)
        t.call("templates.create", *who,
               {{"name", "Template"}, {"sport", "run"}, {"steps", Json::array({Json{{"type", "work"}}})}});
        t.call("plans.create", *who, {{"date", "2026-01-0" + std::to_string(k + 1)}, {"title", "Run"}, {"sport", "run"}});
      }
      for (int k = 0; k < 3; ++k)  // workouts
        t.call("workouts.create", *who, {{"sport", "run"}, {"start_at", "2025-12-0" + std::to_string(k + 1) + "T08:00:00Z"}});
      for (int k = 0; k < 3; ++k) {  // organisations, and published events in the catalogue
        const auto suffix = std::to_string(who->user_id) + "-" + std::to_string(k);
        t.call("orgs.create", *who, {{"name", "Club " + suffix}, {"kind", "club"}});
        const std::string event = t.call("events.create", *who, {{"title", "Race " + suffix}, {"type", "race"},
                                                                 {"starts_at", "2030-05-01T08:00:00Z"},
                                                                 {"ends_at", "2030-05-01T10:00:00Z"},
                                                                 {"time_zone", "UTC"}})["id"];
        const std::string contest = t.call("events.contests.add", *who, {{"event_id", event}, {"name", "5 km"}})["id"];
        t.call("events.status.set", *who, {{"event_id", event}, {"status", "published"}});
        t.call("events.status.set", *who, {{"event_id", event}, {"status", "registration_open"}});
        events.emplace_back(who, event, contest);
      }
    }
    for (const auto& [organizer, event, contest] : events)  // each registers for the other's events
      t.call("events.register", organizer == &admin ? bob : admin,
             {{"event_id", event}, {"contest_id", contest}, {"given_name", "Some"}, {"family_name", "One"}});
    // The admin's first event: two participants, two announcements, two questions.
    const auto& [organizer, first_event, first_contest] = events.front();
    const std::string gina = t.call("events.participants.add", *organizer,
                                    {{"event_id", first_event}, {"contest_id", first_contest}, {"given_name", "Gina"},
                                     {"family_name", "Guest"}})["id"];
    for (int k = 0; k < 2; ++k) {
      t.call("events.announcements.create", *organizer, {{"event_id", first_event}, {"title", "News"}, {"body", "Text"}});
      t.call("events.questions.ask", *organizer, {{"event_id", first_event}, {"body", "Question?"}});
    }
    // Under way, with a result each for Bob and Gina: a leaderboard of two.
    t.call("events.status.set", *organizer, {{"event_id", first_event}, {"status", "in_progress"}});
    const auto participants = t.call("events.participants.list", *organizer, {{"event_id", first_event}});
    for (const auto& g : participants["items"])
      t.call("events.results.set", *organizer, {{"registration_id", g["id"]}, {"value", g["id"] == gina ? "40:00" : "41:00"}});
    for (int k = 0; k < 2; ++k)  // and two photos
      t.call("events.results.photos.add", *organizer,
             {{"event_id", first_event}, {"file", crypto::base64_encode(std::string("\xff\xd8\xff\xe0", 4))}});
    for (const char* op : {"events.participants.list", "events.announcements.list", "events.questions.list",
                           "events.leaderboard", "events.results.photos.list"})
      scope[op] = {{"event_id", first_event}};
    for (int i = 0; i < 3; ++i) {
      const std::string coach = t.call("users.create", Actor::system(),
                                       {{"email", "c" + std::to_string(i) + "@example.com"},
                                        {"password", kPassword},
                                        {"roles", {"coach"}}})["id"];
      t.call("profile.medical_access.grant", admin, {{"coach_id", coach}});
      t.call("profile.medical_access.grant", bob, {{"coach_id", coach}});
    }
  }

  // The next_cursor of the first page of one item.
  std::string cursor(const std::string& op, const Actor& who) {
    auto page = t.call(op, who, scoped(op, {{"limit", 1}}));
    REQUIRE(page["next_cursor"].is_string());
    return page["next_cursor"];
  }

  // The params with the list's scope added.
  Json scoped(const std::string& op, Json params) const {
    if (auto it = scope.find(op); it != scope.end()) params.update(it->second);
    return params;
  }

  // The field an invalid_argument names, "" for another outcome.
  std::string refused_field(const std::string& op, const Json& params) {
    try {
      t.call(op, admin, scoped(op, params));
    } catch (const Error& e) {
      if (e.code() == ErrorCode::invalid_argument) return e.field();
      return "code " + std::string(to_string(e.code()));
    }
    return "";
  }
};

std::string flip_last_char(std::string s) {
  s.back() = s.back() == 'A' ? 'B' : 'A';
  return s;
}

}  // namespace

TEST_CASE("paging: every list takes cursor and limit, and nothing else pages") {
  std::set<std::string> lists;
  for (const auto& op : api::registry().all()) {
    CAPTURE(op.name);
    auto param = [&](const char* name) {
      auto it = std::find_if(op.params.begin(), op.params.end(), [&](auto& s) { return s.name == name; });
      return it == op.params.end() ? nullptr : &*it;
    };
    CHECK(param("after") == nullptr);
    CHECK(param("before") == nullptr);
    if (op.list_field != "items" || op.name == "notifications.preferences.get") {
      CHECK(param("cursor") == nullptr);
      continue;
    }
    lists.insert(op.name);
    CHECK(op.method == api::HttpMethod::get);
    REQUIRE(param("cursor") != nullptr);
    REQUIRE(param("limit") != nullptr);
    CHECK(param("cursor")->type == api::ParamType::string);
    CHECK_FALSE(param("cursor")->required);
    CHECK(param("limit")->type == api::ParamType::integer);
    CHECK_FALSE(param("limit")->required);
  }
  CHECK(lists == std::set<std::string>(paged_lists().begin(), paged_lists().end()));
}

TEST_CASE("paging: a limit out of 1 to 200 is refused, never wrapped or clamped") {
  PagingWorld w;
  for (const auto& op : paged_lists()) {
    CAPTURE(op);
    for (const Json& limit : {Json(0), Json(-1), Json(201), Json(4294967297LL), Json(4294967296LL + 50),
                              Json(std::numeric_limits<std::int64_t>::max()),
                              Json(std::numeric_limits<std::int64_t>::min()),
                              Json(std::numeric_limits<std::uint64_t>::max()),
                              Json(std::uint64_t{9223372036854775808u}), Json("10"), Json(2.5), Json(true)}) {
      CAPTURE(limit.dump());
      CHECK(w.refused_field(op, {{"limit", limit}}) == "limit");
    }
    CHECK(w.refused_field(op, {{"limit", 1}}).empty());
    CHECK(w.refused_field(op, {{"limit", 200}}).empty());
    CHECK(w.t.call(op, w.admin, w.scoped(op, Json::object()))["items"].size() <=
          static_cast<std::size_t>(kPageLimitDefault));
  }
}

TEST_CASE("paging: a garbled, altered or foreign cursor is refused naming cursor") {
  PagingWorld w;
  std::vector<std::string> cursors;
  for (const auto& op : paged_lists()) cursors.push_back(w.cursor(op, w.admin));
  for (std::size_t i = 0; i < paged_lists().size(); ++i) {
    const auto& op = paged_lists()[i];
    const auto& good = cursors[i];
    CAPTURE(op);
    CHECK(w.refused_field(op, {{"cursor", good}}).empty());
    std::vector<std::string> bad{"",
                                 "garbage!",
                                 "AAAA",
                                 "====",
                                 good + "=",
                                 good.substr(0, good.size() - 1),
                                 good.substr(0, good.size() / 2),
                                 good + "AAAA",
                                 flip_last_char(good),
                                 std::string(500, 'A'),
                                 crypto::base64url_encode(std::string("\x02") + good),
                                 crypto::base64url_encode("\x01\x05users"),
                                 "'; DROP TABLE users; --"};
    // The other lists' cursors, and this list's keys under a version that does not exist.
    for (std::size_t j = 0; j < cursors.size(); ++j)
      if (j != i) bad.push_back(cursors[j]);
    auto bytes = *crypto::base64url_decode(good);
    bytes[0] = 2;
    bad.push_back(crypto::base64url_encode(bytes));
    bad.push_back(crypto::base64url_encode(bytes.substr(0, bytes.size() - 1)));
    bad.push_back(api::CursorWriter(op).finish());                               // no key
    bad.push_back(api::CursorWriter(op).integer(1).integer(2).integer(3).finish());  // too many
    bad.push_back(api::CursorWriter(op).text("'; DROP TABLE users; --").finish());
    for (const auto& cursor : bad) {
      CAPTURE(cursor);
      try {
        w.t.call(op, w.admin, w.scoped(op, {{"cursor", cursor}}));
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK(e.field() == "cursor");
        if (cursor.size() > 3) CHECK(std::string(e.what()).find(cursor) == std::string::npos);  // not echoed
      }
    }
    CHECK(w.refused_field(op, {{"cursor", 42}}) == "cursor");
  }
}

TEST_CASE("paging: a cursor made by hand holds only a position; extreme keys are no error") {
  PagingWorld w;
  using api::CursorWriter;
  constexpr auto lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  const std::string grants = "profile.medical_access.list";
  for (const auto& [op, cursor] : std::vector<std::pair<std::string, std::string>>{
           {"users.list", CursorWriter("users.list").integer(lo).finish()},
           {"users.list", CursorWriter("users.list").integer(hi).finish()},
           {"audit.list", CursorWriter("audit.list").integer(-1).finish()},
           {"notifications.list", CursorWriter("notifications.list").integer(lo).finish()},
           {"notifications.list", CursorWriter("notifications.list").integer(hi).finish()},
           {"sessions.list", CursorWriter("sessions.list").integer(lo).integer(lo).finish()},
           {"sessions.list", CursorWriter("sessions.list").integer(hi).integer(hi).finish()},
           {grants, CursorWriter(grants).integer(lo).integer(0).finish()},
           {grants, CursorWriter(grants).integer(hi).integer(hi).finish()},
           {"metrics.list", CursorWriter("metrics.list").text("1900-01-01").finish()},
           {"metrics.list", CursorWriter("metrics.list").text("9999-12-31").finish()}}) {
    CAPTURE(op);
    CAPTURE(cursor);
    CHECK(w.refused_field(op, {{"cursor", cursor}}).empty());
  }
  for (const char* day : {"2025-13-01", "2025-12-1", "", "2025-12-01' OR '1'='1"})
    CHECK(w.refused_field("metrics.list", {{"cursor", CursorWriter("metrics.list").text(day).finish()}}) ==
          "cursor");
}

TEST_CASE("paging: a cursor reaches no further than the caller may see") {
  PagingWorld w;
  const Actor anonymous = Actor::anonymous();
  // Admin lists stay admin lists with a valid cursor in hand.
  for (const char* op : {"users.list", "audit.list"}) {
    const auto cursor = w.cursor(op, w.admin);
    CHECK(error_of([&] { w.t.call(op, w.bob, {{"cursor", cursor}}); }) == ErrorCode::permission_denied);
    CHECK(error_of([&] { w.t.call(op, anonymous, {{"cursor", cursor}}); }) == ErrorCode::unauthenticated);
  }
  // Own lists: Bob walking on from the admin's cursor sees his own items only.
  for (const auto& [op, key] : std::vector<std::pair<std::string, std::string>>{
           {"sessions.list", "id"},
           {"notifications.list", "id"},
           {"metrics.list", "date"},
           {"profile.medical_access.list", "coach_id"}}) {
    CAPTURE(op);
    const auto admins = field_of(whole(w.t, op, w.admin), key);
    const auto bobs = field_of(whole(w.t, op, w.bob), key);
    CHECK(error_of([&] { w.t.call(op, anonymous, {{"cursor", w.cursor(op, w.admin)}}); }) ==
          ErrorCode::unauthenticated);
    const auto walked = field_of(walk(w.t, op, w.bob, {{"cursor", w.cursor(op, w.admin)}}, 1).items, key);
    for (const auto& k : walked) CHECK(std::find(bobs.begin(), bobs.end(), k) != bobs.end());
    if (key == "id")
      for (const auto& k : walked) CHECK(std::find(admins.begin(), admins.end(), k) == admins.end());
  }
}

// Events: what an event holds, its status steps, contests, the link of an unlisted event, an
// organisation's organizers managing its events, and the catalogue.
#include "core/crypto.hpp"
#include "fitkit/db_copy.hpp"
#include "unit/fixture.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

struct EventWorld {
  TestPlatform t;
  std::string ann_id, bob_id;
  Actor ann, bob;
  EventWorld() {
    ann_id = t.make_user("ann@example.com", "ann");
    bob_id = t.make_user("bob@example.com", "bob");
    ann = t.actor_of(t.login("ann@example.com"));
    bob = t.actor_of(t.login("bob@example.com"));
  }
  Json make(const Actor& by, const std::string& title, const Json& extra = Json::object()) {
    Json p{{"title", title},
           {"type", "race"},
           {"starts_at", "2030-05-01T08:00:00Z"},
           {"ends_at", "2030-05-01T14:00:00Z"},
           {"time_zone", "Europe/Moscow"}};
    p.update(extra);
    return t.call("events.create", by, p);
  }
  // Made, given a contest and published.
  std::string published(const Actor& by, const std::string& title, const Json& extra = Json::object()) {
    const std::string id = make(by, title, extra)["id"];
    t.call("events.contests.add", by, {{"event_id", id}, {"name", "Main"}});
    t.call("events.status.set", by, {{"event_id", id}, {"status", "published"}});
    return id;
  }
};

std::vector<std::string> titles(const Json& page) {
  std::vector<std::string> out;
  for (const auto& e : page["items"]) out.push_back(e["title"]);
  return out;
}

}  // namespace

TEST_CASE("events: an event holds what the organizer gives, checked") {
  EventWorld w;
  const auto e = w.make(
      w.ann, "Kazan Marathon",
      {{"description", "Along the Kazanka"},
       {"place", {{"name", "Millennium Park"}, {"address", "Kazan"}, {"latitude", 55.8}, {"longitude", 49.1}}},
       {"audience", {{"genders", {"male", "female"}}, {"min_age", 18}, {"levels", {"amateur"}}}},
       {"requirements", {{"medical_certificate", true}, {"equipment", {"chip"}}}},
       {"schedule", {{{"starts_at", "2030-05-01T10:00:00Z"}, {"title", "Start"}},
                     {{"starts_at", "2030-05-01T07:00:00Z"}, {"title", "Expo"}}}},
       {"awards", {{{"title", "Winner"}, {"place", 1}, {"prize", "500 EUR"}}}},
       {"categories", {"running", "challenge"}},
       {"registration_opens_at", "2030-01-01T00:00:00Z"},
       {"registration_closes_at", "2030-04-25T00:00:00Z"},
       {"currency", "EUR"},
       {"refund_percent", 50}});
  CHECK(e["status"] == "draft");
  CHECK(e["visibility"] == "public");
  CHECK(e["organizer"]["kind"] == "user");
  CHECK(e["organizer"]["name"] == "ann");
  CHECK(e["audience"]["genders"] == Json({"female", "male"}));
  CHECK(e["schedule"][0]["title"] == "Expo");  // in time order
  CHECK(e["categories"] == Json({"challenge", "running"}));
  CHECK(e["can_manage"] == true);
  CHECK(e["link_token"].is_string());
  const std::string id = e["id"];

  const std::vector<std::pair<Json, std::string>> bad{
      {{{"ends_at", "2030-04-30T00:00:00Z"}}, "ends_at"},
      {{{"type", "party"}}, "type"},
      {{{"time_zone", "Mars/Olympus"}}, "time_zone"},
      {{{"currency", "eur"}}, "currency"},
      {{{"categories", {"underwater-chess"}}}, "categories"},
      {{{"place", {{"latitude", 95}, {"longitude", 0}}}}, "place.latitude"},
      {{{"place", {{"latitude", 55}}}}, "place.latitude"},
      {{{"audience", {{"min_age", 40}, {"max_age", 30}}}}, "audience.max_age"},
      {{{"audience", {{"genders", {"robot"}}}}}, "audience.genders[0]"},
      {{{"schedule", {{{"title", "No time"}}}}}, "schedule[0].starts_at"},
      {{{"registration_closes_at", "2030-06-01T00:00:00Z"}}, "registration_closes_at"},
      {{{"refund_percent", 101}}, "refund_percent"},
      {{{"org_id", format_id(IdKind::organisation, 1)}}, "org_id"},
  };
  for (const auto& [params, field] : bad) {
    Json p = params;
    p["event_id"] = id;
    CAPTURE(p.dump());
    const auto changed = changes_made_by(w.t, [&] {
      try {
        w.t.call("events.update", w.ann, p);
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.field() == field);
      }
    });
    CHECK(changed.empty());
  }
  const auto cleared = w.t.call("events.update", w.ann, {{"event_id", id}, {"description", ""}, {"registration_closes_at", ""},
                                                          {"currency", ""}, {"prize_fund", ""}});
  CHECK(cleared["description"].is_null());
  CHECK(cleared["currency"].is_null());
  CHECK(cleared["prize_fund"].is_null());
  CHECK(cleared["registration_closes_at"].is_null());
  CHECK(cleared["title"] == "Kazan Marathon");
}

TEST_CASE("events: status goes step by step; a cancel says why; a draft alone is deleted") {
  EventWorld w;
  const std::string id = w.make(w.ann, "Race")["id"];
  CHECK(error_of([&] { w.t.call("events.status.set", w.ann, {{"event_id", id}, {"status", "published"}}); }) ==
        ErrorCode::failed_precondition);  // no contest yet
  w.t.call("events.contests.add", w.ann, {{"event_id", id}, {"name", "10 km"}});
  CHECK(error_of([&] { w.t.call("events.status.set", w.ann, {{"event_id", id}, {"status", "finished"}}); }) ==
        ErrorCode::failed_precondition);
  for (const char* s : {"published", "registration_open", "in_progress", "finished"})
    CHECK(w.t.call("events.status.set", w.ann, {{"event_id", id}, {"status", s}})["status"] == s);
  CHECK(error_of([&] {
          w.t.call("events.status.set", w.ann, {{"event_id", id}, {"status", "cancelled"}, {"reason", "late"}});
        }) == ErrorCode::failed_precondition);
  CHECK(error_of([&] { w.t.call("events.update", w.ann, {{"event_id", id}, {"title", "Late"}}); }) ==
        ErrorCode::failed_precondition);
  CHECK(error_of([&] { w.t.call("events.delete", w.ann, {{"event_id", id}}); }) == ErrorCode::failed_precondition);
  CHECK(w.t.call("events.archive", w.ann, {{"event_id", id}})["archived_at"].is_string());

  const std::string other = w.published(w.ann, "Storm Race");
  CHECK(error_of([&] { w.t.call("events.status.set", w.ann, {{"event_id", other}, {"status", "cancelled"}}); }) ==
        ErrorCode::invalid_argument);
  const auto cancelled =
      w.t.call("events.status.set", w.ann, {{"event_id", other}, {"status", "cancelled"}, {"reason", "A storm"}});
  CHECK(cancelled["status_reason"] == "A storm");
  const std::string draft = w.make(w.ann, "Never")["id"];
  w.t.call("events.delete", w.ann, {{"event_id", draft}});
  CHECK(error_of([&] { w.t.call("events.get", w.ann, {{"event_id", draft}}); }) == ErrorCode::not_found);
}

TEST_CASE("events: contests: capacity, fees need a currency, bib ranges do not overlap") {
  EventWorld w;
  const std::string id = w.make(w.ann, "Race")["id"];
  CHECK(error_of([&] { w.t.call("events.contests.add", w.ann, {{"event_id", id}, {"name", "5 km"}, {"fee_minor", 1500}}); }) ==
        ErrorCode::failed_precondition);
  w.t.call("events.update", w.ann, {{"event_id", id}, {"currency", "EUR"}});
  const auto five = w.t.call("events.contests.add", w.ann,
                             {{"event_id", id}, {"name", "5 km"}, {"fee_minor", 1500}, {"capacity", 300},
                              {"early_fee_minor", 1000}, {"early_until", "2030-03-01T00:00:00Z"},
                              {"age_fees", {{{"max_age", 17}, {"fee_minor", 500}}}},
                              {"categories", {{{"code", "M40"}, {"gender", "male"}, {"min_age", 40}, {"max_age", 44}}}},
                              {"bib_from", 1}, {"bib_to", 500}, {"distance_m", 5000}, {"sport", "run"}});
  CHECK(five["places_left"] == 300);
  CHECK(five["currency"] == "EUR");
  CHECK(five["categories"][0]["code"] == "M40");
  const std::vector<std::pair<Json, std::string>> bad{
      {{{"name", "10 km"}, {"bib_from", 400}, {"bib_to", 900}}, "bib_from"},
      {{{"name", "10 km"}, {"bib_from", 900}}, "bib_to"},
      {{{"name", "10 km"}, {"capacity", 0}}, "capacity"},
      {{{"name", "10 km"}, {"fee_minor", -1}}, "fee_minor"},
      {{{"name", "10 km"}, {"early_fee_minor", 100}}, "early_until"},
      {{{"name", "10 km"}, {"result_kind", "style"}}, "result_kind"},
      {{{"name", "10 km"}, {"sport", "quidditch"}}, "sport"},
      {{{"name", "10 km"}, {"starts_at", "2031-01-01T00:00:00Z"}}, "starts_at"},
      {{{"name", "10 km"}, {"categories", {{{"code", "A"}}, {{"code", "a"}}}}}, "categories[1].code"},
      {{{"name", "10 km"}, {"age_fees", {{{"fee_minor", 1}}}}}, "age_fees[0]"},
  };
  for (const auto& [params, field] : bad) {
    Json p = params;
    p["event_id"] = id;
    CAPTURE(p.dump());
    try {
      w.t.call("events.contests.add", w.ann, p);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.field() == field);
    }
  }
  const auto changed = w.t.call("events.contests.update", w.ann, {{"contest_id", five["id"]}, {"capacity", nullptr}});
  CHECK(changed["capacity"].is_null());
  CHECK(changed["places_left"].is_null());
  w.t.call("events.contests.delete", w.ann, {{"contest_id", five["id"]}});
  CHECK(w.t.call("events.get", w.ann, {{"event_id", id}})["contests"].empty());
}

TEST_CASE("events: an unlisted event is reached by its link token, until the token is renewed") {
  EventWorld w;
  const std::string id = w.published(w.ann, "Secret", {{"visibility", "unlisted"}});
  const std::string token = w.t.call("events.get", w.ann, {{"event_id", id}})["link_token"];
  CHECK(error_of([&] { w.t.call("events.get", w.bob, {{"event_id", id}}); }) == ErrorCode::not_found);
  const auto seen = w.t.call("events.get", w.bob, {{"event_id", id}, {"link_token", token}});
  CHECK(seen["title"] == "Secret");
  CHECK_FALSE(seen.contains("link_token"));  // only its managers see the token
  CHECK(w.t.call("events.search", w.bob, {{"search", "secret"}})["items"].empty());
  const std::string renewed = w.t.call("events.link.renew", w.ann, {{"event_id", id}})["link_token"];
  CHECK(renewed != token);
  CHECK(error_of([&] { w.t.call("events.get", w.bob, {{"event_id", id}, {"link_token", token}}); }) == ErrorCode::not_found);
  CHECK(w.t.call("events.get", w.bob, {{"event_id", id}, {"link_token", renewed}})["title"] == "Secret");
}

TEST_CASE("events: an organisation's organizers manage its events; plain members do not") {
  EventWorld w;
  const std::string org = w.t.call("orgs.create", w.ann, {{"name", "Federation"}, {"kind", "federation"}})["id"];
  w.t.call("orgs.members.set", w.ann, {{"org_id", org}, {"user_id", w.bob_id}, {"role", "member"}});
  const auto e = w.make(w.ann, "Cup", {{"org_id", org}});
  CHECK(e["organizer"]["kind"] == "organisation");
  CHECK(e["organizer"]["name"] == "Federation");
  const std::string id = e["id"];
  CHECK(error_of([&] { w.t.call("events.get", w.bob, {{"event_id", id}}); }) == ErrorCode::not_found);  // a draft
  w.t.call("orgs.members.set", w.ann, {{"org_id", org}, {"user_id", w.bob_id}, {"role", "organizer"}});
  CHECK(w.t.call("events.update", w.bob, {{"event_id", id}, {"title", "Federation Cup"}})["title"] == "Federation Cup");
  CHECK(w.t.call("events.search", w.bob, {{"managed", true}})["items"].size() == 1);
  CHECK(error_of([&] { w.t.call("orgs.delete", w.ann, {{"org_id", org}}); }) == ErrorCode::failed_precondition);
}

TEST_CASE("events: the catalogue searches words, filters and sorts, featured first") {
  EventWorld w;
  const auto admin = w.t.make_admin("root@example.com");
  const std::string org = w.t.call("orgs.create", w.bob, {{"name", "Volga Striders"}, {"kind", "club"}})["id"];
  w.published(w.ann, "Café Night Run", {{"starts_at", "2030-05-02T18:00:00Z"}, {"ends_at", "2030-05-02T20:00:00Z"},
                                        {"categories", {"running"}},
                                        {"place", {{"name", "Kremlin"}, {"latitude", 55.798}, {"longitude", 49.106}}}});
  w.published(w.ann, "Yoga by the river", {{"type", "class"}, {"description", "Gentle stretching"}, {"online", true},
                                           {"starts_at", "2030-05-03T08:00:00Z"}, {"ends_at", "2030-05-03T09:00:00Z"}});
  const auto cup = w.published(w.bob, "Spring Cup", {{"org_id", org}, {"starts_at", "2030-05-04T08:00:00Z"},
                                                     {"ends_at", "2030-05-04T12:00:00Z"},
                                                     {"place", {{"name", "Moscow"}, {"latitude", 55.75}, {"longitude", 37.62}}}});
  w.make(w.ann, "Hidden draft run");

  const auto anon = Actor::anonymous();
  CHECK(titles(w.t.call("events.search", anon)) == std::vector<std::string>{"Café Night Run", "Yoga by the river", "Spring Cup"});
  CHECK(titles(w.t.call("events.search", anon, {{"search", "cafe"}})) == std::vector<std::string>{"Café Night Run"});
  CHECK(titles(w.t.call("events.search", anon, {{"search", "stretch"}})) == std::vector<std::string>{"Yoga by the river"});
  CHECK(titles(w.t.call("events.search", anon, {{"search", "striders"}})) == std::vector<std::string>{"Spring Cup"});
  CHECK(titles(w.t.call("events.search", anon, {{"search", "run night"}, {"sort", "relevance"}})) ==
        std::vector<std::string>{"Café Night Run"});
  CHECK(w.t.call("events.search", anon, {{"search", "draft"}})["items"].empty());
  CHECK(titles(w.t.call("events.search", anon, {{"type", "class"}})) == std::vector<std::string>{"Yoga by the river"});
  CHECK(titles(w.t.call("events.search", anon, {{"category", "running"}})) == std::vector<std::string>{"Café Night Run"});
  CHECK(titles(w.t.call("events.search", anon, {{"online", true}})) == std::vector<std::string>{"Yoga by the river"});
  const auto near = w.t.call("events.search", anon, {{"near_latitude", 55.79}, {"near_longitude", 49.12}, {"radius_km", 50}});
  REQUIRE(titles(near) == std::vector<std::string>{"Café Night Run"});
  CHECK(near["items"][0]["distance_km"].get<double>() < 2);
  CHECK(titles(w.t.call("events.search", anon, {{"near_latitude", 55.79}, {"near_longitude", 49.12}, {"radius_km", 1000},
                                                {"sort", "distance"}})) ==
        std::vector<std::string>{"Café Night Run", "Spring Cup"});
  CHECK(titles(w.t.call("events.search", anon, {{"from", "2030-05-03T00:00:00Z"}, {"to", "2030-05-04T00:00:00Z"}})) ==
        std::vector<std::string>{"Yoga by the river"});

  const auto first = w.t.call("events.search", anon, {{"limit", 2}});
  CHECK(titles(first).size() == 2);
  CHECK(titles(w.t.call("events.search", anon, {{"limit", 2}, {"cursor", first["next_cursor"]}})) ==
        std::vector<std::string>{"Spring Cup"});

  w.t.call("events.feature", admin, {{"event_id", cup}});
  CHECK(titles(w.t.call("events.search", anon))[0] == "Spring Cup");

  for (const auto& [params, field] : std::vector<std::pair<Json, std::string>>{
           {{{"sort", "relevance"}}, "sort"},
           {{{"sort", "random"}}, "sort"},
           {{{"near_latitude", 55.0}}, "radius_km"},
           {{{"near_latitude", 95.0}, {"near_longitude", 1.0}, {"radius_km", 5.0}}, "near_latitude"},
           {{{"search", "!!!"}}, "search"},
           {{{"cursor", "garbage"}}, "cursor"},
       }) {
    CAPTURE(params.dump());
    try {
      w.t.call("events.search", anon, params);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.field() == field);
    }
  }
}

TEST_CASE("events: suggestions follow interests, city and the featured list, each with its reason") {
  EventWorld w;
  w.t.call("profile.update", w.bob, {{"interests", {"yoga"}}, {"city", "Kazan"}});
  w.published(w.ann, "Morning yoga", {{"categories", {"yoga"}}});
  w.published(w.ann, "Kazan Night Run", {{"place", {{"name", "Kazan Kremlin"}}}});
  w.published(w.ann, "Football match", {{"type", "match"}, {"place", {{"name", "Samara"}}}});
  const auto items = w.t.call("events.suggestions", w.bob)["suggestions"];
  REQUIRE(items.size() == 2);
  CHECK(items[0]["title"] == "Morning yoga");
  CHECK(items[0]["reason"] == "you are interested in yoga");
  CHECK(items[1]["title"] == "Kazan Night Run");
  CHECK(items[1]["reason"] == "it takes place in Kazan, your city");
  CHECK(w.t.call("events.suggestions", w.ann)["suggestions"].empty());  // her own events are not suggested to her
  // Nor are those of an organisation Bob organizes for.
  const std::string org = w.t.call("orgs.create", w.ann, {{"name", "Yoga Club"}, {"kind", "club"}})["id"];
  w.t.call("orgs.members.set", w.ann, {{"org_id", org}, {"user_id", w.bob_id}, {"role", "organizer"}});
  w.published(w.ann, "Club yoga", {{"categories", {"yoga"}}, {"org_id", org}});
  CHECK(w.t.call("events.suggestions", w.bob)["suggestions"].size() == 2);
  w.t.call("orgs.members.set", w.ann, {{"org_id", org}, {"user_id", w.bob_id}, {"role", "member"}});
  CHECK(w.t.call("events.suggestions", w.bob)["suggestions"].size() == 3);
}

TEST_CASE("events: the category taxonomy lists counts and is kept by admins") {
  EventWorld w;
  const auto admin = w.t.make_admin("root@example.com");
  w.published(w.ann, "Run", {{"categories", {"running"}}});
  const auto list = w.t.call("events.categories.list", Actor::anonymous())["categories"];
  bool found = false;
  for (const auto& c : list)
    if (c["slug"] == "running") {
      found = true;
      CHECK(c["events"] == 1);
    }
  CHECK(found);
  CHECK(w.t.call("events.categories.add", admin, {{"slug", "padel"}, {"name", "Padel"}})["name"] == "Padel");
  CHECK(error_of([&] { w.t.call("events.categories.add", admin, {{"slug", "padel"}, {"name", "Again"}}); }) ==
        ErrorCode::already_exists);
  CHECK(error_of([&] { w.t.call("events.categories.add", admin, {{"slug", "Bad Slug"}, {"name", "X"}}); }) ==
        ErrorCode::invalid_argument);
  w.t.call("events.categories.delete", admin, {{"slug", "running"}});
  CHECK(w.t.call("events.search", Actor::anonymous(), {{"category", "running"}})["items"].empty());
  CHECK(error_of([&] { w.t.call("events.categories.delete", admin, {{"slug", "running"}}); }) == ErrorCode::not_found);
}

TEST_CASE("events: a database copy rebuilds the full-text index on the target") {
  EventWorld w;
  w.published(w.ann, "Café Night Run");
  const auto target_url = "sqlite:" + (w.t.dir / "copy.db").string();
  {
    auto target = storage::open_database(target_url);
    const auto report = storage::copy_database(w.t.platform->database(), *target);
    CHECK(report.verified());
  }
  TestPlatform copy(PlatformOptions{}, target_url);
  CHECK(titles(copy.call("events.search", Actor::anonymous(), {{"search", "cafe night"}})) ==
        std::vector<std::string>{"Café Night Run"});
}

TEST_CASE("events: a cover is seen by whoever sees the event") {
  EventWorld w;
  using namespace std::string_literals;
  const std::string jpeg = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s;
  const std::string id = w.published(w.ann, "Secret", {{"visibility", "unlisted"}});
  const std::string token = w.t.call("events.get", w.ann, {{"event_id", id}})["link_token"];
  CHECK(w.t.call("events.cover.set", w.ann, {{"event_id", id}, {"cover", crypto::base64_encode(jpeg)}})["cover_type"] ==
        "image/jpeg");
  CHECK(error_of([&] { w.t.call("events.cover.get", w.bob, {{"event_id", id}}); }) == ErrorCode::not_found);
  const auto cover = w.t.call("events.cover.get", w.bob, {{"event_id", id}, {"link_token", token}});
  CHECK(cover["file_name"] == id + "-cover.jpg");
  CHECK(crypto::base64_decode(cover["content_base64"].get<std::string>()).value_or("") == jpeg);
  CHECK(error_of([&] { w.t.call("events.cover.set", w.ann, {{"event_id", id}, {"cover", crypto::base64_encode("GIF89a"s)}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(w.t.call("events.cover.delete", w.ann, {{"event_id", id}})["cover_type"].is_null());
  CHECK(error_of([&] { w.t.call("events.cover.get", w.ann, {{"event_id", id}}); }) == ErrorCode::not_found);
}

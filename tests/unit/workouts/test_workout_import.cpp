#include <doctest/doctest.h>

#include <fstream>

#include "unit/fixture.hpp"
#include "unit/permit_world.hpp"
#include "unit/workouts/workout_fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr std::int64_t kStart = 1764576000000;  // 2025-12-01T08:00:00Z

std::string decoded(const Json& file) { return *crypto::base64_decode(file["content_base64"].get<std::string>()); }

struct Importers {
  TestPlatform t;
  std::string ann_id, bob_id;
  Actor ann, bob, eve;
  Importers() {
    ann_id = t.make_user("ann@example.com");
    bob_id = t.make_user("bob@example.com");
    t.make_user("eve@example.com");
    ann = t.actor_of(t.login("ann@example.com"));
    bob = t.actor_of(t.login("bob@example.com"));
    eve = t.actor_of(t.login("eve@example.com"));
    t.make_friends(ann_id, bob_id);
  }
  Json import(const Actor& who, const std::string& bytes, const std::string& name, Json extra = Json::object()) {
    Json p{{"file", b64(bytes)}, {"file_name", name}};
    for (auto& [k, v] : extra.items()) p[k] = v;
    return t.call("workouts.import", who, p);
  }
};

}  // namespace

TEST_CASE("an imported GPX run gets its numbers from the track, and exports back") {
  Importers a;
  const auto gpx = gpx_run(kStart, 1800);  // 30 minutes at 3 m/s
  auto summary = a.import(a.ann, gpx, "morning.gpx", {{"visibility", "everyone"}});
  CHECK(summary["imported"] == 1);
  const auto id = summary["files"][0]["workout_id"];
  auto w = a.t.call("workouts.get", a.ann, {{"workout_id", id}});
  CHECK(w["sport"] == "run");
  CHECK(w["source"] == "file");
  CHECK(w["file_format"] == "gpx");
  CHECK(w["title"] == "Test run");
  CHECK(w["start_at"] == "2025-12-01T08:00:00.000Z");
  CHECK(w["distance_m"].get<double>() == doctest::Approx(5400).epsilon(0.01));
  CHECK(w["elapsed_s"].get<double>() == doctest::Approx(1800));
  CHECK(w["moving_s"].get<double>() == doctest::Approx(1800).epsilon(0.01));
  CHECK(w["avg_hr"].get<double>() > 120);
  CHECK(w["has_track"] == true);

  // Best efforts become records: a 5 km inside the run, at 3 m/s.
  bool five_k = false;
  const auto records = a.t.call("workouts.records", a.ann);
  for (const auto& r : records["records"])
    if (r["kind"] == "time_5000m") {
      five_k = true;
      CHECK(r["value"].get<double>() == doctest::Approx(5000 / 3.0).epsilon(0.01));
    }
  CHECK(five_k);

  for (std::string format : {"gpx", "tcx", "geojson", "polyline"}) {
    CAPTURE(format);
    const auto out = decoded(a.t.call("workouts.export", a.eve, {{"workout_id", id}, {"format", format}}));
    CHECK(out.size() > 100);
  }
  // The exported GPX imports again as the same activity: a duplicate, not a second workout.
  const auto again = decoded(a.t.call("workouts.export", a.ann, {{"workout_id", id}, {"format", "gpx"}}));
  auto second = a.import(a.ann, again, "again.gpx");
  CHECK(second["duplicates"] == 1);
  CHECK(second["files"][0]["workout_id"] == id);
  // The same bytes again: a duplicate too.
  CHECK(a.import(a.ann, gpx, "morning.gpx")["duplicates"] == 1);
  CHECK(a.t.call("workouts.list", a.ann)["items"].size() == 1);

  const auto svg = decoded(a.t.call("workouts.route_svg", a.eve, {{"workout_id", id}}));
  CHECK(svg.find("<path d=\"M") != std::string::npos);
  const auto profile = decoded(a.t.call("workouts.profile_svg", a.ann, {{"workout_id", id}}));
  CHECK(profile.find("Heart rate") != std::string::npos);
}

TEST_CASE("the original file is kept for its owner alone and goes with the workout") {
  Importers a;
  const auto gz = gzip_of(gpx_run(kStart, 600));
  const auto id = a.import(a.ann, gz, "ride.gpx.gz", {{"visibility", "everyone"}, {"sport", "ride"}})["files"][0]
                      ["workout_id"];
  auto original = a.t.call("workouts.original", a.ann, {{"workout_id", id}});
  CHECK(decoded(original) == gz);
  CHECK(original["content_type"] == "application/gzip");
  CHECK(original["file_name"] == "ride.gpx.gz");
  CHECK(a.t.call("workouts.get", a.ann, {{"workout_id", id}})["sport"] == "ride");
  check_permits(a.t, {{"workouts.original", {{"workout_id", id}}, &a.bob, ErrorCode::not_found},
                      {"workouts.original", {{"workout_id", id}}, &a.eve, ErrorCode::not_found}});
  a.t.call("workouts.delete", a.ann, {{"workout_id", id}});
  std::size_t blobs = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(a.t.dir / "blobs"))
    blobs += e.is_regular_file();
  CHECK(blobs == 0);
}

TEST_CASE("privacy zones, hidden ends and hidden details apply to everyone but the owner") {
  Importers a;
  const auto id = a.import(a.ann, gpx_run(kStart, 1800), "run.gpx", {{"visibility", "everyone"}})["files"][0]
                      ["workout_id"];
  auto points_in = [&](const Actor& who) {
    const auto geo = Json::parse(decoded(a.t.call("workouts.export", who, {{"workout_id", id}, {"format", "geojson"}})));
    std::size_t n = 0;
    for (const auto& line : geo["geometry"]["coordinates"]) n += line.size();
    return n;
  };
  CHECK(points_in(a.eve) == 1801);
  // Home is at the start: a 300 m zone around it.
  a.t.call("workouts.privacy_zones.add", a.ann, {{"lat", 59.9}, {"lon", 30.3}, {"radius_m", 300}, {"name", "Home"}});
  CHECK(points_in(a.ann) == 1801);
  const auto for_others = points_in(a.eve);
  CHECK(for_others < 1801 - 90);  // 300 m at 3 m/s is 100 s of points
  a.t.call("workouts.settings.update", a.ann, {{"hide_start_finish_m", 500}, {"hide_heart_rate", true}});
  CHECK(points_in(a.bob) < for_others);
  CHECK(a.t.call("workouts.get", a.bob, {{"workout_id", id}})["avg_hr"].is_null());
  CHECK_FALSE(a.t.call("workouts.get", a.ann, {{"workout_id", id}})["avg_hr"].is_null());
  a.t.call("workouts.settings.update", a.ann, {{"hide_map", true}});
  CHECK(error_of([&] { a.t.call("workouts.export", a.bob, {{"workout_id", id}, {"format", "gpx"}}); }) ==
        ErrorCode::failed_precondition);
  CHECK(a.t.call("workouts.get", a.bob, {{"workout_id", id}})["has_track"] == false);

  CHECK(error_of([&] {
          a.t.call("workouts.privacy_zones.add", a.ann, {{"lat", 59.9}, {"lon", 30.3}, {"radius_m", 50}});
        }) == ErrorCode::invalid_argument);
  const auto zones = a.t.call("workouts.privacy_zones.list", a.ann)["zones"];
  REQUIRE(zones.size() == 1);
  CHECK(error_of([&] { a.t.call("workouts.privacy_zones.delete", a.bob, {{"zone_id", zones[0]["id"]}}); }) ==
        ErrorCode::not_found);
  CHECK(a.t.call("workouts.privacy_zones.list", a.bob)["zones"].empty());
}

TEST_CASE("a ZIP imports every good file and reports each bad one") {
  Importers a;
  const auto zip = zip_of({{"one.gpx", gpx_run(kStart, 300)},
                           {"two.gpx.gz", gzip_of(gpx_run(kStart + kDayMs, 300))},
                           {"broken.gpx", "<gpx><trk><trkseg><trkpt lat=\"95\" lon=\"0\"/></trkseg></trk></gpx>"},
                           {"notes.txt", "not an activity"},
                           {"../escape.gpx", gpx_run(kStart + 2 * kDayMs, 300)},
                           {"one-again.gpx", gpx_run(kStart, 300)}});
  auto s = a.import(a.ann, zip, "export.zip");
  CHECK(s["imported"] == 2);
  CHECK(s["duplicates"] == 1);
  CHECK(s["failed"] == 2);
  for (const auto& f : s["files"]) {
    CAPTURE(f.dump());
    if (f["file_name"] == "export.zip:broken.gpx") CHECK(f["error"].get<std::string>().find("broken.gpx") != std::string::npos);
    if (f["file_name"] == "export.zip:../escape.gpx") CHECK(f["status"] == "failed");
  }
  CHECK(a.t.call("workouts.list", a.ann)["items"].size() == 2);
}

TEST_CASE("a Strava account export brings names, types and descriptions from activities.csv") {
  Importers a;
  const std::string csv =
      "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Filename\n"
      "1,\"Dec 1, 2025, 8:00:00 AM\",Lunch ride,Ride,\"Windy, \"\"very\"\" windy\",600,activities/1.gpx.gz\n"
      "2,\"Dec 2, 2025, 8:00:00 AM\",Manual yoga,Yoga,,3600,\n";
  const auto zip = zip_of({{"activities.csv", csv}, {"activities/1.gpx.gz", gzip_of(gpx_run(kStart, 600))},
                           {"media/photo.jpg", "\xFF\xD8\xFF"}});
  auto s = a.import(a.ann, zip, "export_123.zip");
  REQUIRE(s["imported"] == 1);
  auto w = a.t.call("workouts.get", a.ann, {{"workout_id", s["files"][0]["workout_id"]}});
  CHECK(w["title"] == "Lunch ride");
  CHECK(w["sport"] == "ride");
  CHECK(w["notes"] == "Windy, \"very\" windy");
}

TEST_CASE("the gear a Strava export names becomes the user's gear, found by name or made") {
  Importers a;
  const auto shoes = a.t.call("gear.create", a.ann, {{"category", "shoes"}, {"name", "Pegasus 40"}});
  const auto old = a.t.call("gear.create", a.ann, {{"category", "shoes"}, {"name", "Old Clifton"}});
  a.t.call("gear.archive", a.ann, {{"gear_id", old["id"]}});
  a.t.call("gear.create", a.bob, {{"category", "bike"}, {"name", "Canyon Endurace"}});  // not ann's
  const std::int64_t day = 86'400'000;
  const std::string csv =
      "Activity ID,Activity Name,Activity Type,Activity Gear,Filename\n"
      "1,Easy run,Run,pegasus 40,activities/1.gpx\n"
      "2,Long ride,Ride,Canyon Endurace,activities/2.gpx\n"
      "3,Recovery,Run,Old Clifton,activities/3.gpx\n"
      "4,Tempo,Run,,activities/4.gpx\n";
  const auto zip = zip_of({{"activities.csv", csv}, {"activities/1.gpx", gpx_run(kStart, 600)},
                           {"activities/2.gpx", gpx_run(kStart + day, 600)},
                           {"activities/3.gpx", gpx_run(kStart + 2 * day, 600)},
                           {"activities/4.gpx", gpx_run(kStart + 3 * day, 600)}});
  auto s = a.import(a.ann, zip, "export_9.zip");
  REQUIRE(s["imported"] == 4);
  auto gear_of = [&](const std::string& title) {
    for (const auto& f : s["files"]) {
      auto w = a.t.call("workouts.get", a.ann, {{"workout_id", f["workout_id"]}});
      if (w["title"] == title) return w["gear_ids"];
    }
    FAIL("no workout " << title);
    return Json();
  };
  CHECK(gear_of("Easy run") == Json::array({shoes["id"]}));  // letter case aside
  const auto ride_gear = gear_of("Long ride");
  REQUIRE(ride_gear.size() == 1);
  CHECK(ride_gear[0] != shoes["id"]);
  const auto bike = a.t.call("gear.get", a.ann, {{"gear_id", ride_gear[0]}});  // made for ann, not bob's
  CHECK(bike["category"] == "bike");
  CHECK(bike["name"] == "Canyon Endurace");
  CHECK(gear_of("Recovery").empty());  // an archived item is not used again
  CHECK(gear_of("Tempo").empty());
  CHECK(a.t.call("gear.get", a.ann, {{"gear_id", shoes["id"]}})["uses"] == 1);
  // Gear named by the caller wins over the export's.
  const auto csv2 = "Activity Name,Activity Type,Activity Gear,Filename\nHills,Run,Pegasus 40,activities/5.gpx\n";
  auto s2 = a.import(a.ann, zip_of({{"activities.csv", csv2}, {"activities/5.gpx", gpx_run(kStart + 4 * day, 600)}}),
                     "export_10.zip", {{"gear_ids", Json::array({bike["id"]})}});
  REQUIRE(s2["imported"] == 1);
  CHECK(a.t.call("workouts.get", a.ann, {{"workout_id", s2["files"][0]["workout_id"]}})["gear_ids"] ==
        Json::array({bike["id"]}));
}

TEST_CASE("a file on this machine imports from disk: a ZIP entry by entry, and only where the caller may name it") {
  Importers a;
  const std::int64_t day = 86'400'000;
  const auto zip_path = a.t.dir / "export.zip";
  const std::string csv = "Activity Name,Activity Type,Filename\nHill repeats,Run,activities/1.gpx\n";
  {
    std::ofstream out(zip_path, std::ios::binary);
    out << zip_of({{"activities.csv", csv}, {"activities/1.gpx", gpx_run(kStart, 600)},
                   {"activities/2.gpx", gpx_run(kStart + day, 600)}, {"activities/3.gpx", "not a gpx"}});
  }
  const Platform::LocalFiles local{{"file", zip_path}};
  const Json params{{"file", ""}, {"file_name", "export.zip"}};
  auto s = Json::parse(a.t.platform->call("workouts.import", a.ann, params.dump(), {}, local));
  CHECK(s["imported"] == 2);
  CHECK(s["failed"] == 1);
  CHECK(s["files"][0]["file_name"] == "export.zip:activities/1.gpx");
  CHECK(a.t.call("workouts.get", a.ann, {{"workout_id", s["files"][0]["workout_id"]}})["title"] == "Hill repeats");

  // One activity file on disk, read whole; a missing one is a clear error.
  const auto gpx_path = a.t.dir / "run.gpx";
  std::ofstream(gpx_path, std::ios::binary) << gpx_run(kStart + 2 * day, 300);
  s = Json::parse(a.t.platform->call("workouts.import", a.ann, Json{{"file", ""}, {"file_name", "run.gpx"}}.dump(), {},
                                     {{"file", gpx_path}}));
  CHECK(s["imported"] == 1);
  CHECK_THROWS_WITH_AS(a.t.platform->call("workouts.import", a.ann, params.dump(), {}, {{"file", a.t.dir / "gone.zip"}}),
                       doctest::Contains("cannot be read"), Error);

  // Without a local file the empty base64 is an empty upload: naming a path in JSON reads nothing.
  const auto before = a.t.call("workouts.list", a.ann)["items"].size();
  CHECK_THROWS_AS(a.t.call("workouts.import", a.ann, {{"file", ""}, {"file_name", zip_path.string()}}), Error);
  // An operation that does not stream local files ignores them: gear photos take their bytes.
  const std::string item = a.t.call("gear.create", a.ann, {{"category", "shoes"}, {"name", "Shoes"}})["id"];
  CHECK_THROWS_AS(a.t.platform->call("gear.photo.set", a.ann, Json{{"gear_id", item}, {"photo", ""}}.dump(), {},
                                     {{"photo", gpx_path}}),
                  Error);
  CHECK(a.t.call("workouts.list", a.ann)["items"].size() == before);
}

TEST_CASE("bad activity files get a clear error naming the file, and nothing is stored") {
  Importers a;
  const auto before = state_snapshot(a.t);
  struct Bad {
    std::string bytes, expect;
  };
  std::string backwards = gpx_run(kStart, 10);
  backwards.replace(backwards.find("08:00:05"), 8, "07:00:05");
  const std::vector<Bad> cases{
      {"", "empty"},
      {"hello, world", "not a FIT, GPX or TCX"},
      {"<?xml version=\"1.0\"?><html></html>", "not a FIT, GPX or TCX"},
      {"<?xml version=\"1.0\"?><!DOCTYPE gpx [<!ENTITY a \"aaaa\">]><gpx version=\"1.1\">&a;</gpx>", "bad.gpx"},
      {"<gpx version=\"1.1\"><trk><trkseg></trkseg></trk></gpx>", "nothing was recorded"},
      {"<gpx version=\"1.1\"><trk><trkseg><trkpt lat=\"1\" lon=\"1\"/></trkseg></trk></gpx>", "no timestamps"},
      {backwards, "time goes backwards"},
      {std::string("\x0e\x10\x00\x00\x10\x00\x00\x00.FIT\x00\x00", 14), "bad.gpx"},
      {gzip_of("not xml at all").substr(0, 12), "bad.gpx"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.expect);
    try {
      a.import(a.ann, c.bytes, "bad.gpx");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(std::string(e.what()).find("bad.gpx") != std::string::npos);
      CHECK(std::string(e.what()).find(c.expect) != std::string::npos);
    }
  }
  CHECK(error_of([&] { a.t.call("workouts.import", a.ann, {{"file", "not base64!"}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(error_of([&] { a.t.call("workouts.import", Actor::anonymous(), {{"file", b64(gpx_run(kStart, 10))}}); }) ==
        ErrorCode::unauthenticated);
  CHECK(join_parts(changed_parts(before, state_snapshot(a.t))) == "");
}

TEST_CASE("training load and the analysis come from the owner's zones, and follow what she hides") {
  Importers a;
  // Without a heart-rate range there is no load to compute.
  const auto before = a.import(a.ann, gpx_run(kStart, 1800), "run.gpx", {{"visibility", "everyone"}});
  CHECK(a.t.call("workouts.get", a.ann, {{"workout_id", before["files"][0]["workout_id"]}})["trimp"].is_null());
  a.t.call("zones.set", a.ann, {{"max_hr", 190}, {"resting_hr", 50}});
  const auto id = a.import(a.ann, gpx_run(kStart + kDayMs, 1800), "run2.gpx", {{"visibility", "everyone"}})["files"][0]
                      ["workout_id"];
  const double trimp = a.t.call("workouts.get", a.ann, {{"workout_id", id}})["trimp"];
  CHECK(trimp > 10);
  CHECK(trimp < 200);
  // A workout by hand gets its load from the average heart rate and the duration.
  const auto manual = a.t.call("workouts.create", a.ann, {{"sport", "run"}, {"start_at", "2025-12-05T08:00:00Z"},
                                                          {"moving_s", 1800}, {"avg_hr", 140}});
  CHECK(manual["trimp"].get<double>() > 10);
  const auto load = a.t.call("workouts.load", a.ann, {{"from", "2025-12-01"}, {"to", "2025-12-07"}})["days"];
  REQUIRE(load.size() == 7);
  CHECK(load[1]["trimp"].get<double>() == doctest::Approx(trimp));
  CHECK(load[6]["fitness"].get<double>() > 0);

  auto analysis = a.t.call("workouts.analysis", a.bob, {{"workout_id", id}});
  CHECK(analysis["splits_km"].size() == 6);  // 5.4 km: five whole and a part
  CHECK(analysis["splits_km"][0]["distance_m"].get<double>() == doctest::Approx(1000));
  CHECK(analysis["splits_mile"].size() == 4);
  CHECK(analysis["heart_rate_zones"].size() == 5);
  bool has_1k = false;
  for (const auto& e : analysis["best_efforts"]) has_1k = has_1k || e["kind"] == "time_1000m";
  CHECK(has_1k);
  a.t.call("workouts.settings.update", a.ann, {{"hide_heart_rate", true}});
  CHECK(a.t.call("workouts.analysis", a.bob, {{"workout_id", id}})["heart_rate_zones"].empty());
  CHECK(a.t.call("workouts.get", a.bob, {{"workout_id", id}})["trimp"].is_null());
  CHECK(a.t.call("workouts.analysis", a.ann, {{"workout_id", id}})["heart_rate_zones"].size() == 5);
}

TEST_CASE("the account export holds the workouts with their files, gear and training; deleting the account removes them") {
  Importers a;
  const auto gpx = gpx_run(kStart, 120);
  const auto id = a.import(a.ann, gpx, "run.gpx")["files"][0]["workout_id"];
  const std::string item = a.t.call("gear.create", a.ann, {{"category", "shoes"}, {"name", "Trainers"},
                                                           {"brand", "Asics"}, {"model", "Novablast"}})["id"];
  const std::string old = a.t.call("gear.create", a.ann, {{"category", "bike"}, {"name", "Old bike"}})["id"];
  a.t.call("gear.archive", a.ann, {{"gear_id", old}});
  a.t.call("gear.reviews.set", a.ann, {{"gear_id", item}, {"rating", 4}, {"text", "Bouncy"}});
  a.t.call("gear.usage.log", a.ann, {{"gear_id", item}, {"counter", "washes"}});
  a.t.call("gear.defaults.set", a.ann, {{"sport", "run"}, {"gear_ids", {item}}});
  a.t.call("gear.limits.set", a.ann, {{"category", "shoes"}, {"metric", "distance_m"}, {"amount", 800000}});
  a.t.call("workouts.update", a.ann, {{"workout_id", id}, {"gear_ids", {item}}});
  a.t.call("workouts.privacy_zones.add", a.ann, {{"lat", 59.9}, {"lon", 30.3}, {"radius_m", 200}});
  const std::string tpl = a.t.call("templates.create", a.ann, {{"name", "Intervals"}, {"sport", "run"},
                                                               {"steps", Json::array({Json{{"type", "work"}}})}})["id"];
  a.t.call("plans.create", a.ann, {{"date", "2026-01-05"}, {"template_id", tpl}});
  a.t.call("zones.set", a.ann, {{"ftp_w", 250}});
  // Bob's own gear and plans are not in Ann's export.
  a.t.call("gear.create", a.bob, {{"category", "shoes"}, {"name", "Bob's shoes"}});
  a.t.call("plans.create", a.bob, {{"date", "2026-01-05"}, {"title", "Bob's run"}, {"sport", "run"}});

  const auto doc = a.t.call("account.export", a.ann);
  REQUIRE(doc["workouts"].size() == 1);
  CHECK(doc["workouts"][0]["id"] == id);
  CHECK(doc["workouts"][0]["gear_ids"][0] == item);
  CHECK(*crypto::base64_decode(doc["workouts"][0]["original_file"]["content_base64"].get<std::string>()) == gpx);
  CHECK(doc["privacy_zones"].size() == 1);
  REQUIRE(doc["gear"].size() == 2);  // in use, then archived
  CHECK(doc["gear"][0]["id"] == item);
  CHECK(doc["gear"][0]["review"]["text"] == "Bouncy");
  CHECK(doc["gear"][0]["uses"] == 1);
  CHECK(doc["gear"][1]["id"] == old);
  CHECK(doc["gear"][1]["review"].is_null());
  CHECK(doc["gear_usage_log"].size() == 1);
  CHECK(doc["gear_defaults"][0]["gear_ids"][0] == item);
  CHECK(doc["gear_category_limits"][0]["category"] == "shoes");
  REQUIRE(doc["workout_templates"].size() == 1);
  CHECK(doc["workout_templates"][0]["steps"].size() == 1);
  REQUIRE(doc["planned_workouts"].size() == 1);
  CHECK(doc["planned_workouts"][0]["template_id"] == tpl);
  CHECK(doc["training_zones"]["ftp_w"] == 250);

  a.t.call("account.delete", a.ann, {{"password", kPassword}});
  auto c = a.t.platform->database().acquire();
  for (const char* table : {"workouts", "privacy_zones", "gear_items", "gear_reviews", "workout_templates",
                            "planned_workouts"})
    CHECK(c->query_i64(std::string("SELECT COUNT(*) FROM ") + table + " WHERE user_id = ?", {a.ann.user_id}) == 0);
  CHECK(c->query_i64("SELECT COUNT(*) FROM workout_tracks") == 0);
  std::size_t blobs = 0;
  if (std::filesystem::exists(a.t.dir / "blobs"))
    for (const auto& e : std::filesystem::recursive_directory_iterator(a.t.dir / "blobs")) blobs += e.is_regular_file();
  CHECK(blobs == 0);
}

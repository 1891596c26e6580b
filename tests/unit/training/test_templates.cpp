// Workout templates through the operations: create, read, list, update, copy, delete, bad
// input that changes nothing, and the FIT export decoded back.
#include "unit/formats/fit_workout_decoding.hpp"
#include "unit/permit_world.hpp"
#include "unit/training/training_support.hpp"

#include "core/crypto.hpp"
#include "formats/byte_source.hpp"
#include "formats/fit_reader.hpp"
#include "formats/fit_workout_writer.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("templates: create, get, list, update, copy and delete") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));

  auto created = t.call("templates.create", ann, interval_template());
  const std::string id = created["id"];
  CHECK(id.rfind("tpl_", 0) == 0);
  CHECK(created["name"] == "5 x 1 km");
  CHECK(created["sport"] == "run");
  CHECK(created["description"] == "VO2max intervals");
  CHECK(created["watch_steps"] == 5);
  CHECK(created["steps"].size() == 3);
  CHECK(created["steps"][1]["count"] == 5);
  CHECK(created["created_at"] == "2026-01-01T00:00:00.000Z");
  CHECK(t.call("templates.get", ann, {{"template_id", id}}) == created);

  t.clock->advance(1000);
  auto strength = t.call("templates.create", ann,
                         {{"name", "Legs"},
                          {"sport", "strength"},
                          {"steps", Json::array({{{"type", "exercise"},
                                                  {"exercise_id", format_id(IdKind::exercise, 19)},
                                                  {"sets", 3}, {"reps", 8}, {"weight_kg", 60}, {"rest_s", 90}}})}});
  CHECK(strength["steps"][0]["exercise_name"] == "Back squat");  // the starter set's 19th
  CHECK(strength["watch_steps"] == 3);
  CHECK(strength["description"].is_null());

  // Newest first, without steps; by sport; page by page.
  auto all = t.call("templates.list", ann);
  REQUIRE(all["items"].size() == 2);
  CHECK(all["items"][0]["id"] == strength["id"]);
  CHECK_FALSE(all["items"][0].contains("steps"));
  CHECK(t.call("templates.list", ann, {{"sport", "run"}})["items"].size() == 1);
  auto first = t.call("templates.list", ann, {{"limit", 1}});
  REQUIRE(first["next_cursor"].is_string());
  auto second = t.call("templates.list", ann, {{"limit", 1}, {"cursor", first["next_cursor"]}});
  CHECK(second["items"][0]["id"] == id);
  CHECK(second["next_cursor"].is_null());

  t.clock->advance(1000);
  auto updated = t.call("templates.update", ann,
                        {{"template_id", id}, {"name", "  6 x 1 km "}, {"description", ""},
                         {"steps", Json::parse(R"([{"type": "work", "duration": {"type": "time", "seconds": 60}}])")}});
  CHECK(updated["name"] == "6 x 1 km");
  CHECK(updated["description"].is_null());
  CHECK(updated["watch_steps"] == 1);
  CHECK(updated["sport"] == "run");
  CHECK(updated["updated_at"] == "2026-01-01T00:00:02.000Z");
  CHECK(updated["created_at"] == created["created_at"]);

  auto copy = t.call("templates.copy", ann, {{"template_id", id}});
  CHECK(copy["id"] != id);
  CHECK(copy["name"] == "6 x 1 km (copy)");
  CHECK(copy["steps"] == updated["steps"]);
  CHECK(t.call("templates.copy", ann, {{"template_id", id}, {"name", "Mine"}})["name"] == "Mine");
  const std::string long_name(80, 'n');
  auto long_copy = t.call("templates.copy", ann,
                          {{"template_id", t.call("templates.create", ann, interval_template(long_name))["id"]}});
  CHECK(long_copy["name"] == std::string(73, 'n') + " (copy)");

  CHECK(t.call("templates.delete", ann, {{"template_id", id}})["status"] == "deleted");
  CHECK(error_of([&] { t.call("templates.get", ann, {{"template_id", id}}); }) == ErrorCode::not_found);
  CHECK(error_of([&] { t.call("templates.delete", ann, {{"template_id", id}}); }) == ErrorCode::not_found);
  CHECK(t.call("templates.get", ann, {{"template_id", copy["id"]}})["name"] == "6 x 1 km (copy)");
}

TEST_CASE("templates: bad input is refused, names its field and stores nothing") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  const std::string id = t.call("templates.create", ann, interval_template())["id"];
  struct Row {
    const char* op;
    Json params;
    const char* field;
  };
  auto with = [](Json base, const char* key, Json value) {
    base[key] = std::move(value);
    return base;
  };
  const std::vector<Row> rows{
      {"templates.create", {{"sport", "run"}, {"steps", interval_steps()}}, "name"},
      {"templates.create", with(interval_template(), "name", "   "), "name"},
      {"templates.create", with(interval_template(), "name", std::string(81, 'x')), "name"},
      {"templates.create", with(interval_template(), "sport", "quidditch"), "sport"},
      {"templates.create", with(interval_template(), "steps", Json::array()), "steps"},
      {"templates.create", with(interval_template(), "steps", "[]"), "steps"},
      {"templates.create", with(interval_template(), "description", std::string(2001, 'd')), "description"},
      {"templates.create", with(interval_template(), "unknown", 1), "unknown"},
      {"templates.create",
       with(interval_template(), "steps",
            Json::parse(R"([{"type": "exercise", "exercise_id": "exe_0000000009999", "reps": 5}])")),
       "steps[0].exercise_id"},
      {"templates.create",
       with(interval_template(), "steps", Json::parse(R"([{"type": "repeat", "count": 2, "steps": [{"type": "work",
              "target": {"type": "heart_rate", "zone": 9}}]}])")),
       "steps[0].steps[0].target.zone"},
      {"templates.update", {{"template_id", id}, {"sport", "quidditch"}}, "sport"},
      {"templates.update", {{"template_id", id}, {"name", "ok"}, {"steps", Json::parse(R"([{"type": "jog"}])")}},
       "steps[0].type"},
      {"templates.copy", {{"template_id", id}, {"name", ""}}, "name"},
      {"templates.list", {{"sport", "quidditch"}}, "sport"},
      {"templates.list", {{"cursor", "nonsense"}}, "cursor"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.op);
    CAPTURE(row.params.dump());
    const auto changed = changes_made_by(t, [&] {
      try {
        t.call(row.op, ann, row.params);
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK(e.field() == row.field);
      }
    });
    CHECK_MESSAGE(changed.empty(), "the refused call changed " << join_parts(changed));
  }
  CHECK(t.call("templates.get", ann, {{"template_id", id}})["name"] == "5 x 1 km");
}

TEST_CASE("templates: a deleted exercise stays named in the templates that use it") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto admin = t.make_admin("root@example.com");
  const auto created = t.call("templates.create", ann,
                              {{"name", "Core"},
                               {"sport", "strength"},
                               {"steps", Json::parse(R"([{"type": "exercise", "exercise_id": "exe_0000000000001",
                                                           "sets": 2, "reps": 12}])")}});
  t.call("exercises.delete", admin, {{"exercise_id", "exe_0000000000001"}});
  const auto read = t.call("templates.get", ann, {{"template_id", created["id"]}});
  CHECK(read["steps"][0]["exercise_name"] == "Push-up");
  // Saving it again needs exercises that are still in the library.
  CHECK(error_of([&] {
          t.call("templates.update", ann, {{"template_id", created["id"]}, {"steps", read["steps"]}});
        }) == ErrorCode::invalid_argument);
  CHECK(t.call("templates.update", ann, {{"template_id", created["id"]}, {"name", "Core 2"}})["name"] == "Core 2");
}

TEST_CASE("templates.export: a FIT workout file that decodes back to the template") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  const auto tpl = t.call("templates.create", ann, interval_template("5 x 1 km / VO2"));
  const auto result = t.call("templates.export", ann, {{"template_id", tpl["id"]}});
  CHECK(result["file_name"] == "5_x_1_km_VO2.fit");
  CHECK(result["content_type"] == "application/vnd.ant.fit");
  const auto bytes = *crypto::base64_decode(result["content_base64"].get<std::string>());

  formats::MemorySource in(bytes);
  RecordingSink sink;
  formats::read_fit(in, sink);  // the project's reader: CRCs and framing
  const auto file = decode_fit_file(bytes);
  check_against_profile(file);
  namespace mesg = formats::fit::mesg;
  const auto id = file.of(mesg::file_id);
  REQUIRE(id.size() == 1);
  CHECK(id[0]->integer(0) == 5);
  CHECK(id[0]->integer(4) == formats::fit::fit_time(t.clock->now_ms()));
  const auto workout = file.of(mesg::workout);
  REQUIRE(workout.size() == 1);
  CHECK(workout[0]->text(8) == "5 x 1 km / VO2");
  CHECK(workout[0]->integer(4) == 1);  // running
  CHECK(workout[0]->integer(6) == 5);
  const auto steps = file.of(mesg::workout_step);
  REQUIRE(steps.size() == 5);
  CHECK(steps[0]->text(0) == "Easy");
  CHECK(steps[0]->integer(3) == 1);  // heart rate, zone 2
  CHECK(steps[0]->integer(4) == 2);
  CHECK(steps[1]->integer(2) == 100000);  // 1 km in cm
  CHECK(steps[1]->integer(5) == 4082);    // 4:05 /km in mm/s
  CHECK(steps[1]->integer(6) == 4255);
  CHECK(steps[2]->integer(7) == 1);       // recovery: rest
  CHECK(steps[3]->integer(1) == 6);       // repeat from step 1, 5 times
  CHECK(steps[3]->integer(2) == 1);
  CHECK(steps[3]->integer(4) == 5);
  CHECK(steps[4]->integer(1) == 5);       // open
}

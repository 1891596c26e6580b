// Planned workouts: from a template or free-form, listed by day and paged, moved and skipped,
// completed, linked to the owner's workouts (never another's) and unlinked.
#include "unit/permit_world.hpp"
#include "unit/training/training_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

std::vector<std::string> dates(const Json& page) {
  std::vector<std::string> out;
  for (const auto& item : page["items"]) out.push_back(item["date"]);
  return out;
}

}  // namespace

TEST_CASE("plans: a template or a free-form plan on a day, listed by day and paged") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  const std::string tpl = t.call("templates.create", ann, interval_template())["id"];

  auto planned = t.call("plans.create", ann, {{"date", "2026-01-05"}, {"template_id", tpl}});
  CHECK(planned["id"].get<std::string>().rfind("pln_", 0) == 0);
  CHECK(planned["template_id"] == tpl);
  CHECK(planned["title"] == "5 x 1 km");
  CHECK(planned["sport"] == "run");
  CHECK(planned["status"] == "planned");
  CHECK(planned["workout_id"].is_null());
  CHECK(planned["completed_at"].is_null());
  auto renamed = t.call("plans.create", ann, {{"date", "2026-01-03"}, {"template_id", tpl}, {"title", "Intervals"}});
  CHECK(renamed["title"] == "Intervals");
  auto easy = t.call("plans.create", ann,
                     {{"date", "2026-01-04"}, {"title", "Easy ride"}, {"sport", "ride"}, {"duration_s", 3600},
                      {"notes", "flat route"}});
  CHECK(easy["template_id"].is_null());
  CHECK(easy["duration_s"] == 3600.0);
  CHECK(easy["distance_m"].is_null());
  t.call("plans.create", ann, {{"date", "2026-01-04"}, {"title", "Stretch"}, {"sport", "yoga"}});
  CHECK(t.call("plans.get", ann, {{"plan_id", easy["id"]}}) == easy);

  auto all = t.call("plans.list", ann);
  CHECK(dates(all) == std::vector<std::string>{"2026-01-03", "2026-01-04", "2026-01-04", "2026-01-05"});
  CHECK(all["items"][1]["id"] == easy["id"]);  // the same day: in the order they were made
  CHECK(dates(t.call("plans.list", ann, {{"from", "2026-01-04"}, {"to", "2026-01-04"}})).size() == 2);
  // Walk with pages of one through the tie on 2026-01-04.
  std::vector<std::string> walked;
  Json params{{"limit", 1}};
  for (int pages = 0; pages < 10; ++pages) {
    auto page = t.call("plans.list", ann, params);
    for (const auto& item : page["items"]) walked.push_back(item["id"]);
    if (page["next_cursor"].is_null()) break;
    params["cursor"] = page["next_cursor"];
  }
  std::vector<std::string> ids;
  for (const auto& item : all["items"]) ids.push_back(item["id"]);
  CHECK(walked == ids);

  // Move and skip, then back to planned.
  auto moved = t.call("plans.update", ann, {{"plan_id", easy["id"]}, {"date", "2026-01-06"}, {"status", "skipped"}});
  CHECK(moved["date"] == "2026-01-06");
  CHECK(moved["status"] == "skipped");
  CHECK(t.call("plans.list", ann, {{"status", "skipped"}})["items"].size() == 1);
  CHECK(t.call("plans.update", ann, {{"plan_id", easy["id"]}, {"status", "planned"}})["status"] == "planned");

  // A deleted template leaves its plans, without the link.
  t.call("templates.delete", ann, {{"template_id", tpl}});
  CHECK(t.call("plans.get", ann, {{"plan_id", planned["id"]}})["template_id"].is_null());
  CHECK(t.call("plans.get", ann, {{"plan_id", planned["id"]}})["title"] == "5 x 1 km");

  CHECK(t.call("plans.delete", ann, {{"plan_id", planned["id"]}})["status"] == "deleted");
  CHECK(error_of([&] { t.call("plans.get", ann, {{"plan_id", planned["id"]}}); }) == ErrorCode::not_found);
  CHECK(t.call("plans.list", ann)["items"].size() == 3);
}

TEST_CASE("plans: complete, link the owner's own workout, unlink; never another's") {
  TestPlatform t;
  const auto ann_id = t.make_user("ann@example.com");
  const auto bob_id = t.make_user("bob@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  const auto anns_run = insert_workout(t, ann_id, 1001);
  const auto anns_other_run = insert_workout(t, ann_id, 1002);
  const auto bobs_run = insert_workout(t, bob_id, 1003);
  const std::string plan = t.call("plans.create", ann, {{"date", "2026-01-02"}, {"title", "Run"}, {"sport", "run"}})["id"];
  const std::string other = t.call("plans.create", ann, {{"date", "2026-01-03"}, {"title", "Run"}, {"sport", "run"}})["id"];

  t.clock->advance(kHourMs);
  auto done = t.call("plans.complete", ann, {{"plan_id", plan}});
  CHECK(done["status"] == "completed");
  CHECK(done["completed_at"] == "2026-01-01T01:00:00.000Z");
  CHECK(done["workout_id"].is_null());
  auto linked = t.call("plans.link", ann, {{"plan_id", plan}, {"workout_id", anns_run}});
  CHECK(linked["workout_id"] == anns_run);
  CHECK(linked["completed_at"] == done["completed_at"]);  // completed once, when it first was

  // Another's workout does not exist for Ann; a workout fulfils one plan; a workout id of nothing.
  CHECK(error_of([&] { t.call("plans.link", ann, {{"plan_id", other}, {"workout_id", bobs_run}}); }) ==
        ErrorCode::not_found);
  CHECK(error_of([&] { t.call("plans.complete", ann, {{"plan_id", other}, {"workout_id", bobs_run}}); }) ==
        ErrorCode::not_found);
  CHECK(error_of([&] { t.call("plans.link", ann, {{"plan_id", other}, {"workout_id", anns_run}}); }) ==
        ErrorCode::conflict);
  CHECK(error_of([&] {
          t.call("plans.link", ann, {{"plan_id", other}, {"workout_id", format_id(IdKind::workout, 999)}});
        }) == ErrorCode::not_found);
  // Bob cannot link his workout to Ann's plan either: the plan does not exist for him.
  CHECK(error_of([&] { t.call("plans.link", bob, {{"plan_id", other}, {"workout_id", bobs_run}}); }) ==
        ErrorCode::not_found);
  CHECK(t.call("plans.get", ann, {{"plan_id", other}})["status"] == "planned");

  // Relinking the same plan to another workout of Ann's is fine; the first is free again.
  CHECK(t.call("plans.link", ann, {{"plan_id", plan}, {"workout_id", anns_other_run}})["workout_id"] == anns_other_run);
  CHECK(t.call("plans.link", ann, {{"plan_id", other}, {"workout_id", anns_run}})["workout_id"] == anns_run);

  auto unlinked = t.call("plans.unlink", ann, {{"plan_id", plan}});
  CHECK(unlinked["workout_id"].is_null());
  CHECK(unlinked["status"] == "planned");
  CHECK(unlinked["completed_at"].is_null());
  CHECK(error_of([&] { t.call("plans.unlink", ann, {{"plan_id", plan}}); }) == ErrorCode::failed_precondition);

  // The workouts service deleting a workout leaves the plan, completed, without the link.
  t.platform->database().acquire()->exec("DELETE FROM workouts WHERE id = 1001");
  auto after = t.call("plans.get", ann, {{"plan_id", other}});
  CHECK(after["workout_id"].is_null());
  CHECK(after["status"] == "completed");
}

TEST_CASE("plans: bad input is refused, names its field and stores nothing") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto bob_id = t.make_user("bob@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  const std::string bobs_template = t.call("templates.create", bob, interval_template())["id"];
  const std::string plan = t.call("plans.create", ann, {{"date", "2026-01-02"}, {"title", "Run"}, {"sport", "run"}})["id"];
  struct Row {
    const char* op;
    Json params;
    std::optional<std::string> field;  // empty: not_found
  };
  const std::vector<Row> rows{
      {"plans.create", {{"title", "Run"}, {"sport", "run"}}, "date"},
      {"plans.create", {{"date", "2026-02-30"}, {"title", "Run"}, {"sport", "run"}}, "date"},
      {"plans.create", {{"date", "05.01.2026"}, {"title", "Run"}, {"sport", "run"}}, "date"},
      {"plans.create", {{"date", "2026-01-05"}, {"sport", "run"}}, "title"},
      {"plans.create", {{"date", "2026-01-05"}, {"title", "Run"}}, "sport"},
      {"plans.create", {{"date", "2026-01-05"}, {"title", "Run"}, {"sport", "chess"}}, "sport"},
      {"plans.create", {{"date", "2026-01-05"}, {"title", "Run"}, {"sport", "run"}, {"duration_s", 0}}, "duration_s"},
      {"plans.create", {{"date", "2026-01-05"}, {"title", "Run"}, {"sport", "run"}, {"distance_m", -1}}, "distance_m"},
      {"plans.create", {{"date", "2026-01-05"}, {"title", std::string(81, 't')}, {"sport", "run"}}, "title"},
      {"plans.create", {{"date", "2026-01-05"}, {"template_id", bobs_template}}, std::nullopt},
      {"plans.update", {{"plan_id", plan}, {"status", "completed"}}, "status"},
      {"plans.update", {{"plan_id", plan}, {"date", "tomorrow"}}, "date"},
      {"plans.list", {{"from", "2026-01-05"}, {"to", "2026-01-01"}}, "to"},
      {"plans.list", {{"status", "done"}}, "status"},
      {"plans.list", {{"cursor", "AAAA"}}, "cursor"},
      {"plans.complete", {{"plan_id", plan}, {"workout_id", "pln_0000000000001"}}, "workout_id"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.op);
    CAPTURE(row.params.dump());
    const auto changed = changes_made_by(t, [&] {
      try {
        t.call(row.op, ann, row.params);
        FAIL("accepted");
      } catch (const Error& e) {
        if (row.field) {
          CHECK(e.code() == ErrorCode::invalid_argument);
          CHECK(e.field() == *row.field);
        } else {
          CHECK(e.code() == ErrorCode::not_found);
        }
      }
    });
    CHECK_MESSAGE(changed.empty(), "the refused call changed " << join_parts(changed));
  }
}

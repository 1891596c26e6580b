// Permit/deny tables of the training operations: templates, plans and zones are their owner's
// alone (to anyone else, not_found); the exercise library is read by anyone and edited by
// admins. Every refused call leaves the whole state as it was.
#include "core/crypto.hpp"
#include "unit/permit_world.hpp"
#include "unit/training/training_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr auto kUnauthenticated = ErrorCode::unauthenticated;
constexpr auto kNotFound = ErrorCode::not_found;
constexpr auto kDenied = ErrorCode::permission_denied;

}  // namespace

TEST_CASE("permit table: templates.* are the owner's alone") {
  TestPlatform t;
  PermitWorld w(t);
  const std::string tpl = t.call("templates.create", w.ann, interval_template())["id"];
  const std::string doomed = t.call("templates.create", w.ann, interval_template("Old"))["id"];
  const Json one{{"template_id", tpl}};
  const Json rename{{"template_id", tpl}, {"name", "Renamed"}};
  const Json remove{{"template_id", doomed}};
  w.check({
      {"templates.create", interval_template(), &w.ann, std::nullopt},
      {"templates.create", interval_template(), &w.bob, std::nullopt},
      {"templates.create", interval_template(), &w.admin, std::nullopt},
      {"templates.create", interval_template(), &w.anonymous, kUnauthenticated},
      {"templates.get", one, &w.ann, std::nullopt},
      {"templates.get", one, &w.bob, kNotFound},
      {"templates.get", one, &w.coach, kNotFound},
      {"templates.get", one, &w.admin, kNotFound},
      {"templates.get", one, &w.anonymous, kUnauthenticated},
      {"templates.list", Json::object(), &w.ann, std::nullopt},
      {"templates.list", Json::object(), &w.bob, std::nullopt},
      {"templates.list", Json::object(), &w.admin, std::nullopt},
      {"templates.list", Json::object(), &w.anonymous, kUnauthenticated},
      {"templates.update", rename, &w.bob, kNotFound},
      {"templates.update", rename, &w.admin, kNotFound},
      {"templates.update", rename, &w.moderator, kNotFound},
      {"templates.update", rename, &w.anonymous, kUnauthenticated},
      {"templates.update", rename, &w.ann, std::nullopt},
      {"templates.copy", one, &w.bob, kNotFound},
      {"templates.copy", one, &w.admin, kNotFound},
      {"templates.copy", one, &w.anonymous, kUnauthenticated},
      {"templates.copy", one, &w.ann, std::nullopt},
      {"templates.export", one, &w.bob, kNotFound},
      {"templates.export", one, &w.admin, kNotFound},
      {"templates.export", one, &w.anonymous, kUnauthenticated},
      {"templates.export", one, &w.ann, std::nullopt},
      {"templates.delete", remove, &w.bob, kNotFound},
      {"templates.delete", remove, &w.admin, kNotFound},
      {"templates.delete", remove, &w.anonymous, kUnauthenticated},
      {"templates.delete", remove, &w.ann, std::nullopt},
  });
  // Bob sees his own list only, and cannot plan Ann's template.
  CHECK(t.call("templates.list", w.bob)["items"].size() == 1);
  CHECK(error_of([&] { t.call("plans.create", w.bob, {{"date", "2026-01-02"}, {"template_id", tpl}}); }) == kNotFound);
}

TEST_CASE("permit table: plans.* are the owner's alone, and link only the owner's workouts") {
  TestPlatform t;
  PermitWorld w(t);
  const auto anns_run = insert_workout(t, w.ann_id, 5001);
  const auto anns_ride = insert_workout(t, w.ann_id, 5002, "ride");
  const auto bobs_run = insert_workout(t, w.bob_id, 5003);
  const Json free_form{{"date", "2026-01-02"}, {"title", "Run"}, {"sport", "run"}};
  const std::string plan = t.call("plans.create", w.ann, free_form)["id"];
  const std::string linked = t.call("plans.create", w.ann, free_form)["id"];
  t.call("plans.link", w.ann, {{"plan_id", linked}, {"workout_id", anns_ride}});
  const std::string doomed = t.call("plans.create", w.ann, free_form)["id"];
  const Json one{{"plan_id", plan}};
  w.check({
      {"plans.create", free_form, &w.ann, std::nullopt},
      {"plans.create", free_form, &w.bob, std::nullopt},
      {"plans.create", free_form, &w.admin, std::nullopt},
      {"plans.create", free_form, &w.anonymous, kUnauthenticated},
      {"plans.get", one, &w.ann, std::nullopt},
      {"plans.get", one, &w.bob, kNotFound},
      {"plans.get", one, &w.coach, kNotFound},
      {"plans.get", one, &w.admin, kNotFound},
      {"plans.get", one, &w.anonymous, kUnauthenticated},
      {"plans.list", Json::object(), &w.ann, std::nullopt},
      {"plans.list", Json::object(), &w.bob, std::nullopt},
      {"plans.list", Json::object(), &w.admin, std::nullopt},
      {"plans.list", Json::object(), &w.anonymous, kUnauthenticated},
      {"plans.update", {{"plan_id", plan}, {"title", "Long run"}}, &w.bob, kNotFound},
      {"plans.update", {{"plan_id", plan}, {"title", "Long run"}}, &w.admin, kNotFound},
      {"plans.update", {{"plan_id", plan}, {"title", "Long run"}}, &w.anonymous, kUnauthenticated},
      {"plans.update", {{"plan_id", plan}, {"title", "Long run"}}, &w.ann, std::nullopt},
      {"plans.complete", one, &w.bob, kNotFound},
      {"plans.complete", one, &w.admin, kNotFound},
      {"plans.complete", one, &w.anonymous, kUnauthenticated},
      {"plans.complete", {{"plan_id", plan}, {"workout_id", bobs_run}}, &w.ann, kNotFound},
      {"plans.complete", one, &w.ann, std::nullopt},
      {"plans.link", {{"plan_id", plan}, {"workout_id", bobs_run}}, &w.bob, kNotFound},
      {"plans.link", {{"plan_id", plan}, {"workout_id", anns_run}}, &w.admin, kNotFound},
      {"plans.link", {{"plan_id", plan}, {"workout_id", anns_run}}, &w.anonymous, kUnauthenticated},
      {"plans.link", {{"plan_id", plan}, {"workout_id", bobs_run}}, &w.ann, kNotFound},
      {"plans.link", {{"plan_id", plan}, {"workout_id", anns_run}}, &w.ann, std::nullopt},
      {"plans.unlink", {{"plan_id", linked}}, &w.bob, kNotFound},
      {"plans.unlink", {{"plan_id", linked}}, &w.admin, kNotFound},
      {"plans.unlink", {{"plan_id", linked}}, &w.anonymous, kUnauthenticated},
      {"plans.unlink", {{"plan_id", linked}}, &w.ann, std::nullopt},
      {"plans.delete", {{"plan_id", doomed}}, &w.bob, kNotFound},
      {"plans.delete", {{"plan_id", doomed}}, &w.admin, kNotFound},
      {"plans.delete", {{"plan_id", doomed}}, &w.anonymous, kUnauthenticated},
      {"plans.delete", {{"plan_id", doomed}}, &w.ann, std::nullopt},
  });
}

TEST_CASE("permit table: exercises.* — anyone reads the library, admins edit it") {
  TestPlatform t;
  PermitWorld w(t);
  const Json one{{"exercise_id", format_id(IdKind::exercise, 1)}};
  const Json fresh{{"name", "Sled push"}, {"category", "strength"}, {"muscle_groups", {"quadriceps"}}};
  const Json change{{"exercise_id", format_id(IdKind::exercise, 2)}, {"description", "Our club's way."}};
  const Json remove{{"exercise_id", format_id(IdKind::exercise, 3)}};
  const Json file{{"file", crypto::base64_encode("name,category,muscle_groups\nBattle ropes,cardio,shoulders\n")},
                  {"file_name", "club.csv"}};
  w.check({
      {"exercises.list", Json::object(), &w.anonymous, std::nullopt},
      {"exercises.list", Json::object(), &w.ann, std::nullopt},
      {"exercises.list", Json::object(), &w.bob, std::nullopt},
      {"exercises.list", Json::object(), &w.admin, std::nullopt},
      {"exercises.get", one, &w.anonymous, std::nullopt},
      {"exercises.get", one, &w.ann, std::nullopt},
      {"exercises.get", one, &w.bob, std::nullopt},
      {"exercises.get", one, &w.admin, std::nullopt},
      {"exercises.create", fresh, &w.anonymous, kUnauthenticated},
      {"exercises.create", fresh, &w.ann, kDenied},
      {"exercises.create", fresh, &w.bob, kDenied},
      {"exercises.create", fresh, &w.coach, kDenied},
      {"exercises.create", fresh, &w.moderator, kDenied},
      {"exercises.create", fresh, &w.admin, std::nullopt},
      {"exercises.update", change, &w.anonymous, kUnauthenticated},
      {"exercises.update", change, &w.ann, kDenied},
      {"exercises.update", change, &w.bob, kDenied},
      {"exercises.update", change, &w.admin, std::nullopt},
      {"exercises.import", file, &w.anonymous, kUnauthenticated},
      {"exercises.import", file, &w.ann, kDenied},
      {"exercises.import", file, &w.bob, kDenied},
      {"exercises.import", file, &w.coach, kDenied},
      {"exercises.import", file, &w.admin, std::nullopt},
      {"exercises.delete", remove, &w.anonymous, kUnauthenticated},
      {"exercises.delete", remove, &w.ann, kDenied},
      {"exercises.delete", remove, &w.bob, kDenied},
      {"exercises.delete", remove, &w.admin, std::nullopt},
      {"exercises.create", fresh, &w.system, ErrorCode::already_exists},  // the system edits too; the admin was first
  });
}

TEST_CASE("permit table: zones.get, zones.set act on the caller's own zones only") {
  TestPlatform t;
  PermitWorld w(t);
  t.call("zones.set", w.ann, {{"ftp_w", 200}});
  const Json set{{"ftp_w", 300}};
  w.check({
      {"zones.get", Json::object(), &w.ann, std::nullopt},
      {"zones.get", Json::object(), &w.bob, std::nullopt},
      {"zones.get", Json::object(), &w.admin, std::nullopt},
      {"zones.get", Json::object(), &w.anonymous, kUnauthenticated},
      {"zones.set", set, &w.bob, std::nullopt},
      {"zones.set", set, &w.admin, std::nullopt},
      {"zones.set", set, &w.anonymous, kUnauthenticated},
      {"zones.set", set, &w.ann, std::nullopt},
  });
  // Others' calls read and wrote their own zones: Ann's FTP changed only by her own call.
  CHECK(t.call("zones.get", w.bob)["ftp_w"] == 300.0);
  CHECK(t.call("zones.get", w.coach)["ftp_w"].is_null());
}

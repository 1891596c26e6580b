// Profiles: validated updates, privacy and medical notes as permit/deny tables.
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("profile.update changes the given fields, clears nulls, and refuses bad values whole") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto me = t.call("profile.update", ann,
                   {{"first_name", "Анна"}, {"nickname", "ann_runs"}, {"time_zone", "Europe/Moscow"},
                    {"height_cm", 170}, {"interests", {"running", "yoga"}}, {"goal", "prepare_for_event"},
                    {"birth_date", "1990-02-28"}});
  CHECK(me["profile"]["first_name"] == "Анна");
  CHECK(me["profile"]["nickname"] == "ann_runs");
  CHECK(me["profile"]["interests"] == Json::array({"running", "yoga"}));
  me = t.call("profile.update", ann, {{"first_name", nullptr}});
  CHECK(me["profile"]["first_name"].is_null());
  CHECK(me["profile"]["nickname"] == "ann_runs");

  const std::vector<Json> bad{{{"time_zone", "Mars/Olympus"}},       {{"height_cm", 5}},
                              {{"birth_date", "2999-01-01"}},        {{"birth_date", "1990-02-30"}},
                              {{"goal", "fly"}},                     {{"interests", {"running", "teleport"}}},
                              {{"nickname", "a b"}},                 {{"privacy", "everyone"}},
                              {{"about", std::string(2001, 'x')}},   {{"first_name", "bell\x07"}},
                              {{"city", "Tver"}, {"level", "god"}}};
  for (const auto& params : bad) {
    CAPTURE(params.dump());
    CHECK(error_of([&] { t.call("profile.update", ann, params); }) == ErrorCode::invalid_argument);
  }
  auto after = t.call("profile.get", ann)["profile"];
  CHECK(after["city"].is_null());  // the bad update with a good field changed nothing
  CHECK(after["time_zone"] == "Europe/Moscow");

  t.make_user("bob@example.com");
  auto bob = t.actor_of(t.login("bob@example.com"));
  CHECK(error_of([&] { t.call("profile.update", bob, {{"nickname", "ANN_RUNS"}}); }) == ErrorCode::already_exists);
}

TEST_CASE("who sees a profile: a permit/deny table by privacy") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  auto admin = t.make_admin("root@example.com");
  const Actor anon = Actor::anonymous();
  t.call("profile.update", ann, {{"weight_kg", 60}, {"city", "Kazan"}});

  struct Row {
    const char* privacy;
    const Actor* viewer;
    bool sees;
    bool sees_body_data;
  };
  const std::vector<Row> table{
      {"public", &ann, true, true},   {"public", &bob, true, false},   {"public", &anon, true, false},
      {"public", &admin, true, true}, {"friends", &bob, false, false}, {"friends", &anon, false, false},
      {"friends", &ann, true, true},  {"private", &bob, false, false}, {"private", &anon, false, false},
      {"private", &ann, true, true},  {"private", &admin, true, true},
  };
  for (const auto& row : table) {
    t.call("profile.update", ann, {{"privacy", row.privacy}});
    CAPTURE(row.privacy);
    CAPTURE(row.viewer == &ann ? "owner" : row.viewer == &bob ? "another user" : row.viewer == &anon ? "anonymous" : "admin");
    if (!row.sees) {
      CHECK(error_of([&] { t.call("profiles.get", *row.viewer, {{"user_id", ann_id}}); }) == ErrorCode::not_found);
      continue;
    }
    auto p = t.call("profiles.get", *row.viewer, {{"user_id", ann_id}});
    CHECK(p["city"] == "Kazan");
    CHECK(p.contains("weight_kg") == row.sees_body_data);
  }
  CHECK(error_of([&] { t.call("profiles.get", bob, {{"user_id", format_id(IdKind::user, 77)}}); }) ==
        ErrorCode::not_found);
}

TEST_CASE("medical notes: the user and the coaches they authorise, nobody else") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto coach_id = t.make_user("coach@example.com");
  auto other_coach_id = t.make_user("other@example.com");
  auto admin = t.make_admin("root@example.com");
  t.call("users.roles.grant", admin, {{"user_id", coach_id}, {"role", "coach"}});
  t.call("users.roles.grant", admin, {{"user_id", other_coach_id}, {"role", "coach"}});
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto coach = t.actor_of(t.login("coach@example.com"));
  auto other_coach = t.actor_of(t.login("other@example.com"));
  t.call("profile.update", ann, {{"medical_notes", "left knee: no jumps"}, {"privacy", "private"}});
  t.call("profile.medical_access.grant", ann, {{"coach_id", coach_id}});

  auto notes_seen_by = [&](const Actor& viewer) -> std::optional<bool> {
    try {
      return t.call("profiles.get", viewer, {{"user_id", ann_id}}).contains("medical_notes");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::not_found);
      return std::nullopt;
    }
  };
  CHECK(notes_seen_by(ann) == true);
  CHECK(notes_seen_by(coach) == true);
  CHECK(notes_seen_by(other_coach) == std::nullopt);  // private profile: not even found
  CHECK(notes_seen_by(admin) == false);               // admins see the profile, not the notes
  t.call("profile.update", ann, {{"privacy", "public"}});
  CHECK(notes_seen_by(other_coach) == false);
  // Only a coach can be granted, and a refusal tells no more than an unknown id; revoking ends the access.
  auto bob_id = t.make_user("bob@example.com");
  const auto unknown_id = format_id(IdKind::user, 12345);
  CHECK(error_message(t, "profile.medical_access.grant", ann, {{"coach_id", bob_id}}).starts_with("not_found: "));
  CHECK(error_message(t, "profile.medical_access.grant", ann, {{"coach_id", bob_id}}) ==
        error_message(t, "profile.medical_access.grant", ann, {{"coach_id", unknown_id}}));
  CHECK(t.call("profile.medical_access.list", ann)["items"].size() == 1);
  t.call("profile.medical_access.revoke", ann, {{"coach_id", coach_id}});
  CHECK(notes_seen_by(coach) == false);
  CHECK(error_of([&] { t.call("profile.medical_access.revoke", ann, {{"coach_id", coach_id}}); }) ==
        ErrorCode::not_found);
}

TEST_CASE("notifications: list, digest of repeats, mark read, delete, preferences") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  // Two password changes: one unread notification counting two.
  t.call("auth.password.change", ann, {{"current_password", kPassword}, {"new_password", "first new passphrase"}});
  t.call("auth.password.change", ann,
         {{"current_password", "first new passphrase"}, {"new_password", "second new passphrase"}});
  auto list = t.call("notifications.list", ann)["items"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["count"] == 2);
  CHECK(list[0]["type"] == "password_changed");
  // Bob cannot read, mark or delete Ann's notification.
  CHECK(t.call("notifications.list", bob)["items"].empty());
  CHECK(t.call("notifications.mark_read", bob, {{"ids", {list[0]["id"]}}})["marked"] == 0);
  CHECK(error_of([&] { t.call("notifications.delete", bob, {{"notification_id", list[0]["id"]}}); }) ==
        ErrorCode::not_found);
  CHECK(t.call("notifications.mark_read", ann, {{"ids", {list[0]["id"]}}})["marked"] == 1);
  CHECK(t.call("notifications.unread_count", ann)["unread"] == 0);
  t.call("notifications.delete", ann, {{"notification_id", list[0]["id"]}});
  CHECK(t.call("notifications.list", ann)["items"].empty());

  // Marketing is off until the user opts in; security cannot be turned off.
  auto prefs = t.call("notifications.preferences.get", ann)["items"];
  bool marketing_email = true;
  for (auto& p : prefs)
    if (p["type"] == "marketing" && p["channel"] == "email") marketing_email = p["enabled"];
  CHECK_FALSE(marketing_email);
  CHECK(error_of([&] {
          t.call("notifications.preferences.set", ann, {{"type", "security"}, {"channel", "email"}, {"enabled", false}});
        }) == ErrorCode::failed_precondition);
  CHECK(error_of([&] {
          t.call("notifications.preferences.set", ann, {{"type", "gossip"}, {"channel", "email"}, {"enabled", true}});
        }) == ErrorCode::invalid_argument);
  t.call("notifications.preferences.set", ann, {{"type", "marketing"}, {"channel", "email"}, {"enabled", true}});
  const auto after = t.call("notifications.preferences.get", ann);  // range-for needs the whole result alive
  for (auto& p : after["items"])
    if (p["type"] == "marketing" && p["channel"] == "email") CHECK(p["enabled"] == true);
}

TEST_CASE("mail templates follow the user's language") {
  TestPlatform t;
  t.call("auth.register", Actor::anonymous(),
         {{"email", "ivan@example.com"}, {"password", kPassword}, {"language", "ru"}});
  auto mails = t.take_mail("ivan@example.com");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].find("Подтвердите адрес") != std::string::npos);
  CHECK(error_of([&] {
          t.call("auth.register", Actor::anonymous(),
                 {{"email", "x@example.com"}, {"password", kPassword}, {"language", "xx"}});
        }) == ErrorCode::invalid_argument);
}

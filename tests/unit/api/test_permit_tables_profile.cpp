// Who may call profile.*, profiles.get and metrics.*: permit/deny tables through the registry.
// One's own profile, avatar and health data are changed by oneself only; someone else's
// profile and avatar are seen as its privacy allows, and a profile one may not see is not
// found, exactly as one that does not exist.
#include "api/cursor.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;
using namespace std::string_literals;
using OwnerData = PermitWorld::OwnerData;

namespace {

// The first bytes of a PNG file: all the avatar check looks at.
const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;

Json with(Json params, const std::string& key, const Json& value) {
  params[key] = value;
  return params;
}

}  // namespace

TEST_CASE("permit table: profile.get, profile.update") {
  TestPlatform t;
  PermitWorld w(t);
  const std::vector<PermitRow> table{
      {"profile.get", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"profile.get", Json::object(), &w.system, ErrorCode::unauthenticated},  // the system has no profile
      {"profile.get", Json::object(), &w.bob, {}},
      {"profile.get", Json::object(), &w.admin, {}},
      {"profile.get", Json::object(), &w.ann, {}},
      // There is no way to name someone else's profile: the field is refused before anything runs.
      {"profile.update", {{"city", "Oslo"}}, &w.anonymous, ErrorCode::unauthenticated},
      {"profile.update", {{"user_id", w.ann_id}, {"city", "Oslo"}}, &w.bob, ErrorCode::invalid_argument},
      {"profile.update", {{"user_id", w.ann_id}, {"privacy", "public"}}, &w.admin,
       ErrorCode::invalid_argument},
      {"profile.update", {{"city", "Oslo"}}, &w.system, ErrorCode::unauthenticated},
      {"profile.update", {{"city", "Oslo"}, {"medical_notes", "none"}}, &w.bob, {}},  // his own
      {"profile.update", {{"about", "runner"}}, &w.ann, {}},
  };
  w.check(table);
  for (const Actor* who : {&w.bob, &w.admin, &w.ann})
    CHECK(t.call("profile.get", *who)["id"] == format_id(IdKind::user, who->user_id));
  const auto ann = t.call("profile.get", w.ann)["profile"];
  CHECK(ann["city"] == "Kazan");
  CHECK(ann["about"] == "runner");
  CHECK(ann["medical_notes"] == "left knee: no jumps");
  CHECK(ann["privacy"] == "private");
  CHECK(t.call("profile.get", w.bob)["profile"]["city"] == "Oslo");
}

TEST_CASE("permit table: profiles.get and profile.avatar.get follow the profile's privacy") {
  TestPlatform t;
  PermitWorld w(t);
  t.call("profile.avatar.set", w.ann, {{"image_base64", crypto::base64_encode(kPng)}});
  const Json ann{{"user_id", w.ann_id}};
  // Ann's profile is private: herself, the staff (admins, moderators, the system) and her coach.
  std::vector<PermitRow> table;
  for (const char* op : {"profiles.get", "profile.avatar.get"}) {
    for (const Actor* allowed : {&w.ann, &w.admin, &w.moderator, &w.coach, &w.system})
      table.push_back({op, ann, allowed, std::nullopt});
    for (const Actor* refused : {&w.bob, &w.anonymous, &w.other_coach})
      table.push_back({op, ann, refused, ErrorCode::not_found});
  }
  w.check(table);

  // Medical notes: Ann and the coach she authorised; nobody else, not even the staff.
  auto profile_of = [&](const Actor& viewer) { return t.call("profiles.get", viewer, ann); };
  CHECK(profile_of(w.ann)["medical_notes"] == "left knee: no jumps");
  CHECK(profile_of(w.coach)["medical_notes"] == "left knee: no jumps");
  for (const Actor* staff : {&w.admin, &w.moderator, &w.system}) {
    CAPTURE(w.name_of(*staff));
    CHECK_FALSE(profile_of(*staff).contains("medical_notes"));
    CHECK(profile_of(*staff)["weight_kg"] == 60.0);
  }
  // Not found, word for word as for an account that does not exist.
  const Json nobody{{"user_id", format_id(IdKind::user, 1234567)}};
  for (const Actor* refused : {&w.bob, &w.anonymous, &w.other_coach})
    for (const char* op : {"profiles.get", "profile.avatar.get"})
      CHECK(error_message(t, op, *refused, ann) == error_message(t, op, *refused, nobody));

  // Made public: everyone sees the public part; body data and notes stay with the same few.
  t.call("profile.update", w.ann, {{"privacy", "public"}});
  for (const Actor* viewer : {&w.bob, &w.anonymous, &w.other_coach}) {
    CAPTURE(w.name_of(*viewer));
    const auto p = profile_of(*viewer);
    CHECK(p["city"] == "Kazan");
    CHECK_FALSE(p.contains("weight_kg"));
    CHECK_FALSE(p.contains("medical_notes"));
    CHECK(t.call("profile.avatar.get", *viewer, ann)["image_base64"] == crypto::base64_encode(kPng));
  }
  // A blocked account's profile is gone for everyone else.
  t.call("users.block", w.admin, ann);
  for (const Actor* viewer : {&w.bob, &w.anonymous, &w.admin, &w.coach})
    CHECK(error_of([&] { profile_of(*viewer); }) == ErrorCode::not_found);
}

TEST_CASE("permit table: profile.medical_access.grant, .list, .revoke") {
  TestPlatform t;
  PermitWorld w(t);
  const Json other_coach{{"coach_id", w.other_coach_id}};
  const Json on_anns_behalf = with(other_coach, "user_id", w.ann_id);
  const Json not_a_coach{{"coach_id", w.bob_id}};
  const Json ann{{"user_id", w.ann_id}};
  const std::vector<PermitRow> grant{
      {"profile.medical_access.grant", other_coach, &w.anonymous, ErrorCode::unauthenticated},
      {"profile.medical_access.grant", on_anns_behalf, &w.bob, ErrorCode::invalid_argument},
      {"profile.medical_access.grant", on_anns_behalf, &w.admin, ErrorCode::invalid_argument},
      {"profile.medical_access.grant", on_anns_behalf, &w.coach, ErrorCode::invalid_argument},
      {"profile.medical_access.grant", other_coach, &w.system, ErrorCode::unauthenticated},
      {"profile.medical_access.grant", not_a_coach, &w.ann, ErrorCode::not_found},  // as for an unknown id
      {"profile.medical_access.grant", other_coach, &w.bob, {}},  // to Bob's own notes
  };
  w.check(grant);
  CHECK(error_of([&] { t.call("profiles.get", w.other_coach, ann); }) == ErrorCode::not_found);
  t.call("profile.medical_access.grant", w.ann, other_coach);
  CHECK(t.call("profiles.get", w.other_coach, ann)["medical_notes"] == "left knee: no jumps");

  const std::vector<PermitRow> list{
      {"profile.medical_access.list", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"profile.medical_access.list", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"profile.medical_access.list", Json::object(), &w.bob, {}},
      {"profile.medical_access.list", Json::object(), &w.admin, {}},
      {"profile.medical_access.list", Json::object(), &w.coach, {}},
      {"profile.medical_access.list", Json::object(), &w.ann, {}},
  };
  w.check(list);
  auto coaches_of = [&](const Actor& who) {
    std::vector<std::string> ids;
    const auto page = t.call("profile.medical_access.list", who);
    for (const auto& item : page["items"]) ids.push_back(item["coach_id"]);
    std::sort(ids.begin(), ids.end());  // granted in the same millisecond: no order between them
    return ids;
  };
  auto both = std::vector<std::string>{w.coach_id, w.other_coach_id};
  std::sort(both.begin(), both.end());
  CHECK(coaches_of(w.ann) == both);
  CHECK(coaches_of(w.bob) == std::vector<std::string>{w.other_coach_id});
  CHECK(coaches_of(w.admin).empty());
  CHECK(coaches_of(w.coach).empty());  // grants received are not listed as one's own
  // Ann's cursor, in anyone else's hands, pages through their own grants only.
  const Json anns_cursor{{"cursor", t.call("profile.medical_access.list", w.ann, {{"limit", 1}})["next_cursor"]}};
  const std::vector<PermitRow> paged{
      {"profile.medical_access.list", anns_cursor, &w.anonymous, ErrorCode::unauthenticated},
      {"profile.medical_access.list", anns_cursor, &w.system, ErrorCode::unauthenticated},
      {"profile.medical_access.list", anns_cursor, &w.bob, {}},
      {"profile.medical_access.list", anns_cursor, &w.admin, {}},
      {"profile.medical_access.list", anns_cursor, &w.ann, {}},
  };
  w.check(paged);
  CHECK(t.call("profile.medical_access.list", w.ann, anns_cursor)["items"].size() == 1);
  CHECK(t.call("profile.medical_access.list", w.admin, anns_cursor)["items"].empty());
  const auto bobs = t.call("profile.medical_access.list", w.bob, anns_cursor);
  for (const auto& item : bobs["items"]) CHECK(item["coach_id"] == w.other_coach_id);

  // Only Ann takes back what she gave; not the coach, not an admin.
  const Json coach{{"coach_id", w.coach_id}};
  const std::vector<PermitRow> revoke{
      {"profile.medical_access.revoke", coach, &w.anonymous, ErrorCode::unauthenticated},
      {"profile.medical_access.revoke", coach, &w.bob, ErrorCode::not_found},
      {"profile.medical_access.revoke", coach, &w.admin, ErrorCode::not_found},
      {"profile.medical_access.revoke", coach, &w.coach, ErrorCode::not_found},
      {"profile.medical_access.revoke", with(coach, "user_id", w.ann_id), &w.admin,
       ErrorCode::invalid_argument},
      {"profile.medical_access.revoke", coach, &w.system, ErrorCode::unauthenticated},
      {"profile.medical_access.revoke", coach, &w.ann, {}},
  };
  w.check(revoke);
  CHECK(error_of([&] { t.call("profiles.get", w.coach, ann); }) == ErrorCode::not_found);
  CHECK(coaches_of(w.ann) == std::vector<std::string>{w.other_coach_id});
}

TEST_CASE("permit table: profile.avatar.set, profile.avatar.delete") {
  TestPlatform t;
  PermitWorld w(t);
  const Json image{{"image_base64", crypto::base64_encode(kPng)}};
  const Json for_ann = with(image, "user_id", w.ann_id);
  const std::vector<PermitRow> set{
      {"profile.avatar.set", image, &w.anonymous, ErrorCode::unauthenticated},
      {"profile.avatar.set", for_ann, &w.bob, ErrorCode::invalid_argument},
      {"profile.avatar.set", for_ann, &w.admin, ErrorCode::invalid_argument},
      {"profile.avatar.set", image, &w.system, ErrorCode::unauthenticated},
      {"profile.avatar.set", image, &w.bob, {}},  // his own
      {"profile.avatar.set", image, &w.ann, {}},
  };
  w.check(set);
  CHECK(std::filesystem::exists(t.dir / "blobs" / "avatars" / w.ann_id));

  const std::vector<PermitRow> remove{
      {"profile.avatar.delete", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"profile.avatar.delete", Json::object(), &w.admin, ErrorCode::not_found},  // he has none
      {"profile.avatar.delete", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"profile.avatar.delete", Json::object(), &w.bob, {}},  // his own, not Ann's
      {"profile.avatar.delete", Json::object(), &w.bob, ErrorCode::not_found},
      {"profile.avatar.delete", Json::object(), &w.ann, {}},
  };
  w.check(remove);
  CHECK_FALSE(std::filesystem::exists(t.dir / "blobs" / "avatars" / w.ann_id));
  const Json ann{{"user_id", w.ann_id}};
  CHECK(error_of([&] { t.call("profile.avatar.get", w.ann, ann); }) == ErrorCode::not_found);
}

TEST_CASE("permit table: metrics.record, metrics.list, metrics.delete are the owner's alone") {
  TestPlatform t;
  PermitWorld w(t);
  const Json day{{"date", "2025-12-30"}, {"weight_kg", 61}};
  const Json for_ann = with(day, "user_id", w.ann_id);
  const std::vector<PermitRow> record{
      {"metrics.record", day, &w.anonymous, ErrorCode::unauthenticated},
      {"metrics.record", for_ann, &w.bob, ErrorCode::invalid_argument},
      {"metrics.record", for_ann, &w.admin, ErrorCode::invalid_argument},
      {"metrics.record", for_ann, &w.coach, ErrorCode::invalid_argument},
      {"metrics.record", day, &w.system, ErrorCode::unauthenticated},
      {"metrics.record", {{"date", "2025-12-31"}, {"weight_kg", 80}}, &w.bob, {}},  // his own
      {"metrics.record", {{"date", "2025-12-30"}, {"weight_kg", 60}}, &w.ann, {}},
  };
  w.check(record);

  // Health data: not for admins, not even for the coach Ann lets read her medical notes.
  const std::vector<PermitRow> list{
      {"metrics.list", Json::object(), &w.anonymous, ErrorCode::unauthenticated},
      {"metrics.list", Json::object(), &w.system, ErrorCode::unauthenticated},
      {"metrics.list", Json::object(), &w.bob, {}},
      {"metrics.list", Json::object(), &w.admin, {}},
      {"metrics.list", Json::object(), &w.coach, {}},
      {"metrics.list", Json::object(), &w.ann, {}},
      {"metrics.list", {{"user_id", w.ann_id}}, &w.coach, ErrorCode::invalid_argument},
  };
  w.check(list);
  auto days_of = [&](const Actor& who) {
    std::vector<std::pair<std::string, double>> out;
    const auto page = t.call("metrics.list", who);
    for (const auto& e : page["items"]) out.emplace_back(e["date"], e["weight_kg"]);
    return out;
  };
  CHECK(days_of(w.ann) == std::vector<std::pair<std::string, double>>{{"2025-12-30", 60.0}});
  CHECK(days_of(w.bob) == std::vector<std::pair<std::string, double>>{{"2025-12-31", 80.0}});
  CHECK(days_of(w.admin).empty());
  CHECK(days_of(w.coach).empty());
  // A cursor from before every day: each caller pages on through their own days alone.
  const Json from_the_start{{"cursor", api::CursorWriter("metrics.list").text("2000-01-01").finish()}};
  const std::vector<PermitRow> paged{
      {"metrics.list", from_the_start, &w.anonymous, ErrorCode::unauthenticated},
      {"metrics.list", from_the_start, &w.system, ErrorCode::unauthenticated},
      {"metrics.list", from_the_start, &w.bob, {}},
      {"metrics.list", from_the_start, &w.admin, {}},
      {"metrics.list", from_the_start, &w.ann, {}},
  };
  w.check(paged);
  CHECK(t.call("metrics.list", w.bob, from_the_start)["items"].size() == 1);
  CHECK(t.call("metrics.list", w.coach, from_the_start)["items"].empty());

  const Json ann_day{{"date", "2025-12-30"}};
  const std::vector<PermitRow> remove{
      {"metrics.delete", ann_day, &w.anonymous, ErrorCode::unauthenticated},
      {"metrics.delete", ann_day, &w.bob, ErrorCode::not_found},
      {"metrics.delete", ann_day, &w.admin, ErrorCode::not_found},
      {"metrics.delete", ann_day, &w.coach, ErrorCode::not_found},
      {"metrics.delete", with(ann_day, "user_id", w.ann_id), &w.admin, ErrorCode::invalid_argument},
      {"metrics.delete", ann_day, &w.system, ErrorCode::unauthenticated},
      {"metrics.delete", ann_day, &w.ann, {}},
  };
  w.check(remove);
  CHECK(days_of(w.ann).empty());
  CHECK(days_of(w.bob).size() == 1);
}

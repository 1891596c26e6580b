// Who may call orgs.* and events.*: permit/deny tables through the registry. Organisations are
// public to read and kept by their owners and admins; an event is managed by its owner and its
// organisation's organizers; a draft, or an unlisted event without its link token, is not_found
// to everyone else; pinning events and the category taxonomy are for platform admins.
#include "core/crypto.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;
using namespace std::string_literals;

namespace {

const std::string kPng = crypto::base64_encode("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s);

// Ann's organisation (Ann owner, the coach a member), two spare ones for deletions, and Ann's
// events: a published public one with two contests, an unlisted one, a draft and a cancelled one.
struct EventCast {
  std::string org, spare_org, other_spare_org, open, unlisted, draft, cancelled, contest, spare_contest, link_token;

  explicit EventCast(PermitWorld& w) {
    auto& t = w.t;
    org = t.call("orgs.create", w.ann, {{"name", "Kazan Runners"}, {"kind", "club"}})["id"];
    spare_org = t.call("orgs.create", w.ann, {{"name", "Spare Club"}, {"kind", "club"}})["id"];
    other_spare_org = t.call("orgs.create", w.ann, {{"name", "Other Spare"}, {"kind", "brand"}})["id"];
    t.call("orgs.members.set", w.ann, {{"org_id", org}, {"user_id", w.coach_id}, {"role", "member"}});
    const Json base{{"type", "race"}, {"starts_at", "2030-05-01T08:00:00Z"}, {"ends_at", "2030-05-01T14:00:00Z"},
                    {"time_zone", "Europe/Moscow"}, {"currency", "EUR"}};
    auto make = [&](const std::string& title, Json extra) {
      Json p = base;
      p["title"] = title;
      p.update(extra);
      return t.call("events.create", w.ann, p);
    };
    open = make("Kazan Marathon", {{"org_id", org}})["id"];
    contest = t.call("events.contests.add", w.ann, {{"event_id", open}, {"name", "42 km"}, {"capacity", 100}})["id"];
    spare_contest = t.call("events.contests.add", w.ann, {{"event_id", open}, {"name", "5 km"}})["id"];
    t.call("events.status.set", w.ann, {{"event_id", open}, {"status", "published"}});
    const auto hidden = make("Secret Trail", {{"visibility", "unlisted"}});
    unlisted = hidden["id"];
    link_token = hidden["link_token"];
    t.call("events.contests.add", w.ann, {{"event_id", unlisted}, {"name", "20 km"}});
    t.call("events.status.set", w.ann, {{"event_id", unlisted}, {"status", "published"}});
    draft = make("Draft Race", Json::object())["id"];
    cancelled = make("Cancelled Race", Json::object())["id"];
    t.call("events.status.set", w.ann, {{"event_id", cancelled}, {"status", "cancelled"}, {"reason", "storm"}});
    t.call("orgs.logo.set", w.ann, {{"org_id", org}, {"logo", kPng}});
    t.call("events.cover.set", w.ann, {{"event_id", open}, {"cover", kPng}});
  }
};

// Rows where only Ann may act: others are refused with `others`, anonymous callers unauthenticated.
void add_managed_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params,
                      ErrorCode others) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* other : {&w.bob, &w.admin, &w.other_coach}) table.push_back({op, params, other, others});
  table.push_back({op, params, &w.ann, std::nullopt});
}

void add_anyone_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  for (const Actor* a : {&w.anonymous, &w.bob, &w.admin, &w.ann}) table.push_back({op, params, a, std::nullopt});
}

void add_admin_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* user : {&w.ann, &w.bob, &w.moderator}) table.push_back({op, params, user, ErrorCode::permission_denied});
  table.push_back({op, params, &w.admin, std::nullopt});
}

}  // namespace

TEST_CASE("permit table: orgs.*") {
  TestPlatform t;
  PermitWorld w(t);
  EventCast e(w);
  std::vector<PermitRow> table;
  table.push_back({"orgs.create", {{"name", "Anon Club"}, {"kind", "club"}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"orgs.create", {{"name", "System Club"}, {"kind", "club"}}, &w.system, ErrorCode::unauthenticated});
  table.push_back({"orgs.create", {{"name", "Bob Club"}, {"kind", "club"}}, &w.bob, std::nullopt});
  table.push_back({"orgs.create", {{"name", "Admin Club"}, {"kind", "federation"}}, &w.admin, std::nullopt});
  table.push_back({"orgs.create", {{"name", "Ann Brand"}, {"kind", "brand"}}, &w.ann, std::nullopt});
  add_anyone_rows(table, w, "orgs.get", {{"org_id", e.org}});
  add_anyone_rows(table, w, "orgs.list", Json::object());
  add_managed_rows(table, w, "orgs.update", {{"org_id", e.org}, {"description", "Running since 1990"}},
                   ErrorCode::permission_denied);
  table.push_back({"orgs.members.list", {{"org_id", e.org}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"orgs.members.list", {{"org_id", e.org}}, &w.bob, ErrorCode::permission_denied});
  table.push_back({"orgs.members.list", {{"org_id", e.org}}, &w.coach, std::nullopt});  // a member
  table.push_back({"orgs.members.list", {{"org_id", e.org}}, &w.admin, std::nullopt});
  table.push_back({"orgs.members.list", {{"org_id", e.org}}, &w.ann, std::nullopt});
  // The coach, a plain member, may not promote anyone.
  table.push_back({"orgs.members.set", {{"org_id", e.org}, {"user_id", w.bob_id}, {"role", "organizer"}}, &w.coach,
                   ErrorCode::permission_denied});
  add_managed_rows(table, w, "orgs.members.set", {{"org_id", e.org}, {"user_id", w.moderator_id}, {"role", "organizer"}},
                   ErrorCode::permission_denied);
  add_managed_rows(table, w, "orgs.members.remove", {{"org_id", e.org}, {"user_id", w.moderator_id}},
                   ErrorCode::permission_denied);
  add_managed_rows(table, w, "orgs.logo.set", {{"org_id", e.org}, {"logo", kPng}}, ErrorCode::permission_denied);
  add_anyone_rows(table, w, "orgs.logo.get", {{"org_id", e.org}});
  add_managed_rows(table, w, "orgs.logo.delete", {{"org_id", e.org}}, ErrorCode::permission_denied);
  // Leaving is one's own choice.
  table.push_back({"orgs.members.remove", {{"org_id", e.org}, {"user_id", w.coach_id}}, &w.coach, std::nullopt});
  w.check(table, PermitWorld::OwnerData::may_change);

  // Deleting: the owner, or an admin as moderation; an organisation with events stays.
  std::vector<PermitRow> deletions;
  deletions.push_back({"orgs.delete", {{"org_id", e.spare_org}}, &w.anonymous, ErrorCode::unauthenticated});
  deletions.push_back({"orgs.delete", {{"org_id", e.spare_org}}, &w.bob, ErrorCode::permission_denied});
  deletions.push_back({"orgs.delete", {{"org_id", e.spare_org}}, &w.admin, std::nullopt});
  deletions.push_back({"orgs.delete", {{"org_id", e.org}}, &w.ann, ErrorCode::failed_precondition});
  deletions.push_back({"orgs.delete", {{"org_id", e.other_spare_org}}, &w.ann, std::nullopt});
  w.check(deletions, PermitWorld::OwnerData::may_change);
}

TEST_CASE("permit table: events.* of one event") {
  TestPlatform t;
  PermitWorld w(t);
  EventCast e(w);
  std::vector<PermitRow> table;
  table.push_back({"events.create", {{"title", "X"}}, &w.anonymous, ErrorCode::unauthenticated});
  const Json fresh{{"title", "Fresh"}, {"type", "meetup"}, {"starts_at", "2030-06-01T08:00:00Z"},
                   {"ends_at", "2030-06-01T09:00:00Z"}, {"time_zone", "UTC"}};
  for (const Actor* a : {&w.bob, &w.admin, &w.ann}) table.push_back({"events.create", fresh, a, std::nullopt});
  Json for_org = fresh;
  for_org["org_id"] = e.org;
  table.push_back({"events.create", for_org, &w.bob, ErrorCode::permission_denied});
  table.push_back({"events.create", for_org, &w.coach, ErrorCode::permission_denied});  // a plain member
  Json as_coach = fresh;
  as_coach["organizer_kind"] = "coach";
  table.push_back({"events.create", as_coach, &w.bob, ErrorCode::permission_denied});
  table.push_back({"events.create", as_coach, &w.coach, std::nullopt});

  add_anyone_rows(table, w, "events.get", {{"event_id", e.open}});
  for (const Actor* a : {&w.anonymous, &w.bob, &w.admin})
    table.push_back({"events.get", {{"event_id", e.unlisted}}, a, ErrorCode::not_found});
  add_anyone_rows(table, w, "events.get", {{"event_id", e.unlisted}, {"link_token", e.link_token}});
  table.push_back({"events.get", {{"event_id", e.unlisted}, {"link_token", "wrong"}}, &w.bob, ErrorCode::not_found});
  for (const Actor* a : {&w.anonymous, &w.bob, &w.admin, &w.other_coach})
    table.push_back({"events.get", {{"event_id", e.draft}}, a, ErrorCode::not_found});
  table.push_back({"events.get", {{"event_id", e.draft}}, &w.ann, std::nullopt});

  add_managed_rows(table, w, "events.update", {{"event_id", e.open}, {"description", "Flat and fast"}},
                   ErrorCode::permission_denied);
  table.push_back({"events.update", {{"event_id", e.unlisted}, {"title", "Found"}}, &w.bob, ErrorCode::not_found});
  add_managed_rows(table, w, "events.status.set", {{"event_id", e.open}, {"status", "registration_open"}},
                   ErrorCode::permission_denied);
  add_managed_rows(table, w, "events.link.renew", {{"event_id", e.unlisted}}, ErrorCode::not_found);
  add_managed_rows(table, w, "events.archive", {{"event_id", e.cancelled}}, ErrorCode::permission_denied);
  add_managed_rows(table, w, "events.cover.set", {{"event_id", e.open}, {"cover", kPng}}, ErrorCode::permission_denied);
  add_anyone_rows(table, w, "events.cover.get", {{"event_id", e.open}});
  add_managed_rows(table, w, "events.cover.delete", {{"event_id", e.open}}, ErrorCode::permission_denied);
  add_managed_rows(table, w, "events.contests.add", {{"event_id", e.open}, {"name", "10 km"}},
                   ErrorCode::permission_denied);
  add_managed_rows(table, w, "events.contests.update", {{"contest_id", e.contest}, {"capacity", 200}},
                   ErrorCode::permission_denied);
  add_managed_rows(table, w, "events.contests.delete", {{"contest_id", e.spare_contest}}, ErrorCode::permission_denied);
  add_managed_rows(table, w, "events.delete", {{"event_id", e.draft}}, ErrorCode::not_found);
  table.push_back({"events.feature", {{"event_id", e.open}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"events.feature", {{"event_id", e.open}}, &w.ann, ErrorCode::permission_denied});
  table.push_back({"events.feature", {{"event_id", e.open}}, &w.bob, ErrorCode::permission_denied});
  table.push_back({"events.feature", {{"event_id", e.unlisted}}, &w.admin, ErrorCode::not_found});
  table.push_back({"events.feature", {{"event_id", e.open}}, &w.admin, std::nullopt});
  w.check(table, PermitWorld::OwnerData::may_change);
}

TEST_CASE("permit table: the catalogue and categories") {
  TestPlatform t;
  PermitWorld w(t);
  EventCast e(w);
  std::vector<PermitRow> table;
  add_anyone_rows(table, w, "events.search", {{"search", "marathon"}});
  table.push_back({"events.search", {{"managed", true}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"events.suggestions", Json::object(), &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.bob, &w.admin, &w.ann}) table.push_back({"events.suggestions", Json::object(), a, std::nullopt});
  add_anyone_rows(table, w, "events.categories.list", Json::object());
  add_admin_rows(table, w, "events.categories.add", {{"slug", "padel"}, {"name", "Padel"}});
  add_admin_rows(table, w, "events.categories.delete", {{"slug", "charity"}});
  w.check(table);
  // The catalogue shows what it may: the public event, neither the unlisted one nor the draft.
  const auto found = t.call("events.search", w.bob, Json::object())["items"];
  REQUIRE(found.size() == 1);
  CHECK(found[0]["id"] == e.open);
}

// Organisations: founding, reading, changing and deleting them, and the rules of members' roles.
#include "core/crypto.hpp"
#include "unit/fixture.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

struct OrgWorld {
  TestPlatform t;
  std::string ann_id, bob_id, cat_id;
  Actor ann, bob, cat;
  OrgWorld() {
    ann_id = t.make_user("ann@example.com", "ann");
    bob_id = t.make_user("bob@example.com", "bobby");
    cat_id = t.make_user("cat@example.com");
    ann = t.actor_of(t.login("ann@example.com"));
    bob = t.actor_of(t.login("bob@example.com"));
    cat = t.actor_of(t.login("cat@example.com"));
  }
  Json set_role(const Actor& by, const std::string& org, const std::string& user, const std::string& role) {
    return t.call("orgs.members.set", by, {{"org_id", org}, {"user_id", user}, {"role", role}});
  }
};

}  // namespace

TEST_CASE("organisations: founded, read, listed by name and changed") {
  OrgWorld w;
  const auto org = w.t.call("orgs.create", w.ann,
                            {{"name", "  Kazan Runners "}, {"kind", "club"}, {"contact_email", "Info@Runners.Example"},
                             {"website", "https://runners.example/"}, {"contact_phone", "+79001234567"}});
  CHECK(org["name"] == "Kazan Runners");
  CHECK(org["my_role"] == "owner");
  CHECK(org["members"] == 1);
  CHECK(org["contact_email"] == "info@runners.example");
  const std::string id = org["id"];
  CHECK(id.rfind("org_", 0) == 0);
  w.t.call("orgs.create", w.bob, {{"name", "Athletics Federation"}, {"kind", "federation"}});
  w.t.call("orgs.create", w.bob, {{"name", "Zeta Brand"}, {"kind", "brand"}});

  const auto seen = w.t.call("orgs.get", Actor::anonymous(), {{"org_id", id}});
  CHECK(seen["name"] == "Kazan Runners");
  CHECK(seen["my_role"].is_null());

  const auto all = w.t.call("orgs.list", Actor::anonymous(), {{"limit", 2}});
  REQUIRE(all["items"].size() == 2);
  CHECK(all["items"][0]["name"] == "Athletics Federation");
  CHECK(all["items"][1]["name"] == "Kazan Runners");
  const auto rest = w.t.call("orgs.list", Actor::anonymous(), {{"limit", 2}, {"cursor", all["next_cursor"]}});
  REQUIRE(rest["items"].size() == 1);
  CHECK(rest["items"][0]["name"] == "Zeta Brand");
  CHECK(rest["next_cursor"].is_null());
  CHECK(w.t.call("orgs.list", w.ann, {{"mine", true}})["items"].size() == 1);
  CHECK(w.t.call("orgs.list", w.ann, {{"kind", "federation"}})["items"].size() == 1);
  CHECK(w.t.call("orgs.list", w.ann, {{"search", "RUNN"}})["items"].size() == 1);

  const auto changed = w.t.call("orgs.update", w.ann, {{"org_id", id}, {"description", "Since 1990"}, {"website", ""}});
  CHECK(changed["description"] == "Since 1990");
  CHECK(changed["website"].is_null());
  CHECK(changed["contact_phone"] == "+79001234567");
}

TEST_CASE("organisations: bad input is refused, naming the field, and changes nothing") {
  OrgWorld w;
  const std::string id = w.t.call("orgs.create", w.ann, {{"name", "Kazan Runners"}, {"kind", "club"}})["id"];
  const std::vector<std::pair<Json, std::string>> bad{
      {{{"kind", "club"}}, "name"},
      {{{"name", "X"}}, "kind"},
      {{{"name", "X"}, {"kind", "gang"}}, "kind"},
      {{{"name", "kazan runners"}, {"kind", "club"}}, "name"},  // taken, letter case aside
      {{{"name", "X"}, {"kind", "club"}, {"contact_email", "not an address"}}, "contact_email"},
      {{{"name", "X"}, {"kind", "club"}, {"contact_phone", "8 900 123"}}, "contact_phone"},
      {{{"name", "X"}, {"kind", "club"}, {"website", "http://plain.example"}}, "website"},
      {{{"name", std::string(101, 'x')}, {"kind", "club"}}, "name"},
      {{{"name", "Line\nbreak"}, {"kind", "club"}}, "name"},
  };
  for (const auto& [params, field] : bad) {
    CAPTURE(params.dump());
    const auto changed = changes_made_by(w.t, [&] {
      try {
        w.t.call("orgs.create", w.bob, params);
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.field() == field);
      }
    });
    CHECK(changed.empty());
  }
  CHECK(error_of([&] { w.t.call("orgs.get", w.ann, {{"org_id", format_id(IdKind::organisation, 1)}}); }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.t.call("orgs.update", w.ann, {{"org_id", id}, {"kind", "gang"}}); }) ==
        ErrorCode::invalid_argument);
}

TEST_CASE("organisations: roles: owners give any, admins organizers and members, the last owner stays") {
  OrgWorld w;
  const std::string org = w.t.call("orgs.create", w.ann, {{"name", "Club"}, {"kind", "club"}})["id"];
  CHECK(w.set_role(w.ann, org, w.bob_id, "admin")["role"] == "admin");
  CHECK(w.set_role(w.bob, org, w.cat_id, "organizer")["display_name"] == w.cat_id);  // no name: the id
  // An admin neither makes admins nor touches another admin or an owner.
  CHECK(error_of([&] { w.set_role(w.bob, org, w.cat_id, "admin"); }) == ErrorCode::permission_denied);
  CHECK(error_of([&] { w.set_role(w.bob, org, w.ann_id, "member"); }) == ErrorCode::permission_denied);
  CHECK(error_of([&] { w.t.call("orgs.members.remove", w.bob, {{"org_id", org}, {"user_id", w.ann_id}}); }) ==
        ErrorCode::permission_denied);
  // The last owner stays one, demoted or leaving.
  CHECK(error_of([&] { w.set_role(w.ann, org, w.ann_id, "admin"); }) == ErrorCode::failed_precondition);
  CHECK(error_of([&] { w.t.call("orgs.members.remove", w.ann, {{"org_id", org}, {"user_id", w.ann_id}}); }) ==
        ErrorCode::failed_precondition);
  w.set_role(w.ann, org, w.bob_id, "owner");
  w.t.call("orgs.members.remove", w.ann, {{"org_id", org}, {"user_id", w.ann_id}});  // now she may leave
  const auto members = w.t.call("orgs.members.list", w.bob, {{"org_id", org}})["members"];
  REQUIRE(members.size() == 2);
  CHECK(members[0]["display_name"] == "bobby");
  CHECK(members[0]["role"] == "owner");
  CHECK(members[1]["role"] == "organizer");
  CHECK(error_of([&] { w.set_role(w.bob, org, w.cat_id, "chief"); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { w.set_role(w.bob, org, format_id(IdKind::user, 1), "member"); }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.t.call("orgs.members.remove", w.bob, {{"org_id", org}, {"user_id", w.ann_id}}); }) ==
        ErrorCode::not_found);
}

TEST_CASE("organisations: a logo is an image, seen by anyone, removed with the organisation") {
  OrgWorld w;
  using namespace std::string_literals;
  const std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;
  const std::string org = w.t.call("orgs.create", w.ann, {{"name", "Club"}, {"kind", "club"}})["id"];
  CHECK(error_of([&] { w.t.call("orgs.logo.get", Actor::anonymous(), {{"org_id", org}}); }) == ErrorCode::not_found);
  for (const std::string& bad : {"GIF89a\x01\0\x01\0"s, "<svg/>"s, ""s}) {
    CAPTURE(bad);
    const auto changed = changes_made_by(w.t, [&] {
      CHECK(error_of([&] { w.t.call("orgs.logo.set", w.ann, {{"org_id", org}, {"logo", crypto::base64_encode(bad)}}); }) ==
            ErrorCode::invalid_argument);
    });
    CHECK(changed.empty());
  }
  CHECK(w.t.call("orgs.logo.set", w.ann, {{"org_id", org}, {"logo", crypto::base64_encode(png)}})["logo_type"] ==
        "image/png");
  const auto logo = w.t.call("orgs.logo.get", Actor::anonymous(), {{"org_id", org}});
  CHECK(logo["content_type"] == "image/png");
  CHECK(crypto::base64_decode(logo["content_base64"].get<std::string>()).value_or("") == png);
  CHECK(logo["file_name"] == org + "-logo.png");
  w.t.call("orgs.delete", w.ann, {{"org_id", org}});
  CHECK_FALSE(std::filesystem::exists(w.t.dir / "blobs" / "orgs" / org / "logo"));
}

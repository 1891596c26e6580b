// Who may call gear.*: permit/deny tables through the registry. Gear is its owner's alone: anyone
// else, admins included, gets not_found for an item that exists, as for one that does not;
// callers that are not users (anonymous, the system) are unauthenticated. The catalogue is public.
#include "core/crypto.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;
using namespace std::string_literals;

namespace {

const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;

// Ann's gear: shoes with a photo, a limit, a log entry, collections and a review; a bike with a
// chain installed; a spare pair. Bob has one item of his own.
struct GearCast {
  std::string shoes, bike, chain, spare, bobs, entry;

  explicit GearCast(PermitWorld& w) {
    auto& t = w.t;
    shoes = t.call(
        "gear.create", w.ann,
        {{"category", "shoes"}, {"brand", "Nike"}, {"model", "Pegasus"}, {"collections", {"Run", "Race"}}})["id"];
    bike = t.call("gear.create", w.ann, {{"category", "bike"}, {"name", "Bike"}, {"collections", {"Run"}}})["id"];
    chain = t.call("gear.create", w.ann, {{"category", "component"}, {"name", "Chain"}, {"parent_id", bike}})["id"];
    spare = t.call("gear.create", w.ann, {{"category", "shoes"}, {"name", "Spare"}})["id"];
    bobs = t.call("gear.create", w.bob, {{"category", "shoes"}, {"name", "Bob's"}})["id"];
    t.call("gear.photo.set", w.ann, {{"gear_id", shoes}, {"photo", crypto::base64_encode(kPng)}});
    t.call("gear.limits.set", w.ann, {{"gear_id", shoes}, {"metric", "uses"}, {"amount", 100}});
    t.call("gear.limits.set", w.ann, {{"category", "shoes"}, {"metric", "distance_m"}, {"amount", 800000}});
    entry = t.call("gear.usage.log", w.ann, {{"gear_id", shoes}, {"counter", "washes"}})["id"];
    t.call("gear.defaults.set", w.ann, {{"sport", "run"}, {"gear_ids", {shoes}}});
    t.call("gear.reviews.set", w.ann, {{"gear_id", shoes}, {"rating", 4}, {"text", "Good"}});
  }
};

// An operation on one of Ann's items: hers to call; anyone else's not_found, or unauthenticated
// for callers who own no gear. `owner_last` runs last, as it may change what the others saw.
void add_item_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({op, params, &w.system, ErrorCode::unauthenticated});
  for (const Actor* other : {&w.bob, &w.admin, &w.moderator, &w.coach})
    table.push_back({op, params, other, ErrorCode::not_found});
  table.push_back({op, params, &w.ann, std::nullopt});
}

// An operation on the caller's own gear as a whole: every user may call it for their own.
void add_own_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({op, params, &w.system, ErrorCode::unauthenticated});
  for (const Actor* user : {&w.bob, &w.admin, &w.ann}) table.push_back({op, params, user, std::nullopt});
}

}  // namespace

TEST_CASE("permit table: gear items: gear.create, gear.list, gear.get, gear.update, archive, delete") {
  TestPlatform t;
  PermitWorld w(t);
  GearCast g(w);
  std::vector<PermitRow> table;
  add_own_rows(table, w, "gear.create", {{"category", "other"}, {"name", "Bag"}});
  add_own_rows(table, w, "gear.list", Json::object());
  // Naming Ann's item as a filter is no way in.
  table.push_back({"gear.list", {{"parent_id", g.bike}}, &w.bob, ErrorCode::not_found});
  table.push_back({"gear.list", {{"parent_id", g.bike}}, &w.admin, ErrorCode::not_found});
  add_item_rows(table, w, "gear.get", {{"gear_id", g.shoes}});
  add_item_rows(table, w, "gear.update", {{"gear_id", g.shoes}, {"name", "Road shoes"}});
  add_item_rows(table, w, "gear.archive", {{"gear_id", g.spare}});
  add_item_rows(table, w, "gear.unarchive", {{"gear_id", g.spare}});
  add_item_rows(table, w, "gear.delete", {{"gear_id", g.spare}});
  w.check(table);
  CHECK(t.call("gear.get", w.ann, {{"gear_id", g.shoes}})["name"] == "Road shoes");
  CHECK(t.call("gear.list", w.bob)["items"].size() == 2);  // his own, and the bag he made
  CHECK(t.call("gear.list", w.ann)["items"].size() == 4);  // shoes, bike, chain, bag
}

TEST_CASE("permit table: gear.photo.*, gear.components.*") {
  TestPlatform t;
  PermitWorld w(t);
  GearCast g(w);
  std::vector<PermitRow> table;
  add_item_rows(table, w, "gear.photo.get", {{"gear_id", g.shoes}});
  add_item_rows(table, w, "gear.photo.set", {{"gear_id", g.shoes}, {"photo", crypto::base64_encode(kPng)}});
  add_item_rows(table, w, "gear.photo.delete", {{"gear_id", g.shoes}});
  add_item_rows(table, w, "gear.components.install", {{"gear_id", g.chain}, {"parent_id", g.bike}});
  add_item_rows(table, w, "gear.components.remove", {{"gear_id", g.chain}});
  // Bob's own component on Ann's bike: her bike is not found for him.
  table.push_back(
      {"gear.components.install", {{"gear_id", g.bobs}, {"parent_id", g.bike}}, &w.bob, ErrorCode::not_found});
  w.check(table);
}

TEST_CASE("permit table: gear.usage.*, gear.defaults.*") {
  TestPlatform t;
  PermitWorld w(t);
  GearCast g(w);
  std::vector<PermitRow> table;
  add_item_rows(table, w, "gear.usage.log", {{"gear_id", g.shoes}, {"counter", "washes"}});
  add_own_rows(table, w, "gear.usage.list", Json::object());
  table.push_back({"gear.usage.list", {{"gear_id", g.shoes}}, &w.bob, ErrorCode::not_found});
  table.push_back({"gear.usage.list", {{"gear_id", g.shoes}}, &w.admin, ErrorCode::not_found});
  add_item_rows(table, w, "gear.usage.delete", {{"entry_id", g.entry}});
  add_own_rows(table, w, "gear.defaults.list", Json::object());
  // Setting defaults names items: only one's own.
  const Json ann_default{{"sport", "trail_run"}, {"gear_ids", {g.shoes}}};
  table.push_back({"gear.defaults.set", ann_default, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"gear.defaults.set", ann_default, &w.bob, ErrorCode::invalid_argument});
  table.push_back({"gear.defaults.set", ann_default, &w.admin, ErrorCode::invalid_argument});
  table.push_back({"gear.defaults.set", {{"sport", "run"}, {"gear_ids", {g.bobs}}}, &w.bob, std::nullopt});
  table.push_back({"gear.defaults.set", ann_default, &w.ann, std::nullopt});
  // Deleting defaults reaches one's own only: Bob's call leaves Ann's run defaults alone.
  table.push_back({"gear.defaults.delete", {{"sport", "run"}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"gear.defaults.delete", {{"sport", "run"}}, &w.admin, ErrorCode::not_found});
  table.push_back({"gear.defaults.delete", {{"sport", "run"}}, &w.bob, std::nullopt});
  table.push_back({"gear.defaults.delete", {{"sport", "run"}}, &w.ann, std::nullopt});
  w.check(table);
  CHECK(t.call("gear.usage.list", w.ann)["items"].size() == 1);  // one logged, one deleted
  CHECK(t.call("gear.defaults.list", w.ann)["defaults"].size() == 1);
}

TEST_CASE("permit table: gear.limits.*, gear.collections.*") {
  TestPlatform t;
  PermitWorld w(t);
  GearCast g(w);
  std::vector<PermitRow> table;
  const Json item_limit{{"gear_id", g.shoes}, {"metric", "uses"}, {"amount", 50}};
  add_item_rows(table, w, "gear.limits.set", item_limit);
  add_own_rows(table, w, "gear.limits.set", {{"category", "bike"}, {"metric", "distance_m"}, {"amount", 1e7}});
  add_own_rows(table, w, "gear.limits.list", Json::object());
  add_item_rows(table, w, "gear.limits.delete", {{"gear_id", g.shoes}});
  // A category's default is one's own: Bob deleting "shoes" finds none of his.
  table.push_back({"gear.limits.delete", {{"category", "shoes"}}, &w.bob, ErrorCode::not_found});
  table.push_back({"gear.limits.delete", {{"category", "shoes"}}, &w.admin, ErrorCode::not_found});
  table.push_back({"gear.limits.delete", {{"category", "shoes"}}, &w.ann, std::nullopt});
  add_own_rows(table, w, "gear.collections.list", Json::object());
  add_item_rows(table, w, "gear.collections.add", {{"gear_id", g.bike}, {"name", "Race"}});
  add_item_rows(table, w, "gear.collections.remove", {{"gear_id", g.shoes}, {"name", "Run"}});
  for (const auto& [op, params] : std::vector<std::pair<std::string, Json>>{
           {"gear.collections.rename", {{"name", "Run"}, {"new_name", "Running"}}},
           {"gear.collections.delete", {{"name", "Race"}}}}) {
    table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
    table.push_back({op, params, &w.bob, ErrorCode::not_found});  // he has no such collection
    table.push_back({op, params, &w.admin, ErrorCode::not_found});
    table.push_back({op, params, &w.ann, std::nullopt});
  }
  w.check(table);
  const auto collections = t.call("gear.collections.list", w.ann)["collections"];
  REQUIRE(collections.size() == 1);
  CHECK(collections[0] == Json{{"name", "Running"}, {"items", 1}});
}

TEST_CASE("permit table: gear.reviews.*, and the catalogue open to anyone") {
  TestPlatform t;
  PermitWorld w(t);
  GearCast g(w);
  std::vector<PermitRow> table;
  for (const char* op : {"gear.catalogue", "gear.catalogue.reviews"})
    for (const Actor* anyone : {&w.anonymous, &w.system, &w.bob, &w.admin, &w.ann})
      table.push_back({op, Json::object(), anyone, std::nullopt});
  add_item_rows(table, w, "gear.reviews.get", {{"gear_id", g.shoes}});
  add_item_rows(table, w, "gear.reviews.set", {{"gear_id", g.shoes}, {"rating", 2}, {"text", "Worn"}});
  add_item_rows(table, w, "gear.reviews.delete", {{"gear_id", g.shoes}});
  w.check(table);
  CHECK(t.call("gear.catalogue", w.anonymous)["items"].empty());
}

// Gear items: create, read, list with filters and pages, change, archive, delete; bad input
// refused naming the field, and changing nothing.
#include "unit/api/paging_support.hpp"
#include "unit/gear/gear_support.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

std::string refused_field(TestPlatform& t, const std::string& op, const Actor& who, const Json& params) {
  try {
    t.call(op, who, params);
  } catch (const Error& e) {
    return e.code() == ErrorCode::invalid_argument ? e.field() : "code " + std::string(to_string(e.code()));
  }
  return "accepted";
}

}  // namespace

TEST_CASE("gear: create an item with every field, read it back, change and clear fields") {
  GearWorld w;
  const auto created = w.t.call("gear.create", w.ann,
                                {{"category", "shoes"},
                                 {"brand", " Nike "},
                                 {"model", "Pegasus 40"},
                                 {"purchased_on", "2025-03-01"},
                                 {"price", "0129.99"},
                                 {"currency", "eur"},
                                 {"warranty_until", "2027-03-01"},
                                 {"start_distance_m", 12000},
                                 {"custom_fields", {{"colour", "red"}, {"size", "44"}}},
                                 {"collections", {"For running", "Race", "For running"}}});
  const std::string id = created["id"];
  CHECK(id.rfind("gear_", 0) == 0);
  CHECK(created["name"] == "Nike Pegasus 40");  // from brand and model
  CHECK(created["brand"] == "Nike");
  CHECK(created["price"] == "129.99");
  CHECK(created["currency"] == "EUR");
  CHECK(created["status"] == "in_use");  // it had done 12 km before
  CHECK(created["distance_m"] == 12000.0);
  CHECK(created["uses"] == 0);
  CHECK(created["wear_percent"].is_null());
  CHECK(created["limit"].is_null());
  CHECK(created["custom_fields"] == Json{{"colour", "red"}, {"size", "44"}});
  CHECK(created["collections"] == Json::array({"For running", "Race"}));
  CHECK(created["has_photo"] == false);
  CHECK(created["archived"] == false);
  CHECK(created["created_at"] == "2026-01-01T00:00:00.000Z");
  CHECK(w.get(id) == created);

  // A name made of a long brand and model is cut whole code points at a time; custom values are trimmed.
  std::string brand;
  for (int i = 0; i < 49; ++i) brand += "\u00e9";  // two bytes each
  const auto long_name = w.t.call("gear.create", w.ann,
                                  {{"category", "other"},
                                   {"brand", brand + "x"},
                                   {"model", "\u00fc\u00fc"},
                                   {"custom_fields", {{"size", " 44 "}}}});
  CHECK(long_name["name"] == brand + "x");
  CHECK(long_name["custom_fields"]["size"] == "44");
  const auto cut = w.t.call("gear.create", w.ann, {{"category", "other"}, {"brand", brand}, {"model", "\u00fcz"}});
  CHECK(cut["name"] == brand);  // the ü would straddle byte 100: it goes, and the space before it

  const auto fresh = w.t.call("gear.create", w.ann, {{"category", "clothing"}, {"name", "Rain jacket"}});
  CHECK(fresh["status"] == "new");
  CHECK(fresh["brand"].is_null());

  w.t.clock->advance(kMinuteMs);
  const auto changed = w.t.call("gear.update", w.ann,
                                {{"gear_id", id},
                                 {"name", "Race shoes"},
                                 {"brand", nullptr},
                                 {"price", nullptr},
                                 {"currency", nullptr},
                                 {"custom_fields", {{"colour", "blue"}}},
                                 {"collections", Json::array({"Race"})}});
  CHECK(changed["name"] == "Race shoes");
  CHECK(changed["brand"].is_null());
  CHECK(changed["model"] == "Pegasus 40");  // not given: kept
  CHECK(changed["price"].is_null());
  CHECK(changed["custom_fields"] == Json{{"colour", "blue"}});
  CHECK(changed["collections"] == Json::array({"Race"}));
  CHECK(changed["updated_at"] == "2026-01-01T00:01:00.000Z");
  CHECK(changed["created_at"] == created["created_at"]);
}

TEST_CASE("gear: bad input is refused naming the field, and changes nothing") {
  GearWorld w;
  const auto id = w.item({{"name", "Shoes"}});
  const std::vector<std::pair<Json, std::string>> creates{
      {{{"name", "x"}}, "category"},
      {{{"category", "boat"}, {"name", "x"}}, "category"},
      {{{"category", "shoes"}}, "name"},
      {{{"category", "shoes"}, {"name", "   "}}, "name"},
      {{{"category", "shoes"}, {"name", "two\nlines"}}, "name"},
      {{{"category", "shoes"}, {"name", std::string(101, 'x')}}, "name"},
      {{{"category", "shoes"}, {"name", "x"}, {"purchased_on", "2025-02-30"}}, "purchased_on"},
      {{{"category", "shoes"}, {"name", "x"}, {"purchased_on", "2026-01-02"}}, "purchased_on"},  // after today
      {{{"category", "shoes"}, {"name", "x"}, {"warranty_until", "soon"}}, "warranty_until"},
      {{{"category", "shoes"}, {"name", "x"}, {"purchased_on", "2025-05-01"}, {"warranty_until", "2025-04-01"}},
       "warranty_until"},
      {{{"category", "shoes"}, {"name", "x"}, {"price", "12,50"}, {"currency", "EUR"}}, "price"},
      {{{"category", "shoes"}, {"name", "x"}, {"price", "-1"}, {"currency", "EUR"}}, "price"},
      {{{"category", "shoes"}, {"name", "x"}, {"price", "1.12345"}, {"currency", "EUR"}}, "price"},
      {{{"category", "shoes"}, {"name", "x"}, {"price", "12"}}, "currency"},
      {{{"category", "shoes"}, {"name", "x"}, {"price", "12"}, {"currency", "EURO"}}, "currency"},
      {{{"category", "shoes"}, {"name", "x"}, {"price", "12"}, {"currency", "E1R"}}, "currency"},
      {{{"category", "shoes"}, {"name", "x"}, {"currency", "EUR"}}, "price"},
      {{{"category", "shoes"}, {"name", "x"}, {"price", 12}}, "price"},  // a string, not a number
      {{{"category", "shoes"}, {"name", "x"}, {"start_distance_m", -1}}, "start_distance_m"},
      {{{"category", "shoes"}, {"name", "x"}, {"start_distance_m", 1e12}}, "start_distance_m"},
      {{{"category", "shoes"}, {"name", "x"}, {"start_uses", -3}}, "start_uses"},
      {{{"category", "shoes"}, {"name", "x"}, {"custom_fields", {{"colour", 3}}}}, "custom_fields"},
      {{{"category", "shoes"}, {"name", "x"}, {"custom_fields", {{"colour", std::string(201, 'x')}}}}, "custom_fields"},
      {{{"category", "shoes"}, {"name", "x"}, {"custom_fields", {{"", "x"}}}}, "custom_fields"},
      {{{"category", "shoes"}, {"name", "x"}, {"custom_fields", "red"}}, "custom_fields"},
      {{{"category", "shoes"}, {"name", "x"}, {"collections", {""}}}, "collections"},
      {{{"category", "shoes"}, {"name", "x"}, {"collections", {1}}}, "collections"},
      {{{"category", "shoes"}, {"name", "x"}, {"installed_on", "2025-01-01"}}, "installed_on"},
      {{{"category", "shoes"}, {"name", "x"}, {"owner", "usr_0000000000001"}}, "owner"},
  };
  Json too_many_fields = Json::object();
  for (int i = 0; i < 21; ++i) too_many_fields["f" + std::to_string(i)] = "x";
  Json too_many_collections = Json::array();
  for (int i = 0; i < 21; ++i) too_many_collections.push_back("c" + std::to_string(i));
  const auto before = state_snapshot(w.t);
  for (const auto& [params, field] : creates) {
    CAPTURE(params.dump());
    CHECK(refused_field(w.t, "gear.create", w.ann, params) == field);
  }
  CHECK(refused_field(w.t, "gear.create", w.ann,
                      {{"category", "shoes"}, {"name", "x"}, {"custom_fields", too_many_fields}}) == "custom_fields");
  CHECK(refused_field(w.t, "gear.create", w.ann,
                      {{"category", "shoes"}, {"name", "x"}, {"collections", too_many_collections}}) == "collections");
  for (const auto& [params, field] : std::vector<std::pair<Json, std::string>>{
           {{{"gear_id", id}, {"name", ""}}, "name"},
           {{{"gear_id", id}, {"category", "hat"}}, "category"},
           {{{"gear_id", id}, {"price", "9.99"}}, "currency"},
           {{{"gear_id", id}, {"parent_id", id}}, "parent_id"},  // not a parameter of gear.update
           {{{"gear_id", "wkt_0000000000001"}, {"name", "x"}}, "gear_id"}}) {
    CAPTURE(params.dump());
    CHECK(refused_field(w.t, "gear.update", w.ann, params) == field);
  }
  CHECK(changed_parts(before, state_snapshot(w.t)).empty());
}

TEST_CASE("gear: list filters by category, collection and archived; pages newest first") {
  GearWorld w;
  std::vector<std::string> shoes;
  for (int i = 0; i < 5; ++i)
    shoes.push_back(w.item({{"name", "Shoe " + std::to_string(i)}, {"collections", {"Run"}}}));
  const auto jacket = w.item({{"category", "clothing"}, {"name", "Jacket"}, {"collections", {"Run", "Winter"}}});
  const auto bobs = w.item({{"name", "Bob's shoe"}, {"collections", {"Run"}}}, &w.bob);

  auto all = ids_of(w.t.call("gear.list", w.ann));
  CHECK(all.size() == 6);
  CHECK(all.front() == jacket);  // newest first
  CHECK(std::find(all.begin(), all.end(), bobs) == all.end());
  CHECK(ids_of(w.t.call("gear.list", w.ann, {{"category", "clothing"}})) == std::vector<std::string>{jacket});
  CHECK(ids_of(w.t.call("gear.list", w.ann, {{"collection", "Winter"}})) == std::vector<std::string>{jacket});
  CHECK(w.t.call("gear.list", w.ann, {{"collection", "Run"}})["items"].size() == 6);
  CHECK(w.t.call("gear.list", w.ann, {{"collection", "Nothing"}})["items"].empty());
  CHECK(check_walks(w.t, "gear.list", w.ann, Json::object(), "id") == 6);

  w.t.call("gear.archive", w.ann, {{"gear_id", shoes[0]}});
  CHECK(w.t.call("gear.list", w.ann)["items"].size() == 5);
  CHECK(ids_of(w.t.call("gear.list", w.ann, {{"archived", true}})) == std::vector<std::string>{shoes[0]});
  CHECK(refused_field(w.t, "gear.list", w.ann, {{"category", "boats"}}) == "category");
  CHECK(refused_field(w.t, "gear.list", w.ann, {{"limit", 0}}) == "limit");
  CHECK(refused_field(w.t, "gear.list", w.ann, {{"cursor", "junk"}}) == "cursor");
  // Bob's cursor walks Bob's items only.
  const auto cursor = w.t.call("gear.list", w.ann, {{"limit", 1}})["next_cursor"];
  CHECK(w.t.call("gear.list", w.bob, {{"cursor", cursor}})["items"].empty());
}

TEST_CASE("gear: archive and unarchive keep the item; delete removes it and its traces") {
  GearWorld w;
  const auto id = w.item({{"name", "Old shoes"}, {"brand", "Asics"}, {"model", "Nimbus"}, {"collections", {"Run"}}});
  const auto archived = w.t.call("gear.archive", w.ann, {{"gear_id", id}});
  CHECK(archived["archived"] == true);
  CHECK(archived["archived_at"] == "2026-01-01T00:00:00.000Z");
  w.t.clock->advance(kMinuteMs);
  CHECK(w.t.call("gear.archive", w.ann, {{"gear_id", id}})["archived_at"] == archived["archived_at"]);
  CHECK(w.t.call("gear.unarchive", w.ann, {{"gear_id", id}})["archived"] == false);

  const auto workout = w.workout({id}, 5000, 1500);
  w.t.call("gear.usage.log", w.ann, {{"gear_id", id}, {"counter", "washes"}});
  w.t.call("gear.defaults.set", w.ann, {{"sport", "run"}, {"gear_ids", {id}}});
  w.t.call("gear.reviews.set", w.ann, {{"gear_id", id}, {"rating", 4}});
  w.t.call("gear.photo.set", w.ann, {{"gear_id", id}, {"photo", crypto::base64_encode(kGearPng)}});
  const auto photo = w.t.dir / "blobs" / "gear" / w.ann_id / id;
  CHECK(std::filesystem::exists(photo));
  CHECK(w.t.call("gear.delete", w.ann, {{"gear_id", id}})["status"] == "deleted");
  CHECK(error_of([&] { w.get(id); }) == ErrorCode::not_found);
  CHECK(w.count("SELECT COUNT(*) FROM workout_gear WHERE gear_id = ?", {parse_id(IdKind::gear, id)}) == 0);
  CHECK(w.count("SELECT COUNT(*) FROM workouts WHERE id = ?", {workout}) == 1);  // the workout stays
  CHECK_FALSE(std::filesystem::exists(photo));
  for (const char* table : {"gear_collection_items", "gear_usage_log", "gear_defaults", "gear_reviews", "gear_items"})
    CHECK(w.count(std::string("SELECT COUNT(*) FROM ") + table) == 0);
  CHECK(error_of([&] { w.t.call("gear.delete", w.ann, {{"gear_id", id}}); }) == ErrorCode::not_found);
}

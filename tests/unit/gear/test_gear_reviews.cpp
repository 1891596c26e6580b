// Reviews by owners, and the public catalogue: grouped by brand and model in any spelling,
// averaged, open to anyone, and never naming who wrote what.
#include "unit/api/paging_support.hpp"
#include "unit/gear/gear_support.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("gear reviews: one per item, edited, deleted, following the item's brand and model") {
  GearWorld w;
  const auto shoes = w.item({{"brand", "Nike"}, {"model", "Pegasus 40"}});
  const auto review =
      w.t.call("gear.reviews.set", w.ann, {{"gear_id", shoes}, {"rating", 4}, {"text", "Comfy.\nLight."}});
  CHECK(std::string(review["id"]).rfind("grv_", 0) == 0);
  CHECK(review["rating"] == 4);
  CHECK(review["text"] == "Comfy.\nLight.");
  w.t.clock->advance(kMinuteMs);
  auto edited = w.t.call("gear.reviews.set", w.ann, {{"gear_id", shoes}, {"rating", 5}});
  CHECK(edited["id"] == review["id"]);
  CHECK(edited["rating"] == 5);
  CHECK(edited["text"] == "Comfy.\nLight.");  // no text given: kept
  CHECK(edited["created_at"] == review["created_at"]);
  CHECK(edited["updated_at"] != review["updated_at"]);
  edited = w.t.call("gear.reviews.set", w.ann, {{"gear_id", shoes}, {"rating", 5}, {"text", nullptr}});
  CHECK(edited["text"].is_null());
  CHECK(w.t.call("gear.reviews.get", w.ann, {{"gear_id", shoes}}) == edited);
  CHECK(w.count("SELECT COUNT(*) FROM gear_reviews") == 1);

  // The item's brand and model move the review in the catalogue; an item without them keeps none.
  w.t.call("gear.update", w.ann, {{"gear_id", shoes}, {"model", "Pegasus 41"}});
  CHECK(w.t.call("gear.reviews.get", w.ann, {{"gear_id", shoes}})["model"] == "Pegasus 41");
  CHECK(error_of([&] {
          w.t.call("gear.update", w.ann, {{"gear_id", shoes}, {"brand", nullptr}});
        }) == ErrorCode::failed_precondition);

  const auto nameless = w.item({{"name", "Something"}});
  const auto before = state_snapshot(w.t);
  CHECK(error_of([&] {
          w.t.call("gear.reviews.set", w.ann, {{"gear_id", nameless}, {"rating", 3}});
        }) == ErrorCode::failed_precondition);
  for (const Json& bad : {Json{{"gear_id", shoes}, {"rating", 0}}, Json{{"gear_id", shoes}, {"rating", 6}},
                          Json{{"gear_id", shoes}, {"rating", 4294967300LL}}, Json{{"gear_id", shoes}, {"rating", "5"}},
                          Json{{"gear_id", shoes}, {"rating", 3}, {"text", std::string("a\0b", 3)}},
                          Json{{"gear_id", shoes}, {"rating", 3}, {"text", std::string(4001, 'x')}}}) {
    CAPTURE(bad.dump());
    CHECK(error_of([&] { w.t.call("gear.reviews.set", w.ann, bad); }) == ErrorCode::invalid_argument);
  }
  CHECK(error_of([&] {
          w.t.call("gear.reviews.set", w.bob, {{"gear_id", shoes}, {"rating", 1}});
        }) == ErrorCode::not_found);
  CHECK(changed_parts(before, state_snapshot(w.t)).empty());

  CHECK(w.t.call("gear.reviews.delete", w.ann, {{"gear_id", shoes}})["status"] == "deleted");
  CHECK(error_of([&] { w.t.call("gear.reviews.get", w.ann, {{"gear_id", shoes}}); }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.t.call("gear.reviews.delete", w.ann, {{"gear_id", shoes}}); }) == ErrorCode::not_found);
}

TEST_CASE("gear catalogue: grouped in any spelling, averaged, for anyone, without authors") {
  GearWorld w;
  const auto carl_id = w.t.make_user("carl@example.com");
  const auto carl = w.t.actor_of(w.t.login("carl@example.com"));
  auto review = [&](const Actor& who, const std::string& brand, const std::string& model, int rating,
                    std::optional<std::string> text) {
    const auto item = w.item({{"brand", brand}, {"model", model}}, &who);
    Json params{{"gear_id", item}, {"rating", rating}};
    if (text) params["text"] = *text;
    w.t.call("gear.reviews.set", who, params);
    w.t.clock->advance(kSecondMs);
    return item;
  };
  review(w.ann, "Nike", "Pegasus 40", 5, "Great for long runs");
  review(w.bob, "NIKE ", "pegasus  40", 4, "Wears out fast");
  review(carl, "Ｎｉｋｅ", "PEGASUS 40", 3, std::nullopt);
  review(w.bob, "Hoka", "Clifton 9", 2, "Too soft");
  review(w.ann, "Asics", "Nimbus", 4, "Fine");

  const Actor anonymous = Actor::anonymous();
  const auto page = w.t.call("gear.catalogue", anonymous);
  REQUIRE(page["items"].size() == 3);
  CHECK(page["items"][0]["brand"] == "Asics");  // by brand, then model
  const auto nike = page["items"][2];
  CHECK(nike["rating_count"] == 3);
  CHECK(nike["rating_average"] == 4.0);
  REQUIRE(nike["recent_reviews"].size() == 2);  // the ones with a text, newest first
  CHECK(nike["recent_reviews"][0]["text"] == "Wears out fast");
  CHECK(nike["recent_reviews"][1]["text"] == "Great for long runs");
  CHECK(w.t.call("gear.catalogue", anonymous, {{"brand", "nike"}, {"model", "Pegasus 40"}})["items"].size() == 1);
  CHECK(w.t.call("gear.catalogue", anonymous, {{"brand", "Brooks"}})["items"].empty());
  CHECK(check_walks(w.t, "gear.catalogue.reviews", anonymous, Json::object(), "updated_at") == 5);
  const auto nike_reviews = w.t.call("gear.catalogue.reviews", w.admin, {{"brand", "NIKE"}});
  CHECK(nike_reviews["items"].size() == 3);

  // Nothing in either answer says who wrote a review, or which item it is about.
  const std::string everything = page.dump() + w.t.call("gear.catalogue.reviews", anonymous, {{"limit", 200}}).dump();
  for (const auto& secret : {w.ann_id, w.bob_id, carl_id, std::string("usr_"), std::string("gear_"),
                             std::string("grv_"), std::string("ann@"), std::string("bob@"), std::string("user_id")})
    CHECK_MESSAGE(everything.find(secret) == std::string::npos, secret);
  for (const auto& item : nike_reviews["items"])
    CHECK(std::vector<std::string>{"brand", "model", "rating", "text", "updated_at"} == [&] {
      std::vector<std::string> keys;
      for (const auto& [k, _] : item.items()) keys.push_back(k);
      return keys;
    }());

  // A blocked account's reviews leave the catalogue.
  w.t.call("users.block", w.admin, {{"user_id", w.bob_id}});
  const auto after = w.t.call("gear.catalogue", anonymous)["items"];
  CHECK(after.size() == 2);
  CHECK(after[1]["rating_count"] == 2);
}

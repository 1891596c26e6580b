// An item's photo: PNG, JPEG or WebP by their first bytes, size-limited, the owner's alone.
#include "unit/gear/gear_support.hpp"
#include "unit/permit_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("gear photo: set, read back as a file, replace, delete") {
  GearWorld w;
  const auto id = w.item({{"name", "Shoes"}});
  CHECK(error_of([&] { w.t.call("gear.photo.get", w.ann, {{"gear_id", id}}); }) == ErrorCode::not_found);
  CHECK(w.t.call("gear.photo.set", w.ann, {{"gear_id", id}, {"photo", crypto::base64_encode(kGearPng)}})["has_photo"] ==
        true);
  auto file = w.t.call("gear.photo.get", w.ann, {{"gear_id", id}});
  CHECK(file["content_type"] == "image/png");
  CHECK(file["file_name"] == id + ".png");
  CHECK(file["content_base64"] == crypto::base64_encode(kGearPng));
  for (const auto& [bytes, type] : {std::pair{kGearJpeg, "image/jpeg"}, {kGearWebp, "image/webp"}}) {
    w.t.call("gear.photo.set", w.ann, {{"gear_id", id}, {"photo", crypto::base64_encode(bytes)}});
    CHECK(w.t.call("gear.photo.get", w.ann, {{"gear_id", id}})["content_type"] == type);
  }
  CHECK(error_of([&] { w.t.call("gear.photo.get", w.bob, {{"gear_id", id}}); }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.t.call("gear.photo.get", w.admin, {{"gear_id", id}}); }) == ErrorCode::not_found);

  const auto before = state_snapshot(w.t);
  for (const std::string& bad : {kGearGif, std::string("<svg/>"), std::string(), std::string("\x89PNG")}) {
    CAPTURE(bad);
    try {
      w.t.call("gear.photo.set", w.ann, {{"gear_id", id}, {"photo", crypto::base64_encode(bad)}});
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(e.field() == "photo");
    }
  }
  const std::string big = kGearPng + std::string(kGearPhotoMaxBytes, 'x');
  CHECK(error_of([&] {
          w.t.call("gear.photo.set", w.ann, {{"gear_id", id}, {"photo", crypto::base64_encode(big)}});
        }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] {
          w.t.call("gear.photo.set", w.ann, {{"gear_id", id}, {"photo", "not base64!"}});
        }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] {
          w.t.call("gear.photo.set", w.bob, {{"gear_id", id}, {"photo", crypto::base64_encode(kGearPng)}});
        }) == ErrorCode::not_found);
  CHECK(changed_parts(before, state_snapshot(w.t)).empty());

  CHECK(w.t.call("gear.photo.delete", w.ann, {{"gear_id", id}})["has_photo"] == false);
  CHECK(error_of([&] { w.t.call("gear.photo.get", w.ann, {{"gear_id", id}}); }) == ErrorCode::not_found);
  CHECK(error_of([&] { w.t.call("gear.photo.delete", w.ann, {{"gear_id", id}}); }) == ErrorCode::not_found);
  CHECK_FALSE(std::filesystem::exists(w.t.dir / "blobs" / "gear" / w.ann_id / id));
}

// Avatars: the accepted image types, limits, privacy and removal.
#include "accounts/avatar.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;
using namespace std::string_literals;

namespace {

const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;
const std::string kJpeg = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s;
const std::string kGif = "GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0!"s;
const std::string kWebp = "RIFF\x24\0\0\0WEBPVP8L\x18\0\0\0/\0\0\0"s;

std::string b64(const std::string& bytes) { return crypto::base64_encode(bytes); }

std::optional<std::string> stored_type(TestPlatform& t, const std::string& user_id) {
  return t.platform->database().acquire()->query_text("SELECT avatar_type FROM profiles WHERE user_id = ?",
                                                      {parse_id(IdKind::user, user_id)});
}

std::filesystem::path blob_path(TestPlatform& t, const std::string& user_id) {
  return t.dir / "blobs" / "avatars" / user_id;
}

}  // namespace

TEST_CASE("image types are told by their first bytes") {
  using accounts::sniff_image_type;
  CHECK(sniff_image_type(kPng) == "image/png");
  CHECK(sniff_image_type(kJpeg) == "image/jpeg");
  CHECK(sniff_image_type(kGif) == "image/gif");
  CHECK(sniff_image_type("GIF87a\x01\0\x01\0"s) == "image/gif");
  CHECK(sniff_image_type(kWebp) == "image/webp");
  CHECK(sniff_image_type("RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0"s) == "image/webp");
  CHECK(sniff_image_type("RIFF\x24\0\0\0WEBPVP8X\x0a\0\0\0"s) == "image/webp");
  for (const std::string& other :
       {""s, "\x89PNG"s, "\xff\xd8"s, "GIF88a\x01\0"s, "BM\x36\0\0\0\0\0\0\0"s, "<svg xmlns='http://www.w3.org/2000/svg'/>"s,
        "<?xml version='1.0'?><svg/>"s, "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0"s, "RIFF\x24\0\0\0WEBP"s,
        "%PDF-1.7\n"s, "\0\0\0\x18" "ftypheic"s}) {
    CAPTURE(other);
    CHECK_FALSE(sniff_image_type(other).has_value());
  }
  CHECK(accounts::avatar_key(1234567) == "avatars/" + format_id(IdKind::user, 1234567));
}

TEST_CASE("set, read back, replace and delete an avatar") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  CHECK(error_of([&] { t.call("profile.avatar.get", ann, {{"user_id", ann_id}}); }) == ErrorCode::not_found);
  CHECK(t.call("profile.avatar.set", ann, {{"image_base64", b64(kPng)}})["status"] == "saved");
  auto got = t.call("profile.avatar.get", ann, {{"user_id", ann_id}});
  CHECK(got["content_type"] == "image/png");
  CHECK(got["image_base64"] == b64(kPng));
  CHECK(stored_type(t, ann_id) == "image/png");
  CHECK(std::filesystem::file_size(blob_path(t, ann_id)) == kPng.size());

  for (const auto& [bytes, type] : {std::pair{kJpeg, "image/jpeg"}, {kGif, "image/gif"}, {kWebp, "image/webp"}}) {
    CAPTURE(type);
    t.call("profile.avatar.set", ann, {{"image_base64", b64(bytes)}});
    got = t.call("profile.avatar.get", ann, {{"user_id", ann_id}});
    CHECK(got["content_type"] == type);
    CHECK(got["image_base64"] == b64(bytes));
    CHECK(stored_type(t, ann_id) == type);
  }

  CHECK(t.call("profile.avatar.delete", ann)["status"] == "deleted");
  CHECK(error_of([&] { t.call("profile.avatar.get", ann, {{"user_id", ann_id}}); }) == ErrorCode::not_found);
  CHECK_FALSE(stored_type(t, ann_id).has_value());
  CHECK_FALSE(std::filesystem::exists(blob_path(t, ann_id)));
  CHECK(error_of([&] { t.call("profile.avatar.delete", ann); }) == ErrorCode::not_found);
}

TEST_CASE("bad base64, other file types, empty and oversize images are refused and change nothing") {
  PlatformOptions options;
  options.auth.avatar_max_bytes = 1024;
  TestPlatform t(options);
  auto ann_id = t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  t.call("profile.avatar.set", ann, {{"image_base64", b64(kPng)}});
  const std::string oversize = kJpeg + std::string(1024 - kJpeg.size() + 1, 'x');
  const std::string at_limit = kJpeg + std::string(1024 - kJpeg.size(), 'x');
  for (const std::string& bad :
       {"not base64!"s, "abc"s, "YWJj\n"s, "YW=j"s, "data:image/png;base64,"s + b64(kPng), ""s, b64("GIF88a0000"),
        b64("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"), b64("plain text, no image"),
        b64(oversize)}) {
    CAPTURE(bad.substr(0, 40));
    try {
      t.call("profile.avatar.set", ann, {{"image_base64", bad}});
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(e.field() == "image_base64");
    }
    auto got = t.call("profile.avatar.get", ann, {{"user_id", ann_id}});
    CHECK(got["content_type"] == "image/png");
    CHECK(got["image_base64"] == b64(kPng));
  }
  // Exactly at the limit is fine.
  t.call("profile.avatar.set", ann, {{"image_base64", b64(at_limit)}});
  CHECK(t.call("profile.avatar.get", ann, {{"user_id", ann_id}})["content_type"] == "image/jpeg");
  CHECK(error_of([&] { t.call("profile.avatar.set", ann, {{"image_base64", 42}}); }) == ErrorCode::invalid_argument);
}

TEST_CASE("who sees an avatar: the same table as the profile") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  auto admin = t.make_admin("root@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  const Actor anon = Actor::anonymous();
  t.call("profile.avatar.set", ann, {{"image_base64", b64(kPng)}});

  struct Row {
    const char* privacy;
    const Actor* viewer;
    std::optional<ErrorCode> expected;
  };
  const std::vector<Row> table{
      {"public", &ann, std::nullopt},     {"public", &bob, std::nullopt},
      {"public", &anon, std::nullopt},    {"public", &admin, std::nullopt},
      {"friends", &ann, std::nullopt},    {"friends", &bob, ErrorCode::not_found},  // not friends
      {"friends", &anon, ErrorCode::not_found}, {"friends", &admin, std::nullopt},
      {"private", &ann, std::nullopt},    {"private", &bob, ErrorCode::not_found},
      {"private", &anon, ErrorCode::not_found}, {"private", &admin, std::nullopt},
  };
  for (const auto& row : table) {
    CAPTURE(row.privacy);
    CAPTURE(row.viewer->user_id);
    t.call("profile.update", ann, {{"privacy", row.privacy}});
    CHECK(error_of([&] { t.call("profile.avatar.get", *row.viewer, {{"user_id", ann_id}}); }) == row.expected);
    CHECK(error_of([&] { t.call("profiles.get", *row.viewer, {{"user_id", ann_id}}); }) == row.expected);
  }
  // Only the owner changes it.
  CHECK(error_of([&] { t.call("profile.avatar.set", anon, {{"image_base64", b64(kGif)}}); }) ==
        ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.call("profile.avatar.delete", anon); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { t.call("profile.avatar.delete", bob); }) == ErrorCode::not_found);  // Bob has none
  CHECK(t.call("profile.avatar.get", ann, {{"user_id", ann_id}})["content_type"] == "image/png");
  // A blocked owner's avatar is hidden like the profile.
  t.call("profile.update", ann, {{"privacy", "public"}});
  t.call("users.block", admin, {{"user_id", ann_id}});
  CHECK(error_of([&] { t.call("profile.avatar.get", bob, {{"user_id", ann_id}}); }) == ErrorCode::not_found);
  CHECK(error_of([&] { t.call("profile.avatar.get", anon, {{"user_id", format_id(IdKind::user, 12345)}}); }) ==
        ErrorCode::not_found);
}

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
namespace fs = std::filesystem;

namespace {

ErrorCode error_of(auto&& action, std::string* field = nullptr) {
  try {
    action();
  } catch (const Error& e) {
    if (field) *field = e.field();
    return e.code();
  }
  FAIL("no error thrown");
  return ErrorCode::internal;
}

}  // namespace

TEST_CASE("the folder blob store keeps, replaces and removes blobs") {
  test::TempDir tmp;
  auto blobs = make_folder_blob_store(tmp / "blobs");
  CHECK_FALSE(blobs->get("avatars/usr_1.png"));

  const std::string bytes("\x89PNG\r\n\x1a\n\0\0binary", 16);
  blobs->put("avatars/usr_1.png", bytes);
  CHECK(blobs->get("avatars/usr_1.png") == bytes);
  CHECK(fs::is_regular_file(tmp / "blobs/avatars/usr_1.png"));

  blobs->put("avatars/usr_1.png", "v2");
  CHECK(blobs->get("avatars/usr_1.png") == "v2");
  blobs->put("empty", "");
  CHECK(blobs->get("empty") == "");

  blobs->remove("avatars/usr_1.png");
  CHECK_FALSE(blobs->get("avatars/usr_1.png"));
  blobs->remove("avatars/usr_1.png");  // idempotent
  blobs->remove("never/was");

  // No temporary files are left behind.
  for (const auto& entry : fs::recursive_directory_iterator(tmp.path()))
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("the folder blob store refuses keys that could leave the folder") {
  test::TempDir tmp;
  auto blobs = make_folder_blob_store(tmp / "blobs");
  for (const char* key : {"..", "../x", "a/../b", "a/..", "x..y", "/abs", "a//b", "a\\b", "", "a/", ".hidden",
                          "a/./b", "a b", "ü.png", "a\nb", "a:b"}) {
    CAPTURE(key);
    std::string field;
    CHECK(error_of([&] { blobs->put(key, "x"); }, &field) == ErrorCode::invalid_argument);
    CHECK(field == "key");
    CHECK(error_of([&] { blobs->get(key); }) == ErrorCode::invalid_argument);
    CHECK(error_of([&] { blobs->remove(key); }) == ErrorCode::invalid_argument);
  }
  CHECK(error_of([&] { blobs->put(std::string(2000, 'a'), "x"); }) == ErrorCode::invalid_argument);
  CHECK_FALSE(fs::exists(tmp / "x"));
  CHECK_FALSE(fs::exists(tmp / "b"));
}

TEST_CASE("a blob cannot be both a file and the folder of other blobs") {
  test::TempDir tmp;
  auto blobs = make_folder_blob_store(tmp.path());
  blobs->put("a", "file");
  CHECK(error_of([&] { blobs->put("a/b", "x"); }) == ErrorCode::conflict);
  blobs->put("c/d", "x");
  CHECK(error_of([&] { blobs->put("c", "x"); }) == ErrorCode::conflict);
  CHECK_FALSE(blobs->get("c"));  // a folder is not a blob
  blobs->remove("c");            // nor removable as one
  CHECK(blobs->get("c/d") == "x");
  CHECK(blobs->get("a") == "file");
}

TEST_CASE("the folder blob store reports an unusable folder as unavailable") {
  test::TempDir tmp;
  std::ofstream(tmp / "file") << "x";
  auto blobs = make_folder_blob_store(tmp / "file");
  CHECK(error_of([&] { blobs->put("k", "x"); }) == ErrorCode::unavailable);
  CHECK_FALSE(blobs->get("k"));
  auto nested = make_folder_blob_store(tmp / "file/sub");
  CHECK(error_of([&] { nested->put("k", "x"); }) == ErrorCode::unavailable);
}

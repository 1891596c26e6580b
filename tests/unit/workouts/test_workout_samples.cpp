// Every real activity file of ../shared/samples through the import, as a user would upload it:
// activities import, files that are not activities or are broken are refused with an error
// naming them, and nothing of a refused file is stored.
#include <doctest/doctest.h>

#include <fstream>
#include <set>

#include "unit/fixture.hpp"
#include "unit/formats/samples.hpp"
#include "unit/workouts/workout_fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Recordings that must become workouts.
const std::set<std::string> kActivities{
    "Activity.fit", "sample-activity.fit", "activity-small-fenix2-run.fit", "garmin-edge-500-activity.fit",
    "garmin-edge-820-bike.fit", "garmin-fenix-5-bike.fit", "garmin-fenix-5-run.fit", "garmin-fenix-5-walk.fit",
    "2013-02-06-12-11-14.fit", "Edge810-Vector-2013-08-16-15-35-10.fit", "coros-pace-2-cycling-misaligned-fields.fit",
    "test.tcx", "no_hr.tcx"};

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("sample activity files import, and the others are refused by name") {
    auto dir = samples_dir();
    if (!dir) return;
    TestPlatform t;
    t.make_user("ann@example.com");
    const Actor ann = t.actor_of(t.login("ann@example.com"));
    int imported = 0, refused = 0;
    for (const char* folder : {"fit", "gpx", "tcx"}) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(*dir / folder)) {
        const auto ext = e.path().extension().string();
        if (ext == ".fit" || ext == ".FIT" || ext == ".gpx" || ext == ".tcx") files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& path : files) {
        const auto name = path.filename().string();
        CAPTURE(name);
        const auto before = t.call("workouts.list", ann, {{"limit", 200}})["items"].size();
        try {
          auto s = t.call("workouts.import", ann, {{"file", b64(read_file(path))}, {"file_name", name}});
          CHECK(s["imported"].get<int>() + s["duplicates"].get<int>() == 1);
          CHECK_FALSE(broken_fit_samples().count(name));
          imported += s["imported"].get<int>();
          if (s["imported"] == 1) {
            auto w = t.call("workouts.get", ann, {{"workout_id", s["files"][0]["workout_id"]}});
            CHECK(w["start_at"].is_string());
            CHECK((w["has_track"] == true || w["elapsed_s"].is_number()));
          }
        } catch (const Error& e) {
          ++refused;
          CHECK(e.code() == ErrorCode::invalid_argument);
          CHECK(std::string(e.what()).find(name) != std::string::npos);
          CHECK_FALSE(kActivities.count(name));
          CHECK(t.call("workouts.list", ann, {{"limit", 200}})["items"].size() == before);
        }
      }
    }
    MESSAGE("imported " << imported << " sample files, refused " << refused);
    CHECK(imported >= static_cast<int>(kActivities.size()) - 2);  // some samples repeat one activity
  }
}

// The folder of real sample files (../shared/samples beside the project), for the test suite
// "samples" that ctest runs as `samples`. Without it those tests pass, saying they skipped.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include <doctest/doctest.h>

namespace fitkit::test {

// FITKIT_SAMPLES_DIR's folder, or empty (with a message) when it is not set or not there.
inline std::optional<std::filesystem::path> samples_dir() {
  const char* dir = std::getenv("FITKIT_SAMPLES_DIR");
  if (dir && std::filesystem::is_directory(dir)) return std::filesystem::path(dir);
  MESSAGE("skipped: no samples (FITKIT_SAMPLES_DIR is not a folder)");
  return std::nullopt;
}

// FIT samples damaged on purpose (or by a crash): python-fitparse refuses them too.
inline const std::set<std::string>& broken_fit_samples() {
  static const std::set<std::string> names = {
      "activity-unexpected-eof.fit",             // ends inside a message
      "activity-settings-corruptheader.fit",     // the chained file's header is damaged
      "activity-settings-nodata.fit",            // the chained file ends inside its first message
      "activity-filecrc.fit",                    // bad file CRC
      "activity-activity-filecrc.fit",           // bad CRC in the second file of the chain
      "nick.fit",                                // the last record runs past the data and the file
      "strava-android-app-201.10-b1218918.fit",  // a crashed app: a byte lost, then garbage
  };
  return names;
}

}  // namespace fitkit::test

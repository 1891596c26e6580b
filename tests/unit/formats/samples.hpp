// The folder of real sample files (../shared/samples beside the project), for the test suite
// "samples" that ctest runs as `samples`. Without it those tests pass, saying they skipped.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>

#include <doctest/doctest.h>

namespace fitkit::test {

// FITKIT_SAMPLES_DIR's folder, or empty (with a message) when it is not set or not there.
inline std::optional<std::filesystem::path> samples_dir() {
  const char* dir = std::getenv("FITKIT_SAMPLES_DIR");
  if (dir && std::filesystem::is_directory(dir)) return std::filesystem::path(dir);
  MESSAGE("skipped: no samples (FITKIT_SAMPLES_DIR is not a folder)");
  return std::nullopt;
}

}  // namespace fitkit::test

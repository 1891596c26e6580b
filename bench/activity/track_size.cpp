// bench_track_size: bytes per point of fitkit's stored track (workouts::encode_track of what
// parse_activity_file makes of a file) next to the file's own bytes per point.
//
//   bench_track_size FILE...
//
// Prints one JSON line per file: file, bytes, points, track_bytes, and the two per-point sizes.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "workouts/activity_file.hpp"
#include "workouts/track_codec.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_track_size FILE...\n";
    return 2;
  }
  int rc = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    try {
      std::ifstream in(path, std::ios::binary);
      if (!in) throw std::runtime_error("cannot open");
      const std::string bytes{std::istreambuf_iterator<char>(in), {}};
      const auto parsed = fitkit::workouts::parse_activity_file(path, bytes);
      const std::string stored = fitkit::workouts::encode_track(parsed.track);
      const auto points = parsed.track.points.size();
      const double n = points ? static_cast<double>(points) : 1.0;
      std::printf("{\"file\":\"%s\",\"format\":\"%s\",\"bytes\":%zu,\"points\":%zu,\"track_bytes\":%zu,"
                  "\"file_bytes_per_point\":%.3f,\"track_bytes_per_point\":%.3f}\n",
                  path.c_str(), std::string(fitkit::workouts::to_string(parsed.format)).c_str(), bytes.size(),
                  points, stored.size(), static_cast<double>(bytes.size()) / n,
                  static_cast<double>(stored.size()) / n);
    } catch (const std::exception& e) {
      std::cerr << "bench_track_size: " << path << ": " << e.what() << "\n";
      rc = 1;
    }
  }
  return rc;
}

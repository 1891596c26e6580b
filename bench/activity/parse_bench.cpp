// bench_parse: fitkit's streaming activity-file readers (formats::read_fit / read_gpx /
// read_tcx over a FileSource, points counted by a sink) run over one file several times; or,
// with --full, workouts::parse_activity_file (sniffing, checking every point, building the
// stored track) over the same bytes held in memory.
//
//   bench_parse --file PATH [--format fit|gpx|tcx] [--runs R] [--min-seconds S] [--full]
//
// It runs R times, and more until S seconds have gone by (small files get more runs).
//
// Prints one JSON line: bytes, points, runs, best_s, median_s and the process's max RSS (KiB).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "formats/activity.hpp"
#include "formats/byte_source.hpp"
#include "formats/fit_reader.hpp"
#include "formats/gpx_reader.hpp"
#include "formats/tcx_reader.hpp"
#include "workouts/activity_file.hpp"

namespace {

namespace formats = fitkit::formats;

// Counts points; the sum of latitudes keeps the reader's work observable.
class CountingSink final : public formats::ActivitySink {
 public:
  void on_point(const formats::TrackPoint& p) override {
    ++points;
    if (p.latitude) latitude_sum += *p.latitude;
  }
  std::size_t points = 0;
  double latitude_sum = 0;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "bench_parse: " << why << "\n"
            << "usage: bench_parse --file PATH [--format fit|gpx|tcx] [--runs R] [--min-seconds S] [--full]\n";
  std::exit(2);
}

std::string format_of(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  return ext;
}

}  // namespace

int main(int argc, char** argv) {
  std::string file, format;
  int runs = 5;
  double min_seconds = 0;
  bool full = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--file") file = value();
    else if (arg == "--format") format = value();
    else if (arg == "--runs") runs = std::atoi(value().c_str());
    else if (arg == "--min-seconds") min_seconds = std::atof(value().c_str());
    else if (arg == "--full") full = true;
    else usage("unknown argument " + std::string(arg));
  }
  if (file.empty()) usage("--file is required");
  if (format.empty()) format = format_of(file);
  if (format != "fit" && format != "gpx" && format != "tcx") usage("--format must be fit, gpx or tcx");
  if (runs < 1) usage("--runs must be at least 1");

  try {
    std::string bytes;  // --full only: parse_activity_file takes the file's bytes
    if (full) {
      std::ifstream in(file, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
      if (!in && !in.eof()) throw std::runtime_error("cannot read " + file);
    }
    std::vector<double> seconds;
    std::size_t points = 0;
    double check = 0;
    double spent = 0;
    for (int r = 0; r < runs || spent < min_seconds; ++r) {
      const auto start = std::chrono::steady_clock::now();
      if (full) {
        const auto parsed = fitkit::workouts::parse_activity_file(file, bytes);
        points = parsed.track.points.size();
        check += parsed.track.points.empty() ? 0 : parsed.track.points.back().latitude.value_or(0);
      } else {
        formats::FileSource source(file);
        CountingSink sink;
        if (format == "fit") formats::read_fit(source, sink);
        else if (format == "gpx") formats::read_gpx(source, sink);
        else formats::read_tcx(source, sink);
        points = sink.points;
        check += sink.latitude_sum;
      }
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      spent += seconds.back();
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds.size() % 2 ? seconds[seconds.size() / 2]
                                             : (seconds[seconds.size() / 2 - 1] + seconds[seconds.size() / 2]) / 2;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("{\"mode\":\"%s\",\"format\":\"%s\",\"bytes\":%llu,\"points\":%zu,\"runs\":%d,\"best_s\":%.6f,"
                "\"median_s\":%.6f,\"max_rss_kib\":%ld,\"check\":%.3f}\n",
                full ? "full" : "stream", format.c_str(),
                static_cast<unsigned long long>(std::filesystem::file_size(file)), points,
                static_cast<int>(seconds.size()), seconds.front(),
                median, usage.ru_maxrss, check);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_parse: " << file << ": " << e.what() << "\n";
    return 1;
  }
}

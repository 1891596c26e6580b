// bench_gen_activity: writes a generated activity to a file, and with --check reads it back
// with fitkit's parse_activity_file and compares every point with what was generated.
//
//   bench_gen_activity --format fit|gpx|tcx --seconds N [--seed S] [--start-ms MS]
//                      [--sport running|cycling|...] [--check] --out PATH
//   bench_gen_activity --large-gpx BYTES [--seed S] --out PATH
//
// Prints one JSON line: format, bytes, points, distance_m, laps (and "checked": true).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <iostream>
#include <string>
#include <string_view>

#include "activity_gen.hpp"
#include "activity_sim.hpp"
#include "workouts/activity_file.hpp"

namespace {

using fitkit::bench::ActivitySpec;
namespace sim = fitkit::bench::sim;

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "bench_gen_activity: " << why << "\n"
            << "usage: bench_gen_activity --format fit|gpx|tcx --seconds N [--seed S] [--start-ms MS]\n"
            << "                          [--sport NAME] [--check] --out PATH\n"
            << "       bench_gen_activity --large-gpx BYTES [--seed S] --out PATH\n";
  std::exit(2);
}

struct Mismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void expect_near(const char* what, std::size_t point, std::optional<double> got, double want, double tolerance) {
  if (!got || std::fabs(*got - want) > tolerance)
    throw Mismatch("point " + std::to_string(point) + ": " + what + " is " +
                   (got ? std::to_string(*got) : std::string("missing")) + ", generated " + std::to_string(want));
}

// Every point as generated, to the precision the format writes; laps and session for FIT and TCX.
void check(const std::string& format, const ActivitySpec& spec, const std::string& bytes) {
  const bool cycling = sim::is_cycling(spec.sport);
  const auto want = sim::samples(spec.seed, spec.start_ms, spec.seconds, cycling);
  const auto parsed = fitkit::workouts::parse_activity_file("generated." + format, bytes);
  const auto& points = parsed.track.points;
  if (std::string(fitkit::workouts::to_string(parsed.format)) != format)
    throw Mismatch("read as " + std::string(fitkit::workouts::to_string(parsed.format)));
  if (points.size() != want.size())
    throw Mismatch(std::to_string(points.size()) + " points read, " + std::to_string(want.size()) + " generated");
  const bool fit = format == "fit", gpx = format == "gpx";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const auto& w = want[i];
    if (p.time_ms != w.time_ms) throw Mismatch("point " + std::to_string(i) + ": wrong time");
    expect_near("latitude", i, p.latitude, w.latitude(), 1e-6);
    expect_near("longitude", i, p.longitude, w.longitude(), 1e-6);
    expect_near("elevation", i, p.elevation_m, w.elevation_m(), 0.05);
    expect_near("heart rate", i, p.heart_rate_bpm, w.heart_rate, 0);
    expect_near("cadence", i, p.cadence_rpm, w.cadence, 0);
    expect_near("power", i, p.power_w, w.power_w, 0);
    expect_near("speed", i, p.speed_mps, w.speed_mps(), 0.0005);
    if (!gpx) expect_near("distance", i, p.distance_m, w.distance_m(), 0.005);
    if (!gpx && !fit) continue;  // TCX has no temperature
    expect_near("temperature", i, p.temperature_c, w.temperature_c, 0);
  }
  if (gpx) return;
  const auto laps = sim::laps(want, cycling);
  if (parsed.laps.size() != laps.size())
    throw Mismatch(std::to_string(parsed.laps.size()) + " laps read, " + std::to_string(laps.size()) + " generated");
  if (!parsed.session) throw Mismatch("no session");
  const double total = want.empty() ? 0 : want.back().distance_m();
  expect_near("session distance", 0, parsed.session->distance_m, total, 0.05 * static_cast<double>(laps.size()));
}

}  // namespace

int main(int argc, char** argv) {
  ActivitySpec spec;
  std::string format, out;
  std::uint64_t large = 0;
  bool do_check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(arg) + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--format") format = value();
      else if (arg == "--seconds") spec.seconds = std::stoi(value());
      else if (arg == "--seed") spec.seed = static_cast<std::uint32_t>(std::stoul(value()));
      else if (arg == "--start-ms") spec.start_ms = std::stoll(value());
      else if (arg == "--sport") spec.sport = value();
      else if (arg == "--out") out = value();
      else if (arg == "--large-gpx") large = std::stoull(value());
      else if (arg == "--check") do_check = true;
      else usage("unknown argument " + std::string(arg));
    } catch (const std::logic_error&) {
      usage("bad number for " + std::string(arg));
    }
  }
  if (out.empty()) usage("--out is required");
  try {
    if (large > 0) {
      std::ofstream file(out, std::ios::binary | std::ios::trunc);
      if (!file) throw std::runtime_error("cannot write " + out);
      fitkit::bench::write_large_gpx(file, large, spec.seed);
      file.close();
      if (!file) throw std::runtime_error("cannot write " + out);
      std::printf("{\"format\":\"gpx\",\"bytes\":%llu}\n",
                  static_cast<unsigned long long>(std::filesystem::file_size(out)));
      return 0;
    }
    if (spec.seconds <= 0) usage("--seconds must be positive");
    std::string bytes;
    if (format == "fit") bytes = fitkit::bench::make_fit_activity(spec);
    else if (format == "gpx") bytes = fitkit::bench::make_gpx_activity(spec);
    else if (format == "tcx") bytes = fitkit::bench::make_tcx_activity(spec);
    else usage("--format must be fit, gpx or tcx");
    {
      std::ofstream file(out, std::ios::binary | std::ios::trunc);
      file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      file.close();
      if (!file) throw std::runtime_error("cannot write " + out);
    }
    if (do_check) check(format, spec, bytes);
    const bool cycling = sim::is_cycling(spec.sport);
    const auto samples = sim::samples(spec.seed, spec.start_ms, spec.seconds, cycling);
    std::printf("{\"format\":\"%s\",\"bytes\":%zu,\"points\":%zu,\"distance_m\":%.2f,\"laps\":%zu%s}\n",
                format.c_str(), bytes.size(), samples.size(), samples.back().distance_m(),
                sim::laps(samples, cycling).size(), do_check ? ",\"checked\":true" : "");
    return 0;
  } catch (const Mismatch& e) {
    std::cerr << "bench_gen_activity: " << out << " does not read back as generated: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_gen_activity: " << e.what() << "\n";
    return 1;
  }
}

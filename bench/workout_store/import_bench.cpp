// Imports a folder of activity files into a SQLite database one file per call, or parses the
// same files without a database, and reports the rate and the process's peak memory.
//
//   bench_import generate --out DIR [--count 1000] [--seconds 3600]
//   bench_import import --db sqlite:PATH --data-dir DIR --files DIR
//   bench_import parse --files DIR
//
// `generate` writes one-hour FIT runs (distinct seeds, starts a day apart, so none repeats
// another) in its own process, so that the files never count towards the peak memory of the
// measured processes. `import` signs up one user and calls Platform::call("workouts.import")
// once per file, reading each file from disk just before its call, as a client uploading them
// one by one would; then checks that every file became a workout. `parse` reads and parses the
// same files with workouts::parse_activity_file and nothing else: the floor of an import.
// Each prints one JSON object: files, points, seconds of the loop, peak and starting memory.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "activity/activity_gen.hpp"
#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "workout_store/bench_support.hpp"
#include "workouts/activity_file.hpp"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using fitkit::bench::die;

constexpr std::string_view kProgram = "bench_import";
constexpr std::int64_t kFirstStartMs = 1767225600000;  // 2026-01-01T00:00Z; later files go a day back each
constexpr std::int64_t kDayMs = 86'400'000;

struct Args {
  std::string mode, db, data_dir, files, out;
  long count = 1000;
  int seconds = 3600;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << kProgram << ": " << why << "\n"
            << "usage: bench_import generate --out DIR [--count N] [--seconds S]\n"
            << "       bench_import import --db sqlite:PATH --data-dir DIR --files DIR\n"
            << "       bench_import parse --files DIR\n";
  std::exit(2);
}

long number(const std::string& flag, const std::string& text, long low, long high) {
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < low || v > high) usage(fmt::format("{} must be {} to {}", flag, low, high));
  return v;
}

Args parse_args(int argc, char** argv) {
  if (argc < 2) usage("a mode is required");
  Args a;
  a.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--db") a.db = value;
    else if (flag == "--data-dir") a.data_dir = value;
    else if (flag == "--files") a.files = value;
    else if (flag == "--out") a.out = value;
    else if (flag == "--count") a.count = number(flag, value, 1, 100000);
    else if (flag == "--seconds") a.seconds = static_cast<int>(number(flag, value, 1, 250000));
    else usage("unknown option " + flag);
  }
  if (a.mode == "generate" && a.out.empty()) usage("generate needs --out");
  if (a.mode == "import" && (a.db.empty() || a.data_dir.empty() || a.files.empty()))
    usage("import needs --db, --data-dir and --files");
  if (a.mode == "parse" && a.files.empty()) usage("parse needs --files");
  if (a.mode != "generate" && a.mode != "import" && a.mode != "parse") usage("unknown mode " + a.mode);
  return a;
}

int generate(const Args& a) {
  fs::create_directories(a.out);
  for (long i = 0; i < a.count; ++i) {
    fitkit::bench::ActivitySpec spec;
    spec.start_ms = kFirstStartMs - i * kDayMs;
    spec.seconds = a.seconds;
    spec.seed = static_cast<std::uint32_t>(i + 1);
    const std::string path = fmt::format("{}/run-{:05}.fit", a.out, i);
    std::ofstream out(path, std::ios::binary);
    out << fitkit::bench::make_fit_activity(spec);
    if (!out.flush()) die(kProgram, "cannot write " + path);
  }
  return 0;
}

// The activity files of a folder, by name.
std::vector<fs::path> files_of(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) die(kProgram, "no files in " + dir);
  return files;
}

void print_result(std::size_t files, std::int64_t points, double seconds, long rss_before_kib) {
  const Json out = {{"files", files},
                    {"points", points},
                    {"seconds", seconds},
                    {"max_rss_kib", fitkit::bench::max_rss_kib()},
                    {"rss_before_kib", rss_before_kib}};
  std::cout << out.dump() << "\n";
}

int parse_only(const Args& a) {
  const auto files = files_of(a.files);
  const long rss_before = fitkit::bench::current_rss_kib();
  std::int64_t points = 0;
  const auto started = std::chrono::steady_clock::now();
  for (const auto& path : files) {
    const std::string bytes = fitkit::bench::read_whole_file(path.string());
    const auto parsed = fitkit::workouts::parse_activity_file(path.filename().string(), bytes);
    points += static_cast<std::int64_t>(parsed.track.points.size());
  }
  print_result(files.size(), points, fitkit::bench::seconds_since(started), rss_before);
  return 0;
}

int import_files(const Args& a) {
  const auto files = files_of(a.files);
  fitkit::PlatformOptions options;
  options.database_url = a.db;
  options.data_dir = a.data_dir;
  options.password_hashing = {1024, 1, 1};  // the one sign-up is not what is measured
  auto platform = fitkit::Platform::open(std::move(options));
  const std::string email = "importer@bench.example";
  platform->call("users.create", fitkit::Actor::system(),
                 Json{{"email", email}, {"password", "bench-password-not-secret-0042"}}.dump());
  const auto me = platform->act_as(email);

  const long rss_before = fitkit::bench::current_rss_kib();
  const auto started = std::chrono::steady_clock::now();
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    std::string params = Json{{"file_name", name}}.dump();
    params.pop_back();  // the file's base64 goes in without another copy through a JSON value
    params += ",\"file\":\"" + fitkit::crypto::base64_encode(fitkit::bench::read_whole_file(path.string())) + "\"}";
    const auto result = Json::parse(platform->call("workouts.import", me, params));
    if (result.value("imported", 0) != 1) die(kProgram, name + " was not imported: " + result.dump());
  }
  const double seconds = fitkit::bench::seconds_since(started);

  // Every file is a workout of its own.
  const auto totals = Json::parse(platform->call("workouts.totals", me, R"({"period":"year"})"));
  std::size_t workouts = 0;
  for (const auto& row : totals["totals"]) workouts += row["count"].get<std::size_t>();
  if (workouts != files.size())
    die(kProgram, fmt::format("{} files imported but the user has {} workouts", files.size(), workouts));
  const auto points = platform->database().acquire()->query_i64("SELECT SUM(points) FROM workout_tracks");
  print_result(files.size(), points.value_or(0), seconds, rss_before);
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  const Args args = parse_args(argc, argv);
  if (args.mode == "generate") return generate(args);
  if (args.mode == "parse") return parse_only(args);
  return import_files(args);
} catch (const fitkit::Error& e) {
  die(kProgram, std::string(fitkit::to_string(e.code())) + ": " + e.what());
} catch (const std::exception& e) {
  die(kProgram, e.what());
}

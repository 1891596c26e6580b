// Crash consistency at scale: 1,000 rounds (by default) of a writer process killed with SIGKILL at
// a random moment, on SQLite (a WAL file) and on PostgreSQL (a throwaway local cluster), then a
// table of what the checks found (tests/support/crash_rounds.hpp).
//
//   bench_crash_rounds [--rounds N] [--seed S] [--backend sqlite|postgresql|both]
//
// Exits 1 when anything was lost, half-applied or damaged; the seed is printed to replay a run.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "support/crash_rounds.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;

namespace {

int usage() {
  std::cerr << "usage: bench_crash_rounds [--rounds N] [--seed S] [--backend sqlite|postgresql|both]\n";
  return 2;
}

void print_row(const test::CrashRoundsReport& r) {
  // On PostgreSQL without amcheck only the foreign keys were re-checked.
  const char* integrity = r.integrity_failures != 0                 ? "FAILED"
                          : r.backend == "postgresql" && !r.amcheck ? "ok (fk)"
                                                                    : "ok";
  std::printf("| %-10s | %6d | %20lld | %4lld | %12lld | %-9s | %7.1f |\n", r.backend.c_str(), r.rounds,
              static_cast<long long>(r.acknowledged),
              static_cast<long long>(r.acknowledged - r.acknowledged_found),
              static_cast<long long>(r.half_applied), integrity, r.seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 1000;
  std::uint64_t seed = std::random_device{}();
  std::string backend = "both";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    if (arg == "--rounds") rounds = std::stoi(argv[++i]);
    else if (arg == "--seed") seed = std::stoull(argv[++i]);
    else if (arg == "--backend") backend = argv[++i];
    else return usage();
  }
  if (rounds <= 0 || (backend != "sqlite" && backend != "postgresql" && backend != "both")) return usage();

  std::printf("crash rounds: %d per backend, seed %llu, 4 writer threads, SIGKILL after 5-300 ms\n\n", rounds,
              static_cast<unsigned long long>(seed));
  std::printf("| backend    | rounds | acknowledged commits | lost | half-applied | integrity | seconds |\n");
  std::printf("|------------|--------|----------------------|------|--------------|-----------|---------|\n");
  std::fflush(stdout);
  std::vector<test::CrashRoundsReport> reports;
  try {
    if (backend != "postgresql") {
      test::TempDir dir("fitkit-crash-bench");
      reports.push_back(
          test::run_crash_rounds([&] { return "sqlite:" + (dir / "crash.db").string(); }, rounds, seed));
      print_row(reports.back());
    }
    if (backend != "sqlite") {
      test::PgCluster cluster;
      reports.push_back(test::run_crash_rounds([&] { return cluster.create_database(); }, rounds, seed));
      print_row(reports.back());
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_crash_rounds: " << e.what() << "\n";
    return 1;
  }
  bool ok = true;
  std::printf("\n");
  for (const auto& r : reports) {
    std::printf("%s: %lld units in doubt at the kill, %lld of them had committed; %d of %d kills came "
                "mid-unit; %lld units failed and were not acknowledged\n",
                r.backend.c_str(), static_cast<long long>(r.in_doubt),
                static_cast<long long>(r.in_doubt_committed), r.kills_mid_unit, r.rounds,
                static_cast<long long>(r.failed));
    if (!r.ok()) {
      ok = false;
      std::cerr << r.summary() << "\nreplay with --seed " << r.seed << "\n";
    }
  }
  return ok ? 0 : 1;
}

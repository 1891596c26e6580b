// Registration under contention: 1,000 people register at once for a contest of 100 places.
// Every run must end with exactly 100 holding a place and 900 on the waitlist; the figure is
// registrations per second. Three setups, each run `rounds` times:
//   - SQLite (a file, WAL), 16 threads in one process;
//   - PostgreSQL (a throwaway cluster on 127.0.0.1), 16 threads in one process;
//   - PostgreSQL, 8 separate processes, each with its own platform and connections.
//
//   bench_registration_contention [rounds (default 5)]
//
// Prints one line a run and a summary a setup; exits 1 if any run did not end 100/900.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "support/forked_children.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace {

using fitkit::Actor;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kPeople = 1000, kPlaces = 100, kThreads = 16, kProcesses = 8;

std::unique_ptr<fitkit::Platform> open_platform(const std::string& url, const std::filesystem::path& data_dir,
                                                bool migrate = true) {
  fitkit::PlatformOptions options;
  options.database_url = url;
  options.data_dir = data_dir;
  options.password_hashing = {1024, 1, 1};
  options.migrate = migrate;
  return fitkit::Platform::open(std::move(options));
}

// The organizer and the people, made once a database.
struct Cast {
  std::string organizer;
  std::vector<std::string> people;  // usr_… ids
};

Cast make_cast(fitkit::Platform& p) {
  Cast cast;
  const auto make = [&](const std::string& email) {
    return Json::parse(p.call("users.create", Actor::system(),
                              Json{{"email", email}, {"password", "bench-password-not-secret-0042"}}.dump()))["id"]
        .get<std::string>();
  };
  cast.organizer = make("organizer@bench.example");
  for (int i = 0; i < kPeople; ++i) cast.people.push_back(make("person" + std::to_string(i) + "@bench.example"));
  return cast;
}

struct Opened {
  std::string event_id, contest_id;
};

// A new event whose one contest has kPlaces places, its registration open.
Opened open_event(fitkit::Platform& p, const Cast& cast, int round) {
  const Actor organizer = p.act_as(cast.organizer);
  const auto call = [&](const char* op, const Json& params) {
    return Json::parse(p.call(op, organizer, params.dump()));
  };
  Opened o;
  o.event_id = call("events.create", {{"title", "Contention " + std::to_string(round)},
                                      {"type", "race"},
                                      {"starts_at", "2035-05-01T08:00:00Z"},
                                      {"ends_at", "2035-05-01T12:00:00Z"},
                                      {"time_zone", "UTC"}})["id"];
  o.contest_id = call("events.contests.add", {{"event_id", o.event_id}, {"name", "10 km"}, {"capacity", kPlaces}})["id"];
  call("events.status.set", {{"event_id", o.event_id}, {"status", "published"}});
  call("events.status.set", {{"event_id", o.event_id}, {"status", "registration_open"}});
  return o;
}

// Registers people [from, to); counts the outcomes.
struct Outcome {
  int placed = 0, waitlisted = 0, failed = 0;
};
Outcome register_range(fitkit::Platform& p, const Cast& cast, const Opened& o, int from, int to, int stride) {
  Outcome out;
  const std::string params =
      Json{{"event_id", o.event_id}, {"contest_id", o.contest_id}, {"given_name", "Bench"}, {"family_name", "Runner"}}
          .dump();
  for (int i = from; i < to; i += stride) {
    try {
      const auto r = Json::parse(p.call("events.register", p.act_as(cast.people[static_cast<std::size_t>(i)]), params));
      (r["status"] == "waitlisted" ? out.waitlisted : out.placed) += 1;
    } catch (const fitkit::Error& e) {
      if (out.failed++ == 0) std::cerr << "  a registration failed: " << e.what() << "\n";
    }
  }
  return out;
}

// What the database holds afterwards, whoever registered.
Outcome counted(fitkit::Platform& p, const Opened& o) {
  Outcome out;
  auto c = p.database().acquire();
  const auto id = fitkit::parse_id(fitkit::IdKind::event, o.event_id);
  out.placed = static_cast<int>(*c->query_i64("SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND holds_place = 1", {id}));
  out.waitlisted = static_cast<int>(*c->query_i64("SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND status = 'waitlisted'", {id}));
  const auto taken = *c->query_i64("SELECT taken FROM event_contests WHERE id = ?",
                                   {fitkit::parse_id(fitkit::IdKind::contest, o.contest_id)});
  if (taken != out.placed) out.failed = 1;  // the counter and the rows disagree
  return out;
}

struct Summary {
  std::vector<double> rates;
  bool exact = true;
};

void report(const std::string& setup, int round, const Outcome& seen, double seconds, Summary& s) {
  const bool exact = seen.placed == kPlaces && seen.waitlisted == kPeople - kPlaces && seen.failed == 0;
  s.exact = s.exact && exact;
  s.rates.push_back(kPeople / seconds);
  std::printf("%-28s run %d: %4d placed, %4d waitlisted, %d failed, %6.2f s, %7.0f registrations/s%s\n", setup.c_str(),
              round, seen.placed, seen.waitlisted, seen.failed, seconds, kPeople / seconds, exact ? "" : "  WRONG");
}

void summary(const std::string& setup, Summary s) {
  std::sort(s.rates.begin(), s.rates.end());
  std::printf("%-28s median %7.0f registrations/s over %zu runs; every run 100/900: %s\n", setup.c_str(),
              s.rates[s.rates.size() / 2], s.rates.size(), s.exact ? "yes" : "NO");
}

Summary threads_run(const std::string& setup, fitkit::Platform& p, const Cast& cast, int rounds, int round_base) {
  Summary s;
  for (int round = 0; round < rounds; ++round) {
    const auto o = open_event(p, cast, round_base + round);
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    const auto start = Clock::now();
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] { failed += register_range(p, cast, o, t, kPeople, kThreads).failed; });
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    auto seen = counted(p, o);
    seen.failed += failed;
    report(setup, round + 1, seen, seconds, s);
  }
  summary(setup, s);
  return s;
}

Summary processes_run(const std::string& setup, const std::string& url, const std::filesystem::path& data_dir,
                      fitkit::Platform& p, const Cast& cast, int rounds, int round_base) {
  Summary s;
  for (int round = 0; round < rounds; ++round) {
    const auto o = open_event(p, cast, round_base + round);
    std::fflush(stdout);  // or each child writes out a copy of what is buffered
    std::vector<std::unique_ptr<fitkit::Platform>> own(kProcesses);
    fitkit::test::ForkedChildren children(
        kProcesses, [&](int i) { own[static_cast<std::size_t>(i)] = open_platform(url, data_dir, false); },
        [&](int i) {
          const auto r = register_range(*own[static_cast<std::size_t>(i)], cast, o, i, kPeople, kProcesses);
          return std::to_string(r.failed);
        });
    const auto start = Clock::now();
    const auto answers = children.release_and_collect(std::chrono::minutes(5));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    auto seen = counted(p, o);
    for (const auto& a : answers) seen.failed += a == "0" ? 0 : 1;
    report(setup, round + 1, seen, seconds, s);
  }
  summary(setup, s);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  bool exact = true;
  {
    fitkit::test::TempDir dir("fitkit-bench-contention");
    auto p = open_platform("sqlite:" + (dir.path() / "fitkit.db").string(), dir.path() / "data");
    const auto cast = make_cast(*p);
    exact = threads_run("SQLite, 16 threads", *p, cast, rounds, 0).exact && exact;
  }
  {
    fitkit::test::PgCluster cluster;
    fitkit::test::TempDir dir("fitkit-bench-contention-pg");
    const auto url = cluster.create_database();
    auto p = open_platform(url, dir.path() / "data");
    const auto cast = make_cast(*p);
    exact = threads_run("PostgreSQL, 16 threads", *p, cast, rounds, 0).exact && exact;
    p.reset();  // the children fork from a single-threaded process
    p = open_platform(url, dir.path() / "data", false);
    exact = processes_run("PostgreSQL, 8 processes", url, dir.path() / "data", *p, cast, rounds, rounds).exact && exact;
  }
  return exact ? 0 : 1;
}

// Personal records and totals over a long history: one user with N workouts entered by hand
// (workouts.create, a few sports over ten years), then M calls of workouts.records and of
// workouts.totals by week, month and year through Platform::call as the owner (and one as a friend),
// each call followed by the bare SQL that gives the same numbers (history_floor.hpp).
//
//   bench_history --db sqlite:PATH --data-dir DIR [--workouts 10000] [--calls 300]
//
// Checks once that fitkit's answer and the bare SQL's agree (exit 1 if not), then prints one
// JSON object: the setup's figures and, per query, p50 and p99 in ms of both.
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "workout_store/bench_support.hpp"
#include "workout_store/history_floor.hpp"

namespace {

using Json = nlohmann::json;
using fitkit::Actor;
using fitkit::bench::die;

constexpr std::string_view kProgram = "bench_history";
constexpr const char* kPassword = "bench-password-not-secret-0042";
// Tokyo has kept +09:00 all year since 1951: fitkit converts through the time-zone database,
// the bare SQL adds 9 hours, and both must find the same local days.
constexpr const char* kTimeZone = "Asia/Tokyo";
constexpr int kUtcOffsetHours = 9;
constexpr std::int64_t kFirstStartMs = 1451606400000;  // 2016-01-01T00:00Z
constexpr std::int64_t kSpanMs = 3652LL * 86'400'000;   // ten years
constexpr int kWarmupRounds = 5;

struct Args {
  std::string db, data_dir;
  long workouts = 10000, calls = 300;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << kProgram << ": " << why << "\n"
            << "usage: bench_history --db sqlite:PATH --data-dir DIR [--workouts N] [--calls N]\n";
  std::exit(2);
}

Args parse_args(int argc, char** argv) {
  Args a;
  auto number = [](const std::string& flag, const std::string& text) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < 1 || v > 10'000'000) usage(flag + " must be 1 to 10000000");
    return v;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--db") a.db = value;
    else if (flag == "--data-dir") a.data_dir = value;
    else if (flag == "--workouts") a.workouts = number(flag, value);
    else if (flag == "--calls") a.calls = number(flag, value);
    else usage("unknown option " + flag);
  }
  if (!a.db.starts_with("sqlite:") || a.data_dir.empty()) usage("--db sqlite:PATH and --data-dir are required");
  return a;
}

std::string rfc3339(std::int64_t ms) {
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// One workout as a person would enter it: a sport, its usual distance, speed and climb, varied.
Json random_workout(std::mt19937_64& rng, long index, long count) {
  std::uniform_real_distribution<double> u(0, 1);
  auto between = [&](double lo, double hi) { return lo + (hi - lo) * u(rng); };
  const std::int64_t slot = kSpanMs / count;
  Json w = {{"start_at", rfc3339(kFirstStartMs + index * slot + static_cast<std::int64_t>(u(rng) * slot))},
            {"time_zone", kTimeZone}};
  // One in ten only for its owner, one in ten for everyone, the rest for friends.
  w["visibility"] = index % 10 == 0 ? "only_me" : index % 10 == 1 ? "everyone" : "friends";
  const double pick = u(rng);
  double distance = 0, speed = 0, ascent = 0;
  if (pick < 0.40) {
    w["sport"] = "run";
    distance = between(3000, 42195);
    speed = between(2.5, 4.6);
    ascent = between(0, 800);
  } else if (pick < 0.65) {
    w["sport"] = "ride";
    distance = between(10000, 160000);
    speed = between(5.5, 11);
    ascent = between(0, 2500);
  } else if (pick < 0.80) {
    w["sport"] = "walk";
    distance = between(2000, 15000);
    speed = between(1.1, 1.7);
    ascent = between(0, 300);
  } else if (pick < 0.90) {
    w["sport"] = "pool_swim";
    distance = between(500, 4000);
    speed = between(0.6, 1.0);
  } else {
    w["sport"] = "strength";
  }
  const double moving = distance > 0 ? distance / speed : between(1200, 5400);
  w["moving_s"] = moving;
  w["elapsed_s"] = moving * between(1.0, 1.15);
  if (distance > 0) {
    w["distance_m"] = distance;
    w["max_speed"] = speed * between(1.2, 1.8);
  }
  if (ascent > 0) w["ascent_m"] = ascent;
  const double avg_hr = between(110, 165);
  w["avg_hr"] = avg_hr;
  w["max_hr"] = avg_hr + between(8, 30);
  return w;
}

struct Query {
  std::string name;
  const Actor* actor;
  std::string op, params;
  std::function<std::string(const std::string& answer)> check;  // against the floor; empty when equal
  std::function<void()> floor;
  std::vector<double> ours_ms, floor_ms;
};

double ms_of(const std::function<void()>& f) {
  const auto t = std::chrono::steady_clock::now();
  f();
  return fitkit::bench::seconds_since(t) * 1000;
}

}  // namespace

int main(int argc, char** argv) try {
  const Args args = parse_args(argc, argv);
  fitkit::PlatformOptions options;
  options.database_url = args.db;
  options.data_dir = args.data_dir;
  options.password_hashing = {1024, 1, 1};  // sign-ups are not what is measured
  auto platform = fitkit::Platform::open(std::move(options));
  for (const char* email : {"owner@bench.example", "friend@bench.example"})
    platform->call("users.create", Actor::system(), Json{{"email", email}, {"password", kPassword}}.dump());
  const Actor owner = platform->act_as("owner@bench.example");
  const Actor friend_ = platform->act_as("friend@bench.example");
  // A friendship as the social domain stores an accepted request: a row each way.
  platform->database().acquire()->exec(
      "INSERT INTO friendships (user_id, friend_id, created_at) VALUES (?, ?, 0), (?, ?, 0)",
      {owner.user_id, friend_.user_id, friend_.user_id, owner.user_id});

  std::mt19937_64 rng(20260101);
  const auto setup_started = std::chrono::steady_clock::now();
  for (long i = 0; i < args.workouts; ++i)
    platform->call("workouts.create", owner, random_workout(rng, i, args.workouts).dump());
  const double setup_seconds = fitkit::bench::seconds_since(setup_started);

  fitkit::bench::HistoryFloor floor(args.db.substr(7), owner.user_id, kUtcOffsetHours);
  const std::string all = "'everyone', 'friends', 'only_me'", friends = "'everyone', 'friends'";
  const std::string owner_id = fitkit::format_id(fitkit::IdKind::user, owner.user_id);
  std::vector<Query> queries;
  auto add_records = [&](std::string name, const Actor* actor, std::string visible) {
    Json params = Json::object();
    if (actor != &owner) params["user_id"] = owner_id;
    queries.push_back({std::move(name), actor, "workouts.records", params.dump(),
                       [&floor, visible](const std::string& answer) {
                         return compare(fitkit::bench::records_of(answer), floor.records(visible));
                       },
                       [&floor, visible] { floor.records(visible); }, {}, {}});
  };
  auto add_totals = [&](std::string name, const Actor* actor, std::string period, std::string visible) {
    Json params = {{"period", period}};
    if (actor != &owner) params["user_id"] = owner_id;
    queries.push_back({std::move(name), actor, "workouts.totals", params.dump(),
                       [&floor, period, visible](const std::string& answer) {
                         return compare(fitkit::bench::totals_of(answer), floor.totals(period, visible));
                       },
                       [&floor, period, visible] { floor.totals(period, visible); }, {}, {}});
  };
  add_records("records", &owner, all);
  add_totals("totals_week", &owner, "week", all);
  add_totals("totals_month", &owner, "month", all);
  add_totals("totals_year", &owner, "year", all);
  add_totals("totals_month_friend", &friend_, "month", friends);

  Json checked = Json::object();
  for (auto& q : queries) {
    const auto answer = platform->call(q.op, *q.actor, q.params);
    if (const auto diff = q.check(answer); !diff.empty()) die(kProgram, q.name + " differs from the bare SQL: " + diff + "\n" + answer.substr(0, 300));
    checked[q.name] = Json::parse(answer).begin()->size();  // rows in the answer
  }
  // Interleaved, so that whatever else the machine does falls on both alike.
  for (long round = -kWarmupRounds; round < args.calls; ++round) {
    for (auto& q : queries) {
      const double ours = ms_of([&] { platform->call(q.op, *q.actor, q.params); });
      const double bare = ms_of(q.floor);
      if (round < 0) continue;
      q.ours_ms.push_back(ours);
      q.floor_ms.push_back(bare);
    }
  }

  Json results = Json::object();
  for (auto& q : queries)
    results[q.name] = {{"ours_p50_ms", fitkit::bench::percentile(q.ours_ms, 50)},
                       {"ours_p99_ms", fitkit::bench::percentile(q.ours_ms, 99)},
                       {"floor_p50_ms", fitkit::bench::percentile(q.floor_ms, 50)},
                       {"floor_p99_ms", fitkit::bench::percentile(q.floor_ms, 99)},
                       {"rows", checked[q.name]}};
  const Json out = {{"workouts", args.workouts},
                    {"calls", args.calls},
                    {"create_seconds", setup_seconds},
                    {"results", results}};
  std::cout << out.dump() << "\n";
  return 0;
} catch (const fitkit::Error& e) {
  die(kProgram, std::string(fitkit::to_string(e.code())) + ": " + e.what());
} catch (const std::exception& e) {
  die(kProgram, e.what());
}

// Results at scale, on SQLite (a file, WAL):
//   (m) importing 100,000 results into one event, from CSV and from an IOF XML 3.0 ResultList,
//       through events.results.import, next to sqlite3's own `.import` of the same CSV into a
//       bare table in the same run (the floor);
//   (m') results coming in during the race: the file of the first 99% of finishers (in finish
//       order) imported, then the whole file again, as a timing system exports it: the
//       second import, which adds the last 1%, is timed;
//   (n) the leaderboard of that event, one age-group page of 50 (events.leaderboard through
//       Platform::call), p50 and p99 over many calls on random pages, next to the bare indexed
//       read of the same rows.
//
//   bench_results [results (default 100000)] [leaderboard calls (default 2000)]
//
// The participants are written straight into the database (a data generator, as
// bench_gen_users is); everything measured goes through the operations.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/cursor.hpp"
#include "core/crypto.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "support/temp_dir.hpp"

namespace {

using fitkit::Actor;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Ten-year age groups from 20 to 79, for both genders: M20 … M70, W20 … W70.
Json categories() {
  Json out = Json::array();
  for (const char* g : {"male", "female"})
    for (int age = 20; age < 80; age += 10)
      out.push_back({{"code", std::string(g[0] == 'm' ? "M" : "W") + std::to_string(age)},
                     {"gender", g},
                     {"min_age", age},
                     {"max_age", age + 9}});
  return out;
}

struct Event {
  std::string id, contest;
};

Event make_event(fitkit::Platform& p, const Actor& organizer, const std::string& title, int people) {
  const auto call = [&](const char* op, const Json& params) { return Json::parse(p.call(op, organizer, params.dump())); };
  Event e;
  e.id = call("events.create", {{"title", title}, {"type", "race"}, {"starts_at", "2030-05-01T08:00:00Z"},
                                {"ends_at", "2030-05-01T20:00:00Z"}, {"time_zone", "UTC"}})["id"];
  e.contest = call("events.contests.add", {{"event_id", e.id}, {"name", "10 km"}, {"categories", categories()}})["id"];
  call("events.status.set", {{"event_id", e.id}, {"status", "published"}});
  // The participants, written straight in: bib i, alternating genders, ages 20 to 79.
  const auto event_id = fitkit::parse_id(fitkit::IdKind::event, e.id);
  const auto contest_id = fitkit::parse_id(fitkit::IdKind::contest, e.contest);
  auto c = p.database().acquire();
  fitkit::storage::Transaction tx(*c);
  for (int i = 1; i <= people; ++i) {
    const std::string birth = std::to_string(1951 + i % 60) + "-06-15";
    const std::string given = "Given" + std::to_string(i), family = "Family" + std::to_string(i);
    c->exec("INSERT INTO event_registrations (id, event_id, contest_id, status, holds_place, given_name, family_name,"
            " gender, birth_date, bib, search_key, created_at, updated_at)"
            " VALUES (?, ?, ?, 'confirmed', 1, ?, ?, ?, ?, ?, ?, 0, 0)",
            {event_id * 1000 + i, event_id, contest_id, given, family, i % 2 ? "male" : "female", birth,
             static_cast<std::int64_t>(i), given + " " + family});
  }
  c->exec("UPDATE event_contests SET taken = ? WHERE id = ?", {static_cast<std::int64_t>(people), contest_id});
  tx.commit();
  call("events.status.set", {{"event_id", e.id}, {"status", "in_progress"}});
  return e;
}

std::string time_text(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld.%lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60),
                static_cast<long long>(ms / 100 % 10));
  return buf;
}

// The same 100,000 results as CSV and as an IOF ResultList.
struct Files {
  std::string csv, iof;
};
Files make_files(int results) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::int64_t> time(30 * 60000, 90 * 60000);
  Files f;
  f.csv = "Bib,Time,Status\n";
  f.iof = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ResultList xmlns=\"http://www.orienteering.org/datastandard/3.0\""
          " iofVersion=\"3.0\"><Event><Name>Bench</Name></Event><ClassResult><Class><Name>10 km</Name></Class>\n";
  for (int i = 1; i <= results; ++i) {
    const bool dnf = i % 50 == 0;
    const auto t = time(rng);
    f.csv += std::to_string(i) + "," + (dnf ? "" : time_text(t)) + "," + (dnf ? "DNF" : "OK") + "\n";
    f.iof += "<PersonResult><Person><Name><Family>Family" + std::to_string(i) + "</Family><Given>Given" +
             std::to_string(i) + "</Given></Name></Person><Result><BibNumber>" + std::to_string(i) + "</BibNumber>" +
             (dnf ? std::string() : "<Time>" + std::to_string(t / 1000.0) + "</Time>") + "<Status>" +
             (dnf ? "DidNotFinish" : "OK") + "</Status></Result></PersonResult>\n";
  }
  f.iof += "</ClassResult></ResultList>\n";
  return f;
}

double import_seconds(fitkit::Platform& p, const Actor& organizer, const Event& e, const std::string& file,
                      int expected) {
  const Json params{{"event_id", e.id}, {"file", fitkit::crypto::base64_encode(file)}};
  const auto start = Clock::now();
  const auto report = Json::parse(p.call("events.results.import", organizer, params.dump()));
  const double s = seconds_since(start);
  if (report["created"] != expected || report["applied"] != true) {
    std::cerr << "the import did not create every result: " << report.dump().substr(0, 400) << "\n";
    std::exit(1);
  }
  return s;
}

// The results in finish order (the unplaced last) as CSV: the first `share` of them.
std::string finish_order_csv(int results, double share) {
  std::mt19937 rng(43);
  std::uniform_int_distribution<std::int64_t> time(30 * 60000, 90 * 60000);
  std::vector<std::pair<std::int64_t, int>> finishers;  // time (a DNF: none), bib
  for (int i = 1; i <= results; ++i) finishers.emplace_back(i % 50 == 0 ? INT64_MAX : time(rng), i);
  std::sort(finishers.begin(), finishers.end());
  std::string csv = "Bib,Time,Status\n";
  const auto n = static_cast<std::size_t>(share * results);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& [t, bib] = finishers[k];
    csv += std::to_string(bib) + "," + (t == INT64_MAX ? "" : time_text(t)) + "," + (t == INT64_MAX ? "DNF" : "OK") + "\n";
  }
  return csv;
}

double sqlite_import_seconds(const std::filesystem::path& dir, const std::string& csv_path) {
  const auto db = dir / "floor.db";
  const std::string command = "sqlite3 '" + db.string() +
                              "' 'PRAGMA journal_mode=WAL;' 'CREATE TABLE results (bib TEXT, time TEXT, status TEXT);'"
                              " '.mode csv' '.import --skip 1 " + csv_path + " results' > /dev/null";
  const auto start = Clock::now();
  if (std::system(command.c_str()) != 0) {
    std::cerr << "sqlite3 .import failed (is sqlite3 installed?)\n";
    std::exit(1);
  }
  return seconds_since(start);
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const int results = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int calls = argc > 2 ? std::atoi(argv[2]) : 2000;
  fitkit::test::TempDir dir("fitkit-bench-results");
  fitkit::PlatformOptions options;
  options.database_url = "sqlite:" + (dir.path() / "bench.db").string();
  options.data_dir = dir.path();
  options.password_hashing = {1024, 1, 1};
  auto platform = fitkit::Platform::open(std::move(options));
  auto& p = *platform;
  const auto organizer_id =
      Json::parse(p.call("users.create", Actor::system(),
                         Json{{"email", "organizer@bench.example"}, {"password", "bench-password-not-secret-0042"}}.dump()))
          ["id"].get<std::string>();
  const Actor organizer = p.act_as(organizer_id);

  std::cerr << "making three events of " << results << " participants and the files\n";
  const auto csv_event = make_event(p, organizer, "CSV", results);
  const auto iof_event = make_event(p, organizer, "IOF", results);
  const auto live_event = make_event(p, organizer, "Live", results);
  const auto files = make_files(results);
  const auto csv_path = (dir.path() / "results.csv").string();
  std::ofstream(csv_path, std::ios::binary) << files.csv;

  const double floor = sqlite_import_seconds(dir.path(), csv_path);
  const double csv = import_seconds(p, organizer, csv_event, files.csv, results);
  const double iof = import_seconds(p, organizer, iof_event, files.iof, results);
  std::printf("import %d results, CSV: %.2f s; sqlite3 .import of the same CSV: %.3f s; ratio %.1fx\n", results, csv,
              floor, csv / floor);
  std::printf("import %d results, IOF XML (%.1f MB): %.2f s; ratio to sqlite3 .import %.1fx\n", results,
              static_cast<double>(files.iof.size()) / 1e6, iof, iof / floor);
  const int most = static_cast<int>(0.99 * results);
  import_seconds(p, organizer, live_event, finish_order_csv(results, 0.99), most);
  const double live = import_seconds(p, organizer, live_event, finish_order_csv(results, 1.0), results - most);
  std::printf("import the whole file again with the last %d finishers: %.3f s; ratio to sqlite3 .import of all %.1fx\n",
              results - most, live, live / floor);

  // One age-group page of 50, anywhere in the list: M40 holds about a sixth of the results.
  const auto contest_id = fitkit::parse_id(fitkit::IdKind::contest, csv_event.contest);
  const auto in_group = p.database().acquire()->query_i64(
      "SELECT COUNT(*) FROM event_standings WHERE contest_id = ? AND ranking = 'category:M40'", {contest_id});
  std::mt19937 rng(7);
  std::vector<double> ours, bare;
  for (int i = 0; i < calls; ++i) {
    const auto after = std::uniform_int_distribution<std::int64_t>(0, std::max<std::int64_t>(0, *in_group - 50))(rng);
    // The page after `after`, as a client walking there would ask for it.
    Json params{{"event_id", csv_event.id}, {"category", "M40"}, {"limit", 50}};
    if (after > 0) params["cursor"] = fitkit::api::CursorWriter("events.leaderboard").integer(after).finish();
    auto start = Clock::now();
    const auto page = Json::parse(p.call("events.leaderboard", Actor::anonymous(), params.dump()));
    ours.push_back(seconds_since(start) * 1000);
    if (page["items"].size() != 50) {
      std::cerr << "a page did not hold 50 lines\n";
      return 1;
    }
    start = Clock::now();
    std::int64_t rows = 0;
    p.database().acquire()->query(
        "SELECT s.position, s.place, s.behind, r.status, r.value, g.given_name, g.family_name, g.bib"
        " FROM event_standings s JOIN event_results r ON r.id = s.result_id"
        " JOIN event_registrations g ON g.id = r.registration_id"
        " WHERE s.contest_id = ? AND s.ranking = 'category:M40' AND s.position > ? ORDER BY s.position LIMIT 50",
        {contest_id, after}, [&](const fitkit::storage::Row&) { ++rows; });
    bare.push_back(seconds_since(start) * 1000);
  }
  std::printf("leaderboard, one M40 page of 50 of %lld, %d calls: p50 %.3f ms, p99 %.3f ms;"
              " bare SQL p50 %.3f ms, p99 %.3f ms\n",
              static_cast<long long>(*in_group), calls, percentile(ours, 0.5), percentile(ours, 0.99),
              percentile(bare, 0.5), percentile(bare, 0.99));
  return 0;
}

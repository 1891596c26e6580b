// Importing results: CSV and IOF XML, the dry run's report, one transaction, unmatched and
// invalid rows, and results taken from tracked workouts.
#include <fstream>

#include "core/crypto.hpp"
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// Three runners with bibs 1 to 3 in a 10 km under way.
struct ImportWorld : RegistrationWorld {
  Made m;
  std::vector<std::string> regs;

  explicit ImportWorld(const Json& event_extra = Json::object(), const Json& contest_extra = Json::object())
      : RegistrationWorld(3) {
    Json k{{"bib_from", 1}, {"bib_to", 99}};
    k.update(contest_extra);
    m = open_event(event_extra, k);
    for (int i = 0; i < 3; ++i) regs.push_back(enrol(people[i], m)["id"]);
    t.call("events.contests.bibs.assign", ann, {{"contest_id", m.contest_id}});
    t.call("events.status.set", ann, {{"event_id", m.event_id}, {"status", "in_progress"}});
  }

  Json import(const std::string& file, const Json& extra = Json::object()) {
    Json p{{"event_id", m.event_id}, {"file", crypto::base64_encode(file)}};
    p.update(extra);
    return t.call("events.results.import", ann, p);
  }

  std::size_t results() {
    return t.call("events.leaderboard", ann, {{"event_id", m.event_id}})["items"].size();
  }
};

}  // namespace

TEST_CASE("result import: a CSV's dry run reports, then applies in one go") {
  ImportWorld w;
  const std::string csv =
      "Bib,Name,Chip Time,Status\r\n"
      "1,Person0 Runner,0:41:20,\r\n"
      "2,,0:39:00,OK\r\n"
      ",Runner Person2,,DNF\r\n"
      "77,Nobody Known,0:50:00,\r\n";
  auto report = w.import(csv, {{"dry_run", true}});
  CHECK(report["format"] == "csv");
  CHECK(report["applied"] == false);
  CHECK(report["rows"] == 4);
  CHECK(report["created"] == 3);
  CHECK(report["unmatched_count"] == 1);
  CHECK(report["unmatched"][0]["line"] == 5);
  CHECK(report["unmatched"][0]["text"].get<std::string>().find("Nobody Known") != std::string::npos);
  CHECK(report["mapping"]["time"] == "Chip Time");
  CHECK(report["changes"][0]["change"] == "new 0:41:20");
  CHECK(w.results() == 0);  // a dry run changes nothing

  // Unmatched rows stop the import unless skipped; then all is applied.
  const auto stopped = failure_of([&] { w.import(csv); });
  REQUIRE(stopped);
  CHECK(stopped->code() == ErrorCode::failed_precondition);
  CHECK(std::string(stopped->what()).find("line 5: Nobody Known") != std::string::npos);
  CHECK(w.results() == 0);
  report = w.import(csv, {{"skip_unmatched", true}});
  CHECK(report["applied"] == true);
  CHECK(w.results() == 3);
  CHECK(w.registration(w.regs[2], w.ann)["status"] == "dnf");

  // Again: nothing new; a corrected time is a change.
  report = w.import("Bib,Time\r\n1,0:41:20\r\n2,0:38:30\r\n", {{"dry_run", true}});
  CHECK(report["unchanged"] == 1);
  CHECK(report["changed"] == 1);
  CHECK(report["changes"][0]["change"] == "0:39:00 -> 0:38:30");
}

TEST_CASE("result import: invalid rows and malformed files refuse the import with line numbers") {
  ImportWorld w;
  const std::string bad = "Bib,Time\r\n1,0:41:20\r\n2,-1:00\r\n3,banana\r\n1,0:40:00\r\n";
  const auto report = w.import(bad, {{"dry_run", true}});
  CHECK(report["invalid_count"] == 3);
  CHECK(report["invalid"][0]["line"] == 3);
  CHECK(report["invalid"][2]["text"].get<std::string>().find("line 2 has the first") != std::string::npos);
  const auto refused = failure_of([&] { w.import(bad); });
  REQUIRE(refused);
  CHECK(refused->field() == "file");
  CHECK(std::string(refused->what()).find("line 3") != std::string::npos);
  CHECK(w.results() == 0);

  CHECK(failure_of([&] { w.import("Bib,Time\r\n\"1,0:41\r\n"); })->field() == "file");         // an open quote
  CHECK(failure_of([&] { w.import("<ResultList><broken"); })->field() == "file");            // not IOF
  CHECK(failure_of([&] { w.import("Who,When\r\nx,y\r\n"); })->field() == "mapping");         // no columns
  CHECK(failure_of([&] { w.import("Start No,T\r\n1,41:20\r\n", {{"mapping", "bib=Start No,time=Nope"}}); })
            ->field() == "mapping");
  CHECK(failure_of([&] { w.import(""); })->field() == "file");
  CHECK(w.import("Start No,T\r\n1,41:20\r\n", {{"mapping", "bib=Start No,time=T"}, {"dry_run", true}})["created"] == 1);
  CHECK(error_of([&] {
          w.t.call("events.results.import", w.people[0],
                   {{"event_id", w.m.event_id}, {"file", crypto::base64_encode("Bib,Time\r\n1,41:20\r\n")}});
        }) == ErrorCode::permission_denied);
  CHECK(w.results() == 0);
}

TEST_CASE("result import: a file fitctl names is read from disk, within the size limit") {
  ImportWorld w;
  const auto call = [&](const std::filesystem::path& path) {
    return Json::parse(w.t.platform->call("events.results.import", w.ann,
                                          Json{{"event_id", w.m.event_id}, {"file", ""}}.dump(), {}, {{"file", path}}));
  };
  const auto csv = w.t.dir / "results.csv";
  std::ofstream(csv, std::ios::binary) << "Bib,Time\n1,0:41:20\n2,0:39:00\n";
  CHECK(call(csv)["created"] == 2);
  // Over 64 MiB: refused before anything is parsed.
  const auto big = w.t.dir / "big.csv";
  {
    std::ofstream out(big, std::ios::binary);
    out << "Bib,Time\n";
    const std::string row = "3,0:45:00\n";
    for (std::size_t written = 0; written <= 64u * 1024 * 1024; written += row.size()) out << row;
  }
  const auto refused = failure_of([&] { call(big); });
  REQUIRE(refused);
  CHECK(refused->field() == "file");
  CHECK(std::string(refused->what()).find("larger than 64 MiB") != std::string::npos);
  CHECK(failure_of([&] { call(w.t.dir / "gone.csv"); })->field() == "file");
  CHECK(w.results() == 2);
}

TEST_CASE("result import: an IOF ResultList matches by bib, then by name, class by contest") {
  ImportWorld w;
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<ResultList xmlns="http://www.orienteering.org/datastandard/3.0" iofVersion="3.0">
  <Event><Name>City Run</Name></Event>
  <ClassResult>
    <Class><Name>10 KM</Name></Class>
    <PersonResult><Person><Name><Family>Runner</Family><Given>Person0</Given></Name></Person>
      <Result><BibNumber>1</BibNumber><Time>2480</Time><Position>2</Position><Status>OK</Status></Result></PersonResult>
    <PersonResult><Person><Name><Family>Runner</Family><Given>Person1</Given></Name></Person>
      <Result><BibNumber>901</BibNumber><Time>2340.5</Time><Position>1</Position><Status>OK</Status></Result></PersonResult>
    <PersonResult><Person><Name><Family>Runner</Family><Given>Person2</Given></Name></Person>
      <Result><Status>MissingPunch</Status></Result></PersonResult>
  </ClassResult>
  <ClassResult>
    <Class><Name>Kids</Name></Class>
    <PersonResult><Person><Name><Family>Small</Family><Given>Sam</Given></Name></Person>
      <Result><Time>600</Time><Status>OK</Status></Result></PersonResult>
  </ClassResult>
</ResultList>
)";
  const auto report = w.import(xml, {{"dry_run", true}});
  CHECK(report["format"] == "iof");
  CHECK(report["created"] == 3);
  CHECK(report["unmatched_count"] == 1);
  CHECK(report["unmatched"][0]["text"].get<std::string>().find("the class Kids is no contest") != std::string::npos);
  w.import(xml, {{"skip_unmatched", true}});
  const auto board = w.t.call("events.leaderboard", w.ann, {{"event_id", w.m.event_id}})["items"];
  REQUIRE(board.size() == 3);
  CHECK(board[0]["given_name"] == "Person1");
  CHECK(board[0]["result"] == "0:39:00.5");
  CHECK(board[2]["status"] == "MissingPunch");
  CHECK(w.registration(w.regs[2], w.ann)["status"] == "dsq");
}

TEST_CASE("result import: an online event takes each participant's best qualifying workout") {
  ImportWorld w({{"online", true}, {"starts_at", "2030-05-01T00:00:00Z"}, {"ends_at", "2030-05-08T00:00:00Z"}},
                {{"sport", "run"}, {"distance_m", 10000}});
  w.t.clock->set(1904515200000);  // 2030-05-09: the week is over, its workouts recorded
  const auto run = [&](int who, const std::string& start, double seconds, double metres, const std::string& sport = "run") {
    w.t.call("workouts.create", w.people[who],
             {{"sport", sport}, {"start_at", start}, {"elapsed_s", seconds}, {"distance_m", metres}});
  };
  run(0, "2030-05-02T07:00:00Z", 2600, 10050);
  run(0, "2030-05-03T07:00:00Z", 2500, 10010);  // the better one
  run(0, "2030-05-04T07:00:00Z", 2000, 8000);   // too short
  run(1, "2030-04-30T07:00:00Z", 2000, 10000);  // before the window
  run(1, "2030-05-05T07:00:00Z", 2400, 10000, "ride");  // another sport
  run(2, "2030-05-07T23:30:00Z", 3000, 10000);  // ends after the window
  const auto report = w.t.call("events.results.from_workouts", w.ann, {{"event_id", w.m.event_id}});
  CHECK(report["created"] == 1);
  const auto board = w.t.call("events.leaderboard", w.ann, {{"event_id", w.m.event_id}})["items"];
  REQUIRE(board.size() == 1);
  CHECK(board[0]["given_name"] == "Person0");
  CHECK(board[0]["result"] == "0:41:40");
  CHECK(w.t.call("events.results.from_workouts", w.ann, {{"event_id", w.m.event_id}, {"dry_run", true}})["unchanged"] == 1);

  // Not for an event on the ground.
  ImportWorld ground;
  CHECK(error_of([&] { ground.t.call("events.results.from_workouts", ground.ann, {{"event_id", ground.m.event_id}}); }) ==
        ErrorCode::failed_precondition);
}

// Reading results from CSV: columns found by their headers and aliases or named by a mapping,
// the values read (times in every format, distances, statuses), every reason a row is refused
// with the line it is on, and the files and mappings refused as a whole.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "events/results_csv.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::events;

namespace {

// The error's field ("file", "mapping") and message, of a read that must fail.
std::pair<std::string, std::string> refusal(std::string_view csv, std::optional<std::string> mapping = {},
                                            std::string_view kind = "time") {
  try {
    read_results_csv(csv, kind, mapping);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    return {e.field(), e.what()};
  }
  FAIL("read_results_csv accepted it");
  return {};
}

std::optional<std::int64_t> time_of(std::string_view text) {
  std::string problem;
  return read_time_ms(text, problem);
}

std::string time_problem(std::string_view text) {
  std::string problem;
  CHECK_FALSE(read_time_ms(text, problem));
  return problem;
}

}  // namespace

TEST_CASE("results csv: headers and their aliases find the columns without a mapping") {
  const std::string csv =
      "\xEF\xBB\xBF" "Start No.,First name,SURNAME,Chip Time,Gun time,Club,Sex,Status,DOB,Comment\n"
      "12,Ann,Lee,1:02:03.4,1:02:10,Harriers,F,,1990-04-01,fast\n"
      "13,Bob,Ray,,,\"Road, Runners\",m,dnf,,\n";
  const auto r = read_results_csv(csv, "time", std::nullopt);
  REQUIRE(r.invalid.empty());
  REQUIRE(r.rows.size() == 2);
  CHECK(mapping_text(r.mapping) ==
        "bib=Start No.,given_name=First name,family_name=SURNAME,time=Chip Time,status=Status,team=Club,gender=Sex,"
        "birth_date=DOB");
  CHECK(r.ignored == std::vector<std::string>{"Gun time", "Comment"});  // chip time is preferred
  const auto& ann = r.rows[0];
  CHECK(ann.line == 2);
  CHECK(ann.bib == "12");
  CHECK(ann.given_name == "Ann");
  CHECK(ann.family_name == "Lee");
  CHECK(ann.time_ms == 3'723'400);
  CHECK(ann.status == "OK");
  CHECK(ann.team == "Harriers");
  CHECK(ann.gender == "female");
  CHECK(ann.birth_date == "1990-04-01");
  const auto& bob = r.rows[1];
  CHECK(bob.status == "DidNotFinish");
  CHECK_FALSE(bob.time_ms);
  CHECK(bob.team == "Road, Runners");
  CHECK(bob.gender == "male");
}

TEST_CASE("results csv: a mapping names columns; the other fields are still found by their headers") {
  const std::string csv = "Startnummer,Athlet,Zeit,Time,Verein,Registration\n7,Eva Berg,42:10,1:00:00,SV Nord,reg_06BQ\n";
  const auto r = read_results_csv(csv, "time", std::string(" bib = startnummer , name=Athlet,TIME=Zeit ,team=Verein"));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].bib == "7");
  CHECK(r.rows[0].name == "Eva Berg");
  CHECK(r.rows[0].time_ms == 2'530'000);  // Zeit, not Time
  CHECK(r.rows[0].registration == "reg_06BQ");
  CHECK(mapping_text(r.mapping) == "bib=Startnummer,registration=Registration,name=Athlet,time=Zeit,team=Verein");
  CHECK(r.ignored == std::vector<std::string>{"Time"});
  CHECK(parse_column_mapping(mapping_text(r.mapping)).size() == 5);
  CHECK(read_results_csv(csv, "time", std::string("")).mapping.size() == 2);  // an empty mapping: none
}

TEST_CASE("results csv: times in every format, distances, points and places") {
  CHECK(time_of("1:02:03") == 3'723'000);
  CHECK(time_of("1:02:03.4") == 3'723'400);
  CHECK(time_of("1:02:03.45") == 3'723'450);
  CHECK(time_of("1:02:03,456") == 3'723'456);
  CHECK(time_of("1:02:03.4567") == 3'723'456);  // past the millisecond: cut
  CHECK(time_of("62:03") == 3'723'000);
  CHECK(time_of("02:03.5") == 123'500);
  CHECK(time_of("3723.5") == 3'723'500);
  CHECK(time_of("PT1H2M3S") == 3'723'000);
  CHECK(time_of("pt3723.5s") == 3'723'500);
  CHECK(time_of("P1DT2H") == 93'600'000);
  CHECK(time_of("168:00:00") == kMaxResultTimeMs);
  CHECK(time_problem("1:75:00") == "has minutes of 60 or more");
  CHECK(time_problem("1:02:60") == "has seconds of 60 or more");
  CHECK(time_problem("-1:00") == "is negative");
  CHECK(time_problem("168:00:01") == "is more than 7 days");
  CHECK(time_problem("P8D") == "is more than 7 days");
  for (const char* bad : {"fast", "1:2:3:4", "1::03", "1:002:03", "PT", "P1H", "PT1S2M", "1:02:03.", "12e3", ":30"})
    CHECK_MESSAGE(time_problem(bad).starts_with("is not a time"), bad);

  CHECK(format_time_ms(3'723'000) == "1:02:03");
  CHECK(format_time_ms(3'723'490) == "1:02:03.4");
  CHECK(format_time_ms(59'000) == "0:00:59");
  CHECK(format_time_ms(kMaxResultTimeMs) == "168:00:00");

  const std::string csv = "Bib,Distance,Points,Place\n1,42.195,12,3.\n2,\"1,5\",0,1\n3,100,,\n";
  const auto r = read_results_csv(csv, "distance", std::nullopt);
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].distance_mm == 42'195);
  CHECK(r.rows[0].points == 12);
  CHECK(r.rows[0].place == 3);
  CHECK(r.rows[1].distance_mm == 1'500);
  CHECK(r.rows[1].points == 0);
  CHECK(r.rows[2].distance_mm == 100'000);
}

TEST_CASE("results csv: statuses by their IOF names and the usual abbreviations, in any case") {
  const std::vector<std::pair<std::string, std::string>> statuses{
      {"", "OK"},          {"ok", "OK"},           {"DNS", "DidNotStart"},   {"dnf", "DidNotFinish"},
      {"DSQ", "Disqualified"}, {"dq", "Disqualified"}, {"MP", "MissingPunch"}, {"Did not finish", "DidNotFinish"},
      {"missingpunch", "MissingPunch"}, {"Finished", "Finished"}, {"OverTime", "OverTime"}, {"nc", "NotCompeting"}};
  std::string csv = "Bib,Time,Status\n";
  for (const auto& [text, status] : statuses) csv += "1,1:00:00,\"" + text + "\"\n";
  const auto r = read_results_csv(csv, "time", std::nullopt);
  REQUIRE(r.rows.size() == statuses.size());
  for (std::size_t i = 0; i < statuses.size(); ++i) CHECK(r.rows[i].status == statuses[i].second);
}

TEST_CASE("results csv: every refused row, with its line, a quoted line break counted") {
  const std::string csv =
      "Bib,Name,Time,Distance,Points,Place,Status,Gender,Birth date,Registration,Notes\n"  // 1
      "1,Ann,1:00:00,,,,,,,,\"first race,\nwet\"\n"                                // 2-3: a line break in a note
      "2,Bob,1:75:00,,,,,,,\n"                                                    // 4
      "3,Cid,soon,,,,,,,\n"                                                       // 5
      "4,Dan,-0:10:00,,,,,,,\n"                                                   // 6
      "5,Eve,200:00:00,,,,,,,\n"                                                  // 7
      "\n"                                                                        // 8: blank
      "6,Fay,1:00:00,-5,,,,,,\n"                                                  // 9
      "7,Gus,1:00:00,,-1,,,,,\n"                                                  // 10
      "8,Hal,1:00:00,,,0,,,,\n"                                                   // 11
      "9,Ida,1:00:00,,,,resting,,,\n"                                             // 12
      ",,1:00:00,,,,,,,\n"                                                        // 13
      "11,Jon,,,,,OK,,,\n"                                                        // 14
      "12,Kim,1:00:00,,,,,Q,,\n"                                                  // 15
      "13,Lou,1:00:00,,,,,,1990-02-30,\n"                                         // 16
      "14,Max,1:00:00,,,,,,,usr_06BQ\n"                                           // 17
      "15,Ned,1:00:00,,,,,,,,,surplus\n"                                          // 18
      "16," + std::string(101, 'x') + ",1:00:00,,,,,,,\n"                        // 19
      "17,Oda,,,,,DNS,,,\n"                                                       // 20: fine without a time
      "18,\"Pia\nPort\",1:00:00\n";                                               // 21-22: a name is one line
  const auto r = read_results_csv(csv, "time", std::nullopt);
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].line == 2);
  CHECK(r.rows[0].name == "Ann");
  CHECK(r.rows[1].line == 20);
  const std::vector<std::pair<std::size_t, std::string>> expected{
      {4, "column \"Time\": \"1:75:00\" has minutes of 60 or more"},
      {5, "column \"Time\": \"soon\" is not a time"},
      {6, "column \"Time\": \"-0:10:00\" is negative"},
      {7, "column \"Time\": \"200:00:00\" is more than 7 days"},
      {9, "column \"Distance\": \"-5\" is negative"},
      {10, "column \"Points\": \"-1\" is negative"},
      {11, "column \"Place\": \"0\" is below 1"},
      {12, "column \"Status\": \"resting\" is not a result status"},
      {13, "the row has no bib, registration or name"},
      {14, "column \"Time\" is empty, but a result with status OK needs a time"},
      {15, "column \"Gender\": \"Q\" is not a gender"},
      {16, "column \"Birth date\": \"1990-02-30\" is not a date"},
      {17, "column \"Registration\": \"usr_06BQ\" is not a registration id"},
      {18, "the row has 12 fields, the header 11"},
      {19, "column \"Name\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\u2026\" is refused: name must be at most"},
      {21, "column \"Name\": \"Pia Port\" is refused: name must be one line"}};
  REQUIRE(r.invalid.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(r.invalid[i].line == expected[i].first);
    CHECK_MESSAGE(r.invalid[i].reason.starts_with(expected[i].second), r.invalid[i].reason);
  }
}

TEST_CASE("results csv: all of a row's problems are told, and lines count CR LF and CR alone") {
  const auto r = read_results_csv("Bib,Time,Status,Note\r\n1,1:61:00,bad\r\r\n4,1:00:00,OK,\"x\r\ny\"\r3,", "time", {});
  REQUIRE(r.invalid.size() == 2);
  CHECK(r.invalid[0].line == 2);
  CHECK(r.invalid[0].reason ==
        "column \"Time\": \"1:61:00\" has minutes of 60 or more; column \"Status\": \"bad\" is not a result status (OK, "
        "DNS, DNF, DSQ, MP or an IOF status such as MissingPunch)");
  CHECK(r.invalid[1].line == 6);
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].line == 4);
  CHECK(csv_row_lines("\n\n  \na,b\n\"\"\n\"1\n\n2\",3\n \t\n\"\"\"\"") == std::vector<std::size_t>{4, 6, 10});
}

TEST_CASE("results csv: malformed, empty and oversized files are refused as a whole") {
  CHECK(refusal("Bib,Time\n1,\"1:00:00\n").first == "file");   // a quote never closed
  CHECK(refusal("Bib,Time\n1,1:0\"0\n").first == "file");      // a stray quote
  CHECK(refusal("").second.find("empty") != std::string::npos);
  CHECK(refusal("\n\n").first == "file");
  CHECK(refusal("Bib,Ti\xFFme\n1,1\n").second.find("UTF-8") != std::string::npos);
  std::string big = "Bib,Time\n";
  big.reserve(big.size() + 12 * (kMaxResultRows + 1));
  for (std::size_t i = 0; i <= kMaxResultRows; ++i) big += "1,1:00:00\n";
  const auto [field, message] = refusal(big);
  CHECK(field == "file");
  CHECK(message.find("more than 100000 rows") != std::string::npos);
  CHECK_THROWS_AS(read_results_csv("Bib,Time\n", "speed", std::nullopt), Error);
}

TEST_CASE("results csv: mapping errors name the problem") {
  const std::string csv = "Start,Runner,Chip,Chip\n1,Ann,1:00:00,1:00:00\n";
  auto mapping_error = [&](const std::string& mapping) {
    const auto [field, message] = refusal(csv, mapping);
    CHECK(field == "mapping");
    return message;
  };
  CHECK(mapping_error("bib=Start,speed=Chip").find("\"speed\" is not a field fitkit reads; the fields are bib,") !=
        std::string::npos);
  CHECK(mapping_error("bib Start").find("is not field=Header") != std::string::npos);
  CHECK(mapping_error("bib=Start,time=Net").find("time=Net names a column the file does not have; its columns are "
                                                 "Start, Runner, Chip, Chip") != std::string::npos);
  CHECK(mapping_error("bib=Start,time=chip").find("2 columns called chip") != std::string::npos);
  CHECK(mapping_error("bib=Start,bib=Runner").find("the field bib twice") != std::string::npos);
  CHECK(mapping_error("bib=Start,name=start").find("to both bib and name") != std::string::npos);
  CHECK(mapping_error("bib=").find("names no column header") != std::string::npos);
  // Columns the results cannot do without.
  CHECK(mapping_error("time=Runner").find("no column gives a bib, a registration or a name") != std::string::npos);
  CHECK(mapping_error("bib=Start").find("no column gives the time") != std::string::npos);
  CHECK(refusal(csv, "bib=Start,points=Runner", "distance").second.find("no column gives the distance") !=
        std::string::npos);
}

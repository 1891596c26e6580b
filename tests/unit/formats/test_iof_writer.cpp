// The IOF XML 3.0 writers: a result list read back is the list written (individual, relay,
// multi-race, every status), text is escaped, the writer objects stream, and values IOF
// cannot hold are refused with nothing of their element written. (Suite "samples" checks
// the documents against IOF.xsd.)
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/iof_reader.hpp"
#include "formats/iof_writer.hpp"
#include "unit/formats/iof_test_support.hpp"

using namespace fitkit;
using namespace fitkit::formats::iof;
using fitkit::test::iof::RecordingHandler;
using fitkit::test::iof::without_lines;

namespace {

constexpr std::int64_t kCreated = 1312148793000;  // 2011-07-31T21:46:33Z
constexpr std::int64_t kStart = 1312016400000;    // 2011-07-30T09:00:00Z

PersonResult result(std::string family, std::string status = "OK") {
  PersonResult r;
  r.person.family = std::move(family);
  r.person.given = "Ann";
  r.status = std::move(status);
  return r;
}

// The results as read back, with the lines (which only the reader knows) left out.
ResultList read_back(const std::string& xml) { return without_lines(read_result_list(xml)); }

ResultList sample_list() {
  ResultList list;
  list.event = {"Spring Cup", "E-17", kStart, "2011-07-30"};
  list.status = "Snapshot";

  PersonResult wood = result("Wood");
  wood.person = {"George", "Wood", "501", "1980-02-29", "M", "GBR"};
  wood.organisation = "OC Back and Forth";
  wood.bib = "101";
  wood.start_ms = kStart;
  wood.finish_ms = kStart + 2001500;
  wood.time_s = 2001.5;
  wood.time_behind_s = 0;
  wood.position = 1;
  wood.score = -2.25;
  wood.splits = {{"31", 501.0, "OK"}, {"32", std::nullopt, "Missing"}, {"33", 1136.125, "Additional"}};
  PersonResult race2 = result("Lawson", "DidNotStart");
  race2.race = 2;
  list.classes.push_back({{"Men Elite", "ME", "1"}, {wood, race2}});

  PersonResult reid = result("Reid");
  reid.team = "Vagabonds 1";
  reid.leg = 1;
  reid.bib = "1-1";
  reid.organisation = "Forest Vagabonds";
  reid.time_s = 1438;
  reid.time_behind_s = 5;
  reid.position = 2;
  PersonResult other_team = result("Other");
  other_team.team = "Vagabonds 2";
  other_team.leg = 1;
  PersonResult vacant;  // a leg no one ran
  vacant.team = "Vagabonds 1";
  vacant.leg = 2;
  vacant.status = "DidNotStart";
  list.classes.push_back({{"Relay", std::nullopt, std::nullopt}, {reid, other_team, vacant}});
  list.classes.push_back({{"Empty", std::nullopt, "3"}, {}});
  return list;
}

}  // namespace

TEST_CASE("iof writer: a result list reads back as written") {
  const ResultList list = sample_list();
  const std::string xml = write_result_list(list, kCreated, "fitkit 0.1");
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ResultList xmlns=\"http://www.orienteering.org/"
                  "datastandard/3.0\" iofVersion=\"3.0\" createTime=\"2011-07-31T21:46:33Z\" creator=\"fitkit 0.1\" "
                  "status=\"Snapshot\">\n",
                  0) == 0);
  const ResultList back = read_back(xml);
  CHECK(back.event == list.event);
  CHECK(back.status == "Snapshot");
  REQUIRE(back.classes.size() == 3);
  CHECK(back.classes[0] == list.classes[0]);
  // The relay class comes back with each team's members together, teams in order of first appearance.
  const auto& relay = back.classes[1].second;
  REQUIRE(relay.size() == 3);
  CHECK(relay[0] == list.classes[1].second[0]);
  CHECK(relay[1] == list.classes[1].second[2]);
  CHECK(relay[2] == list.classes[1].second[1]);
  CHECK(back.classes[2] == list.classes[2]);
  CHECK(xml.find("<TimeBehind type=\"Leg\">5</TimeBehind>") != std::string::npos);
  CHECK(xml.find("<Result raceNumber=\"2\">") != std::string::npos);

  RecordingHandler handler;
  formats::MemorySource in(xml);
  read_result_list(in, handler);
  CHECK(handler.header.creator == "fitkit 0.1");
  CHECK(handler.header.create_time_ms == kCreated);
}

TEST_CASE("iof writer: every status and the event's start on its own date round-trip") {
  ResultList list;
  list.event.name = "Night-O";
  // 00:30 on 2011-07-31 at +02:00 is 22:30 UTC the day before: the date stays the event's.
  list.event.start_date = "2011-07-31";
  list.event.start_ms = kStart + 13 * 3600000 + 30 * 60000;
  std::vector<PersonResult> results;
  for (const auto status : result_statuses()) results.push_back(result(std::string(status), std::string(status)));
  list.classes.push_back({{"Open"}, results});
  const std::string xml = write_result_list(list, kCreated, "x");
  CHECK(xml.find("<Date>2011-07-31</Date>") != std::string::npos);
  CHECK(xml.find("<Time>00:30:00+02:00</Time>") != std::string::npos);
  CHECK(read_back(xml) == list);

  for (const auto& [date, ms] : std::vector<std::pair<std::string, std::int64_t>>{
           {"2011-07-30", kStart + 123}, {"2011-07-29", kStart}, {"2011-07-31", kStart + 2 * 3600000}}) {
    CAPTURE(date);
    list.event.start_date = date;
    list.event.start_ms = ms;
    CHECK(read_back(write_result_list(list, kCreated, "x")).event == list.event);
  }
  // No offset within 14 hours puts the instant on that date: the UTC date is written.
  list.event.start_date = "2011-07-31";
  list.event.start_ms = kStart;
  CHECK(read_back(write_result_list(list, kCreated, "x")).event.start_date == "2011-07-30");
  list.event.start_ms.reset();
  CHECK(read_back(write_result_list(list, kCreated, "x")).event == list.event);
  list.event.start_date.reset();
  list.event.start_ms = kStart;
  CHECK(read_back(write_result_list(list, kCreated, "x")).event.start_ms == kStart);
}

TEST_CASE("iof writer: escapes markup and replaces what XML cannot hold") {
  ResultList list;
  list.event.name = "Tom & Jerry's <Cup> \"2011\"";
  PersonResult r = result("O'Brien & <Sons>");
  r.person.given = "Zoë\tLine\nbreak\r";
  r.organisation = "]]> CDATA end & &amp;";
  r.bib = std::string("a\x01" "b\x7f" "c", 5);
  r.splits = {{"<31>", 1.0, "OK"}};
  list.classes.push_back({{"Élite \"A\""}, {r}});
  const std::string xml = write_result_list(list, kCreated, "quote\" & <tag>");
  CHECK(xml.find("<Name>Tom &amp; Jerry's &lt;Cup&gt; &quot;2011&quot;</Name>") != std::string::npos);
  CHECK(xml.find("creator=\"quote&quot; &amp; &lt;tag&gt;\"") != std::string::npos);
  CHECK(xml.find("<Given>Zoë&#9;Line&#10;break&#13;</Given>") != std::string::npos);
  const ResultList back = read_back(xml);
  CHECK(back.event.name == list.event.name);
  const auto& got = back.classes.at(0).second.at(0);
  CHECK(got.person.family == "O'Brien & <Sons>");
  CHECK(got.person.given == "Zoë\tLine\nbreak");  // the reader trims the white space around
  CHECK(got.organisation == "]]> CDATA end & &amp;");
  CHECK(got.bib == "a\xEF\xBF\xBD" "b\x7f" "c");  // a control character XML cannot hold: U+FFFD
  CHECK(got.splits.at(0).control_code == "<31>");
  CHECK(back.classes[0].first.name == "Élite \"A\"");

  // Bytes that are not UTF-8 (a lone continuation, a cut sequence, an encoded surrogate).
  r.person.family = "\x80" "A\xC3" "B\xED\xA0\x80" "C";
  list.classes[0].second = {r};
  CHECK(read_back(write_result_list(list, kCreated, "x")).classes[0].second[0].person.family ==
        "\xEF\xBF\xBD" "A\xEF\xBF\xBD" "B\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "C");
}

TEST_CASE("iof writer: the writer object streams a large list in pieces") {
  std::ostringstream out;
  ResultListWriter writer(out, {"Big", std::nullopt, std::nullopt, "2024-05-01"}, kCreated, "fitkit");
  constexpr int kResults = 20000;
  std::size_t written_before_finish = 0;
  for (int c = 0; c < 4; ++c) {
    writer.begin_class({"Class " + std::to_string(c)});
    for (int i = 0; i < kResults / 4; ++i) {
      PersonResult r = result("Runner" + std::to_string(i));
      r.position = i + 1;
      r.time_s = 1000 + i;
      writer.add_result(r);
    }
    if (c == 1) written_before_finish = out.str().size();
  }
  writer.finish();
  CHECK(written_before_finish > 64 * 1024);  // results went out before the end
  RecordingHandler handler;
  const std::string xml = out.str();
  formats::MemorySource in(xml);
  read_result_list(in, handler);
  REQUIRE(handler.results.size() == kResults);
  CHECK(handler.results.back().position == kResults / 4);
  CHECK(handler.results.back().person.family == "Runner4999");
  CHECK_THROWS_AS(writer.add_result(result("Late")), Error);
}

TEST_CASE("iof writer: refuses values IOF cannot hold, writing nothing of their element") {
  auto refusal_field = [](const PersonResult& r) -> std::string {
    std::ostringstream out;
    ResultListWriter writer(out, {"E"}, kCreated, "x");
    writer.begin_class({"Open"});
    try {
      writer.add_result(r);
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      // The list goes on; the refused result left nothing behind.
      writer.add_result(result("Good"));
      writer.finish();
      const auto back = read_result_list(out.str());
      CHECK(back.classes.at(0).second.size() == 1);
      return e.field();
    }
    return "";
  };
  CHECK(refusal_field(result("A", "Ok")) == "status");
  CHECK(refusal_field(result("A", "")) == "status");
  auto r = result("A");
  r.time_s = -1;
  CHECK(refusal_field(r) == "time_s");
  r.time_s = std::numeric_limits<double>::quiet_NaN();
  CHECK(refusal_field(r) == "time_s");
  r = result("A");
  r.time_behind_s = std::numeric_limits<double>::infinity();
  CHECK(refusal_field(r) == "time_behind_s");
  r = result("A");
  r.score = std::nan("");
  CHECK(refusal_field(r) == "score");
  r = result("A");
  r.splits = {{"31", -5.0, "OK"}};
  CHECK(refusal_field(r) == "splits.time_s");
  r.splits = {{"31", 5.0, "Late"}};
  CHECK(refusal_field(r) == "splits.status");
  r = result("A");
  r.leg = 2;
  CHECK(refusal_field(r) == "leg");
  r = result("A");
  r.person.sex = "X";
  CHECK(refusal_field(r) == "sex");
  r = result("A");
  r.person.birth_date = "1980-02-30";
  CHECK(refusal_field(r) == "birth_date");
  r = result("A");
  r.start_ms = 300000000000000;  // the year 11476
  CHECK(refusal_field(r) == "start_ms");
  r = result("A");
  r.position = -1;
  CHECK(refusal_field(r) == "position");

  // Order and state of the writer object.
  std::ostringstream out;
  ResultListWriter writer(out, {"E"}, kCreated, "x");
  CHECK_THROWS_AS(writer.add_result(result("A")), Error);  // before any class
  writer.begin_class({"Relay"});
  PersonResult member = result("M");
  member.team = "T";
  writer.add_result(member);
  try {
    writer.add_result(result("Individual"));
    FAIL("an individual result after a team was written");
  } catch (const Error& e) {
    CHECK(e.field() == "team");
  }
  writer.finish();
  CHECK(read_result_list(out.str()).classes.at(0).second.size() == 1);

  CHECK_THROWS_AS(write_result_list(ResultList{{"E"}, "Final", {}}, kCreated, "x"), Error);
  CHECK_THROWS_AS(write_result_list(ResultList{{"E", std::nullopt, std::nullopt, "30.07.2011"}}, kCreated, "x"), Error);
  CHECK_THROWS_AS(write_result_list(ResultList{{"E"}}, -70000000000000, "x"), Error);
}

TEST_CASE("iof writer: entry and start lists hold the people, classes, bibs and start times") {
  const EventInfo event{"Spring Cup", "E-17", kStart, "2011-07-30"};
  Entry entry{{"George", "Wood", "501", "1980-02-29", "M", "GBR"}, "OC & Co", "101", {"Men Elite", "ME", "1"}};
  const std::string entries = write_entry_list(event, {entry, Entry{{"Ann", "Lee"}, {}, {}, {"Open"}}}, kCreated, "fk");
  CHECK(entries.find("<EntryList xmlns=\"http://www.orienteering.org/datastandard/3.0\" iofVersion=\"3.0\" "
                     "createTime=\"2011-07-31T21:46:33Z\" creator=\"fk\">") != std::string::npos);
  CHECK(entries.find("<Person sex=\"M\">") != std::string::npos);
  CHECK(entries.find("<Nationality code=\"GBR\">GBR</Nationality>") != std::string::npos);
  CHECK(entries.find("<Name>OC &amp; Co</Name>") != std::string::npos);
  CHECK(entries.find("<ShortName>ME</ShortName>") != std::string::npos);
  CHECK(entries.find("101") == std::string::npos);  // an EntryList has no bib
  CHECK(entries.find("</EntryList>\n") == entries.size() - 13);

  Start start{{"George", "Wood"}, "OC", "101", kStart + 120000};
  const std::string starts =
      write_start_list(event, {{{"Men Elite"}, {start, Start{{"Ann", "Lee"}}}}, {{"Empty"}, {}}}, kCreated, "fk");
  CHECK(starts.find("<ClassStart>") != std::string::npos);
  CHECK(starts.find("<Start>\n        <BibNumber>101</BibNumber>\n        <StartTime>2011-07-30T09:02:00Z"
                    "</StartTime>") != std::string::npos);
  CHECK(starts.find("</StartList>\n") == starts.size() - 13);

  start.person.sex = "male";
  CHECK_THROWS_AS(write_start_list(event, {{{"Men Elite"}, {start}}}, kCreated, "fk"), Error);
  entry.person.birth_date = "29.02.1980";
  CHECK_THROWS_AS(write_entry_list(event, {entry}, kCreated, "fk"), Error);
}

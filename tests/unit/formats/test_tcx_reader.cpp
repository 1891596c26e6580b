// The TCX reader: activities, laps (sent at their end), tracks, trackpoints with the
// ActivityExtension fields, the creator, one session summing the laps, and a clear refusal,
// with its position, of all else.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/tcx_reader.hpp"
#include "unit/formats/samples.hpp"
#include "unit/formats/xml_reader_support.hpp"

using namespace fitkit;
using namespace fitkit::formats;
using fitkit::test::xml_readers::ByteByByteSource;
using fitkit::test::xml_readers::EventLog;

namespace {

EventLog read(std::string_view document) { return fitkit::test::xml_readers::read_document(read_tcx, document); }

// The message of the error reading `document` gives, or "" when it reads.
std::string refusal(std::string_view document) { return fitkit::test::xml_readers::refusal_of(read_tcx, document); }

const std::string kRide = R"(<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
  <Activities>
    <Activity Sport="Biking">
      <Id>2024-05-01T07:30:00Z</Id>
      <Lap StartTime="2024-05-01T07:30:00Z">
        <TotalTimeSeconds>600.5</TotalTimeSeconds>
        <DistanceMeters>5000</DistanceMeters>
        <MaximumSpeed>12.5</MaximumSpeed>
        <Calories>150</Calories>
        <AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm>
        <MaximumHeartRateBpm><Value>171</Value></MaximumHeartRateBpm>
        <Intensity>Active</Intensity>
        <Cadence>85</Cadence>
        <TriggerMethod>Manual</TriggerMethod>
        <Track>
          <Trackpoint>
            <Time>2024-05-01T07:30:00Z</Time>
            <Position><LatitudeDegrees>46.5</LatitudeDegrees><LongitudeDegrees>6.25</LongitudeDegrees></Position>
            <AltitudeMeters>372.5</AltitudeMeters>
            <DistanceMeters>0</DistanceMeters>
            <HeartRateBpm><Value>120</Value></HeartRateBpm>
            <Cadence>80</Cadence>
            <Extensions><ns3:TPX><ns3:Speed>8.5</ns3:Speed><ns3:Watts>210</ns3:Watts></ns3:TPX></Extensions>
          </Trackpoint>
          <Trackpoint>
            <Time>2024-05-01T09:30:01.5+02:00</Time>
            <SensorState>Present</SensorState>
          </Trackpoint>
        </Track>
        <Track>
          <Trackpoint>
            <Time>2024-05-01T07:40:00Z</Time>
            <Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Speed>9</Speed></TPX></Extensions>
          </Trackpoint>
        </Track>
        <Extensions><ns3:LX><ns3:AvgSpeed>8.3</ns3:AvgSpeed><ns3:AvgWatts>190</ns3:AvgWatts><ns3:MaxWatts>400</ns3:MaxWatts></ns3:LX></Extensions>
      </Lap>
      <Lap StartTime="2024-05-01T07:40:00.5Z">
        <TotalTimeSeconds>300</TotalTimeSeconds>
        <DistanceMeters>2500.5</DistanceMeters>
        <MaximumSpeed>13</MaximumSpeed>
        <Calories>80</Calories>
        <MaximumHeartRateBpm><Value>165</Value></MaximumHeartRateBpm>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
      </Lap>
      <Creator xsi:type="Device_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <Name>Edge 530</Name>
        <UnitId>3854007508</UnitId>
        <ProductID>3121</ProductID>
      </Creator>
    </Activity>
  </Activities>
  <Author xsi:type="Application_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Name>Garmin Connect</Name></Author>
</TrainingCenterDatabase>
)";

}  // namespace

TEST_CASE("tcx reader: an activity's laps, tracks, points, creator and session, in file order") {
  const auto sink = read(kRide);
  CHECK(sink.events == std::vector<std::string>{
                           "track Biking",
                           "segment",
                           "point 1714548600000 46.5 6.25 372.5 0 8.5 120 80 210 -",
                           "point 1714548601500 - - - - - - - - -",
                           "segment",
                           "point 1714549200000 - - - - 9 - - - -",
                           "lap biking 1714548600000 600.5 - 5000 150 140 171 85 190 400 8.3 12.5",
                           "lap biking 1714549200500 300 - 2500.5 80 - 165 - - - - 13",
                           "device |Edge 530|3854007508",
                           "session biking 1714548600000 900.5 - 7500.5 230 - 171 - - 400 - 13",
                       });
}

TEST_CASE("tcx reader: run cadence, a document without namespaces, and a multisport session") {
  const auto run = read(R"(<TrainingCenterDatabase><Activities><Activity Sport="Running">
<Lap StartTime="2024-05-01T07:30:00Z"><Track><Trackpoint><Time>2024-05-01T07:30:00Z</Time>
<Extensions><TPX><RunCadence>88</RunCadence></TPX></Extensions></Trackpoint>
<Trackpoint><Cadence>90</Cadence><Extensions><TPX><RunCadence>88</RunCadence></TPX></Extensions></Trackpoint></Track>
<Extensions><LX><AvgRunCadence>87</AvgRunCadence></LX></Extensions></Lap></Activity></Activities></TrainingCenterDatabase>)");
  REQUIRE(run.points.size() == 2);
  CHECK(run.points[0].cadence_rpm == 88);
  CHECK(run.points[1].cadence_rpm == 90);  // Cadence first, RunCadence only in its absence
  CHECK(run.laps.at(0).avg_cadence_rpm == 87);
  CHECK(run.sessions.at(0).sport == "running");
  CHECK_FALSE(run.sessions.at(0).distance_m);  // no lap gives it: empty, not 0

  const auto multi = read(R"(<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><MultiSportSession><Id>2024-05-01T07:00:00Z</Id>
<FirstSport><Activity Sport="Running"><Lap StartTime="2024-05-01T07:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds></Lap></Activity></FirstSport>
<NextSport><Transition StartTime="2024-05-01T07:01:00Z"><TotalTimeSeconds>5</TotalTimeSeconds></Transition>
<Activity Sport="Biking"><Lap StartTime="2024-05-01T07:01:05Z"><TotalTimeSeconds>120</TotalTimeSeconds></Lap></Activity></NextSport>
</MultiSportSession></Activities>
<Courses><Course><Track><Trackpoint><Time>2024-05-01T07:00:00Z</Time></Trackpoint></Track></Course></Courses>
</TrainingCenterDatabase>)");
  CHECK(multi.tracks == std::vector<std::string>{"Running", "Biking"});
  REQUIRE(multi.sessions.size() == 2);
  CHECK(multi.sessions[0].elapsed_s == 60);
  CHECK(multi.sessions[1].elapsed_s == 120);
  CHECK(multi.sessions[1].sport == "biking");
  CHECK(multi.points.empty());  // a course is a plan: skipped
}

TEST_CASE("tcx reader: a byte-order mark, and the same events a byte at a time") {
  const auto bom = read("\xEF\xBB\xBF" + kRide);
  CHECK(bom.all() == read(kRide).all());
  ByteByByteSource in(kRide);
  EventLog bytewise;
  read_tcx(in, bytewise);
  CHECK(bytewise.all() == read(kRide).all());
  CHECK(bytewise.points.size() == 3);
}

TEST_CASE("tcx reader: refuses what is not TCX v2, saying what and where") {
  CHECK(refusal("<gpx version=\"1.1\"/>") == "TCX: not a TCX v2 document: the root element is gpx at line 1, column 1");
  CHECK(refusal("<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v1\"/>") ==
        "TCX: not a TCX v2 document: the root element is "
        "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v1}TrainingCenterDatabase at line 1, column 1");
  CHECK(refusal("<TrainingCenterDatabase>\n<Activities>\n</Activity></TrainingCenterDatabase>") ==
        "TCX: malformed XML: mismatched tag at line 3, column 3");
  CHECK(refusal("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<TrainingCenterDatabase>&a;</TrainingCenterDatabase>") ==
        "TCX: a DOCTYPE is not allowed (nor the entities it could declare) at line 2, column 13");
}

TEST_CASE("tcx reader: refuses impossible positions, times and numbers, saying where") {
  const std::string head =
      "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">\n<Lap StartTime=\"2024-05-01T07:30:00Z\"><Track>\n";
  const std::string tail = "</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
  CHECK(refusal(head + "<Trackpoint><Position><LatitudeDegrees>91.5</LatitudeDegrees><LongitudeDegrees>1</LongitudeDegrees></Position></Trackpoint>" + tail) ==
        "TCX: latitude 91.5 out of range (-90 to 90) at line 3, column 44");
  CHECK(refusal(head + "<Trackpoint><Position><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>nan</LongitudeDegrees></Position></Trackpoint>" + tail) ==
        "TCX: longitude \"nan\" is not a number at line 3, column 80");
  CHECK(refusal(head + "<Trackpoint><Position><LatitudeDegrees>1</LatitudeDegrees></Position></Trackpoint>" + tail) ==
        "TCX: Position without LongitudeDegrees at line 3, column 59");
  CHECK(refusal(head + "<Trackpoint><Time>2024-05-01 T07:30:00Z</Time></Trackpoint>" + tail) ==
        "TCX: Time \"2024-05-01 T07:30:00Z\" is not an ISO 8601 date and time (like 2024-05-01T07:30:00Z) at line 3, "
        "column 40");
  CHECK(refusal(head + "<Trackpoint><HeartRateBpm><Value>1O0</Value></HeartRateBpm></Trackpoint>" + tail) ==
        "TCX: HeartRateBpm \"1O0\" is not a number at line 3, column 37");
  CHECK(refusal("<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">\n<Lap StartTime=\"today\"/>" + tail.substr(8))
            .find("TCX: Lap StartTime \"today\" is not an ISO 8601 date and time") == 0);
}

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("tcx samples: every file reads, whole or a byte at a time") {
    const auto dir = fitkit::test::samples_dir();
    if (!dir) return;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(*dir / "tcx")) {
      if (entry.path().extension() != ".tcx") continue;
      ++files;
      const std::string name = entry.path().filename().string();
      CAPTURE(name);
      const auto& path = entry.path();
      FileSource file(path);
      EventLog sink;
      REQUIRE_NOTHROW(read_tcx(file, sink));
      const std::string bytes = slurp(path);
      ByteByByteSource one(bytes);
      EventLog bytewise;
      REQUIRE_NOTHROW(read_tcx(one, bytewise));
      CHECK(bytewise.all() == sink.all());

      CHECK(sink.tracks == std::vector<std::string>{"Running"});
      CHECK(sink.points.size() == 384);
      CHECK(sink.segments == 3);
      REQUIRE(sink.laps.size() == 3);
      REQUIRE(sink.sessions.size() == 1);
      const auto& first = sink.points.front();
      CHECK(first.latitude == 35.951880198);
      CHECK(first.longitude == -79.0931872185);
      CHECK(first.time_ms == 1356557393000);  // 2012-12-26T21:29:53Z
      CHECK(first.elevation_m == 178.942626953);
      CHECK(first.distance_m == 0.0);
      CHECK(sink.points.back().time_ms == 1356559385000);  // 22:03:05, a point with a time only
      CHECK_FALSE(sink.points.back().latitude);
      CHECK(sink.laps[0].start_ms == 1356557393000);
      CHECK(sink.laps[0].elapsed_s == 608.47);
      CHECK(sink.laps[0].distance_m == 1609.34399414);
      CHECK(sink.laps[0].calories_kcal == 94);
      CHECK(sink.laps[0].max_speed_mps == 4.55431461334);
      const auto& session = sink.sessions[0];
      CHECK(session.sport == "running");
      CHECK(session.start_ms == 1356557393000);
      CHECK(session.elapsed_s == doctest::Approx(*sink.laps[0].elapsed_s + *sink.laps[1].elapsed_s + *sink.laps[2].elapsed_s));
      CHECK(session.distance_m == doctest::Approx(*sink.laps[0].distance_m + *sink.laps[1].distance_m + *sink.laps[2].distance_m));
      REQUIRE(sink.devices.size() == 1);
      CHECK(sink.devices[0].product == "Forerunner 410 Software Version 2.20");
      CHECK(sink.devices[0].serial_number == 3854007508u);
      MESSAGE(name << ": " << sink.points.size() << " points, " << sink.laps.size() << " laps");

      if (name == "test.tcx") {
        CHECK(first.heart_rate_bpm == 62);
        CHECK(sink.laps[0].avg_heart_rate_bpm == 139);
        CHECK(sink.laps[0].max_heart_rate_bpm == 189);
        CHECK(session.max_heart_rate_bpm.has_value());
      } else {
        for (const auto& p : sink.points) CHECK_FALSE(p.heart_rate_bpm);
        CHECK_FALSE(sink.laps[0].avg_heart_rate_bpm);
        CHECK_FALSE(session.max_heart_rate_bpm);
      }
    }
    CHECK(files == 2);
  }
}

// The GPX reader: tracks, segments and points of GPX 1.1 and 1.0, the extension fields with
// and without namespaces, time zones, and a clear refusal, with its position, of all else.
#include <doctest/doctest.h>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/gpx_reader.hpp"
#include "unit/formats/samples.hpp"
#include "unit/formats/xml_reader_support.hpp"

using namespace fitkit;
using namespace fitkit::formats;
using fitkit::test::xml_readers::ByteByByteSource;
using fitkit::test::xml_readers::EventLog;

namespace {

EventLog read(std::string_view document) { return fitkit::test::xml_readers::read_document(read_gpx, document); }

// The message of the error reading `document` gives, or "" when it reads.
std::string refusal(std::string_view document) { return fitkit::test::xml_readers::refusal_of(read_gpx, document); }

const std::string kTwoTracks = R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Edge 530" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><name>ignored</name><time>2024-05-01T07:00:00Z</time></metadata>
  <wpt lat="1" lon="2"><name>a place</name></wpt>
  <rte><rtept lat="3" lon="4"/></rte>
  <trk>
    <name> Morning run </name>
    <trkseg>
      <trkpt lat="46.5" lon="6.25"><ele>372.5</ele><time>2024-05-01T07:30:00Z</time></trkpt>
      <trkpt lat="46.5001" lon="6.2502"><ele>373</ele><time>2024-05-01T07:30:01.250Z</time></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="-33.9" lon="-180"/>
    </trkseg>
  </trk>
  <trk>
    <trkseg><trkpt lat="90" lon="180"><time>2024-05-01T08:00:00Z</time></trkpt></trkseg>
  </trk>
</gpx>
)";

}  // namespace

TEST_CASE("gpx reader: several tracks and segments, in file order") {
  const auto sink = read(kTwoTracks);
  CHECK(sink.events == std::vector<std::string>{
                           "device |Edge 530|-",
                           "track Morning run",
                           "segment",
                           "point 1714548600000 46.5 6.25 372.5 - - - - - -",
                           "point 1714548601250 46.5001 6.2502 373 - - - - - -",
                           "segment",
                           "point - -33.9 -180 - - - - - - -",
                           "track ",
                           "segment",
                           "point 1714550400000 90 180 - - - - - - -",
                       });
}

TEST_CASE("gpx reader: GPX 1.0 with speed, and a document without any namespace") {
  const auto v10 = read(R"(<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0">
<trk><trkseg><trkpt lat="52.3" lon="5.5"><ele>48.9</ele><time>2009-03-02T14:05:52Z</time><course>12</course><speed>1.2</speed></trkpt></trkseg></trk></gpx>)");
  REQUIRE(v10.points.size() == 1);
  CHECK(v10.points[0].speed_mps == 1.2);
  CHECK(v10.points[0].elevation_m == 48.9);
  CHECK(v10.points[0].time_ms == 1236002752000);
  CHECK(v10.devices.empty());  // no creator, no device

  const auto bare = read(R"(<gpx><trk><trkseg><trkpt lat="1.5" lon="2.5"><speed> 3.25 </speed></trkpt></trkseg></trk></gpx>)");
  REQUIRE(bare.points.size() == 1);
  CHECK(bare.points[0].latitude == 1.5);
  CHECK(bare.points[0].speed_mps == 3.25);
  CHECK_FALSE(bare.points[0].time_ms);  // a field the file does not give stays empty
  CHECK_FALSE(bare.points[0].elevation_m);
}

TEST_CASE("gpx reader: extension fields with Garmin's namespaces, other prefixes and none") {
  const auto sink = read(R"(<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
    xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
    xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
    xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1">
<trk><trkseg>
<trkpt lat="1" lon="1"><extensions><gpxtpx:TrackPointExtension><gpxtpx:atemp>21.5</gpxtpx:atemp><gpxtpx:wtemp>15</gpxtpx:wtemp><gpxtpx:hr>142</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
<trkpt lat="2" lon="2"><extensions><ns3:TrackPointExtension><ns3:hr>150</ns3:hr><ns3:speed>3.4</ns3:speed><ns3:course>90</ns3:course></ns3:TrackPointExtension><pwr:PowerInWatts>250</pwr:PowerInWatts></extensions></trkpt>
<trkpt lat="3" lon="3"><extensions><hr>120</hr><cad>80</cad><power>199</power><wtemp>12.5</wtemp></extensions></trkpt>
<trkpt lat="4" lon="4"><extensions><x:TrackPointExtension xmlns:x="http://example.com/other"><x:hr>99</x:hr><x:note>ok</x:note></x:TrackPointExtension></extensions></trkpt>
</trkseg></trk></gpx>)");
  REQUIRE(sink.points.size() == 4);
  const auto& tpx1 = sink.points[0];
  CHECK(tpx1.heart_rate_bpm == 142);
  CHECK(tpx1.cadence_rpm == 88);
  CHECK(tpx1.temperature_c == 21.5);  // the air's, though the water's is given too
  const auto& tpx2 = sink.points[1];
  CHECK(tpx2.heart_rate_bpm == 150);
  CHECK(tpx2.speed_mps == 3.4);
  CHECK(tpx2.power_w == 250);
  CHECK_FALSE(tpx2.cadence_rpm);
  const auto& bare = sink.points[2];
  CHECK(bare.heart_rate_bpm == 120);
  CHECK(bare.cadence_rpm == 80);
  CHECK(bare.power_w == 199);
  CHECK(bare.temperature_c == 12.5);  // only the water's: taken
  CHECK(sink.points[3].heart_rate_bpm == 99);
}

TEST_CASE("gpx reader: a byte-order mark, a CDATA name, comments and windows-1252") {
  const auto bom = read("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                        "<gpx creator=\"Ultra GPS Logger\"><trk><name><![CDATA[Évian ™]]></name><trkseg>"
                        "<!-- acc:30 --><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>");
  CHECK(bom.tracks == std::vector<std::string>{"Évian ™"});
  CHECK(bom.points.size() == 1);
  CHECK(bom.devices.at(0).product == "Ultra GPS Logger");

  const auto latin = read("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
                          "<gpx><trk><name>Caf\xE9 \x80</name></trk></gpx>");
  CHECK(latin.tracks == std::vector<std::string>{"Café €"});
}

TEST_CASE("gpx reader: times in UTC, with offsets and fractions") {
  auto time_of = [](const std::string& text) {
    const auto sink = read("<gpx><trk><trkseg><trkpt lat=\"0\" lon=\"0\"><time>" + text +
                           "</time></trkpt></trkseg></trk></gpx>");
    return sink.points.at(0).time_ms;
  };
  CHECK(time_of("2024-05-01T07:30:00Z") == 1714548600000);
  CHECK(time_of(" 2024-05-01T07:30:00Z\n") == 1714548600000);
  CHECK(time_of("2024-05-01T09:30:00+02:00") == 1714548600000);
  CHECK(time_of("2024-05-01T02:00:00-05:30") == 1714548600000);
  CHECK(time_of("2024-05-01T08:30:00+0100") == 1714548600000);
  CHECK(time_of("2024-05-01T07:30:00.5Z") == 1714548600500);
  CHECK(time_of("2024-05-01T07:30:00.123456Z") == 1714548600123);
  CHECK(time_of("2015-12-11T15:43:13.994+01:00") == 1449844993994);
  CHECK(time_of("2024-05-01T07:30:00") == 1714548600000);  // no zone: read as UTC
  CHECK(time_of("2024-01-01T00:30:00+01:00") == 1704065400000);  // the previous year in UTC
  CHECK(time_of("1969-12-31T23:59:59Z") == -1000);
  CHECK_FALSE(time_of(""));  // empty: no time
}

TEST_CASE("gpx reader: routes and waypoints are skipped, so are tracks of another namespace") {
  const auto sink = read(R"(<gpx xmlns="http://www.topografix.com/GPX/1/1" xmlns:o="http://example.com/o">
<wpt lat="45" lon="14"><ele>1</ele></wpt>
<rte><name>plan</name><rtept lat="45" lon="14"/><rtept lat="95" lon="14"/></rte>
<o:trk><o:trkseg><o:trkpt lat="1" lon="2"/></o:trkseg></o:trk>
</gpx>)");
  CHECK(sink.events.empty());
}

TEST_CASE("gpx reader: the same events whether the bytes come at once or one at a time") {
  const auto whole = read(kTwoTracks);
  ByteByByteSource in(kTwoTracks);
  EventLog bytewise;
  read_gpx(in, bytewise);
  CHECK(bytewise.all() == whole.all());
  CHECK(bytewise.points.size() == 4);
}

TEST_CASE("gpx reader: a .gpx.gz through a GzipSource, whose own refusals pass through") {
  std::string packed(compressBound(static_cast<uLong>(kTwoTracks.size())) + 32, '\0');
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(kTwoTracks.data()));
  z.avail_in = static_cast<uInt>(kTwoTracks.size());
  z.next_out = reinterpret_cast<Bytef*>(packed.data());
  z.avail_out = static_cast<uInt>(packed.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  packed.resize(z.total_out);
  deflateEnd(&z);

  MemorySource raw(packed);
  GzipSource in(raw, 1 << 20);
  EventLog sink;
  read_gpx(in, sink);
  CHECK(sink.all() == read(kTwoTracks).all());

  MemorySource cut_raw(std::string_view(packed).substr(0, packed.size() / 2));
  GzipSource cut(cut_raw, 1 << 20);
  EventLog partial;
  CHECK_THROWS_WITH_AS(read_gpx(cut, partial), "gzip: the compressed data ends early", Error);
}

TEST_CASE("gpx reader: refuses what is not GPX, saying what and where") {
  CHECK(refusal("<?xml version=\"1.0\"?>\n<TrainingCenterDatabase/>") ==
        "GPX: not a GPX 1.0 or 1.1 document: the root element is TrainingCenterDatabase at line 2, column 1");
  CHECK(refusal("<gpx xmlns=\"http://www.topografix.com/GPX/2/0\"/>") ==
        "GPX: not a GPX 1.0 or 1.1 document: the root element is {http://www.topografix.com/GPX/2/0}gpx at "
        "line 1, column 1");
  CHECK(refusal("<gpx>\n<trk>\n<trkseg></trk></gpx>") ==
        "GPX: malformed XML: mismatched tag at line 3, column 11");
  CHECK(refusal("<gpx><trk>") == "GPX: malformed XML: no element found at line 1, column 11");
  CHECK(refusal("") == "GPX: malformed XML: no element found at line 1, column 1");
  CHECK(refusal("not xml at all") == "GPX: malformed XML: syntax error at line 1, column 1");
  CHECK(refusal("<gpx>&nbsp;</gpx>") == "GPX: malformed XML: undefined entity at line 1, column 6");
}

TEST_CASE("gpx reader: refuses impossible coordinates, times and numbers, saying where") {
  const std::string head = "<gpx>\n<trk>\n<trkseg>\n";
  CHECK(refusal(head + "  <trkpt lat=\"91.5\" lon=\"10\"/>\n</trkseg></trk></gpx>") ==
        "GPX: latitude 91.5 out of range (-90 to 90) at line 4, column 3");
  CHECK(refusal(head + "<trkpt lat=\"45\" lon=\"-180.25\"/></trkseg></trk></gpx>") ==
        "GPX: longitude -180.25 out of range (-180 to 180) at line 4, column 1");
  CHECK(refusal(head + "<trkpt lat=\"NaN\" lon=\"1\"/></trkseg></trk></gpx>") ==
        "GPX: latitude \"NaN\" is not a number at line 4, column 1");
  CHECK(refusal(head + "<trkpt lat=\"1\" lon=\"inf\"/></trkseg></trk></gpx>") ==
        "GPX: longitude \"inf\" is not a number at line 4, column 1");
  CHECK(refusal(head + "<trkpt lat=\"\" lon=\"1\"/></trkseg></trk></gpx>") ==
        "GPX: latitude is empty at line 4, column 1");
  CHECK(refusal(head + "<trkpt lon=\"1\"/></trkseg></trk></gpx>") == "GPX: trkpt without lat at line 4, column 1");
  CHECK(refusal(head + "<trkpt lat=\"1\"/></trkseg></trk></gpx>") == "GPX: trkpt without lon at line 4, column 1");
  CHECK(refusal(head + "<trkpt lat=\"1\" lon=\"2\"><time>yesterday</time></trkpt></trkseg></trk></gpx>") ==
        "GPX: time \"yesterday\" is not an ISO 8601 date and time (like 2024-05-01T07:30:00Z) at line 4, "
        "column 39");
  CHECK(refusal(head + "<trkpt lat=\"1\" lon=\"2\"><time>2024-02-30T10:00:00Z</time></trkpt></trkseg></trk></gpx>")
            .find("GPX: time \"2024-02-30T10:00:00Z\" is not an ISO 8601") == 0);
  CHECK(refusal(head + "<trkpt lat=\"1\" lon=\"2\"><ele>12 m</ele></trkpt></trkseg></trk></gpx>") ==
        "GPX: elevation \"12 m\" is not a number at line 4, column 33");
  CHECK(refusal(head + "<trkpt lat=\"1\" lon=\"2\"><extensions><hr>fast</hr></extensions></trkpt></trkseg></trk></gpx>") ==
        "GPX: heart rate \"fast\" is not a number at line 4, column 44");
}

TEST_CASE("gpx reader: refuses a DOCTYPE, so the billion laughs never expand") {
  const std::string laughs = R"(<?xml version="1.0"?>
<!DOCTYPE gpx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<gpx><trk><name>&lol9;</name></trk></gpx>
)";
  CHECK(refusal(laughs) ==
        "GPX: a DOCTYPE is not allowed (nor the entities it could declare) at line 2, column 15");
  // Even an empty one, and an external one.
  CHECK(refusal("<!DOCTYPE gpx><gpx/>").find("GPX: a DOCTYPE is not allowed") == 0);
  CHECK(refusal("<!DOCTYPE gpx SYSTEM \"file:///etc/passwd\"><gpx/>").find("GPX: a DOCTYPE is not allowed") == 0);
}

TEST_CASE("gpx reader: what the sink throws passes through unchanged and stops the reading") {
  struct Stopping final : ActivitySink {
    int points = 0;
    void on_point(const TrackPoint&) override {
      if (++points == 2) throw std::runtime_error("enough");
    }
  } sink;
  MemorySource in(kTwoTracks);
  CHECK_THROWS_WITH_AS(read_gpx(in, sink), "enough", std::runtime_error);
  CHECK(sink.points == 2);
}

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("gpx samples: every file reads, whole or a byte at a time") {
    const auto dir = fitkit::test::samples_dir();
    if (!dir) return;
    std::map<std::string, EventLog> read_files;
    for (const auto& entry : std::filesystem::directory_iterator(*dir / "gpx")) {
      if (entry.path().extension() != ".gpx") continue;
      const std::string name = entry.path().filename().string();
      CAPTURE(name);
      const std::string bytes = slurp(entry.path());
      FileSource file(entry.path());
      EventLog sink;
      REQUIRE_NOTHROW(read_gpx(file, sink));
      ByteByByteSource one(bytes);
      EventLog bytewise;
      REQUIRE_NOTHROW(read_gpx(one, bytewise));
      CHECK(bytewise.all() == sink.all());
      MESSAGE(name << ": " << sink.points.size() << " points, " << sink.tracks.size() << " tracks, "
                   << sink.segments << " segments");
      read_files.emplace(name, std::move(sink));
    }
    REQUIRE(read_files.size() == 24);

    const auto& lake = read_files.at("cerknicko-jezero.gpx");
    CHECK(lake.points.size() == 296);
    CHECK(lake.tracks.size() == 8);
    CHECK(lake.points[0].latitude == 45.772175035);
    CHECK(lake.points[0].longitude == 14.357659249);
    CHECK(lake.points[0].elevation_m == 542.320923);
    CHECK(lake.points[0].time_ms == 1281018239000);  // 2010-08-05T14:23:59Z
    CHECK_FALSE(lake.points[0].heart_rate_bpm);
    CHECK(lake.devices.at(0).product == "GPSBabel - http://www.gpsbabel.org");
    CHECK(read_files.at("cerknicko-jezero-no-creator.gpx").devices.empty());
    CHECK(read_files.at("cerknicko-jezero-without-elevations.gpx").points.size() == 296);
    CHECK_FALSE(read_files.at("cerknicko-jezero-without-elevations.gpx").points[0].elevation_m);
    CHECK(read_files.at("cerknicko-jezero-with-elevations-zero.gpx").points.back().elevation_m == 0.0);
    CHECK_FALSE(read_files.at("cerknicko-without-times.gpx").points[0].time_ms);

    const auto& car = read_files.at("around-visnjan-with-car.gpx");
    CHECK(car.points.size() == 104);
    CHECK(car.devices.at(0).product == "eTrex 20x");
    CHECK(car.tracks == std::vector<std::string>{"2020-12-18 07:24:29"});

    const auto& nike = read_files.at("track-with-less-sec-time.gpx");
    REQUIRE(nike.points.size() == 2);
    CHECK(nike.points[0].latitude == 57.011456);
    CHECK(nike.points[0].time_ms == 1449844993000);  // 15:43:13.000+01:00
    CHECK(nike.points[1].time_ms == 1449844993994);

    const auto& speed = read_files.at("track_with_speed.gpx");
    REQUIRE(speed.points.size() == 3);
    CHECK(speed.points[0].speed_mps == 1.2);
    CHECK(speed.points[2].speed_mps == 3.2);

    const auto& empty_segment = read_files.at("track-with-empty-segment.gpx");
    CHECK(empty_segment.points.size() == 9);
    CHECK(empty_segment.segments == 2);

    CHECK(read_files.at("first_and_last_elevation.gpx").points.size() == 10);
    CHECK(read_files.at("gpx-with-node-with-comments.gpx").tracks == std::vector<std::string>{"2014-05-06_132925"});
    CHECK(read_files.at("gpx1.0_with_all_fields.gpx").points.size() == 1);
    CHECK(read_files.at("gpx1.1_with_all_fields.gpx").points.at(0).time_ms == 1357041604000);  // no zone: UTC
    CHECK(read_files.at("track-with-small-floats.gpx").points.at(0).latitude == 0.000091697);
    CHECK(read_files.at("unicode2.gpx").tracks == std::vector<std::string>{"test™"});
    CHECK(read_files.at("unicode2.gpx").points.empty());  // its one segment is empty

    // Waypoints or routes only: they read, and give no points.
    for (const char* name : {"route.gpx", "unicode.gpx", "unicode_with_bom.gpx", "gpx_with_garmin_extension.gpx",
                             "gpx1.1_with_extensions.gpx", "gpx1.1_with_extensions_without_namespaces.gpx",
                             "custom_schema_locations.gpx", "default_schema_locations.gpx"}) {
      CAPTURE(name);
      CHECK(read_files.at(name).points.empty());
    }
  }
}

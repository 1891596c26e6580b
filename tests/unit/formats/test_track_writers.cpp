// GPX, GeoJSON, encoded polylines and CSV as other programs read them.
#include <doctest/doctest.h>

#include <expat.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/csv_writer.hpp"
#include "formats/track_writers.hpp"

using namespace fitkit::formats;

namespace {

std::vector<TrackPoint> sample_track() {
  std::vector<TrackPoint> pts(4);
  pts[0] = {.time_ms = 1700000000000, .latitude = 59.437, .longitude = 24.7536, .elevation_m = 12.5,
            .heart_rate_bpm = 120};
  pts[1] = {.time_ms = 1700000001000, .latitude = 59.4371, .longitude = 24.7537, .cadence_rpm = 86};
  pts[2] = {.time_ms = 1700000002000};  // no position: left out
  pts[3] = {.time_ms = 1700000600000, .latitude = 59.44, .longitude = 24.76, .temperature_c = 4.5};
  return pts;
}

// Well-formed XML? And how many elements of a name (with its namespace) it holds.
int count_elements(const std::string& xml, const std::string& name) {
  struct State {
    std::string name;
    int count = 0;
  } state{name};
  XML_Parser p = XML_ParserCreateNS(nullptr, ' ');
  XML_SetUserData(p, &state);
  XML_SetStartElementHandler(p, [](void* data, const XML_Char* element, const XML_Char**) {
    auto* s = static_cast<State*>(data);
    if (s->name == element) ++s->count;
  });
  const bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(p);
  return ok ? state.count : -1;
}

}  // namespace

TEST_CASE("track writers: the encoded polyline of Google's own example") {
  std::vector<TrackPoint> pts{{.latitude = 38.5, .longitude = -120.2},
                              {.latitude = 40.7, .longitude = -120.95},
                              {.time_ms = 1},  // no position: skipped
                              {.latitude = 43.252, .longitude = -126.453}};
  CHECK(encode_polyline(pts) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
  CHECK(encode_polyline({}) == "");
}

TEST_CASE("track writers: GPX 1.1 is well-formed, escaped, split in segments, with Garmin's extension") {
  auto pts = sample_track();
  const std::vector<std::size_t> starts{3};
  const TrackDocument doc{"Morning <run> & \"more\"\x01", "run", "", pts, starts};
  const std::string gpx = write_gpx(doc);
  const std::string ns = "http://www.topografix.com/GPX/1/1 ";
  CHECK(count_elements(gpx, ns + "trk") == 1);
  CHECK(count_elements(gpx, ns + "trkseg") == 2);
  CHECK(count_elements(gpx, ns + "trkpt") == 3);
  CHECK(count_elements(gpx, "http://www.garmin.com/xmlschemas/TrackPointExtension/v1 hr") == 1);
  CHECK(gpx.find("Morning &lt;run&gt; &amp; &quot;more&quot;</name>") != std::string::npos);
  CHECK(gpx.find("<time>2023-11-14T22:13:20.000Z</time>") != std::string::npos);
  CHECK(gpx.find("lat=\"59.4370000\" lon=\"24.7536000\"") != std::string::npos);
  CHECK(gpx.find("<gpxtpx:atemp>4.5</gpxtpx:atemp>") != std::string::npos);
  CHECK(gpx.find("<type>run</type>") != std::string::npos);
}

TEST_CASE("track writers: TCX has a lap per segment, positions where known, power in the extension") {
  auto pts = sample_track();
  pts[1].power_w = 250;
  pts[1].distance_m = 10;
  pts[0].distance_m = 0;
  const std::vector<std::size_t> starts{3};
  const std::string tcx = write_tcx({"ride <1>", "ride", "", pts, starts}, "Biking");
  const std::string ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 ";
  CHECK(count_elements(tcx, ns + "Activity") == 1);
  CHECK(count_elements(tcx, ns + "Lap") == 2);
  CHECK(count_elements(tcx, ns + "Trackpoint") == 4);  // every point has a time
  CHECK(count_elements(tcx, ns + "Position") == 3);
  CHECK(count_elements(tcx, "http://www.garmin.com/xmlschemas/ActivityExtension/v2 Watts") == 1);
  CHECK(tcx.find("<Activity Sport=\"Biking\">") != std::string::npos);
  CHECK(tcx.find("<TotalTimeSeconds>2.0</TotalTimeSeconds>\n    <DistanceMeters>10.0</DistanceMeters>") !=
        std::string::npos);
  CHECK(tcx.find("<Id>2023-11-14T22:13:20.000Z</Id>") != std::string::npos);
}

TEST_CASE("track writers: GeoJSON is a Feature with a line per segment and the times beside") {
  auto pts = sample_track();
  const std::vector<std::size_t> starts{3};
  const auto json = nlohmann::json::parse(write_geojson({"Tallinn \"loop\"", "run", "", pts, starts}));
  CHECK(json["type"] == "Feature");
  CHECK(json["geometry"]["type"] == "MultiLineString");
  const auto& lines = json["geometry"]["coordinates"];
  REQUIRE(lines.size() == 2);
  REQUIRE(lines[0].size() == 2);
  CHECK(lines[0][0][0].get<double>() == doctest::Approx(24.7536));  // longitude first (RFC 7946)
  CHECK(lines[0][0][1].get<double>() == doctest::Approx(59.437));
  CHECK(lines[0][0][2].get<double>() == doctest::Approx(12.5));
  CHECK(lines[0][1].size() == 2);
  CHECK(json["properties"]["name"] == "Tallinn \"loop\"");
  CHECK(json["properties"]["coordTimes"][1][0] == "2023-11-14T22:23:20.000Z");

  const auto empty = nlohmann::json::parse(write_geojson({"", "", "", {}, {}}));
  CHECK(empty["geometry"]["coordinates"].empty());
}

TEST_CASE("csv: RFC 4180 quoting, and formulas neutralised") {
  CsvWriter csv;
  csv.text("name").text("distance").text("note").end_row();
  csv.text("=HYPERLINK(\"http://evil\")").number(5.123).text("a, \"quoted\"\nline").end_row();
  csv.text("+1").number(-3.5, 1).integer(std::nullopt).end_row();
  csv.text("@SUM(A1)").number(std::nullopt).text("-2+3").end_row();
  CHECK(csv.str() ==
        "name,distance,note\r\n"
        "\"'=HYPERLINK(\"\"http://evil\"\")\",5.12,\"a, \"\"quoted\"\"\nline\"\r\n"
        "'+1,-3.5,\r\n"
        "'@SUM(A1),,'-2+3\r\n");
  CHECK(csv_cell("\tcmd") == "'\tcmd");
  CHECK(csv_cell("plain") == "plain");
  CHECK(csv_cell("") == "");
}

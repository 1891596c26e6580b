// The FIT reader over real files (../shared/samples/fit, from python-fitparse's test suite):
// every valid file reads, the damaged ones are refused, counts agree with what independent
// decoders report, and the points match the `*-records.csv` files beside them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/fit_reader.hpp"
#include "unit/formats/fit_test_support.hpp"
#include "unit/formats/samples.hpp"

using namespace fitkit;
using namespace fitkit::formats;
using fitkit::test::RecordingSink;
namespace fs = std::filesystem;

namespace {

const std::set<std::string>& kBroken = fitkit::test::broken_fit_samples();

RecordingSink read_file(const fs::path& path) {
  FileSource in(path);
  RecordingSink sink;
  read_fit(in, sink);
  return sink;
}

std::vector<std::string> split(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

// "Heart Rate [bpm]" -> "heart_rate"
std::string column_name(std::string text) {
  if (const auto bracket = text.find('['); bracket != std::string::npos) text.erase(bracket);
  text.erase(0, text.find_first_not_of(' '));
  text.erase(text.find_last_not_of(' ') + 1);
  for (char& c : text) c = c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The CSV's time: FIT seconds ("17217869") or the SDK dump's "Sun Sep 25 06:00:22 PDT 2011".
std::int64_t csv_time_ms(const std::string& text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return (std::stoll(text) + 631065600) * 1000;
  std::istringstream in(text);
  std::string weekday, month, clock, zone;
  int day = 0, year = 0;
  in >> weekday >> month >> day >> clock >> zone >> year;
  static const std::string months = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const auto m = static_cast<unsigned>(months.find(month) / 3 + 1);
  const int offset_h = zone == "PDT" ? -7 : zone == "PST" ? -8 : 0;
  REQUIRE_MESSAGE((zone == "PDT" || zone == "PST" || zone == "UTC"), "time zone " << zone);
  const int h = std::stoi(clock.substr(0, 2)), min = std::stoi(clock.substr(3, 2)), s = std::stoi(clock.substr(6, 2));
  const std::int64_t local = days_from_civil(year, m, static_cast<unsigned>(day)) * 86400 + h * 3600 + min * 60 + s;
  return (local - offset_h * 3600) * 1000;
}

bool empty_cell(const std::string& cell) { return cell.empty() || cell == "null"; }

// One CSV column against the points' field, with a tolerance; positions in semicircles.
void check_value(const std::string& column, const std::string& cell, const TrackPoint& p, double& last_lat,
                 double& last_lon) {
  const auto expect = [&](std::optional<double> got, double tolerance, bool zero_means_none = false) {
    if (empty_cell(cell) || (zero_means_none && !got && cell == "0")) {
      CHECK_MESSAGE(!got, column << ": the CSV has none, the reader " << got.value_or(0));
      return;
    }
    REQUIRE_MESSAGE(got, column << ": the CSV has " << cell << ", the reader none");
    CHECK_MESSAGE(std::abs(*got - std::stod(cell)) <= tolerance, column << ": " << *got << " vs " << cell);
  };
  const auto position = [&](std::optional<double> got, double& last) {
    // The SDK's dump repeats the last valid position where a record has none.
    if (got) last = *got;
    if (empty_cell(cell)) {
      CHECK_FALSE(got);
      return;
    }
    CHECK(std::abs((got ? *got : last) - std::stod(cell) * 180.0 / 2147483648.0) <= 1e-9);
  };
  if (column == "heart_rate") expect(p.heart_rate_bpm, 0);
  else if (column == "cadence") expect(p.cadence_rpm, 0.999, true);  // + fractional_cadence
  else if (column == "speed") expect(p.speed_mps, 1e-6);
  else if (column == "distance") expect(p.distance_m, 1e-6);
  else if (column == "altitude") expect(p.elevation_m, 1e-6);
  else if (column == "temperature") expect(p.temperature_c, 0);
  else if (column == "position_lat") position(p.latitude, last_lat);
  else if (column == "position_long") position(p.longitude, last_lon);
  else if (column == "timestamp") CHECK(p.time_ms == csv_time_ms(cell));
  else FAIL("unknown column " << column);
}

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("fit samples: every valid file reads and the damaged ones are refused") {
    const auto dir = test::samples_dir();
    if (!dir) return;
    int read = 0, refused = 0;
    for (const auto& entry : fs::directory_iterator(*dir / "fit")) {
      std::string ext = entry.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
      if (ext != ".fit") continue;
      const std::string name = entry.path().filename().string();
      CAPTURE(name);
      if (kBroken.count(name)) {
        try {
          read_file(entry.path());
          FAIL("read without an error");
        } catch (const Error& e) {
          CHECK(e.code() == ErrorCode::invalid_argument);
          CHECK(std::string(e.what()).find(" at byte ") != std::string::npos);
          MESSAGE(name << ": " << std::string(e.what()));
          ++refused;
        }
      } else {
        CHECK_NOTHROW(read_file(entry.path()));
        ++read;
      }
    }
    MESSAGE("FIT samples: " << read << " read, " << refused << " refused");
    CHECK(refused == static_cast<int>(kBroken.size()));
    CHECK(read >= 30);
  }

  TEST_CASE("fit samples: counts agree with independent decoders") {
    const auto dir = test::samples_dir();
    if (!dir) return;
    struct Expect {
      std::size_t points, sessions;
      std::string sport;  // of the first session
      int segments;       // timer stops and starts between points
    };
    // Records, sessions and pauses as fitdecode and the FIT SDK count them (activity-settings.fit
    // is Activity.fit and Settings.fit chained).
    const std::map<std::string, Expect> expected = {
        {"Activity.fit", {14, 1, "running", 0}},
        {"garmin-fenix-5-bike.fit", {19, 1, "cycling", 0}},
        {"garmin-fenix-5-run.fit", {21, 1, "running", 0}},
        {"elemnt-bolt-no-application-id-inside-developer-data-id.fit", {132, 1, "cycling", 0}},
        {"2015-10-13-08-43-15.fit", {221, 1, "cycling", 5}},
        {"compressed-speed-distance.fit", {755, 1, "running", 1}},
        {"sample-activity-indoor-trainer.fit", {2263, 1, "cycling", 0}},
        {"sample_mulitple_header.fit", {1773, 5, "swimming", 0}},
        {"coros-pace-2-cycling-misaligned-fields.fit", {11272, 1, "cycling", 5}},
        {"developer-types-sample.fit", {3424, 1, "running", 0}},
        {"activity-settings.fit", {14, 1, "running", 0}},
        {"Settings.fit", {0, 0, "", 0}},
    };
    for (const auto& [name, e] : expected) {
      CAPTURE(name);
      const auto s = read_file(*dir / "fit" / name);
      CHECK(s.points.size() == e.points);
      CHECK(s.sessions.size() == e.sessions);
      if (!s.sessions.empty()) CHECK(s.sessions[0].sport == e.sport);
      CHECK(std::count(s.log.begin(), s.log.end(), "segment") == e.segments);
      CHECK(std::count(s.log.begin(), s.log.end(), "track") == (e.points ? 1 : 0));
    }
  }

  TEST_CASE("fit samples: points match the records CSV files") {
    const auto dir = test::samples_dir();
    if (!dir) return;
    int files = 0;
    for (const auto& entry : fs::directory_iterator(*dir / "fit")) {
      const std::string csv_name = entry.path().filename().string();
      const std::string suffix = "-records.csv";
      if (csv_name.size() <= suffix.size() || !csv_name.ends_with(suffix)) continue;
      const std::string fit_name = csv_name.substr(0, csv_name.size() - suffix.size()) + ".fit";
      CAPTURE(fit_name);
      const auto s = read_file(*dir / "fit" / fit_name);

      std::ifstream csv(entry.path());
      std::string line;
      REQUIRE(std::getline(csv, line));
      std::vector<std::string> columns;
      for (const auto& cell : split(line)) columns.push_back(column_name(cell));
      std::vector<std::vector<std::string>> rows;
      while (std::getline(csv, line))
        if (!line.empty()) rows.push_back(split(line));
      REQUIRE(!rows.empty());

      // fitparse's own test skips leading records the CSV leaves out (a record with a time only).
      const auto time_col = std::find(columns.begin(), columns.end(), "timestamp") - columns.begin();
      REQUIRE(static_cast<std::size_t>(time_col) < columns.size());
      const std::int64_t first_time = csv_time_ms(rows[0][static_cast<std::size_t>(time_col)]);
      std::size_t start = 0;
      while (start < s.points.size() && s.points[start].time_ms != first_time) ++start;
      REQUIRE(start < 2);
      REQUIRE(s.points.size() - start == rows.size());

      double last_lat = 0, last_lon = 0;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        REQUIRE(rows[i].size() == columns.size());
        for (std::size_t c = 0; c < columns.size(); ++c)
          check_value(columns[c], rows[i][c], s.points[start + i], last_lat, last_lon);
      }
      MESSAGE(fit_name << ": " << rows.size() << " records match");
      ++files;
    }
    CHECK(files == 6);
  }
}

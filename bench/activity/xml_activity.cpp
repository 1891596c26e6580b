// make_gpx_activity, write_large_gpx and make_tcx_activity: the same samples as the FIT file,
// laid out as Garmin Connect and Strava exports lay them out (one element a line, indented).
#include <string>

#include "activity_gen.hpp"
#include "activity_sim.hpp"

namespace fitkit::bench {
namespace {

using sim::append_fixed;
using sim::append_int;
using sim::append_time;

void gpx_head(std::string& out, std::int64_t start_ms, const std::string& sport, std::uint32_t seed) {
  out += R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="fitkit bench" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd http://www.garmin.com/xmlschemas/TrackPointExtension/v2 http://www.garmin.com/xmlschemas/TrackPointExtensionv2.xsd" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
 <metadata>
  <time>)";
  append_time(out, start_ms, false);
  out += "</time>\n </metadata>\n <trk>\n  <name>Bench ";
  out += sport;
  out += ' ';
  append_int(out, seed);
  out += "</name>\n  <type>";
  out += sport;
  out += "</type>\n  <trkseg>\n";
}

constexpr const char* kGpxTail = "  </trkseg>\n </trk>\n</gpx>\n";

void gpx_point(std::string& out, const sim::Sample& s) {
  out += "   <trkpt lat=\"";
  append_fixed(out, s.latitude(), 7);
  out += "\" lon=\"";
  append_fixed(out, s.longitude(), 7);
  out += "\">\n    <ele>";
  append_fixed(out, s.elevation_m(), 1);
  out += "</ele>\n    <time>";
  append_time(out, s.time_ms, false);
  out += "</time>\n    <extensions>\n     <power>";
  append_int(out, s.power_w);
  out += "</power>\n     <gpxtpx:TrackPointExtension>\n      <gpxtpx:atemp>";
  append_int(out, s.temperature_c);
  out += "</gpxtpx:atemp>\n      <gpxtpx:hr>";
  append_int(out, s.heart_rate);
  out += "</gpxtpx:hr>\n      <gpxtpx:cad>";
  append_int(out, s.cadence);
  out += "</gpxtpx:cad>\n      <gpxtpx:speed>";
  append_fixed(out, s.speed_mps(), 3);
  out += "</gpxtpx:speed>\n     </gpxtpx:TrackPointExtension>\n    </extensions>\n   </trkpt>\n";
}

const char* tcx_sport(const std::string& sport) {
  if (sport == "running") return "Running";
  if (sim::is_cycling(sport)) return "Biking";
  return "Other";
}

void tcx_point(std::string& out, const sim::Sample& s, bool cycling) {
  out += "      <Trackpoint>\n       <Time>";
  append_time(out, s.time_ms, true);
  out += "</Time>\n       <Position>\n        <LatitudeDegrees>";
  append_fixed(out, s.latitude(), 7);
  out += "</LatitudeDegrees>\n        <LongitudeDegrees>";
  append_fixed(out, s.longitude(), 7);
  out += "</LongitudeDegrees>\n       </Position>\n       <AltitudeMeters>";
  append_fixed(out, s.elevation_m(), 1);
  out += "</AltitudeMeters>\n       <DistanceMeters>";
  append_fixed(out, s.distance_m(), 2);
  out += "</DistanceMeters>\n       <HeartRateBpm>\n        <Value>";
  append_int(out, s.heart_rate);
  out += "</Value>\n       </HeartRateBpm>\n";
  if (cycling) {
    out += "       <Cadence>";
    append_int(out, s.cadence);
    out += "</Cadence>\n";
  }
  out += "       <Extensions>\n        <ns3:TPX>\n         <ns3:Speed>";
  append_fixed(out, s.speed_mps(), 3);
  out += "</ns3:Speed>\n";
  if (!cycling) {
    out += "         <ns3:RunCadence>";
    append_int(out, s.cadence);
    out += "</ns3:RunCadence>\n";
  }
  out += "         <ns3:Watts>";
  append_int(out, s.power_w);
  out += "</ns3:Watts>\n        </ns3:TPX>\n       </Extensions>\n      </Trackpoint>\n";
}

void tcx_lap(std::string& out, const std::vector<sim::Sample>& samples, const sim::Totals& t, bool cycling) {
  out += "   <Lap StartTime=\"";
  append_time(out, t.start_ms, true);
  out += "\">\n    <TotalTimeSeconds>";
  append_fixed(out, t.elapsed_s, 1);
  out += "</TotalTimeSeconds>\n    <DistanceMeters>";
  append_fixed(out, t.distance_m, 2);
  out += "</DistanceMeters>\n    <MaximumSpeed>";
  append_fixed(out, t.max_speed_mps, 3);
  out += "</MaximumSpeed>\n    <Calories>";
  append_fixed(out, t.calories_kcal, 0);
  out += "</Calories>\n    <AverageHeartRateBpm>\n     <Value>";
  append_fixed(out, t.avg_heart_rate, 0);
  out += "</Value>\n    </AverageHeartRateBpm>\n    <MaximumHeartRateBpm>\n     <Value>";
  append_fixed(out, t.max_heart_rate, 0);
  out += "</Value>\n    </MaximumHeartRateBpm>\n    <Intensity>Active</Intensity>\n";
  if (cycling) {
    out += "    <Cadence>";
    append_fixed(out, t.avg_cadence, 0);
    out += "</Cadence>\n";
  }
  out += "    <TriggerMethod>Distance</TriggerMethod>\n    <Track>\n";
  for (std::size_t i = t.first; i < t.first + t.count; ++i) tcx_point(out, samples[i], cycling);
  out += "    </Track>\n    <Extensions>\n     <ns3:LX>\n      <ns3:AvgSpeed>";
  append_fixed(out, t.avg_speed_mps, 3);
  out += "</ns3:AvgSpeed>\n";
  if (!cycling) {
    out += "      <ns3:AvgRunCadence>";
    append_fixed(out, t.avg_cadence, 0);
    out += "</ns3:AvgRunCadence>\n";
  }
  out += "      <ns3:AvgWatts>";
  append_fixed(out, t.avg_power_w, 0);
  out += "</ns3:AvgWatts>\n      <ns3:MaxWatts>";
  append_fixed(out, t.max_power_w, 0);
  out += "</ns3:MaxWatts>\n     </ns3:LX>\n    </Extensions>\n   </Lap>\n";
}

}  // namespace

std::string make_gpx_activity(const ActivitySpec& spec) {
  const auto samples = sim::samples(spec.seed, spec.start_ms, spec.seconds, sim::is_cycling(spec.sport));
  std::string out;
  out.reserve(1024 + samples.size() * 400);
  gpx_head(out, spec.start_ms, spec.sport, spec.seed);
  for (const auto& s : samples) gpx_point(out, s);
  out += kGpxTail;
  return out;
}

void write_large_gpx(std::ostream& out, std::uint64_t min_bytes, std::uint32_t seed) {
  const ActivitySpec defaults;
  sim::Route route(seed, defaults.start_ms, false);
  std::string buffer;
  buffer.reserve((1u << 20) + 4096);
  gpx_head(buffer, defaults.start_ms, defaults.sport, seed);
  std::uint64_t written = 0;
  for (;;) {
    gpx_point(buffer, route.next());
    if (written + buffer.size() >= min_bytes) break;
    if (buffer.size() >= (1u << 20)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      written += buffer.size();
      buffer.clear();
    }
  }
  buffer += kGpxTail;
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

std::string make_tcx_activity(const ActivitySpec& spec) {
  const bool cycling = sim::is_cycling(spec.sport);
  const auto samples = sim::samples(spec.seed, spec.start_ms, spec.seconds, cycling);
  std::string out;
  out.reserve(2048 + samples.size() * 560);
  out += R"(<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <Activities>
  <Activity Sport=")";
  out += tcx_sport(spec.sport);
  out += "\">\n   <Id>";
  append_time(out, spec.start_ms, true);
  out += "</Id>\n";
  for (const auto& lap : sim::laps(samples, cycling)) tcx_lap(out, samples, lap, cycling);
  out += R"(   <Creator xsi:type="Device_t">
    <Name>fitkit bench</Name>
    <UnitId>3900000042</UnitId>
    <ProductID>4242</ProductID>
    <Version>
     <VersionMajor>12</VersionMajor>
     <VersionMinor>34</VersionMinor>
     <BuildMajor>0</BuildMajor>
     <BuildMinor>0</BuildMinor>
    </Version>
   </Creator>
  </Activity>
 </Activities>
</TrainingCenterDatabase>
)";
  return out;
}

}  // namespace fitkit::bench

// Generated activities for the benchmarks: plausible 1 Hz runs in FIT, GPX and TCX.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace fitkit::bench {

struct ActivitySpec {
  std::int64_t start_ms = 1767225600000;  // UTC epoch ms of the first point
  int seconds = 3600;                     // points at 1 Hz: one per second
  std::uint32_t seed = 1;                 // different seeds give different routes
  std::string sport = "running";          // FIT sport name / GPX type / TCX Sport
};

// A plausible run at 1 Hz: position (a wandering route), elevation, cumulative distance, speed,
// heart rate, cadence, power, temperature; one lap per 1 km plus a session (FIT) / Activity (TCX).
std::string make_fit_activity(const ActivitySpec& spec);  // a valid FIT file with file CRC
std::string make_gpx_activity(const ActivitySpec& spec);  // GPX 1.1 with Garmin TrackPointExtension
std::string make_tcx_activity(const ActivitySpec& spec);  // TCX v2 with ActivityExtension (speed, watts)

// Streams a GPX of at least `min_bytes` (one long track at 1 Hz) to `out`, never holding it whole.
void write_large_gpx(std::ostream& out, std::uint64_t min_bytes, std::uint32_t seed);

}  // namespace fitkit::bench

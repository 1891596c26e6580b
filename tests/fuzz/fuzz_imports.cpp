// Fuzz target for what a workout import reads beyond the activity-file readers: ZIP archives,
// CSV (a Strava export's activities.csv), the stored track codec, and the whole parse of one
// activity file (format sniffing, gzip, point checks). The first byte picks which.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fitkit/error.hpp"
#include "formats/csv_reader.hpp"
#include "formats/zip_archive.hpp"
#include "workouts/activity_file.hpp"
#include "workouts/strava_export.hpp"
#include "workouts/track_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 5) {
      case 0: {
        fitkit::formats::ZipArchive zip(bytes, "file");
        for (const auto& e : zip.entries()) {
          const auto content = zip.read(e, 1 << 20);
          if (content.size() > (1 << 20)) __builtin_trap();
        }
        break;
      }
      case 1: (void)fitkit::formats::read_csv(bytes, "file", 1000, 4096); break;
      case 2: (void)fitkit::workouts::read_strava_activities(bytes, "activities.csv"); break;
      case 3: (void)fitkit::workouts::parse_activity_file("fuzz", bytes); break;
      case 4: {
        // What decodes must encode to the same points again.
        const auto track = fitkit::workouts::decode_track(bytes);
        if (fitkit::workouts::decode_track(fitkit::workouts::encode_track(track)).points.size() != track.points.size())
          __builtin_trap();
        break;
      }
    }
  } catch (const fitkit::Error& e) {
    // A stored track that is damaged is an internal error by design; elsewhere, a clear refusal.
    if (e.code() == fitkit::ErrorCode::internal && data[0] % 5 != 4) __builtin_trap();
  }
  return 0;
}

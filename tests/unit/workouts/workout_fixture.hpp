// Activity files made on the spot for workout tests: a GPX run along a line at a steady pace,
// with heart rate and elevation, and a ZIP of files.
#pragma once

#include <zip.h>
#include <zlib.h>

#include <memory>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/crypto.hpp"
#include "core/time_format.hpp"

namespace fitkit::test {

// A run heading north from (lat0, lon0), one point every second at `speed` m/s.
inline std::string gpx_run(std::int64_t start_ms, int seconds, double lat0 = 59.9, double lon0 = 30.3,
                           double speed = 3.0, const std::string& name = "Test run") {
  std::string gpx =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"fitkit tests\" "
      "xmlns=\"http://www.topografix.com/GPX/1/1\" "
      "xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n<trk><name>" +
      name + "</name><type>running</type><trkseg>\n";
  for (int i = 0; i <= seconds; ++i) {
    char point[400];
    std::snprintf(point, sizeof point,
                  "<trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><time>%s</time><extensions>"
                  "<gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr></gpxtpx:TrackPointExtension>"
                  "</extensions></trkpt>\n",
                  lat0 + i * speed / 111'320.0, lon0, 20.0 + (i % 600 < 300 ? i % 300 : 300 - i % 300) * 0.1,
                  format_utc(start_ms + i * 1000LL).c_str(), 120 + i % 40);
    gpx += point;
  }
  return gpx + "</trkseg></trk>\n</gpx>\n";
}

// A ZIP archive of (name, bytes) entries, made with libzip.
inline std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  zip_source_keep(out);
  for (const auto& [name, bytes] : entries) {
    auto* copy = new std::string(bytes);
    zip_source_t* src = zip_source_buffer(archive, copy->data(), copy->size(), 0);
    zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    // libzip reads the buffer at zip_close: keep it until then.
    static thread_local std::vector<std::unique_ptr<std::string>> keep;
    keep.emplace_back(copy);
  }
  zip_close(archive);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  const auto size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

// The bytes gzipped, as Strava's export stores activity files.
inline std::string gzip_of(const std::string& bytes) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::string b64(const std::string& bytes) { return crypto::base64_encode(bytes); }

}  // namespace fitkit::test

// One activity file read whole into what a workout is made of: the format told by its bytes
// (gzip unwrapped), the points checked (positions on the globe, time never going back), laps,
// the session summary and the device. No database: the importer stores what this returns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/activity.hpp"
#include "workouts/track_codec.hpp"

namespace fitkit::workouts {

enum class FileFormat { fit, gpx, tcx };
std::string_view to_string(FileFormat format) noexcept;
std::string_view content_type(FileFormat format) noexcept;

// A gzip stream inflates to at most this (a ZIP or gzip bomb stops here).
inline constexpr std::uint64_t kMaxInflatedBytes = 512ull << 20;

struct ParsedActivity {
  FileFormat format = FileFormat::fit;
  StoredTrack track;
  std::vector<formats::Summary> laps;
  std::optional<formats::Summary> session;
  formats::Device device;
  std::string name;   // a GPX track's name
  std::string sport;  // a sports-list id from the file's own names, or empty
};

// The format of a file by its first bytes (after gunzip): FIT's ".FIT" signature, or the
// root element of an XML document. Empty for anything else.
std::optional<FileFormat> sniff_format(std::string_view head) noexcept;

// Throws Error::invalid("file", "<file_name>: ...") for a file that is not FIT, GPX or TCX,
// is damaged (with the reader's byte or line), has no timed points and no session, has more
// than kMaxTrackPoints points, or a point whose time goes back ("point 1234: ...").
ParsedActivity parse_activity_file(std::string_view file_name, std::string_view bytes);

}  // namespace fitkit::workouts

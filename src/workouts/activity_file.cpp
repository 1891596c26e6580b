#include "workouts/activity_file.hpp"

#include <cmath>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/fit_reader.hpp"
#include "formats/gpx_reader.hpp"
#include "formats/tcx_reader.hpp"
#include "workouts/sports.hpp"

namespace fitkit::workouts {
namespace {

// Collects what a reader reports, checking each point as it comes.
class Collector final : public formats::ActivitySink {
 public:
  explicit Collector(ParsedActivity& out) : out_(out) {}

  void on_device(const formats::Device& d) override {
    if (out_.device.manufacturer.empty() && out_.device.product.empty()) out_.device = d;
  }
  void on_track(std::string_view name) override {
    if (out_.name.empty()) out_.name = std::string(name.substr(0, 200));
    segment_break_ = true;
  }
  void on_segment() override { segment_break_ = true; }
  void on_sport(std::string_view sport) override {
    if (out_.sport.empty())
      if (auto id = sport_from_file(sport)) out_.sport = std::string(*id);
  }
  void on_point(const formats::TrackPoint& p) override {
    auto& points = out_.track.points;
    const auto number = points.size() + 1;
    if (points.size() >= kMaxTrackPoints)
      throw fail("more than " + std::to_string(kMaxTrackPoints) + " points; a workout holds at most that many");
    if (!p.time_ms) {
      ++untimed_;
      return;  // no place on the time line: nothing to compute with it
    }
    if (p.latitude && (!std::isfinite(*p.latitude) || std::fabs(*p.latitude) > 90))
      throw fail("point " + std::to_string(number) + ": latitude out of range");
    if (p.longitude && (!std::isfinite(*p.longitude) || std::fabs(*p.longitude) > 180))
      throw fail("point " + std::to_string(number) + ": longitude out of range");
    if (p.latitude.has_value() != p.longitude.has_value())
      throw fail("point " + std::to_string(number) + ": a latitude without a longitude");
    if (last_time_ && *p.time_ms < *last_time_)
      throw fail("point " + std::to_string(number) + ": time goes backwards");
    last_time_ = p.time_ms;
    if (segment_break_ && !points.empty()) out_.track.segment_starts.push_back(points.size());
    segment_break_ = false;
    points.push_back(p);
  }
  void on_lap(const formats::Summary& lap) override {
    if (out_.laps.size() < 10'000) out_.laps.push_back(lap);
  }
  void on_session(const formats::Summary& s) override {
    if (!out_.session) out_.session = s;
  }

  std::size_t untimed() const { return untimed_; }

 private:
  static Error fail(std::string what) { return Error::invalid("file", std::move(what)); }

  ParsedActivity& out_;
  std::optional<std::int64_t> last_time_;
  bool segment_break_ = false;
  std::size_t untimed_ = 0;
};

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The first bytes of the file, inflated when it is gzipped.
std::string head_of(std::string_view bytes) {
  if (!formats::looks_gzipped(bytes)) return std::string(bytes.substr(0, 4096));
  formats::MemorySource raw(bytes);
  formats::GzipSource gz(raw, kMaxInflatedBytes);
  std::string head(4096, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    const auto n = gz.read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  return head;
}

void read(FileFormat format, formats::ByteSource& in, formats::ActivitySink& sink) {
  switch (format) {
    case FileFormat::fit: formats::read_fit(in, sink); break;
    case FileFormat::gpx: formats::read_gpx(in, sink); break;
    case FileFormat::tcx: formats::read_tcx(in, sink); break;
  }
}

}  // namespace

std::string_view to_string(FileFormat format) noexcept {
  switch (format) {
    case FileFormat::fit: return "fit";
    case FileFormat::gpx: return "gpx";
    case FileFormat::tcx: return "tcx";
  }
  return "fit";
}

std::string_view content_type(FileFormat format) noexcept {
  switch (format) {
    case FileFormat::fit: return "application/vnd.ant.fit";
    case FileFormat::gpx: return "application/gpx+xml";
    case FileFormat::tcx: return "application/vnd.garmin.tcx+xml";
  }
  return "application/octet-stream";
}

std::optional<FileFormat> sniff_format(std::string_view head) noexcept {
  if (head.size() >= 12 && head.substr(8, 4) == ".FIT") return FileFormat::fit;
  // The root element, skipping the XML declaration, comments and a byte-order mark.
  if (contains(head, "<gpx")) return FileFormat::gpx;
  if (contains(head, "<TrainingCenterDatabase")) return FileFormat::tcx;
  return std::nullopt;
}

ParsedActivity parse_activity_file(std::string_view file_name, std::string_view bytes) {
  const std::string name(file_name.substr(0, 255));
  try {
    if (bytes.empty()) throw Error::invalid("file", "the file is empty");
    const auto format = sniff_format(head_of(bytes));
    if (!format) throw Error::invalid("file", "not a FIT, GPX or TCX file");
    ParsedActivity out;
    out.format = *format;
    Collector collector(out);
    formats::MemorySource raw(bytes);
    if (formats::looks_gzipped(bytes)) {
      formats::GzipSource gz(raw, kMaxInflatedBytes);
      read(*format, gz, collector);
    } else {
      read(*format, raw, collector);
    }
    if (out.track.points.empty() && !(out.session && out.session->start_ms))
      throw Error::invalid("file", collector.untimed() ? "its points have no timestamps"
                                                       : "no points and no summary: nothing was recorded");
    const auto* summary = out.session ? &*out.session : (out.laps.empty() ? nullptr : &out.laps.front());
    if (summary)
      if (auto sport = sport_from_file(summary->sport, summary->sub_sport)) out.sport = std::string(*sport);
    return out;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::invalid_argument) throw;
    throw Error::invalid("file", name + ": " + e.what());
  }
}

}  // namespace fitkit::workouts

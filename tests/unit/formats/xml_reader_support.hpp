// For the tests of the XML activity readers (GPX, TCX): a sink that records every event, as
// values and as one line of text each, and a source that gives one byte at a time.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "fitkit/error.hpp"
#include "formats/activity.hpp"
#include "formats/byte_source.hpp"

namespace fitkit::test::xml_readers {

class EventLog final : public formats::ActivitySink {
 public:
  std::vector<std::string> events;  // one line an event, in order
  std::vector<formats::TrackPoint> points;
  std::vector<formats::Summary> laps;
  std::vector<formats::Summary> sessions;
  std::vector<formats::Device> devices;
  std::vector<std::string> tracks;
  int segments = 0;

  void on_device(const formats::Device& d) override {
    devices.push_back(d);
    events.push_back("device " + d.manufacturer + "|" + d.product + "|" + text(d.serial_number));
  }
  void on_track(std::string_view name) override {
    tracks.emplace_back(name);
    events.push_back("track " + std::string(name));
  }
  void on_segment() override {
    ++segments;
    events.push_back("segment");
  }
  void on_point(const formats::TrackPoint& p) override {
    points.push_back(p);
    events.push_back("point " + text(p.time_ms) + " " + text(p.latitude) + " " + text(p.longitude) + " " +
                     text(p.elevation_m) + " " + text(p.distance_m) + " " + text(p.speed_mps) + " " +
                     text(p.heart_rate_bpm) + " " + text(p.cadence_rpm) + " " + text(p.power_w) + " " +
                     text(p.temperature_c));
  }
  void on_lap(const formats::Summary& s) override {
    laps.push_back(s);
    events.push_back("lap " + summary(s));
  }
  void on_session(const formats::Summary& s) override {
    sessions.push_back(s);
    events.push_back("session " + summary(s));
  }

  std::string all() const {
    std::string out;
    for (const auto& e : events) out += e + "\n";
    return out;
  }

 private:
  // The shortest text that reads back as the same value.
  template <class T>
  static std::string text(const std::optional<T>& v) {
    if (!v) return "-";
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, *v).ptr;
    return std::string(buf, end);
  }
  static std::string summary(const formats::Summary& s) {
    return s.sport + " " + text(s.start_ms) + " " + text(s.elapsed_s) + " " + text(s.moving_s) + " " +
           text(s.distance_m) + " " + text(s.calories_kcal) + " " + text(s.avg_heart_rate_bpm) + " " +
           text(s.max_heart_rate_bpm) + " " + text(s.avg_cadence_rpm) + " " + text(s.avg_power_w) + " " +
           text(s.max_power_w) + " " + text(s.avg_speed_mps) + " " + text(s.max_speed_mps);
  }
};

// Gives its bytes one at a time: a reader must not depend on how its input is cut.
class ByteByByteSource final : public formats::ByteSource {
 public:
  explicit ByteByByteSource(std::string_view bytes) : bytes_(bytes) {}
  std::size_t read(char* out, std::size_t size) override {
    if (size == 0 || pos_ == bytes_.size()) return 0;
    *out = bytes_[pos_++];
    return 1;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

using Reader = void (*)(formats::ByteSource&, formats::ActivitySink&);

// What `reader` finds in `document`.
inline EventLog read_document(Reader reader, std::string_view document) {
  formats::MemorySource in(document);
  EventLog sink;
  reader(in, sink);
  return sink;
}

// The message of the error reading `document` gives (checked to be an invalid "file"), or ""
// when it reads.
inline std::string refusal_of(Reader reader, std::string_view document) {
  try {
    read_document(reader, document);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "file");
    return e.what();
  }
  return "";
}

}  // namespace fitkit::test::xml_readers

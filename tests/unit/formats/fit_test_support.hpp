// For the FIT reader's tests: a tiny FIT writer that builds files in memory (definitions in
// either byte order, data messages, compressed time stamps, developer fields, both header
// sizes, the SDK's CRC), and a sink that records what a reader reports.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "formats/activity.hpp"

namespace fitkit::test {

// The FIT SDK's CRC-16, computed a nibble at a time as the SDK does (the reader uses a table).
inline std::uint16_t fit_sdk_crc(std::string_view bytes, std::uint16_t crc = 0) {
  static constexpr std::uint16_t table[16] = {0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
                                              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400};
  for (unsigned char byte : bytes) {
    std::uint16_t tmp = table[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ table[byte & 0xF]);
    tmp = table[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ table[(byte >> 4) & 0xF]);
  }
  return crc;
}

// Base types (the definition's base type byte).
namespace fit_base {
inline constexpr std::uint8_t enum_ = 0x00, sint8 = 0x01, uint8 = 0x02, sint16 = 0x83, uint16 = 0x84,
                              sint32 = 0x85, uint32 = 0x86, string = 0x07, float32 = 0x88, uint8z = 0x0A,
                              uint32z = 0x8C, byte = 0x0D;
}

struct FitField {
  std::uint8_t number;
  std::uint8_t size;
  std::uint8_t base;  // for a developer field: its developer data index
};

class FitWriter {
 public:
  explicit FitWriter(bool big_endian = false) : big_endian_(big_endian) {}

  FitWriter& define(int local, std::uint16_t global, const std::vector<FitField>& fields,
                    const std::vector<FitField>& developer = {}) {
    data_ += static_cast<char>(0x40 | (developer.empty() ? 0 : 0x20) | local);
    data_ += '\0';
    data_ += static_cast<char>(big_endian_ ? 1 : 0);
    put(data_, global, 2, big_endian_);
    data_ += static_cast<char>(fields.size());
    std::vector<std::uint8_t>& sizes = layouts_[local];
    sizes.clear();
    for (const auto& f : fields) {
      data_ += {static_cast<char>(f.number), static_cast<char>(f.size), static_cast<char>(f.base)};
      sizes.push_back(f.size);
    }
    if (!developer.empty()) {
      data_ += static_cast<char>(developer.size());
      for (const auto& f : developer) {
        data_ += {static_cast<char>(f.number), static_cast<char>(f.size), static_cast<char>(f.base)};
        sizes.push_back(f.size);
      }
    }
    return *this;
  }

  // A data message: one value per field of the local type's definition, developer fields last.
  FitWriter& data(int local, const std::vector<std::uint64_t>& values) {
    data_ += static_cast<char>(local & 0x0F);
    return encode(local, values);
  }

  // A data message with a compressed time stamp header (local types 0-3, 0-31 seconds).
  FitWriter& compressed(int local, int seconds, const std::vector<std::uint64_t>& values) {
    data_ += static_cast<char>(0x80 | ((local & 0x03) << 5) | (seconds & 0x1F));
    return encode(local, values);
  }

  FitWriter& raw(std::string_view bytes) {
    data_ += bytes;
    return *this;
  }

  std::size_t data_size() const { return data_.size(); }

  // The whole file: a 12- or 14-byte header, the messages, the file CRC.
  std::string file(int header_size = 14) const {
    std::string out;
    out += static_cast<char>(header_size);
    out += static_cast<char>(0x20);  // protocol 2.0
    put(out, 2132, 2, false);        // profile 21.32
    put(out, data_.size(), 4, false);
    out += ".FIT";
    if (header_size >= 14) put(out, fit_sdk_crc(out), 2, false);
    out += data_;
    put(out, fit_sdk_crc(out), 2, false);
    return out;
  }

 private:
  static void put(std::string& out, std::uint64_t value, int size, bool big_endian) {
    for (int i = 0; i < size; ++i) {
      const int shift = 8 * (big_endian ? size - 1 - i : i);
      out += static_cast<char>(shift < 64 ? (value >> shift) & 0xFF : 0);
    }
  }

  FitWriter& encode(int local, const std::vector<std::uint64_t>& values) {
    const auto& sizes = layouts_.at(local);
    for (std::size_t i = 0; i < sizes.size(); ++i) put(data_, i < values.size() ? values[i] : 0, sizes[i], big_endian_);
    return *this;
  }

  bool big_endian_;
  std::string data_;
  std::map<int, std::vector<std::uint8_t>> layouts_;
};

// Records what a reader reports, and a log of the calls in order.
struct RecordingSink : formats::ActivitySink {
  std::vector<std::string> log;
  std::vector<formats::Device> devices;
  std::vector<formats::TrackPoint> points;
  std::vector<formats::Summary> laps, sessions;
  struct Event {
    std::int64_t time_ms;
    std::string event, type;
  };
  std::vector<Event> events;

  void on_device(const formats::Device& d) override {
    devices.push_back(d);
    log.push_back("device");
  }
  void on_track(std::string_view) override { log.push_back("track"); }
  void on_segment() override { log.push_back("segment"); }
  void on_point(const formats::TrackPoint& p) override {
    points.push_back(p);
    log.push_back("point");
  }
  void on_lap(const formats::Summary& s) override {
    laps.push_back(s);
    log.push_back("lap");
  }
  void on_session(const formats::Summary& s) override {
    sessions.push_back(s);
    log.push_back("session");
  }
  void on_event(std::int64_t time_ms, std::string_view event, std::string_view type) override {
    events.push_back({time_ms, std::string(event), std::string(type)});
    log.push_back("event " + std::string(event) + " " + std::string(type));
  }
};

}  // namespace fitkit::test

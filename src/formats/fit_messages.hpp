// Turns the FIT messages the reader maps (file_id, device_info, record, event, lap, session)
// into the activity model's events, in file order. The framing (headers, definitions, CRCs)
// is fit_reader.cpp's; this part sees one decoded data message at a time.
#pragma once

#include <cstdint>
#include <optional>

#include "formats/activity.hpp"
#include "formats/fit_fields.hpp"

namespace fitkit::formats::fit {

// The kind of a global message number, and the slot of one of its fields (or -1).
Kind kind_of(std::uint16_t global) noexcept;
int slot_of(Kind kind, std::uint8_t field) noexcept;

class ActivityMapper {
 public:
  explicit ActivityMapper(ActivitySink& out) : out_(out) {}

  // A new FIT file of a chain begins: its accumulated values start again.
  void start_file() noexcept;
  void on_definition(const Definition& d) noexcept;
  // A data message of a mapped kind. `time` is its own time stamp (its field 253 or its
  // compressed header), `last_time` the last full time stamp of the file (FIT seconds).
  void on_message(const Definition& d, const unsigned char* content, std::optional<std::uint32_t> time,
                  std::uint32_t last_time);

 private:
  void record(const Definition& d, const FieldReader& f, std::optional<std::uint32_t> time);
  void event(const Definition& d, const FieldReader& f, std::uint32_t time);
  void summary(const Definition& d, const FieldReader& f);
  void device(const Definition& d, const FieldReader& f);

  ActivitySink& out_;
  bool track_started_ = false;
  bool timer_stopped_ = false;
  bool segment_pending_ = false;  // a timer start followed a stop: the next point opens a segment
  std::uint64_t distance16_ = 0;  // compressed_speed_distance's accumulated distance, in 1/16 m
};

}  // namespace fitkit::formats::fit

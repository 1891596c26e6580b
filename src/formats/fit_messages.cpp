#include "formats/fit_messages.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "formats/fit_profile.hpp"

namespace fitkit::formats::fit {
namespace {

constexpr double kDegreesPerSemicircle = 180.0 / 2147483648.0;

// A FIT date_time (seconds since the FIT epoch, a uint32) as Unix epoch milliseconds.
std::int64_t to_epoch_ms(std::uint32_t fit_seconds) {
  return (static_cast<std::int64_t>(fit_seconds) + kEpochOffsetSeconds) * 1000;
}

std::optional<std::int64_t> time_ms(const FieldReader& f, const FieldRef& ref) {
  const auto v = f.integer(ref);
  if (!v || *v < 0 || *v > 0xFFFFFFFFll) return std::nullopt;
  return to_epoch_ms(static_cast<std::uint32_t>(*v));
}

std::optional<double> scaled(std::optional<double> v, double scale, double offset = 0) {
  if (!v) return std::nullopt;
  return *v / scale - offset;
}

// An enum's name in the profile, or its number as text when the profile has no name for it.
class EnumText {
 public:
  EnumText(std::optional<std::int64_t> value, std::string_view (*name)(std::uint32_t) noexcept) {
    if (!value) return;
    if (*value >= 0 && *value <= 0xFFFFFFFFll) text_ = name(static_cast<std::uint32_t>(*value));
    if (text_.empty()) {
      const auto end = std::to_chars(buf_, buf_ + sizeof buf_, *value).ptr;
      text_ = std::string_view(buf_, static_cast<std::size_t>(end - buf_));
    }
  }
  EnumText(const EnumText&) = delete;  // text_ may point into buf_
  EnumText& operator=(const EnumText&) = delete;
  std::string_view view() const { return text_; }

 private:
  char buf_[24];
  std::string_view text_;
};

}  // namespace

Kind kind_of(std::uint16_t global) noexcept {
  switch (global) {
    case mesg::file_id: return Kind::file_id;
    case mesg::device_info: return Kind::device_info;
    case mesg::record: return Kind::record;
    case mesg::event: return Kind::event;
    case mesg::lap: return Kind::lap;
    case mesg::session: return Kind::session;
    default: return Kind::other;
  }
}

int slot_of(Kind kind, std::uint8_t field) noexcept {
  namespace r = record_slot;
  namespace s = summary_slot;
  namespace d = device_slot;
  switch (kind) {
    case Kind::record:
      switch (field) {
        case 0: return r::latitude;
        case 1: return r::longitude;
        case 2: return r::altitude;
        case 3: return r::heart_rate;
        case 4: return r::cadence;
        case 5: return r::distance;
        case 6: return r::speed;
        case 7: return r::power;
        case 8: return r::compressed_speed_distance;
        case 13: return r::temperature;
        case 53: return r::fractional_cadence;
        case 73: return r::enhanced_speed;
        case 78: return r::enhanced_altitude;
        default: return -1;
      }
    case Kind::lap:
    case Kind::session: {
      const bool lap = kind == Kind::lap;
      switch (field) {
        case 2: return s::start_time;
        case 7: return s::elapsed;
        case 8: return s::timer;
        case 9: return s::distance;
        case 11: return s::calories;
        default: break;
      }
      // The two messages number the rest of their fields differently.
      static constexpr std::uint8_t lap_fields[] = {13, 14, 110, 111, 15, 16, 17, 19, 20, 21, 22, 25, 39};
      static constexpr std::uint8_t session_fields[] = {14, 15, 124, 125, 16, 17, 18, 20, 21, 22, 23, 5, 6};
      static constexpr std::uint8_t slots[] = {s::avg_speed,      s::max_speed,      s::enhanced_avg_speed,
                                               s::enhanced_max_speed, s::avg_heart_rate, s::max_heart_rate,
                                               s::avg_cadence,    s::avg_power,      s::max_power,
                                               s::ascent,         s::descent,        s::sport,
                                               s::sub_sport};
      const std::uint8_t* fields = lap ? lap_fields : session_fields;
      for (std::size_t i = 0; i < std::size(slots); ++i)
        if (fields[i] == field) return slots[i];
      return -1;
    }
    case Kind::event:
      return field == 0 ? event_slot::event : field == 1 ? event_slot::event_type : -1;
    case Kind::file_id:
      return field == 1 ? d::manufacturer : field == 2 ? d::product : field == 3 ? d::serial_number : -1;
    case Kind::device_info:
      switch (field) {
        case 0: return d::device_index;
        case 2: return d::manufacturer;
        case 3: return d::serial_number;
        case 4: return d::product;
        default: return -1;
      }
    case Kind::other: return -1;
  }
  return -1;
}

void ActivityMapper::start_file() noexcept { distance16_ = 0; }

void ActivityMapper::on_definition(const Definition& d) noexcept {
  // As the FIT SDK and fitparse do: a new definition of the accumulated field starts it at 0.
  if (d.kind == Kind::record && d.slots[record_slot::compressed_speed_distance].present) distance16_ = 0;
}

void ActivityMapper::on_message(const Definition& d, const unsigned char* content,
                                std::optional<std::uint32_t> time, std::uint32_t last_time) {
  const FieldReader f(content, d.big_endian);
  switch (d.kind) {
    case Kind::record: record(d, f, time); break;
    case Kind::event: event(d, f, time.value_or(last_time)); break;
    case Kind::lap:
    case Kind::session: summary(d, f); break;
    case Kind::file_id:
    case Kind::device_info: device(d, f); break;
    case Kind::other: break;
  }
}

void ActivityMapper::record(const Definition& d, const FieldReader& f, std::optional<std::uint32_t> time) {
  namespace r = record_slot;
  const auto& s = d.slots;
  TrackPoint p;
  if (time) p.time_ms = to_epoch_ms(*time);
  if (const auto lat = f.integer(s[r::latitude])) {
    const double deg = static_cast<double>(*lat) * kDegreesPerSemicircle;
    if (std::abs(deg) <= 90) p.latitude = deg;
  }
  if (const auto lon = f.integer(s[r::longitude])) {
    const double deg = static_cast<double>(*lon) * kDegreesPerSemicircle;
    if (std::abs(deg) <= 180) p.longitude = deg;
  }
  p.elevation_m = scaled(f.number(s[r::enhanced_altitude]), 5, 500);
  if (!p.elevation_m) p.elevation_m = scaled(f.number(s[r::altitude]), 5, 500);
  p.distance_m = scaled(f.number(s[r::distance]), 100);
  p.speed_mps = scaled(f.number(s[r::enhanced_speed]), 1000);
  if (!p.speed_mps) p.speed_mps = scaled(f.number(s[r::speed]), 1000);

  // Old devices pack speed (12 bits, 1/100 m/s) and a rolling distance (12 bits, 1/16 m) in
  // three bytes; the distance accumulates over the file.
  const FieldRef& packed = s[r::compressed_speed_distance];
  if (packed.present && packed.size >= 3) {
    const unsigned char* b = f.bytes(packed);
    bool invalid = true;
    for (unsigned i = 0; i < packed.size; ++i) invalid = invalid && b[i] == 0xFF;
    if (!invalid) {
      const std::uint32_t v = b[0] | (std::uint32_t{b[1]} << 8) | (std::uint32_t{b[2]} << 16);
      const std::uint64_t rolling = (v >> 12) & 0xFFF;
      std::uint64_t total = rolling + (distance16_ & ~std::uint64_t{0xFFF});
      if (rolling < (distance16_ & 0xFFF)) total += 0x1000;
      distance16_ = total;
      if (!p.speed_mps) p.speed_mps = (v & 0xFFF) / 100.0;
      if (!p.distance_m) p.distance_m = static_cast<double>(total) / 16.0;
    }
  }
  p.heart_rate_bpm = f.number(s[r::heart_rate]);
  p.cadence_rpm = f.number(s[r::cadence]);
  if (p.cadence_rpm) {
    if (const auto fraction = f.number(s[r::fractional_cadence])) *p.cadence_rpm += *fraction / 128;
  }
  p.power_w = f.number(s[r::power]);
  p.temperature_c = f.number(s[r::temperature]);

  if (!track_started_) {
    out_.on_track({});
    track_started_ = true;
    segment_pending_ = false;
  } else if (segment_pending_) {
    out_.on_segment();
    segment_pending_ = false;
  }
  out_.on_point(p);
}

void ActivityMapper::event(const Definition& d, const FieldReader& f, std::uint32_t time) {
  const auto ev = f.integer(d.slots[event_slot::event]);
  if (!ev) return;
  const auto type = f.integer(d.slots[event_slot::event_type]);
  if (*ev == 0 && type) {  // the timer: a stop then a start is a break in the track
    if (*type == 1 || *type == 4 || *type == 8 || *type == 9) {
      timer_stopped_ = true;
    } else if (*type == 0 && timer_stopped_) {
      timer_stopped_ = false;
      segment_pending_ = track_started_;
    }
  }
  const EnumText name(ev, event_name);
  const EnumText type_name(type, event_type_name);
  out_.on_event(to_epoch_ms(time), name.view(), type_name.view());
}

void ActivityMapper::summary(const Definition& d, const FieldReader& f) {
  namespace m = summary_slot;
  const auto& s = d.slots;
  Summary sum;
  sum.start_ms = time_ms(f, s[m::start_time]);
  sum.elapsed_s = scaled(f.number(s[m::elapsed]), 1000);
  sum.moving_s = scaled(f.number(s[m::timer]), 1000);
  sum.distance_m = scaled(f.number(s[m::distance]), 100);
  sum.ascent_m = f.number(s[m::ascent]);
  sum.descent_m = f.number(s[m::descent]);
  sum.calories_kcal = f.number(s[m::calories]);
  sum.avg_heart_rate_bpm = f.number(s[m::avg_heart_rate]);
  sum.max_heart_rate_bpm = f.number(s[m::max_heart_rate]);
  sum.avg_cadence_rpm = f.number(s[m::avg_cadence]);
  sum.avg_power_w = f.number(s[m::avg_power]);
  sum.max_power_w = f.number(s[m::max_power]);
  sum.avg_speed_mps = scaled(f.number(s[m::enhanced_avg_speed]), 1000);
  if (!sum.avg_speed_mps) sum.avg_speed_mps = scaled(f.number(s[m::avg_speed]), 1000);
  sum.max_speed_mps = scaled(f.number(s[m::enhanced_max_speed]), 1000);
  if (!sum.max_speed_mps) sum.max_speed_mps = scaled(f.number(s[m::max_speed]), 1000);
  sum.sport = EnumText(f.integer(s[m::sport]), sport_name).view();
  sum.sub_sport = EnumText(f.integer(s[m::sub_sport]), sub_sport_name).view();
  if (d.kind == Kind::lap)
    out_.on_lap(sum);
  else
    out_.on_session(sum);
}

void ActivityMapper::device(const Definition& d, const FieldReader& f) {
  namespace m = device_slot;
  const auto& s = d.slots;
  // device_info describes every sensor; index 0 is the device that wrote the file.
  if (d.kind == Kind::device_info && f.integer(s[m::device_index]) != std::optional<std::int64_t>(0)) return;
  Device dev;
  dev.manufacturer = EnumText(f.integer(s[m::manufacturer]), manufacturer_name).view();
  if (const auto product = f.integer(s[m::product])) dev.product = std::to_string(*product);
  if (const auto serial = f.integer(s[m::serial_number]); serial && *serial >= 0 && *serial <= 0xFFFFFFFFll)
    dev.serial_number = static_cast<std::uint32_t>(*serial);
  if (dev.manufacturer.empty() && dev.product.empty() && !dev.serial_number) return;
  out_.on_device(dev);
}

}  // namespace fitkit::formats::fit

// make_fit_activity: a FIT activity file as a watch writes one. Messages: file_id,
// device_info, event (timer start), record per second, lap per kilometre (after its records),
// event (timer stop), session, activity; little endian, 14-byte header with its CRC, file CRC.
#include <cmath>
#include <initializer_list>
#include <string>

#include "activity_gen.hpp"
#include "activity_sim.hpp"
#include "formats/fit_crc.hpp"
#include "formats/fit_profile.hpp"

namespace fitkit::bench {
namespace {

namespace fit = formats::fit;

// Base types (the definition's base type byte).
constexpr std::uint8_t kEnum = 0x00, kSint8 = 0x01, kUint8 = 0x02, kUint16 = 0x84, kSint32 = 0x85,
                       kUint32 = 0x86, kUint32z = 0x8C;
constexpr std::uint8_t kLocalFileId = 0, kLocalDevice = 1, kLocalEvent = 2, kLocalRecord = 3, kLocalLap = 4,
                       kLocalSession = 5, kLocalActivity = 6;
constexpr std::uint16_t kManufacturerDevelopment = 255, kProduct = 4242;
constexpr std::uint32_t kSerial = 3900000042u;
// FIT's event and event_type values.
constexpr std::uint8_t kEventTimer = 0, kEventSession = 8, kEventLap = 9, kEventActivity = 26;
constexpr std::uint8_t kTypeStart = 0, kTypeStop = 1, kTypeStopAll = 4;

struct Field {
  std::uint8_t number, size, base;
};

class Writer {
 public:
  void define(std::uint8_t local, std::uint16_t global, std::initializer_list<Field> fields) {
    data_ += static_cast<char>(0x40 | local);
    data_ += '\0';  // reserved
    data_ += '\0';  // little endian
    put(global, 2);
    data_ += static_cast<char>(fields.size());
    for (const auto& f : fields)
      data_ += {static_cast<char>(f.number), static_cast<char>(f.size), static_cast<char>(f.base)};
  }
  void begin(std::uint8_t local) { data_ += static_cast<char>(local); }
  // The low `size` bytes of `v`, little endian (two's complement for negative values).
  void put(std::int64_t v, int size) {
    const auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < size; ++i) data_ += static_cast<char>((u >> (8 * i)) & 0xFF);
  }
  std::string& data() { return data_; }

 private:
  std::string data_;
};

std::uint32_t fit_time(std::int64_t epoch_ms) {
  return static_cast<std::uint32_t>(epoch_ms / 1000 - fit::kEpochOffsetSeconds);
}
std::uint32_t scaled(double v, double scale) { return static_cast<std::uint32_t>(std::llround(v * scale)); }

std::uint8_t sport_number(const std::string& sport) {
  for (std::uint32_t v = 0; v < 255; ++v)
    if (fit::sport_name(v) == sport) return static_cast<std::uint8_t>(v);
  return 0;  // generic
}

void put_crc(std::string& out, std::size_t n) {
  const auto crc = fit::crc16(0, reinterpret_cast<const unsigned char*>(out.data()), n);
  out += static_cast<char>(crc & 0xFF);
  out += static_cast<char>(crc >> 8);
}

void write_event(Writer& w, std::int64_t time_ms, std::uint8_t type) {
  w.begin(kLocalEvent);
  w.put(fit_time(time_ms), 4);
  w.put(kEventTimer, 1);
  w.put(type, 1);
  w.put(0, 1);  // event_group
}

void write_record(Writer& w, const sim::Sample& s) {
  w.begin(kLocalRecord);
  w.put(fit_time(s.time_ms), 4);
  w.put(s.lat_semicircles, 4);
  w.put(s.lon_semicircles, 4);
  w.put(s.altitude_raw, 2);
  w.put(s.distance_cm, 4);
  w.put(s.speed_mm_s, 2);
  w.put(s.heart_rate, 1);
  w.put(s.cadence, 1);
  w.put(s.power_w, 2);
  w.put(s.temperature_c, 1);
}

// The fields lap and session share, in the order both definitions list them.
void put_totals(Writer& w, const sim::Totals& t) {
  w.put(fit_time(t.end_ms), 4);
  w.put(fit_time(t.start_ms), 4);
  w.put(scaled(t.elapsed_s, 1000), 4);
  w.put(scaled(t.elapsed_s, 1000), 4);  // timer time: no pauses
  w.put(scaled(t.distance_m, 100), 4);
  w.put(scaled(t.calories_kcal, 1), 2);
  w.put(scaled(t.avg_speed_mps, 1000), 2);
  w.put(scaled(t.max_speed_mps, 1000), 2);
  w.put(scaled(t.avg_heart_rate, 1), 1);
  w.put(scaled(t.max_heart_rate, 1), 1);
  w.put(scaled(t.avg_cadence, 1), 1);
  w.put(scaled(t.avg_power_w, 1), 2);
  w.put(scaled(t.max_power_w, 1), 2);
  w.put(scaled(t.ascent_m, 1), 2);
  w.put(scaled(t.descent_m, 1), 2);
}

}  // namespace

std::string make_fit_activity(const ActivitySpec& spec) {
  const bool cycling = sim::is_cycling(spec.sport);
  const auto samples = sim::samples(spec.seed, spec.start_ms, spec.seconds, cycling);
  const auto laps = sim::laps(samples, cycling);
  const auto session = sim::sum(samples, 0, samples.size(), cycling);
  const std::uint8_t sport = sport_number(spec.sport);
  const std::int64_t end_ms = samples.empty() ? spec.start_ms : samples.back().time_ms;

  Writer w;
  w.define(kLocalFileId, fit::mesg::file_id,
           {{0, 1, kEnum}, {1, 2, kUint16}, {2, 2, kUint16}, {3, 4, kUint32z}, {4, 4, kUint32}});
  w.begin(kLocalFileId);
  w.put(4, 1);  // type: activity
  w.put(kManufacturerDevelopment, 2);
  w.put(kProduct, 2);
  w.put(kSerial, 4);
  w.put(fit_time(spec.start_ms), 4);

  w.define(kLocalDevice, fit::mesg::device_info,
           {{253, 4, kUint32}, {0, 1, kUint8}, {2, 2, kUint16}, {3, 4, kUint32z}, {4, 2, kUint16}, {5, 2, kUint16}});
  w.begin(kLocalDevice);
  w.put(fit_time(spec.start_ms), 4);
  w.put(0, 1);  // device_index: the creator
  w.put(kManufacturerDevelopment, 2);
  w.put(kSerial, 4);
  w.put(kProduct, 2);
  w.put(1234, 2);  // software_version 12.34

  w.define(kLocalEvent, fit::mesg::event, {{253, 4, kUint32}, {0, 1, kEnum}, {1, 1, kEnum}, {4, 1, kUint8}});
  write_event(w, spec.start_ms, kTypeStart);

  w.define(kLocalRecord, fit::mesg::record,
           {{253, 4, kUint32}, {0, 4, kSint32}, {1, 4, kSint32}, {2, 2, kUint16}, {5, 4, kUint32}, {6, 2, kUint16},
            {3, 1, kUint8}, {4, 1, kUint8}, {7, 2, kUint16}, {13, 1, kSint8}});
  w.define(kLocalLap, fit::mesg::lap,
           {{254, 2, kUint16}, {0, 1, kEnum}, {1, 1, kEnum}, {25, 1, kEnum}, {3, 4, kSint32}, {4, 4, kSint32},
            {253, 4, kUint32}, {2, 4, kUint32}, {7, 4, kUint32}, {8, 4, kUint32}, {9, 4, kUint32},
            {11, 2, kUint16}, {13, 2, kUint16}, {14, 2, kUint16}, {15, 1, kUint8}, {16, 1, kUint8},
            {17, 1, kUint8}, {19, 2, kUint16}, {20, 2, kUint16}, {21, 2, kUint16}, {22, 2, kUint16}});
  std::size_t next = 0;
  for (std::size_t lap = 0; lap < laps.size(); ++lap) {
    const auto& t = laps[lap];
    for (; next < t.first + t.count; ++next) write_record(w, samples[next]);
    w.begin(kLocalLap);
    w.put(static_cast<std::int64_t>(lap), 2);
    w.put(kEventLap, 1);
    w.put(kTypeStop, 1);
    w.put(sport, 1);
    w.put(t.start_lat, 4);
    w.put(t.start_lon, 4);
    put_totals(w, t);
  }
  write_event(w, end_ms, kTypeStopAll);

  w.define(kLocalSession, fit::mesg::session,
           {{254, 2, kUint16}, {0, 1, kEnum}, {1, 1, kEnum}, {5, 1, kEnum}, {6, 1, kEnum}, {3, 4, kSint32},
            {4, 4, kSint32}, {253, 4, kUint32}, {2, 4, kUint32}, {7, 4, kUint32}, {8, 4, kUint32},
            {9, 4, kUint32}, {11, 2, kUint16}, {14, 2, kUint16}, {15, 2, kUint16}, {16, 1, kUint8},
            {17, 1, kUint8}, {18, 1, kUint8}, {20, 2, kUint16}, {21, 2, kUint16}, {22, 2, kUint16},
            {23, 2, kUint16}, {25, 2, kUint16}, {26, 2, kUint16}});
  w.begin(kLocalSession);
  w.put(0, 2);
  w.put(kEventSession, 1);
  w.put(kTypeStop, 1);
  w.put(sport, 1);
  w.put(0, 1);  // sub_sport: generic
  w.put(session.start_lat, 4);
  w.put(session.start_lon, 4);
  put_totals(w, session);
  w.put(0, 2);  // first_lap_index
  w.put(static_cast<std::int64_t>(laps.size()), 2);

  w.define(kLocalActivity, fit::mesg::activity,
           {{253, 4, kUint32}, {0, 4, kUint32}, {1, 2, kUint16}, {2, 1, kEnum}, {3, 1, kEnum}, {4, 1, kEnum},
            {5, 4, kUint32}});
  w.begin(kLocalActivity);
  w.put(fit_time(end_ms), 4);
  w.put(scaled(session.elapsed_s, 1000), 4);
  w.put(1, 2);  // num_sessions
  w.put(0, 1);  // type: manual
  w.put(kEventActivity, 1);
  w.put(kTypeStop, 1);
  w.put(fit_time(end_ms), 4);  // local_timestamp: the bench's athlete lives in UTC

  const std::string& data = w.data();
  std::string out;
  out.reserve(14 + data.size() + 2);
  out += static_cast<char>(14);    // header size
  out += static_cast<char>(0x20);  // protocol 2.0
  out += static_cast<char>(2132 & 0xFF);
  out += static_cast<char>(2132 >> 8);  // profile 21.32
  const auto size = static_cast<std::uint32_t>(data.size());
  for (int i = 0; i < 4; ++i) out += static_cast<char>((size >> (8 * i)) & 0xFF);
  out += ".FIT";
  put_crc(out, 12);
  out += data;
  put_crc(out, out.size());
  return out;
}

}  // namespace fitkit::bench

#include "workouts/track_codec.hpp"

#include <zlib.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include "fitkit/error.hpp"

namespace fitkit::workouts {
namespace {

constexpr std::string_view kMagic = "FT1";
// No point encodes to more than this before deflating: ten varints of at most 10 bytes, a bit.
constexpr std::size_t kMaxRawBytesPerPoint = 104;

using formats::TrackPoint;

// One stored field: how to read it from a point, its resolution, and whether its values are
// smooth enough that the change of the change is the small number.
struct Column {
  std::optional<double> TrackPoint::*field;  // null for time, which is an integer already
  double scale;
  bool second_order;
};

constexpr std::array<Column, 9> kColumns{{
    {&TrackPoint::latitude, 1e7, true},
    {&TrackPoint::longitude, 1e7, true},
    {&TrackPoint::elevation_m, 10, true},
    {&TrackPoint::distance_m, 10, true},
    {&TrackPoint::speed_mps, 100, false},
    {&TrackPoint::heart_rate_bpm, 1, false},
    {&TrackPoint::cadence_rpm, 1, false},
    {&TrackPoint::power_w, 1, false},
    {&TrackPoint::temperature_c, 10, false},
}};

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

// A value at its resolution, or nothing for one that is not a finite number of sane size.
std::optional<std::int64_t> quantize(const std::optional<double>& v, double scale) {
  if (!v || !std::isfinite(*v)) return std::nullopt;
  const double scaled = *v * scale;
  if (std::fabs(scaled) > 9.0e15) return std::nullopt;
  return std::llround(scaled);
}

Error damaged() { return Error::internal("a stored track is damaged"); }

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) throw damaged();
      const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    throw damaged();
  }
  unsigned char byte() {
    if (pos_ >= bytes_.size()) throw damaged();
    return static_cast<unsigned char>(bytes_[pos_++]);
  }
  std::string_view take(std::size_t n) {
    if (n > bytes_.size() - pos_) throw damaged();
    auto out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  bool at_end() const { return pos_ == bytes_.size(); }
  std::size_t position() const { return pos_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// Writes one column: a presence mark (0 none, 1 every point, 2 some and then a bitmap), then
// the present values as zigzag varints of their first or second differences.
void write_column(std::string& out, const std::vector<std::optional<std::int64_t>>& values, bool second_order) {
  std::size_t present = 0;
  for (const auto& v : values) present += v.has_value();
  if (present == 0) {
    out.push_back(0);
    return;
  }
  if (present == values.size()) {
    out.push_back(1);
  } else {
    out.push_back(2);
    std::string bitmap((values.size() + 7) / 8, '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
      if (values[i]) bitmap[i / 8] = static_cast<char>(bitmap[i / 8] | (1 << (i % 8)));
    out += bitmap;
  }
  std::int64_t previous = 0, previous_delta = 0;
  for (const auto& v : values) {
    if (!v) continue;
    // Wrapping arithmetic: differences of values far apart stay exact modulo 2^64.
    const auto delta = static_cast<std::int64_t>(static_cast<std::uint64_t>(*v) - static_cast<std::uint64_t>(previous));
    const auto coded =
        second_order ? static_cast<std::int64_t>(static_cast<std::uint64_t>(delta) -
                                                 static_cast<std::uint64_t>(previous_delta))
                     : delta;
    put_varint(out, zigzag(coded));
    previous = *v;
    previous_delta = delta;
  }
}

std::vector<std::optional<std::int64_t>> read_column(Reader& in, std::size_t count, bool second_order) {
  std::vector<std::optional<std::int64_t>> values(count);
  const auto mark = in.byte();
  if (mark == 0) return values;
  if (mark > 2) throw damaged();
  std::vector<bool> has(count, true);
  if (mark == 2) {
    const auto bitmap = in.take((count + 7) / 8);
    for (std::size_t i = 0; i < count; ++i) has[i] = (static_cast<unsigned char>(bitmap[i / 8]) >> (i % 8)) & 1;
  }
  std::uint64_t previous = 0, previous_delta = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (!has[i]) continue;
    const auto coded = static_cast<std::uint64_t>(unzigzag(in.varint()));
    const std::uint64_t delta = second_order ? coded + previous_delta : coded;
    previous += delta;
    previous_delta = delta;
    values[i] = static_cast<std::int64_t>(previous);
  }
  return values;
}

}  // namespace

std::string encode_track(const StoredTrack& track) {
  const auto n = track.points.size();
  if (n > kMaxTrackPoints) throw Error::internal("a track of more than the most points a workout holds");
  std::string raw;
  put_varint(raw, n);
  put_varint(raw, track.segment_starts.size());
  std::size_t previous_start = 0;
  for (auto start : track.segment_starts) {
    if (start < previous_start || start >= n) throw Error::internal("segment starts out of order");
    put_varint(raw, start - previous_start);
    previous_start = start;
  }
  std::vector<std::optional<std::int64_t>> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = track.points[i].time_ms;
  write_column(raw, values, true);
  for (const auto& column : kColumns) {
    for (std::size_t i = 0; i < n; ++i) values[i] = quantize(track.points[i].*column.field, column.scale);
    write_column(raw, values, column.second_order);
  }

  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(kMagic);
  put_varint(out, raw.size());
  const auto header = out.size();
  out.resize(header + packed_size);
  // Level 6: within half a percent of level 9's size on 1 Hz tracks, at a sixth of its time.
  if (compress2(reinterpret_cast<Bytef*>(out.data() + header), &packed_size,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 6) != Z_OK)
    throw Error::internal("a track could not be compressed");
  out.resize(header + packed_size);
  return out;
}

StoredTrack decode_track(std::string_view bytes) {
  if (!bytes.starts_with(kMagic)) throw damaged();
  Reader header(bytes.substr(kMagic.size()));
  const auto raw_size = header.varint();
  if (raw_size > kMaxTrackPoints * kMaxRawBytesPerPoint + 64) throw damaged();
  const auto packed = bytes.substr(kMagic.size() + header.position());
  std::string raw(raw_size, '\0');
  uLongf raw_len = static_cast<uLongf>(raw_size);
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_len, reinterpret_cast<const Bytef*>(packed.data()),
                 static_cast<uLong>(packed.size())) != Z_OK ||
      raw_len != raw_size)
    throw damaged();

  Reader in(raw);
  StoredTrack track;
  const auto n = in.varint();
  if (n > kMaxTrackPoints) throw damaged();
  const auto segments = in.varint();
  if (segments > n) throw damaged();
  std::size_t start = 0;
  for (std::uint64_t i = 0; i < segments; ++i) {
    start += static_cast<std::size_t>(in.varint());
    if (start >= n) throw damaged();
    track.segment_starts.push_back(start);
  }
  track.points.resize(static_cast<std::size_t>(n));
  const auto times = read_column(in, track.points.size(), true);
  for (std::size_t i = 0; i < track.points.size(); ++i) track.points[i].time_ms = times[i];
  for (const auto& column : kColumns) {
    const auto values = read_column(in, track.points.size(), column.second_order);
    for (std::size_t i = 0; i < track.points.size(); ++i)
      if (values[i]) track.points[i].*column.field = static_cast<double>(*values[i]) / column.scale;
  }
  if (!in.at_end()) throw damaged();
  return track;
}

}  // namespace fitkit::workouts
